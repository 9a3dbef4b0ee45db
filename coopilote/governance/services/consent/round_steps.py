"""The rounds of a proposal: opened on its current version (closing the one still open),
closed, answered. Atomic, the proposal row locked, in the audit log."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance import notifications
from coopilote.governance.models import (
    Answer,
    ConsentDecision,
    Round,
)
from coopilote.governance.services import rounds
from coopilote.governance.services.consent.locking import db_now, locked_proposal
from coopilote.governance.services.consent.reads import (
    OPEN_STAGES,
    OPENS_FROM,
    ROUND_STAGE,
    ConsentError,
    Stage,
    check_consent_can_open,
    current_version,
    last_consent_on,
    open_round,
    replaces,
    standing_objections,
)
from coopilote.members.models import Person


def start_round(
    proposal: ConsentDecision,
    kind: str,
    *,
    deadline: datetime.datetime | None = None,
    in_meeting: bool = False,
    min_answers_percent: int = rounds.DEFAULT_MIN_ANSWERS_PERCENT,
    actor: Any = None,
) -> Round:
    """Open the next round on the current version, closing the one still open.

    Asynchronous rounds have a deadline (checked by the database clock) and, for consent, the
    share of the members who must answer; meeting rounds let the facilitator record the answers
    given aloud.
    """
    if kind not in OPENS_FROM:
        raise ConsentError(_("Unknown round."))
    if not in_meeting and deadline is None:
        raise ConsentError(_("Give a deadline, or hold the round during a meeting."))
    minimum = rounds.min_answers_percent(kind, in_meeting, min_answers_percent)
    with transaction.atomic():
        locked = locked_proposal(proposal)
        if locked.stage not in OPENS_FROM[Round.Kind(kind)]:
            raise ConsentError(_("This round cannot be opened at this stage of the proposal."))
        if deadline is not None and deadline <= db_now(locked):
            raise ConsentError(_("The deadline must be in the future."))
        version = current_version(locked)
        if kind == Round.Kind.CONSENT:
            check_consent_can_open(locked, version)
            try:
                rounds.check_floor(last_consent_on(locked, version), minimum, in_meeting)
            except rounds.RoundError as error:
                raise ConsentError(str(error)) from error
        previous = open_round(locked)
        if not replaces(previous, kind, db_now(locked)):
            raise ConsentError(_("A round of this kind is already open."))
        if previous is not None:
            rounds.close(previous, actor)
        round_ = Round.objects.create(
            proposal=locked,
            version=version,
            kind=kind,
            deadline=None if in_meeting else deadline,
            in_meeting=in_meeting,
            min_answers_percent=minimum,
        )
        locked.stage = ROUND_STAGE[Round.Kind(kind)]
        locked.save(update_fields=["stage", "updated_at"])
        record(
            actor,
            "governance.proposal_round_open",
            locked,
            fields=["stage"],
            round=str(round_.pk),
            kind=kind,
            version=version.number,
            in_meeting=in_meeting,
            min_answers_percent=minimum,
        )
        # The members hear of a round held at a distance: its e-mails are written with it.
        notifications.round_opened(round_.pk)
    return round_


def close_round(proposal: ConsentDecision, *, actor: Any = None) -> Round:
    """Close the open round; a consent round closed with objections leads to their integration."""
    with transaction.atomic():
        locked = locked_proposal(proposal)
        round_ = open_round(locked)
        if round_ is None:
            raise ConsentError(_("No round is open."))
        # Closed early without an objection, a consent round would take away the silent
        # members' chance to object; with one standing, it yields no consent anyway and the
        # body moves on to integrating it.
        consent_round = round_.kind == Round.Kind.CONSENT
        if consent_round and not standing_objections(round_) and rounds.waiting_for_answers(round_):
            raise ConsentError(
                _("Wait for the deadline of the round, or for every member's answer.")
            )
        round_ = rounds.close(round_, actor)
        if round_.kind == Round.Kind.CONSENT and standing_objections(round_):
            locked.stage = Stage.INTEGRATION
            locked.save(update_fields=["stage", "updated_at"])
            record(actor, "governance.proposal_integration", locked, fields=["stage"])
    return round_


def give_answer(
    proposal: ConsentDecision,
    round_: Round,
    person: Person,
    kind: str,
    *,
    text: str = "",
    risk: str = "",
    recorded_by: Person | None = None,
    actor: Any = None,
) -> Answer:
    """A member's answer, or one the facilitator records during a meeting round."""
    if round_.proposal_id != proposal.pk:
        raise ConsentError(_("This round belongs to another proposal."))
    if recorded_by is not None and not round_.in_meeting:
        raise ConsentError(_("Answers are recorded by the facilitator during meetings only."))
    if proposal.stage not in OPEN_STAGES:
        raise ConsentError(_("A decided or withdrawn proposal no longer changes."))
    return rounds.answer(
        round_, person, kind, text=text, risk=risk, recorded_by=recorded_by, actor=actor
    )
