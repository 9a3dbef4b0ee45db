"""Consent decisions: the stages, the refusals, and what the pages read (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.governance.models import Answer, ConsentDecision, DecisionVersion, Round
from coopilote.governance.services import rounds
from coopilote.governance.services.consent.diff import inline_diff
from coopilote.members.models import Body, BodySeat, Person

Stage = ConsentDecision.Stage
OPEN_STAGES = (Stage.CLARIFYING, Stage.REACTIONS, Stage.CONSENT, Stage.INTEGRATION)
# The stage a round of each kind puts the proposal in, and the stages it may be opened from.
ROUND_STAGE = {
    Round.Kind.CLARIFYING: Stage.CLARIFYING,
    Round.Kind.REACTIONS: Stage.REACTIONS,
    Round.Kind.CONSENT: Stage.CONSENT,
}
OPENS_FROM = {
    Round.Kind.CLARIFYING: (Stage.CLARIFYING,),
    Round.Kind.REACTIONS: (Stage.CLARIFYING, Stage.REACTIONS),
    Round.Kind.CONSENT: (Stage.REACTIONS, Stage.CONSENT, Stage.INTEGRATION),
}


class ConsentError(rounds.RoundError):
    """A refused step; the message is French and meant for the person."""


def current_version(proposal: ConsentDecision) -> DecisionVersion:
    version = proposal.versions.order_by("-number").first()
    assert version is not None, "a proposal always has its first version"
    return version


def open_round(proposal: ConsentDecision) -> Round | None:
    return proposal.rounds.filter(closed_at=None).order_by("-created_at").first()


def last_consent_round(proposal: ConsentDecision) -> Round | None:
    return proposal.rounds.filter(kind=Round.Kind.CONSENT).order_by("-created_at").first()


def standing_objections(round_: Round | None) -> list[Answer]:
    if round_ is None:
        return []
    return list(round_.answers.filter(kind=Answer.Kind.OBJECTION, integrated=False))


def replaces(current: Round | None, kind: str, now: Any = None) -> bool:
    """Whether a new round of ``kind`` may open while ``current`` is open: of another kind (it
    closes), or a consent round past its deadline — it takes no more answers, and after a missed
    minimum a new consent round is the only way to a decision."""
    if current is None or current.kind != kind:
        return True
    return kind == Round.Kind.CONSENT and rounds.past_deadline(current, now)


def next_round_kinds(proposal: ConsentDecision) -> list[str]:
    """The rounds the facilitator may open now (the page offers these buttons)."""
    if proposal.stage not in OPEN_STAGES:
        return []
    current = open_round(proposal)
    return [
        kind
        for kind, stages in OPENS_FROM.items()
        if proposal.stage in stages and replaces(current, kind)
    ]


def check_consent_can_open(proposal: ConsentDecision, version: DecisionVersion) -> None:
    if not version.living_effect.strip():
        raise ConsentError(
            _(
                "Write the voice of the living (the expected effect on the planet, the living "
                "and nature) before the consent round."
            )
        )
    last = last_consent_round(proposal)
    if last is None:
        return
    if standing_objections(last):
        raise ConsentError(
            _("Integrate every objection of the last consent round into an amended version first.")
        )
    if last.answers.filter(kind=Answer.Kind.OBJECTION).exists() and last.version_id == version.pk:
        raise ConsentError(_("Write the amended version before the new consent round."))


def minimum_refusal(counted: rounds.Participation) -> str:
    """Why a decision is refused after too few answers, with the figures."""
    return ngettext(
        "%(answered)s answer of %(members)s: at least %(required)s are needed to decide. "
        "Open a new consent round.",
        "%(answered)s answers of %(members)s: at least %(required)s are needed to decide. "
        "Open a new consent round.",
        counted.answered,
    ) % {"answered": counted.answered, "members": counted.members, "required": counted.required}


def is_member(person: Any, body: Body) -> bool:
    return BodySeat.objects.current().filter(body=body, person=person).exists()


@dataclass
class ProposalPage:
    """What the proposal page shows: versions with their diffs, every round with its answers,
    who has not answered, the counts, the open round and the reader's own answer in it."""

    versions: list[DecisionVersion]
    rounds: list[Round]
    members: list[Person]
    current: Round | None = None
    mine: Answer | None = None
    last_consent: Round | None = None
    # Every objection of the last consent round (integrated or not): no decision while any.
    objections: list[Answer] = field(default_factory=list)
    # The last consent round is over with fewer answers than its minimum: it decides nothing.
    minimum_missed: bool = False

    @property
    def version(self) -> DecisionVersion:
        return self.versions[-1]

    @property
    def may_decide(self) -> bool:
        """The current version went through a consent round that holds no objection and did not
        miss its minimum participation."""
        return (
            self.last_consent is not None
            and not self.objections
            and not self.minimum_missed
            and self.last_consent.version_id == self.version.pk
        )


def proposal_page(proposal: ConsentDecision, person_id: Any) -> ProposalPage:
    """The proposal page's reads in a fixed number of queries (versions escaped in the diff)."""
    versions = list(proposal.versions.all())
    for previous, version in zip([None, *versions], versions, strict=False):
        version.diff = inline_diff(previous.text, version.text) if previous else None  # type: ignore[attr-defined]
        version.living_diff = (  # type: ignore[attr-defined]
            inline_diff(previous.living_effect, version.living_effect)
            if previous and previous.living_effect != version.living_effect
            else None
        )
    answers = Answer.objects.select_related("person", "recorded_by")
    round_list = list(
        proposal.rounds.select_related("version").prefetch_related(Prefetch("answers", answers))
    )
    page = ProposalPage(versions, round_list, rounds.members_of(proposal.body))
    given: dict[Any, list[Answer]] = {}
    for round_ in round_list:
        answers_of_round = given[round_.pk] = list(round_.answers.all())
        answered = {a.person_id for a in answers_of_round}
        round_.given = answers_of_round  # type: ignore[attr-defined]
        round_.missing = [m for m in page.members if m.pk not in answered]  # type: ignore[attr-defined]
        round_.counts = {  # type: ignore[attr-defined]
            kind: sum(a.kind == kind for a in answers_of_round)
            for kind in (Answer.Kind.CONSENT, Answer.Kind.CONCERN, Answer.Kind.OBJECTION)
        }
        round_.participation = rounds.participation(  # type: ignore[attr-defined]
            round_, answered=answered, members={m.pk for m in page.members}
        )
    if round_list and round_list[-1].closed_at is None:
        page.current = round_list[-1]
    if page.current is not None and page.current.kind == Round.Kind.CONSENT:
        mine = (a for a in given[page.current.pk] if a.person_id == person_id)
        page.mine = next(mine, None)
    page.last_consent = next(
        (r for r in reversed(round_list) if r.kind == Round.Kind.CONSENT), None
    )
    if page.last_consent is not None:
        page.objections = [
            a for a in given[page.last_consent.pk] if a.kind == Answer.Kind.OBJECTION
        ]
        page.minimum_missed = rounds.missed_minimum(
            page.last_consent,
            page.last_consent.participation,  # type: ignore[attr-defined]
        )
    return page


def last_consent_on(proposal: ConsentDecision, version: DecisionVersion) -> Round | None:
    last = last_consent_round(proposal)
    return last if last is not None and last.version_id == version.pk else None


def minimum_floor(proposal: ConsentDecision) -> int | None:
    """The share of answers a new asynchronous consent round must ask at least: the last
    consent round's on the same version (``rounds.floor_after``)."""
    return rounds.floor_after(last_consent_on(proposal, current_version(proposal)))
