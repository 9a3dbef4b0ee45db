"""The consent round of an election: answers, closing (elected, back to a proposal on an
objection, or nothing decided below the minimum participation) and re-opening."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coopilote.governance import notifications
from coopilote.governance.models import (
    Answer,
    Election,
    ElectionProposal,
    Round,
)
from coopilote.governance.services import mandates as mandate_services
from coopilote.governance.services import rounds
from coopilote.governance.services.elections.common import (
    ElectionError,
    Stage,
    _lock,
    _seated,
    _set_stage,
    _sync,
)
from coopilote.members.models import Person


def reopen_round(
    actor: Any,
    election: Election,
    *,
    deadline: datetime.datetime | None = None,
    in_meeting: bool = False,
    min_answers_percent: int = rounds.DEFAULT_MIN_ANSWERS_PERCENT,
) -> ElectionProposal | None:
    """After a consent round that missed its minimum participation, put the same people, for
    the same reasons, to a new consent round: nobody objected, so nothing calls for another
    proposal — only for more members to answer. If one of them has left the body since, the
    proposal is void and goes back to the facilitator (None)."""
    with transaction.atomic():
        locked = _lock(election)
        last = locked.proposals.select_related("round").order_by("-created_at").first()
        # Only a missed minimum leaves an election at this stage without an open round.
        if locked.stage != Stage.CONSENT or last is None or current_round(locked) is not None:
            raise ElectionError(
                _("A new consent round opens after one that missed its minimum participation.")
            )
        if deadline is not None and deadline <= locked.db_now:  # type: ignore[attr-defined]
            raise ElectionError(_("The deadline must be in the future."))
        try:
            rounds.check_floor(last.round, min_answers_percent, in_meeting or deadline is None)
        except rounds.RoundError as error:
            raise ElectionError(str(error)) from error
        people = list(last.people.all())
        if any(not _seated(locked.body, person) for person in people):
            locked.proposed.clear()
            _set_stage(actor, locked, Stage.PROPOSAL, "governance.election_proposal_void")
            _sync(election, locked)
            return None
        proposal = open_consent_round(
            locked, people, last.reason, deadline, in_meeting, min_answers_percent
        )
        _set_stage(
            actor,
            locked,
            Stage.CONSENT,
            "governance.election_round_reopen",
            round=str(proposal.round_id),
            min_answers_percent=proposal.round.min_answers_percent,
        )
    _sync(election, locked)
    return proposal


def open_consent_round(
    locked: Election,
    people: Sequence[Person],
    reason: str,
    deadline: datetime.datetime | None,
    in_meeting: bool,
    min_answers_percent: int,
) -> ElectionProposal:
    """The consent round on ``people``, with the proposal it puts to the body."""
    # Without a deadline the round is held in a meeting, as the page says: a round neither
    # timed nor in a meeting would escape both the deadline and the minimum participation.
    in_meeting = in_meeting or deadline is None
    try:
        minimum = rounds.min_answers_percent(Round.Kind.CONSENT, in_meeting, min_answers_percent)
    except rounds.RoundError as error:
        raise ElectionError(str(error)) from error
    round_ = Round.objects.create(
        election=locked,
        kind=Round.Kind.CONSENT,
        deadline=deadline,
        in_meeting=in_meeting,
        min_answers_percent=minimum,
    )
    proposal = ElectionProposal.objects.create(election=locked, round=round_, reason=reason)
    proposal.people.set(people)
    locked.deadline = deadline
    notifications.round_opened(round_.pk)  # in the caller's transaction, with the round
    return proposal


def reopen_floor(election: Election) -> int | None:
    """The share of answers a re-opened consent round asks at least (``rounds.floor_after``)."""
    last = election.proposals.select_related("round").order_by("-created_at").first()
    return rounds.floor_after(last.round if last is not None else None)


def current_round(election: Election) -> Round | None:
    return election.consent_rounds.filter(closed_at=None).order_by("-created_at").first()


def answer(
    election: Election,
    person: Person,
    kind: str,
    *,
    text: str = "",
    risk: str = "",
    recorded_by: Person | None = None,
    actor: Any = None,
) -> Answer:
    """An answer in the open consent round (see ``rounds.answer``: objections need a reason
    and a risk, only members answer, the deadline is read on the database's clock)."""
    round_ = current_round(election)
    if round_ is None:
        raise ElectionError(_("No consent round is open in this election."))
    if recorded_by is not None and not round_.in_meeting:
        raise ElectionError(_("Answers are recorded by the facilitator during meetings only."))
    try:
        return rounds.answer(
            round_, person, kind, text=text, risk=risk, recorded_by=recorded_by, actor=actor
        )
    except rounds.RoundError as error:
        raise ElectionError(str(error)) from error


def close_round(actor: Any, election: Election) -> Election:
    """Close the consent round: consent elects the proposed people (one mandate, co-held when
    the role is); an objection sends the election back to a new proposal; too few answers in an
    asynchronous round elect nobody and keep the proposal for a new consent round."""
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage != Stage.CONSENT:
            raise ElectionError(_("No consent round is open in this election."))
        round_ = current_round(locked)
        if round_ is None:
            raise ElectionError(_("No consent round is open in this election."))
        # Lock the round (answers lock it) before counting, as consent decisions do.
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if rounds.waiting_for_answers(round_):
            raise ElectionError(
                _("Wait for the deadline of the round, or for every member's answer.")
            )
        # An asynchronous round past its deadline without a single answer decides nothing,
        # whatever its minimum: it closes, so that a new one may open (else the election would
        # be stuck, no answer being taken any more).
        silent = not round_.answers.exists()
        if silent and not rounds.past_deadline(round_, locked.db_now):  # type: ignore[attr-defined]
            raise ElectionError(_("Nobody has answered in this consent round yet."))
        round_ = rounds.close(round_, actor)
        result = rounds.outcome(round_)
        locked.deadline = None
        if result["objections"]:
            locked.proposed.clear()
            _set_stage(
                actor,
                locked,
                Stage.PROPOSAL,
                "governance.election_objections",
                round=str(round_.pk),
                objections=len(result["objections"]),
            )
            return _sync(election, locked)
        if silent or not result["minimum_reached"]:
            # Silence is not consent here: nobody is elected, nobody is turned down.
            counted = result["participation"]
            summary = {"answered": counted.answered, "required": counted.required}
            action = "governance.election_minimum_missed"
            _set_stage(actor, locked, Stage.CONSENT, action, round=str(round_.pk), **summary)
            return _sync(election, locked)
        people = list(round_.election_proposal.people.all())
        _make_room(actor, locked)
        mandate_services.record_mandate(
            actor,
            locked.role,
            people,
            locked.term_start,
            locked.term_end,
            election=locked,
        )
        _set_stage(
            actor, locked, Stage.ELECTED, "governance.election_elected", round=str(round_.pk)
        )
    return _sync(election, locked)


def _make_room(actor: Any, election: Election) -> None:
    """The elected term replaces the mandates of the role that still run on its first day."""
    overlapping = mandate_services.overlapping(
        election.role, election.term_start, election.term_end
    )
    for mandate in overlapping:
        if mandate.start >= election.term_start:
            raise ElectionError(_("A mandate of this role already starts during the elected term."))
        mandate_services.end_mandate(
            actor, mandate, election.term_start, note=_("Replaced by an election.")
        )
