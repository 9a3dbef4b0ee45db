"""Elections without candidates (sociocratic election), step by step; every write is audited.

nomination round (sealed) → reveal → change round → the facilitator proposes as many people as
the role has holders → consent round (``services.rounds``) → elected (a mandate, co-held when
the role is) or, on objections, back to a new proposal. Every round is kept for the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    Mandate,
    Nomination,
    Role,
    Round,
)
from coopilote.governance.services import mandates as mandate_services
from coopilote.governance.services import rounds
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
) -> ElectionProposal:
    """The facilitator proposes as many people as the role has holders; a consent round opens."""
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
        round_ = Round.objects.create(
            election=locked, kind=Round.Kind.CONSENT, deadline=deadline, in_meeting=in_meeting
        )
        proposal = ElectionProposal.objects.create(election=locked, round=round_, reason=reason)
        proposal.people.set(people)
        locked.proposed.set(people)
        locked.proposal_reason = reason
        locked.deadline = deadline
        locked.save(update_fields=["proposal_reason", "deadline", "updated_at"])
        _set_stage(
            actor,
            locked,
            Stage.CONSENT,
            "governance.election_propose",
            round=str(round_.pk),
            proposed=len(people),
        )
    _sync(election, locked)
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
    the role is); an objection sends the election back to a new proposal."""
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage != Stage.CONSENT:
            raise ElectionError(_("No consent round is open in this election."))
        round_ = current_round(locked)
        if round_ is None:
            raise ElectionError(_("No consent round is open in this election."))
        # Lock the round (answers lock it) before counting, as consent decisions do.
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if not round_.answers.exists():
            raise ElectionError(_("Nobody has answered in this consent round yet."))
        if rounds.waiting_for_answers(round_):
            raise ElectionError(
                _("Wait for the deadline of the round, or for every member's answer.")
            )
        round_ = rounds.close(round_, actor)
        result = rounds.outcome(round_)
        locked.deadline = None
        if not result["consented"]:
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


# --- the record (reads) -----------------------------------------------------------------------


@dataclass
class ProposalRecord:
    proposal: ElectionProposal
    round: Round
    answers: list[Answer]
    outcome: dict[str, Any] | None = None


@dataclass
class ElectionRecord:
    members: list[Person]
    nominations: list[Nomination] = field(default_factory=list)
    changes: list[Nomination] = field(default_factory=list)
    # Who has nominated (not whom), while the round is sealed.
    nominated: set[Any] = field(default_factory=set)
    own: Nomination | None = None
    own_change: Nomination | None = None
    tally: list[tuple[Person, int]] = field(default_factory=list)
    proposals: list[ProposalRecord] = field(default_factory=list)
    mandate: Mandate | None = None


def final_nominations(nominations: list[Nomination], changes: list[Nomination]) -> list[Nomination]:
    """Each member's standing nomination: their change if they made one, else their first."""
    changed = {n.nominator_id: n for n in changes}
    standing = [changed.pop(n.nominator_id, n) for n in nominations]
    return standing + list(changed.values())


def election_record(election: Election, person_id: Any) -> ElectionRecord:
    """What the record page shows; sealed nominations are left out until they are revealed."""
    all_nominations = list(
        election.nominations.select_related("nominator", "nominee", "recorded_by")
    )
    first = [n for n in all_nominations if n.step == Nomination.Step.NOMINATION]
    changes = [n for n in all_nominations if n.step == Nomination.Step.CHANGE]
    record_ = ElectionRecord(members=rounds.members_of(election.body))
    record_.nominated = {n.nominator_id for n in first}
    record_.own = next((n for n in first if n.nominator_id == person_id), None)
    record_.own_change = next((n for n in changes if n.nominator_id == person_id), None)
    if election.nominations_revealed:
        record_.nominations, record_.changes = first, changes
        counts: dict[Any, list[Any]] = {}
        for n in final_nominations(first, changes):
            if n.nominee is not None:
                counts.setdefault(n.nominee_id, [n.nominee, 0])[1] += 1
        record_.tally = sorted(
            ((p, c) for p, c in counts.values()), key=lambda pc: (-pc[1], str(pc[0]))
        )
    proposals = (
        election.proposals.select_related("round").prefetch_related("people").order_by("created_at")
    )
    for proposal in proposals:
        answers = list(
            proposal.round.answers.select_related("person", "recorded_by").order_by(
                "person__last_name", "person__first_name"
            )
        )
        closed = proposal.round.closed_at is not None
        record_.proposals.append(
            ProposalRecord(
                proposal,
                proposal.round,
                answers,
                rounds.outcome(proposal.round) if closed else None,
            )
        )
    record_.mandate = Mandate.objects.filter(election=election).prefetch_related("holders").first()
    return record_
