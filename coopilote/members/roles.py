"""What a user is, across cooperatives and unions: computed once per request, then cached.

``abilities(user)`` methods read this instead of querying memberships again and again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _

# Cooperative roles (Membership.role) — the glossary's identifiers.
ASSOCIATE = "associate"
EMPLOYEE = "employee"
MANAGER = "manager"
BOARD_MEMBER = "board_member"
REFERENT = "referent"
ENTREPRENEUR = "entrepreneur"

COOPERATIVE_ROLES = [
    (ASSOCIATE, _("associate")),
    (EMPLOYEE, _("employee")),
    (MANAGER, _("manager")),
    (BOARD_MEMBER, _("board member")),
    (REFERENT, _("referent for the union")),
    (ENTREPRENEUR, _("entrepreneur-employee (CAE)")),
]
# Who may edit the cooperative's own page: its referent and its manager.
EDITOR_ROLES = frozenset({REFERENT, MANAGER})

STAFF = "staff"
ADMINISTRATOR = "administrator"
BOARD = "board"

_CACHE_ATTRIBUTE = "_coopilote_roles"


@dataclass(frozen=True)
class Roles:
    authenticated: bool = False
    is_admin: bool = False
    person_id: UUID | None = None
    cooperatives: dict[UUID, frozenset[str]] = field(default_factory=dict)
    # union id -> {"staff", "administrator", "board"}
    unions: dict[UUID, frozenset[str]] = field(default_factory=dict)
    # Staff or administrator of the confederation: sees (not edits) every union.
    confederation: bool = False
    # The bodies (board, circles, assemblies...) where the person holds a current seat.
    bodies: frozenset[UUID] = frozenset()

    def sits_in(self, body_id: Any) -> bool:
        return body_id in self.bodies

    def in_cooperative(self, cooperative_id: Any) -> frozenset[str]:
        return self.cooperatives.get(cooperative_id, frozenset())

    def manages_union(self, union_id: Any) -> bool:
        return self.is_admin or bool(
            self.unions.get(union_id, frozenset()) & {STAFF, ADMINISTRATOR}
        )

    def sits_on_board(self, union_id: Any) -> bool:
        return BOARD in self.unions.get(union_id, frozenset())

    def oversees_union(self, union_id: Any) -> bool:
        """Reads the union's private data: its staff, its board, the confederation."""
        return self.manages_union(union_id) or self.sits_on_board(union_id) or self.confederation

    def belongs_to_union(self, union_id: Any) -> bool:
        return self.is_admin or union_id in self.unions

    def managed_union_ids(self) -> set[Any]:
        return {union for union, roles in self.unions.items() if roles & {STAFF, ADMINISTRATOR}}

    @property
    def is_union_staff(self) -> bool:
        return self.is_admin or bool(self.managed_union_ids())


ANONYMOUS = Roles()


def roles_of(user: Any) -> Roles:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _compute(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _compute(user: Any) -> Roles:
    from coopilote.members.models import BodySeat, Membership, Person, Union, UnionRole

    person = Person.objects.filter(user=user, anonymized_at=None).only("id").first()
    if person is None:
        return Roles(authenticated=True, is_admin=user.is_superuser)
    cooperatives: dict[UUID, set[str]] = {}
    for cooperative_id, role in (
        Membership.objects.current().filter(person=person).values_list("cooperative_id", "role")
    ):
        cooperatives.setdefault(cooperative_id, set()).add(role)
    unions: dict[UUID, set[str]] = {}
    confederation = False
    for union_id, role, kind in UnionRole.objects.filter(person=person).values_list(
        "union_id", "role", "union__kind"
    ):
        unions.setdefault(union_id, set()).add(role)
        confederation = confederation or kind == Union.Kind.CONFEDERATION
    bodies: set[UUID] = set()
    for body_id, union_id, kind, cooperative_id in (
        BodySeat.objects.current()
        .filter(person=person)
        .values_list("body_id", "body__union_id", "body__kind", "body__cooperative_id")
    ):
        bodies.add(body_id)
        # A circle or a cooperative's board gives a seat there, not the union board's rights.
        if cooperative_id is None and kind in ("board", "bureau"):
            unions.setdefault(union_id, set()).add(BOARD)
    return Roles(
        authenticated=True,
        is_admin=user.is_superuser,
        person_id=person.pk,
        cooperatives={key: frozenset(value) for key, value in cooperatives.items()},
        unions={key: frozenset(value) for key, value in unions.items()},
        confederation=confederation,
        bodies=frozenset(bodies),
    )
