"""The seed of a draw, by commit-reveal.

``announce`` registers the public sources of the seed before any value is known: dice rolled at
an assembly, a future public value (a lottery's result, with the date it becomes known), a
sealed contribution (its SHA-256 commitment first). ``reveal`` records each value, checked
against its commitment, and a future public value only once its date has come. No source can be
announced once a value of the same draw is out, so nobody picks a source knowing the others.

A sealed contributor may lose the salt, or never come back: the draw would wait for ever.
``set_aside`` leaves such a source out of the seed, but only while a future public value of the
same draw is still unknown to everyone. Then whoever sets a source aside (or withholds a value)
cannot know which panel either choice leads to; without that guard, withholding the last value
would let its holder choose between two draws. The audit re-checks the dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.algorithms.sortition import verifiable
from coopilote.core.audit import record
from coopilote.core.templatetags.french import french_date
from coopilote.governance.models import Convention, SeedContribution
from coopilote.governance.services.conventions.common import (
    ConventionError,
    locked,
    pending_decliners,
)


def pending_contributions(convention: Convention) -> list[SeedContribution]:
    """The sources of the next draw, in the order they were announced (set aside included)."""
    return list(convention.seed_contributions.filter(draw=None).order_by("created_at", "pk"))


def in_seed(contributions: Iterable[SeedContribution]) -> list[SeedContribution]:
    """The sources whose values form the seed: all but those set aside."""
    return [c for c in contributions if c.set_aside_at is None]


def seed_of(contributions: Sequence[SeedContribution]) -> int:
    return int(verifiable.seed_from_contributions([c.value for c in contributions]))


def opening_is_unique(value: str, salt: str) -> bool:
    return ":" not in salt and not set(value + salt) & {"\n", "\r"}


def guards(
    contributions: Sequence[SeedContribution], now: datetime.datetime
) -> list[SeedContribution]:
    """The future public values still unknown at ``now``: while one remains, a source may be set
    aside without anyone knowing what that changes."""
    return [c for c in contributions if c.still_unknown(now)]


def guard_for(
    contribution: SeedContribution, pending: Sequence[SeedContribution], now: datetime.datetime
) -> SeedContribution | None:
    """The future public value, still unknown at ``now``, that lets ``contribution`` be set
    aside; None when it cannot be (revealed, set aside already, or no other value unknown)."""
    if contribution.revealed_at is not None or contribution.set_aside_at is not None:
        return None
    return next((g for g in guards(pending, now) if g.pk != contribution.pk), None)


def any_value_out(contributions: Sequence[SeedContribution], now: datetime.datetime) -> bool:
    """A dated public value of the draw is published by ``now`` (entered here or not)."""
    return any(
        c.expected_at is not None and c.set_aside_at is None and c.expected_at <= now
        for c in contributions
    )


def announce(
    actor: Any,
    convention: Convention,
    label: str,
    commitment: str = "",
    expected_at: datetime.datetime | None = None,
) -> SeedContribution:
    commitment = commitment.strip().lower()
    with transaction.atomic():
        fresh = locked(convention)
        if fresh.status == Convention.Status.CLOSED:
            raise ConventionError(_("This convention is closed."))
        if fresh.status == Convention.Status.DRAWN and not pending_decliners(fresh):
            raise ConventionError(_("The panel is drawn and nobody is waiting for a replacement."))
        pending = pending_contributions(fresh)
        if any(c.revealed_at for c in pending):
            raise ConventionError(
                _("A value of this draw is already revealed: no source can be added any more.")
            )
        if any_value_out(pending, timezone.now()):
            # Published, even if nobody typed it in yet: a source added now could be chosen
            # (a sealed value, a later lottery) knowing what the seed would be.
            raise ConventionError(
                _("A public value of this draw is already known: no source can be added any more.")
            )
        if commitment and (len(commitment) != 64 or set(commitment) - set("0123456789abcdef")):
            raise ConventionError(_("A commitment is a SHA-256: 64 hexadecimal characters."))
        if commitment and expected_at is not None:
            raise ConventionError(
                _(
                    "A sealed contribution has no publication date: the date is for a future "
                    "public value, such as a lottery's result."
                )
            )
        if expected_at is not None and expected_at <= timezone.now():
            raise ConventionError(
                _("The date the value becomes known must be in the future: it is announced now.")
            )
        contribution = SeedContribution.objects.create(
            convention=fresh, label=label.strip(), commitment=commitment, expected_at=expected_at
        )
        record(
            actor,
            "convention.announce",
            contribution,
            sealed=bool(commitment),
            expected_at=expected_at.isoformat() if expected_at else None,
        )
    return contribution


def reveal(actor: Any, contribution: SeedContribution, value: str, salt: str = "") -> None:
    value, salt = value.strip(), salt.strip()
    with transaction.atomic():
        convention = locked(contribution.convention)
        fresh = SeedContribution.objects.select_for_update().get(pk=contribution.pk)
        if not convention.is_published:
            raise ConventionError(_("Values are revealed only after the lottery is published."))
        if fresh.draw_id is not None or fresh.revealed_at is not None:
            raise ConventionError(_("This value is already revealed."))
        if fresh.set_aside_at is not None:
            raise ConventionError(_("This source was set aside: its value no longer counts."))
        if not value:
            raise ConventionError(_("Give the value."))
        now = timezone.now()
        if fresh.expected_at is not None and now < fresh.expected_at:
            raise ConventionError(
                _("This value becomes known on %(date)s: it can be entered only from then.")
                % {"date": french_date(timezone.localtime(fresh.expected_at), "j F Y, H:i")}
            )
        if not opening_is_unique(value, salt):
            # The commitment hashes the pair [salt, value], which opens one way only; a colon
            # in the salt is still refused, as commitments once hashed « salt:value » (which
            # opened two ways); a line break would merge two values in the seed.
            raise ConventionError(_("A salt has no colon, and a value no line break."))
        if fresh.commitment:
            if not verifiable.verify_commitment(fresh.commitment, value, salt):
                raise ConventionError(
                    _("This value and salt do not match the published commitment.")
                )
        elif salt:
            raise ConventionError(_("Only a sealed contribution has a salt."))
        fresh.value, fresh.salt, fresh.revealed_at = value, salt, now
        fresh.save(update_fields=["value", "salt", "revealed_at", "updated_at"])
        record(actor, "convention.reveal", fresh, fields=["value", "salt", "revealed_at"])
    contribution.refresh_from_db()


def set_aside(actor: Any, contribution: SeedContribution) -> None:
    """Leave a source that will not be revealed out of the seed (see the module docstring)."""
    with transaction.atomic():
        convention = locked(contribution.convention)
        fresh = SeedContribution.objects.select_for_update().get(pk=contribution.pk)
        if fresh.draw_id is not None or fresh.revealed_at is not None:
            raise ConventionError(_("Only a value not yet revealed can be set aside."))
        if fresh.set_aside_at is not None:
            raise ConventionError(_("This source is already set aside."))
        now = timezone.now()
        guard = guard_for(fresh, pending_contributions(convention), now)
        if guard is None:
            raise ConventionError(
                _(
                    "A source can be set aside only while a future public value of this draw "
                    "is still unknown to everyone (announced with a date to come): otherwise "
                    "setting it aside would choose between two draws."
                )
            )
        fresh.set_aside_at = now
        fresh.save(update_fields=["set_aside_at", "updated_at"])
        record(
            actor,
            "convention.set_aside",
            fresh,
            fields=["set_aside_at"],
            guard=guard.label,
            guard_expected_at=guard.expected_at.isoformat() if guard.expected_at else None,
        )
    contribution.refresh_from_db()
