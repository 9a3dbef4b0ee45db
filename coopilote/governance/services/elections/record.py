"""The record of an election without candidates (reads only): nominations — sealed until they
are revealed —, their tally, every proposal with its consent round, the elected mandate or the
cancellation; and where an open nomination (or change) round stands.

Callers use ``services.elections.election_record`` and ``round_progress``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import (
    Answer,
    Election,
    ElectionProposal,
    Mandate,
    Nomination,
    Round,
)
from coopilote.governance.services import rounds
from coopilote.members.models import Person


@dataclass
class ProposalRecord:
    proposal: ElectionProposal
    round: Round
    answers: list[Answer]
    participation: rounds.Participation
    outcome: dict[str, Any] | None = None
    # The facilitator's proposals in order; a consent round reopened after a missed minimum
    # puts the same proposal again, under the same number.
    number: int = 1
    reopened: bool = False
    # The election was cancelled after this round (its last): nothing follows it. ``stopped``:
    # the cancellation closed the round itself, before it decided anything.
    last_before_cancel: bool = False
    stopped: bool = False

    @property
    def minimum_missed(self) -> bool:
        """Closed with no objection but too few answers: nobody elected, nobody rejected."""
        return (
            self.outcome is not None
            and not self.outcome["objections"]
            and not self.outcome["minimum_reached"]
        )


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
    # When and by whom the election was cancelled, as the audit log recorded it.
    cancelled_at: datetime.datetime | None = None
    cancelled_by: str = ""


# The audited closings of a consent round that decide something (each names its round); a round
# of a cancelled election closed without one was stopped by the cancellation.
CANCEL = "governance.election_cancel"
DECISIONS = (
    "governance.election_objections",
    "governance.election_minimum_missed",
    "governance.election_elected",
)


@dataclass(frozen=True)
class RoundProgress:
    """Where the nomination round (or the change round) stands before the facilitator closes
    it: how many of the body's members have nominated in it, and its deadline if still ahead."""

    nominated: int
    members: int
    deadline: datetime.datetime | None


def round_progress(election: Election) -> RoundProgress:
    change = election.stage == Election.Stage.CHANGE
    step = Nomination.Step.CHANGE if change else Nomination.Step.NOMINATION
    members = {member.pk for member in rounds.members_of(election.body)}
    nominators = set(election.nominations.filter(step=step).values_list("nominator_id", flat=True))
    ahead = election.deadline is not None and election.deadline > timezone.now()
    return RoundProgress(
        len(nominators & members), len(members), election.deadline if ahead else None
    )


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
        previous = record_.proposals[-1] if record_.proposals else None
        reopened = previous is not None and previous.minimum_missed
        record_.proposals.append(
            ProposalRecord(
                proposal,
                proposal.round,
                answers,
                rounds.participation(
                    proposal.round,
                    answered={a.person_id for a in answers},
                    members={m.pk for m in record_.members},
                ),
                rounds.outcome(proposal.round) if closed else None,
                number=(previous.number + (not reopened)) if previous else 1,
                reopened=reopened,
            )
        )
    record_.mandate = Mandate.objects.filter(election=election).prefetch_related("holders").first()
    if election.stage == Election.Stage.CANCELLED:
        _cancellation(election, record_)
    return record_


def _cancellation(election: Election, record_: ElectionRecord) -> None:
    """Who cancelled the election and when; its last round is followed by nothing, and was
    stopped by the cancellation unless a decision closed it before."""
    events = list(
        AuditEvent.objects.for_object(election)
        .filter(action__in=(CANCEL, *DECISIONS))
        .select_related("actor__person")
    )
    cancelled = next((event for event in events if event.action == CANCEL), None)
    if cancelled is not None:
        record_.cancelled_at = cancelled.at
        person = getattr(cancelled.actor, "person", None)
        record_.cancelled_by = str(person) if person is not None else ""
    if record_.proposals:
        decided = {event.summary.get("round") for event in events if event.action != CANCEL}
        last = record_.proposals[-1]
        last.last_before_cancel = True
        last.stopped = str(last.round.pk) not in decided
