"""What the conventions' services share."""

from __future__ import annotations

from django.db.models import Max

from coopilote.governance.models import Convention, Draw, Volunteer


class ConventionError(Exception):
    """A refused action; the message (French through gettext) is shown as is."""


class DuplicateVolunteerError(ConventionError):
    """The mailbox is already in the pool. The public form must not say so (it would tell
    anyone who knows an address that this person volunteered): it thanks as for a sign-up."""


def locked(convention: Convention) -> Convention:
    """The convention's row, locked for the transaction (status changes, numbering)."""
    fresh = Convention.objects.select_for_update().get(pk=convention.pk)
    convention.refresh_from_db()
    return fresh


def draw_under_way(convention: Convention) -> bool:
    """A value of the next draw is revealed: who waits for a replacement is settled until that
    draw is made (a decline recorded now could pick, knowing the seed, who replaces whom)."""
    return convention.seed_contributions.filter(draw=None, revealed_at__isnull=False).exists()


def next_number(convention: Convention) -> int:
    """The next volunteer number (call with the convention locked)."""
    highest = convention.volunteers.aggregate(highest=Max("number"))["highest"]
    return int(highest or 0) + 1


def pending_decliners(convention: Convention) -> list[int]:
    """Numbers of the volunteers who declined and wait for a replacement."""
    replaced = {
        number
        for data in convention.draws.filter(kind=Draw.Kind.REPLACEMENT).values_list(
            "data", flat=True
        )
        for number in data["replaced"]
    }
    declined = convention.volunteers.filter(status=Volunteer.Status.DECLINED)
    return sorted(set(declined.values_list("number", flat=True)) - replaced)
