"""Roles, mandates and declarations of interests: every write is atomic and audited.

A co-held role (a co-presidency) is held by several people through ONE mandate; at any day the
people holding a role never outnumber ``role.holders``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.core.audit import record
from coopilote.governance.models import Election, InterestDeclaration, Mandate, Role
from coopilote.members.models import Body, BodySeat, Person

ROLE_FIELDS = (
    "name",
    "purpose",
    "term_months",
    "holders",
    "link",
    "linked_circle",
    "represents_the_living",
)
# The order in which the register lists a union's bodies.
KIND_ORDER: dict[str, int] = {
    str(Body.Kind.GENERAL_ASSEMBLY): 0,
    str(Body.Kind.BOARD): 1,
    str(Body.Kind.BUREAU): 2,
    str(Body.Kind.CIRCLE): 3,
    str(Body.Kind.WORKING_GROUP): 4,
}


class MandateError(Exception):
    """A refused write; the message is French and meant for the person."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months``, on the last day of the month when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def term_end(role: Role, start: datetime.date) -> datetime.date:
    """The last day of a term of ``role`` starting on ``start``."""
    return add_months(start, role.term_months) - datetime.timedelta(days=1)


# --- roles ------------------------------------------------------------------------------------


def _check_link(body: Body, link: str, linked_circle: Body | None) -> None:
    if not link and linked_circle is None:
        return
    if not link or linked_circle is None:
        raise MandateError(_("A link role names both its kind of link and the circle it links."))
    if linked_circle.parent_id != body.pk:
        raise MandateError(_("A link role belongs to the parent circle of the circle it links."))


def save_role(actor: Any, body: Body, values: dict[str, Any], role: Role | None = None) -> Role:
    values = {name: values[name] for name in ROLE_FIELDS if name in values}
    with transaction.atomic():
        if role is not None:
            # The same lock as ``record_mandate``: fewer holders cannot race a new mandate.
            Role.objects.select_for_update().get(pk=role.pk)
        target = role or Role(body=body)
        link = values.get("link", target.link)
        circle = values.get("linked_circle", target.linked_circle)
        _check_link(body, link, circle)
        if role is not None and values.get("holders", role.holders) < role.holders:
            most = max(
                (len(m.holders.all()) for m in role.mandates.current().prefetch_related("holders")),
                default=0,
            )
            if values["holders"] < most:
                raise MandateError(_("A current mandate of this role has more holders than that."))
        before = {name: getattr(target, name) for name in values}
        for name, value in values.items():
            setattr(target, name, value)
        target.save()
        record(
            actor,
            "governance.role_create" if role is None else "governance.role_change",
            target,
            fields=[n for n in values if before.get(n) != values[n]] if role else list(values),
            body=str(body.pk),
        )
    return target


# --- mandates ---------------------------------------------------------------------------------


def overlapping(role: Role, start: datetime.date, end: datetime.date) -> Any:
    """Mandates of ``role`` held on at least one day of [start, end]."""
    return role.mandates.filter(start__lte=end).filter(
        Q(ended_on=None, end__gte=start) | Q(ended_on__gt=start)
    )


def check_holders(
    role: Role,
    holders: Sequence[Person],
    start: datetime.date,
    end: datetime.date,
    *,
    replacing: Iterable[Any] = (),
) -> None:
    if not holders:
        raise MandateError(_("A mandate has at least one holder."))
    if len({person.pk for person in holders}) != len(holders):
        raise MandateError(_("The same person is named twice."))
    if end < start:
        raise MandateError(_("A mandate cannot end before it starts."))
    if len(holders) > role.holders:
        raise MandateError(
            ngettext(
                "This role is held by at most %(count)s person.",
                "This role is held by at most %(count)s people together.",
                role.holders,
            )
            % {"count": role.holders}
        )
    others = list(
        overlapping(role, start, end).exclude(pk__in=list(replacing)).prefetch_related("holders")
    )
    taken = sum(len(m.holders.all()) for m in others)
    if taken + len(holders) > role.holders:
        raise MandateError(
            ngettext(
                "During that period this role is already held (%(taken)s of %(count)s holder): "
                "end the current mandate first.",
                "During that period this role is already held (%(taken)s of %(count)s holders): "
                "end the current mandate first.",
                role.holders,
            )
            % {"taken": taken, "count": role.holders}
        )


def record_mandate(
    actor: Any,
    role: Role,
    holders: Sequence[Person],
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    note: str = "",
    election: Any = None,
) -> Mandate:
    """One mandate of ``role``: one holder, or several who hold it jointly (co-held)."""
    end = end or term_end(role, start)
    with transaction.atomic():
        # Two staff recording at once must not overfill the role.
        Role.objects.select_for_update().get(pk=role.pk)
        check_holders(role, holders, start, end)
        mandate = Mandate.objects.create(
            role=role, start=start, end=end, note=note.strip(), election=election
        )
        mandate.holders.set(holders)
        record(
            actor,
            "governance.mandate_create",
            mandate,
            fields=["holders", "start", "end"],
            role=str(role.pk),
            holders=len(holders),
            election=str(election.pk) if election else "",
        )
    return mandate


def end_mandate(actor: Any, mandate: Mandate, on: datetime.date, note: str = "") -> Mandate:
    """End a mandate early: from ``on`` on, its holders no longer hold the role."""
    with transaction.atomic():
        locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.ended_on is not None:
            raise MandateError(_("This mandate has already ended early."))
        if on <= locked.start:
            raise MandateError(_("A mandate ends after the day it started."))
        if on > locked.end:
            raise MandateError(_("This date is after the end of the term."))
        locked.ended_on = on
        if note.strip():
            locked.note = note.strip()[:250]
        locked.save(update_fields=["ended_on", "note", "updated_at"])
        record(actor, "governance.mandate_end", locked, fields=["ended_on", "note"])
    return locked


# --- declarations of interests ----------------------------------------------------------------


def declare_interests(
    actor: Any,
    mandate: Mandate,
    person: Person,
    *,
    interests: str = "",
    nothing_to_declare: bool = False,
) -> InterestDeclaration:
    """A holder's (public) declaration for one mandate; a new one replaces the previous."""
    interests = interests.strip()
    if not mandate.holders.filter(pk=person.pk).exists():
        raise MandateError(_("Only the holders of this mandate declare their interests for it."))
    if bool(interests) == bool(nothing_to_declare):
        raise MandateError(
            _("Describe your interests, or tick “nothing to declare” — one or the other.")
        )
    with transaction.atomic():
        declaration, created = InterestDeclaration.objects.update_or_create(
            mandate=mandate,
            person=person,
            defaults={
                "interests": interests,
                "nothing_to_declare": nothing_to_declare,
                "declared_on": timezone.localdate(),
            },
        )
        record(
            actor,
            "governance.interests_declare",
            declaration,
            fields=["interests", "nothing_to_declare"],
            mandate=str(mandate.pk),
            replaced=not created,
        )
    return declaration


# --- the register (reads) ---------------------------------------------------------------------


@dataclass
class RoleEntry:
    role: Role
    current: list[Mandate] = field(default_factory=list)
    past: list[Mandate] = field(default_factory=list)
    upcoming: list[Mandate] = field(default_factory=list)
    # An election without candidates under way for this role, if any.
    election: Any = None


@dataclass
class BodyEntry:
    body: Body
    roles: list[RoleEntry] = field(default_factory=list)
    children: list[BodyEntry] = field(default_factory=list)
    # The parent circle's roles that link this circle (lead link, rep link), with their holders.
    links: list[RoleEntry] = field(default_factory=list)
    depth: int = 0


def _mandates() -> Any:
    return Mandate.objects.prefetch_related(
        Prefetch("holders", queryset=Person.objects.order_by("last_name", "first_name")),
        Prefetch(
            "declarations",
            queryset=InterestDeclaration.objects.select_related("person").order_by(
                "person__last_name"
            ),
        ),
    ).order_by("-start")


def entries(bodies: Sequence[Body], day: datetime.date | None = None) -> list[BodyEntry]:
    """Each body with its roles, their current and past mandates; a fixed number of queries."""
    day = day or timezone.localdate()
    by_body = {body.pk: BodyEntry(body) for body in bodies}
    role_entries: dict[Any, RoleEntry] = {}
    roles = (
        Role.objects.filter(body__in=list(by_body))
        .select_related("linked_circle")
        .prefetch_related(Prefetch("mandates", queryset=_mandates()))
        .order_by("name")
    )
    for role in roles:
        entry = RoleEntry(role)
        for mandate in role.mandates.all():
            if mandate.is_current(day):
                entry.current.append(mandate)
            elif mandate.start > day:
                entry.upcoming.append(mandate)
            else:
                entry.past.append(mandate)
        role_entries[role.pk] = entry
        by_body[role.body_id].roles.append(entry)
        if role.linked_circle_id in by_body:
            by_body[role.linked_circle_id].links.append(entry)
    under_way = Election.objects.filter(role__in=list(role_entries)).exclude(
        stage__in=[Election.Stage.ELECTED, Election.Stage.CANCELLED]
    )
    for election in under_way.only("pk", "role_id", "stage"):
        role_entries[election.role_id].election = election
    return list(by_body.values())


def register(union: Any, day: datetime.date | None = None) -> list[BodyEntry]:
    """The union's own bodies in register order; circles nested under their parent circle."""
    bodies = list(Body.objects.of_union(union).select_related("parent").order_by("name"))
    flat = entries(bodies, day)
    by_pk = {entry.body.pk: entry for entry in flat}
    roots = []
    for entry in flat:
        parent = by_pk.get(entry.body.parent_id) if entry.body.parent_id else None
        if parent is not None:
            parent.children.append(entry)
        else:
            roots.append(entry)
    roots.sort(key=lambda e: (KIND_ORDER.get(e.body.kind, 9), e.body.name.lower()))
    ordered: list[BodyEntry] = []

    def walk(entry: BodyEntry, depth: int) -> None:
        entry.depth = depth
        ordered.append(entry)
        for child in sorted(entry.children, key=lambda e: e.body.name.lower()):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def members(body: Body) -> list[BodySeat]:
    return list(
        BodySeat.objects.current()
        .filter(body=body)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def holders_for(user_person_id: Any, mandate: Mandate, manage: bool) -> list[Person]:
    """The holders for whom this user may file a declaration: themself, or all (staff)."""
    people = list(mandate.holders.order_by("last_name", "first_name"))
    return people if manage else [p for p in people if p.pk == user_person_id]
