"""What "mon compte" shows and the GDPR export holds: one person's own rows, nobody else's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from coopilote.accounts.models import ErasureRequest, User
from coopilote.members.models import BodySeat, Cooperative, Membership, Person, UnionRole


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user, anonymized_at=None).first()


@dataclass
class CooperativeRoles:
    cooperative: Cooperative
    roles: list[str] = field(default_factory=list)


def cooperatives_of(person: Person) -> list[CooperativeRoles]:
    """The person's current cooperatives, each with the roles they hold there."""
    memberships = (
        Membership.objects.current()
        .filter(person=person)
        .select_related("cooperative")
        .order_by("cooperative__name", "role")
    )
    grouped: dict[Any, CooperativeRoles] = {}
    for membership in memberships:
        entry = grouped.setdefault(
            membership.cooperative_id, CooperativeRoles(membership.cooperative)
        )
        entry.roles.append(str(membership.get_role_display()))
    return list(grouped.values())


def union_roles_of(person: Person) -> list[UnionRole]:
    return list(
        UnionRole.objects.filter(person=person).select_related("union").order_by("union__name")
    )


def board_seats_of(person: Person) -> list[BodySeat]:
    return list(
        BodySeat.objects.current()
        .filter(person=person)
        .select_related("body__union")
        .order_by("body__union__name")
    )


def pending_erasure_of(person: Person) -> ErasureRequest | None:
    return ErasureRequest.objects.pending().filter(person=person).first()


def export(user: User, person: Person | None) -> dict[str, Any]:
    """Everything stored about this login and its person, field by field (an allow-list)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "user": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "back_office_access": user.is_staff,
        },
        "person": None,
        "memberships": [],
        "union_roles": [],
        "board_seats": [],
        "erasure_requests": [],
    }
    if person is None:
        return data
    data["person"] = {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }
    data["memberships"] = [
        {
            "cooperative": {"id": m.cooperative_id, "name": m.cooperative.name},
            "role": m.role,
            "role_label": str(m.get_role_display()),
            "activity": m.activity,
            "start": m.start,
            "end": m.end,
        }
        for m in Membership.objects.filter(person=person)
        .select_related("cooperative")
        .order_by("cooperative__name", "role")
    ]
    data["union_roles"] = [
        {
            "union": {"id": r.union_id, "name": r.union.name},
            "role": r.role,
            "role_label": str(r.get_role_display()),
            "title": r.title,
        }
        for r in UnionRole.objects.filter(person=person).select_related("union")
    ]
    data["board_seats"] = [
        {
            "union": {"id": s.body.union_id, "name": s.body.union.name},
            "body": s.body.name,
            "title": s.title,
            "start": s.start,
            "end": s.end,
        }
        for s in BodySeat.objects.filter(person=person).select_related("body__union")
    ]
    data["erasure_requests"] = [
        {
            "requested_at": e.requested_at,
            "reason": e.reason,
            "status": e.status,
            "processed_at": e.processed_at,
        }
        for e in ErasureRequest.objects.filter(person=person)
    ]
    return data
