"""The end of a convention and the erasure its privacy notice promises.

``close`` ends a convention (after its lottery is published: before, there is nothing to keep
and volunteers are simply withdrawn). ``purge`` erases the names and e-mail addresses of the
volunteers of conventions closed more than ``RETENTION_MONTHS`` months ago; their numbers,
answers and statuses stay, because they are the published pool whose fingerprint the audit
re-verifies. It is idempotent (an erased identity is not erased twice, and a convention with
nothing left to erase writes no audit row) and runs daily from cron (``purge_conventions``).
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import Convention, Volunteer
from coopilote.governance.services.conventions.common import ConventionError, locked
from coopilote.governance.services.conventions.pool import WITHDRAWN_DOMAIN as ERASED_DOMAIN

RETENTION_MONTHS = 6


def erased_email(number: int, reason: str = "efface") -> str:
    """The placeholder address of an erased volunteer: unique per convention (dedup key)."""
    return f"{reason}-{number}@{ERASED_DOMAIN}"


def close(actor: Any, convention: Convention) -> None:
    with transaction.atomic():
        fresh = locked(convention)
        if fresh.status not in {Convention.Status.PUBLISHED, Convention.Status.DRAWN}:
            raise ConventionError(
                _("Only a convention whose lottery is published can be closed.")
                if fresh.status != Convention.Status.CLOSED
                else _("This convention is already closed.")
            )
        fresh.status = Convention.Status.CLOSED
        fresh.closed_at = timezone.now()
        fresh.save(update_fields=["status", "closed_at", "updated_at"])
        record(actor, "convention.close", fresh, fields=["status", "closed_at"])
    convention.refresh_from_db()


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge(now: datetime.datetime | None = None) -> dict[Convention, int]:
    """Erase the identities due for erasure; how many per convention (only those with some)."""
    cutoff = months_before(now or timezone.now(), RETENTION_MONTHS)
    due = Convention.objects.filter(status=Convention.Status.CLOSED, closed_at__lte=cutoff)
    erased: dict[Convention, int] = {}
    for convention in due.order_by("closed_at", "pk"):
        with transaction.atomic():
            locked(convention)
            # Already erased: no name and a placeholder address (an address merely ending like
            # one, typed in the sign-up form, does not spare its owner's name).
            volunteers = list(
                convention.volunteers.select_for_update()
                .exclude(first_name="", last_name="", email__endswith=f"@{ERASED_DOMAIN}")
                .order_by("number")
            )
            if not volunteers:
                continue
            for volunteer in volunteers:
                volunteer.first_name = volunteer.last_name = ""
                volunteer.email = volunteer.dedup_key = erased_email(volunteer.number)
            Volunteer.objects.bulk_update(
                volunteers, ["first_name", "last_name", "email", "dedup_key"]
            )
            record(
                None,
                "convention.purge",
                convention,
                fields=["first_name", "last_name", "email"],
                erased=len(volunteers),
            )
        erased[convention] = len(volunteers)
    return erased
