"""What every step of an election shares: its error, the lock, the audited change of stage."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Now

from coopilote.core.audit import record
from coopilote.governance.models import Election
from coopilote.members.models import Body, BodySeat, Person

Stage = Election.Stage


class ElectionError(Exception):
    """A refused step; the message is French and meant for the person."""


def _seated(body: Body, person: Person) -> bool:
    return BodySeat.objects.current().filter(body=body, person=person).exists()


def _lock(election: Election) -> Election:
    return (
        Election.objects.select_for_update()
        .annotate(db_now=Now())
        .select_related("role", "body")
        .get(pk=election.pk)
    )


def _sync(target: Election, locked: Election) -> Election:
    """The caller's instance follows the locked row (stage, deadline, reveal)."""
    target.stage, target.deadline = locked.stage, locked.deadline
    target.revealed_at = locked.revealed_at
    return locked


def _set_stage(actor: Any, election: Election, stage: str, action: str, **summary: Any) -> None:
    election.stage = stage
    election.save(update_fields=["stage", "deadline", "updated_at"])
    record(actor, action, election, fields=["stage"], stage=stage, **summary)
