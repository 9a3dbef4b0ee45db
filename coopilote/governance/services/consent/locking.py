"""The proposal's row, locked for a step, and the database clock read with it."""

from __future__ import annotations

import datetime

from django.db.models.functions import Now

from coopilote.governance.models import ConsentDecision


def locked_proposal(proposal: ConsentDecision) -> ConsentDecision:
    return (
        ConsentDecision.objects.select_for_update(of=("self",))
        .select_related("body")
        .annotate(db_now=Now())
        .get(pk=proposal.pk)
    )


def db_now(locked: ConsentDecision) -> datetime.datetime:
    """The database clock, read by ``locked_proposal`` (the clock that refuses late answers)."""
    now: datetime.datetime = getattr(locked, "db_now")  # noqa: B009 — an annotation
    return now
