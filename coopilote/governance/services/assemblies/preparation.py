"""Preparing an assembly: the body's colleges and their weights, the roll, the resolutions,
then opening the vote."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopilote.core.audit import record
from coopilote.core.templatetags.french import french_date
from coopilote.governance.models import (
    Assembly,
    College,
    Proxy,
    Resolution,
    ResolutionOption,
    RuleDocument,
    Voter,
)
from coopilote.governance.services.assemblies.common import (
    HUNDRED,
    AssemblyError,
    _percent,
    moment,
)
from coopilote.members.models import Body, BodySeat, Membership, Person

# --- colleges ---------------------------------------------------------------------------------


def check_weights(weights: Iterable[Decimal]) -> None:
    """Statutory weights of a body's colleges must add up to exactly 100 %."""
    values = list(weights)
    if not values:
        return
    total = sum(values, Decimal(0))
    if any(value <= 0 for value in values):
        raise AssemblyError(_("Each college needs a weight above 0 %."))
    if total != HUNDRED:
        raise AssemblyError(
            _(
                "The weights of the colleges must add up to 100 %%; they add up to %(total)s %%. "
                "Correct them so that their sum is exactly 100 %%."
            )
            % {"total": _percent(total)}
        )


def set_colleges(actor: Any, body: Body, lines: Sequence[tuple[str, Decimal]]) -> list[College]:
    """Replace the body's colleges by ``lines`` (name, weight %); weights must sum to 100 %."""
    names = [name.strip() for name, _weight in lines]
    if any(not name for name in names):
        raise AssemblyError(_("Each college needs a name."))
    if len(set(names)) != len(names):
        raise AssemblyError(_("Two colleges have the same name."))
    check_weights(weight for _name, weight in lines)
    with transaction.atomic():
        # Weights are read when the vote closes: changing them during a vote would reweigh
        # ballots already cast.
        if Assembly.objects.filter(body=body, status=Assembly.Status.OPEN).exists():
            raise AssemblyError(
                _("An assembly of this body is voting: its colleges change once it is closed.")
            )
        kept = {college.name: college for college in College.objects.filter(body=body)}
        dropped = [college for name, college in kept.items() if name not in names]
        if any(college.voters.exists() or college.ballots.exists() for college in dropped):
            raise AssemblyError(
                _("A college that already has voters or ballots cannot be removed; rename it.")
            )
        for college in dropped:
            college.delete()
        result = []
        for name, (_name, weight) in zip(names, lines, strict=True):
            college, _created = College.objects.update_or_create(
                body=body, name=name, defaults={"weight": weight}
            )
            result.append(college)
        record(actor, "governance.colleges", body, fields=["colleges"], colleges=len(result))
    return result


# --- assembly, roll, resolutions ---------------------------------------------------------------


CLOSING_PASSED = gettext_lazy("This closing time has already passed: choose one to come.")


def meeting_start(held_on: datetime.date, starts_at: datetime.time | None) -> datetime.datetime:
    """When the meeting starts; the start of its day when it has no time."""
    return timezone.make_aware(datetime.datetime.combine(held_on, starts_at or datetime.time.min))


def closing_refusal(
    held_on: datetime.date,
    starts_at: datetime.time | None,
    closes_at: datetime.datetime,
    now: datetime.datetime | None = None,
) -> str | None:
    """Why the vote may not close at ``closes_at`` (None when it may): before the meeting
    starts, or, given ``now``, at a time already past.

    The members who attend the meeting vote on the platform too (the roll only marks them
    present; no show of hands is recorded): a vote closed before the meeting starts would leave
    them no vote, so the online vote runs at least until the meeting begins."""
    start = meeting_start(held_on, starts_at)
    if closes_at <= start:
        return _(
            "The vote would close before the assembly begins (%(start)s), yet the members who "
            "attend it vote on the platform too: choose a closing time after the assembly "
            "begins."
        ) % {"start": moment(start) if starts_at else french_date(held_on, "l j F Y")}
    if now is not None and closes_at <= now:
        return str(CLOSING_PASSED)
    return None


def closing_passed(assembly: Assembly) -> bool:
    """Whether the assembly's closing time has passed, by the database clock."""
    return not Assembly.objects.filter(pk=assembly.pk, closes_at__gt=Now()).exists()


def _check_closing(
    held_on: datetime.date, starts_at: datetime.time | None, closes_at: datetime.datetime
) -> None:
    problem = closing_refusal(held_on, starts_at, closes_at)
    if problem is not None:
        raise AssemblyError(problem)


def _closing_ahead(assembly: Assembly) -> None:
    """Inside the write's transaction: the database clock decides, as for the votes."""
    if closing_passed(assembly):
        raise AssemblyError(str(CLOSING_PASSED))


def create_assembly(
    actor: Any,
    body: Body,
    *,
    title: str,
    held_on: datetime.date,
    closes_at: datetime.datetime,
    quorum: Decimal = Decimal(25),
    proxy_cap: int = 2,
    secret: bool = False,
    starts_at: datetime.time | None = None,
    place: str = "",
) -> Assembly:
    _check_closing(held_on, starts_at, closes_at)
    with transaction.atomic():
        assembly = Assembly.objects.create(
            body=body,
            title=title,
            held_on=held_on,
            starts_at=starts_at,
            place=place.strip(),
            closes_at=closes_at,
            quorum=quorum,
            proxy_cap=proxy_cap,
            secret=secret,
        )
        _closing_ahead(assembly)
        record(actor, "governance.assembly_create", assembly, secret=secret)
    return assembly


def update_assembly(
    actor: Any,
    assembly: Assembly,
    *,
    title: str,
    held_on: datetime.date,
    closes_at: datetime.datetime,
    quorum: Decimal,
    proxy_cap: int,
    secret: bool,
    starts_at: datetime.time | None = None,
    place: str = "",
) -> Assembly:
    """Change a prepared assembly (its body stays: the roll and the colleges belong to it).
    Once the vote is open, its settings are frozen as its roll and resolutions are."""
    _check_closing(held_on, starts_at, closes_at)
    values = {
        "title": title,
        "held_on": held_on,
        "starts_at": starts_at,
        "place": place.strip(),
        "closes_at": closes_at,
        "quorum": quorum,
        "proxy_cap": proxy_cap,
        "secret": secret,
    }
    with transaction.atomic():
        locked = _draft(assembly, _("The assembly can no longer be changed: its vote has opened."))
        # Proxies are given while the assembly is prepared: the cap cannot fall below what a
        # holder already holds (under the assembly's row, which give_proxy locks too).
        most = (
            Proxy.objects.filter(assembly=locked)
            .values("holder")
            .annotate(held=Count("pk"))
            .order_by("-held")
            .first()
        )
        if most is not None and most["held"] > proxy_cap:
            holder = Voter.objects.select_related("person").get(pk=most["holder"])
            raise AssemblyError(
                _("%(holder)s already holds %(held)s proxies: the cap cannot be lower than that.")
                % {"holder": holder.person, "held": most["held"]}
            )
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        _closing_ahead(locked)
        record(actor, "governance.assembly_update", locked, fields=changed)
    assembly.refresh_from_db()
    return assembly


def _draft(assembly: Assembly, refusal: str | None = None) -> Assembly:
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if locked.status != Assembly.Status.DRAFT:
        raise AssemblyError(
            refusal or _("The roll and the resolutions are frozen once the vote has opened.")
        )
    return locked


def _check_college(assembly: Assembly, college: College | None) -> None:
    if college is not None and college.body_id != assembly.body_id:
        raise AssemblyError(_("This college belongs to another body."))
    if college is None and College.objects.filter(body_id=assembly.body_id).exists():
        raise AssemblyError(_("This body has colleges: put each voter in one of them."))


def add_voter(actor: Any, assembly: Assembly, person: Person, college: College | None) -> Voter:
    _check_college(assembly, college)
    with transaction.atomic():
        locked = _draft(assembly)
        voter, created = Voter.objects.update_or_create(
            assembly=locked, person=person, defaults={"college": college}
        )
        record(actor, "governance.roll", locked, fields=["voters"], added=created)
    return voter


def candidates_for_roll(body: Body) -> list[Person]:
    """Who may sit on the body's roll: a cooperative's current members, else the body's seats."""
    ids: Any
    if body.cooperative_id is not None:
        ids = Membership.objects.current().filter(cooperative_id=body.cooperative_id)
    else:
        ids = BodySeat.objects.current().filter(body=body)
    return list(
        Person.objects.filter(pk__in=ids.values("person_id"), anonymized_at=None).order_by(
            "last_name", "first_name"
        )
    )


def set_presence(actor: Any, voter: Voter, present: bool) -> Voter:
    with transaction.atomic():
        locked = Assembly.objects.select_for_update().get(pk=voter.assembly_id)
        if locked.status == Assembly.Status.CLOSED:
            raise AssemblyError(_("The assembly is closed."))
        Voter.objects.filter(pk=voter.pk).update(present=present, updated_at=Now())
        record(actor, "governance.presence", locked, fields=["present"], present=present)
    voter.refresh_from_db()
    return voter


def add_resolution(
    actor: Any,
    assembly: Assembly,
    *,
    title: str,
    text: str,
    method: str,
    threshold: Decimal | None = None,
    options: Sequence[str] = (),
    rule: RuleDocument | None = None,
    rule_article: str = "",
) -> Resolution:
    labels = [" ".join(label.split()) for label in options if label.strip()]
    if method == Resolution.Method.MAJORITY_JUDGMENT and len(labels) < 2:
        raise AssemblyError(_("A majority-judgment resolution needs at least two options."))
    if method != Resolution.Method.MAJORITY_JUDGMENT:
        labels = []
    if method == Resolution.Method.QUALIFIED and (
        threshold is None or not Decimal(50) < threshold <= HUNDRED
    ):
        raise AssemblyError(_("A qualified majority lies above 50 % and at most 100 %."))
    with transaction.atomic():
        locked = _draft(assembly)
        number = (
            locked.resolutions.order_by("-number").values_list("number", flat=True)[:1] or [0]
        )[0]
        resolution = Resolution.objects.create(
            assembly=locked,
            number=number + 1,
            title=title,
            text=text,
            method=method,
            threshold=threshold if threshold is not None else Decimal("66.67"),
            rule=rule,
            rule_article=rule_article,
        )
        ResolutionOption.objects.bulk_create(
            ResolutionOption(resolution=resolution, label=label) for label in labels
        )
        record(actor, "governance.resolution_create", resolution, method=method)
    return resolution


def open_assembly(actor: Any, assembly: Assembly) -> Assembly:
    """Open the vote: colleges weigh 100 %, every voter sits in a college, the deadline is ahead."""
    with transaction.atomic():
        locked = _draft(assembly)
        colleges = list(College.objects.filter(body_id=locked.body_id))
        check_weights(college.weight for college in colleges)
        if not locked.voters.exists():
            raise AssemblyError(_("The roll is empty: add the voters first."))
        if colleges and locked.voters.filter(college=None).exists():
            raise AssemblyError(_("This body has colleges: put each voter in one of them."))
        if not locked.resolutions.exists():
            raise AssemblyError(_("Add at least one resolution before opening the vote."))
        if closing_passed(locked):
            raise AssemblyError(_("The closing time has passed: move it before opening the vote."))
        Assembly.objects.filter(pk=locked.pk).update(status=Assembly.Status.OPEN, updated_at=Now())
        record(actor, "governance.assembly_open", locked, fields=["status"])
    assembly.refresh_from_db()
    return assembly
