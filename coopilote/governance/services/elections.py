"""Elections without candidates (sociocratic election), step by step; every write is audited.

nomination round (sealed) → reveal → change round → the facilitator proposes as many people as
the role has holders → consent round (``services.rounds``) → elected (a mandate, co-held when
the role is) or, on objections, back to a new proposal, or — too few answers — to a new consent
round on the same proposal. Every round is kept for the record (``election_record``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.core.audit import record
from coopilote.governance.models import (
    Answer,
    Election,
    ElectionProposal,
    Nomination,
    Role,
    Round,
)
from coopilote.governance.services import mandates as mandate_services
from coopilote.governance.services import rounds
from coopilote.governance.services.election_record import election_record as election_record
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


def start(
    actor: Any,
    role: Role,
    facilitator: Person,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    deadline: datetime.datetime | None = None,
) -> Election:
    """Open the nomination round for ``role`` (its body's members nominate)."""
    term_end = term_end or mandate_services.term_end(role, term_start)
    if term_end < term_start:
        raise ElectionError(_("The term cannot end before it starts."))
    with transaction.atomic():
        # Locked so that two facilitators starting at once open only one election.
        Role.objects.select_for_update().get(pk=role.pk)
        if role.elections.exclude(stage__in=[Stage.ELECTED, Stage.CANCELLED]).exists():
            raise ElectionError(_("An election for this role is already under way."))
        election = Election.objects.create(
            body=role.body,
            role=role,
            term_start=term_start,
            term_end=term_end,
            facilitator=facilitator,
            deadline=deadline,
        )
        record(
            actor,
            "governance.election_start",
            election,
            fields=["role", "term_start", "term_end", "facilitator", "deadline"],
        )
    return election


def nominate(
    election: Election,
    nominator: Person,
    nominee: Person | None,
    reason: str,
    *,
    recorded_by: Person | None = None,
    actor: Any = None,
) -> Nomination:
    """A member's nomination (nomination round) or changed nomination (change round).

    ``nominee`` None nominates no one. Until the round closes a member may replace it.
    """
    reason = reason.strip()
    if nominee is not None and not reason:
        raise ElectionError(_("Give the reason for your nomination."))
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage == Stage.NOMINATION:
            step = Nomination.Step.NOMINATION
        elif locked.stage == Stage.CHANGE:
            step = Nomination.Step.CHANGE
        else:
            raise ElectionError(_("The nomination rounds of this election are closed."))
        if locked.deadline is not None and locked.db_now > locked.deadline:  # type: ignore[attr-defined]
            raise ElectionError(_("The deadline of this round has passed."))
        if not _seated(locked.body, nominator):
            raise ElectionError(_("Only the members of this body take part in its elections."))
        if nominee is not None and not _seated(locked.body, nominee):
            raise ElectionError(_("Nominate a member of this body, or no one."))
        own = locked.nominations.filter(step=step, nominator=nominator, recorded_by=None)
        if recorded_by is not None and own.exists():
            # The facilitator records nominations said aloud, never over a sealed one the
            # member filed themself.
            raise ElectionError(_("This member has nominated themself: only they change it."))
        nomination, created = Nomination.objects.update_or_create(
            election=locked,
            step=step,
            nominator=nominator,
            defaults={"nominee": nominee, "reason": reason, "recorded_by": recorded_by},
        )
        record(
            actor,
            "governance.nominate",
            nomination,
            fields=["nominee", "reason"],
            election=str(locked.pk),
            step=step,
            replaced=not created,
            in_meeting=recorded_by is not None,
        )
    return nomination


def reveal(actor: Any, election: Election, deadline: datetime.datetime | None = None) -> Election:
    """Close the nomination round: every nomination and its reason is read at once; the change
    round opens (with its own deadline, if any)."""
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage != Stage.NOMINATION:
            raise ElectionError(_("The nominations have already been revealed."))
        if not locked.nominations.filter(step=Nomination.Step.NOMINATION).exists():
            raise ElectionError(_("Nobody has nominated anyone yet."))
        locked.deadline = deadline
        locked.revealed_at = locked.db_now  # type: ignore[attr-defined]
        locked.save(update_fields=["revealed_at", "updated_at"])
        _set_stage(actor, locked, Stage.CHANGE, "governance.election_reveal")
    return _sync(election, locked)


def close_changes(actor: Any, election: Election) -> Election:
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage != Stage.CHANGE:
            raise ElectionError(_("The change round is not open."))
        locked.deadline = None
        _set_stage(actor, locked, Stage.PROPOSAL, "governance.election_close_changes")
    return _sync(election, locked)


def propose(
    actor: Any,
    election: Election,
    people: Sequence[Person],
    reason: str,
    *,
    deadline: datetime.datetime | None = None,
    in_meeting: bool = False,
    min_answers_percent: int = rounds.DEFAULT_MIN_ANSWERS_PERCENT,
) -> ElectionProposal:
    """The facilitator proposes as many people as the role has holders; a consent round opens
    (asynchronous with a ``deadline`` and the share of members who must answer)."""
    reason = reason.strip()
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage != Stage.PROPOSAL:
            raise ElectionError(_("The facilitator proposes once the change round is closed."))
        wanted = locked.role.holders
        if len({p.pk for p in people}) != len(people) or len(people) != wanted:
            raise ElectionError(
                ngettext(
                    "Propose exactly %(count)s person for this role.",
                    "Propose exactly %(count)s different people for this role.",
                    wanted,
                )
                % {"count": wanted}
            )
        if any(not _seated(locked.body, person) for person in people):
            raise ElectionError(_("Propose members of this body."))
        if not reason:
            raise ElectionError(_("Give the reasons for your proposal."))
        proposal = _open_round(locked, people, reason, deadline, in_meeting, min_answers_percent)
        locked.proposed.set(people)
        locked.proposal_reason = reason
        locked.save(update_fields=["proposal_reason", "updated_at"])
        _set_stage(
            actor,
            locked,
            Stage.CONSENT,
            "governance.election_propose",
            round=str(proposal.round_id),
            proposed=len(people),
        )
    _sync(election, locked)
    return proposal


def reopen_round(
    actor: Any,
    election: Election,
    *,
    deadline: datetime.datetime | None = None,
    in_meeting: bool = False,
    min_answers_percent: int = rounds.DEFAULT_MIN_ANSWERS_PERCENT,
) -> ElectionProposal:
    """After a consent round that missed its minimum participation, put the same people, for
    the same reasons, to a new consent round: nobody objected, so nothing calls for another
    proposal — only for more members to answer."""
    with transaction.atomic():
        locked = _lock(election)
        last = locked.proposals.order_by("-created_at").first()
        # Only a missed minimum leaves an election at this stage without an open round.
        if locked.stage != Stage.CONSENT or last is None or current_round(locked) is not None:
            raise ElectionError(
                _("A new consent round opens after one that missed its minimum participation.")
            )
        if deadline is not None and deadline <= locked.db_now:  # type: ignore[attr-defined]
            raise ElectionError(_("The deadline must be in the future."))
        people = list(last.people.all())
        proposal = _open_round(
            locked, people, last.reason, deadline, in_meeting, min_answers_percent
        )
        round_ = str(proposal.round_id)
        _set_stage(actor, locked, Stage.CONSENT, "governance.election_round_reopen", round=round_)
    _sync(election, locked)
    return proposal


def _open_round(
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
    return proposal


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
        # An asynchronous round past its deadline without a single answer has missed its
        # minimum: it closes, so that a new one may open (else the election would be stuck).
        if not round_.answers.exists() and rounds.count(round_).reached:
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
        if not result["minimum_reached"]:
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


def cancel(actor: Any, election: Election) -> Election:
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage in (Stage.ELECTED, Stage.CANCELLED):
            raise ElectionError(_("This election is over."))
        for round_ in locked.consent_rounds.filter(closed_at=None):
            rounds.close(round_, actor)
        locked.deadline = None
        _set_stage(actor, locked, Stage.CANCELLED, "governance.election_cancel")
    return _sync(election, locked)
