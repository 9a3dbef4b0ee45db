"""Consent decisions: every step of a proposal, atomic, guarded (the proposal row locked), in the
audit log. Answers themselves go through ``services.rounds.answer`` (shared with elections)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance import notifications
from coopilote.governance.models import (
    Answer,
    ConsentDecision,
    DecisionVersion,
    Round,
    RuleDocument,
)
from coopilote.governance.services import rounds
from coopilote.governance.services.consent.reads import (
    OPEN_STAGES,
    OPENS_FROM,
    ROUND_STAGE,
    ConsentError,
    Stage,
    check_consent_can_open,
    current_version,
    is_member,
    last_consent_on,
    last_consent_round,
    minimum_refusal,
    open_round,
    replaces,
    standing_objections,
)
from coopilote.members.models import Body, Person


def _locked(proposal: ConsentDecision) -> ConsentDecision:
    return (
        ConsentDecision.objects.select_for_update(of=("self",))
        .select_related("body")
        .annotate(db_now=Now())
        .get(pk=proposal.pk)
    )


def _db_now(locked: ConsentDecision) -> datetime.datetime:
    """The database clock, read by ``_locked`` (the same clock that refuses late answers)."""
    now: datetime.datetime = getattr(locked, "db_now")  # noqa: B009 — an annotation
    return now


def _check_rule(rule: RuleDocument | None, body: Body) -> None:
    if rule is not None and rule.union_id != body.union_id:
        raise ConsentError(_("This rule belongs to another union."))


def _check_facilitator(person: Person | None, body: Body) -> None:
    if person is not None and not is_member(person, body):
        raise ConsentError(_("The facilitator must be a member of the body."))


def create(
    body: Body,
    author: Person,
    *,
    title: str,
    text: str,
    living_effect: str = "",
    rule: RuleDocument | None = None,
    rule_article: str = "",
    facilitator: Person | None = None,
    actor: Any = None,
) -> ConsentDecision:
    """A new proposal in ``body`` and its first version, at the clarifying-questions stage."""
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise ConsentError(_("A proposal needs a title and a text."))
    _check_rule(rule, body)
    _check_facilitator(facilitator, body)
    with transaction.atomic():
        proposal = ConsentDecision.objects.create(
            body=body,
            title=title,
            author=author,
            facilitator=facilitator,
            rule=rule,
            rule_article=rule_article.strip(),
            stage=Stage.CLARIFYING,
        )
        DecisionVersion.objects.create(
            proposal=proposal, number=1, text=text, living_effect=living_effect.strip()
        )
        record(
            actor,
            "governance.proposal_create",
            proposal,
            fields=["title", "text", "living_effect", "rule", "rule_article", "facilitator"],
            body=str(body.pk),
        )
    return proposal


def update(
    proposal: ConsentDecision,
    *,
    title: str,
    living_effect: str,
    rule: RuleDocument | None,
    rule_article: str,
    actor: Any = None,
) -> ConsentDecision:
    """Edit the title, the rule and — before any consent round — the voice of the living.

    The text itself never changes in place: ``amend`` writes a new version.
    """
    title, living_effect = title.strip(), living_effect.strip()
    if not title:
        raise ConsentError(_("A proposal needs a title."))
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.stage not in OPEN_STAGES:
            raise ConsentError(_("A decided or withdrawn proposal no longer changes."))
        _check_rule(rule, locked.body)
        version = current_version(locked)
        changed = []
        if living_effect != version.living_effect:
            if locked.stage not in (Stage.CLARIFYING, Stage.REACTIONS):
                raise ConsentError(
                    _("The voice of the living changes through an amended version from now on.")
                )
            version.living_effect = living_effect
            version.save(update_fields=["living_effect", "updated_at"])
            changed.append("living_effect")
        for name, value in (
            ("title", title),
            ("rule_id", rule.pk if rule else None),
            ("rule_article", rule_article.strip()),
        ):
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name.removesuffix("_id"))
        locked.save(update_fields=["title", "rule", "rule_article", "updated_at"])
        record(actor, "governance.proposal_update", locked, fields=changed)
    return locked


def set_facilitator(
    proposal: ConsentDecision, person: Person | None, *, actor: Any = None
) -> ConsentDecision:
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.stage not in OPEN_STAGES:
            raise ConsentError(_("A decided or withdrawn proposal no longer changes."))
        _check_facilitator(person, locked.body)
        locked.facilitator = person
        locked.save(update_fields=["facilitator", "updated_at"])
        record(actor, "governance.proposal_facilitator", locked, fields=["facilitator"])
    return locked


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
        locked = _locked(proposal)
        if locked.stage not in OPENS_FROM[Round.Kind(kind)]:
            raise ConsentError(_("This round cannot be opened at this stage of the proposal."))
        if deadline is not None and deadline <= _db_now(locked):
            raise ConsentError(_("The deadline must be in the future."))
        version = current_version(locked)
        if kind == Round.Kind.CONSENT:
            check_consent_can_open(locked, version)
            try:
                rounds.check_floor(last_consent_on(locked, version), minimum, in_meeting)
            except rounds.RoundError as error:
                raise ConsentError(str(error)) from error
        previous = open_round(locked)
        if not replaces(previous, kind, _db_now(locked)):
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
        locked = _locked(proposal)
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


def amend(
    proposal: ConsentDecision,
    *,
    text: str,
    living_effect: str,
    change_note: str,
    integrated: list[Any] | None = None,
    actor: Any = None,
) -> DecisionVersion:
    """Write a new version (the previous ones are kept) and mark the objections it integrates."""
    text, living_effect, change_note = text.strip(), living_effect.strip(), change_note.strip()
    integrated = list(integrated or [])
    if not text:
        raise ConsentError(_("A proposal needs a text."))
    if not change_note:
        raise ConsentError(_("Say what changed in this version."))
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.stage not in (Stage.CLARIFYING, Stage.REACTIONS, Stage.INTEGRATION):
            raise ConsentError(_("The proposal cannot be amended at this stage."))
        if open_round(locked) is not None:
            raise ConsentError(_("Close the current round before amending the proposal."))
        previous = current_version(locked)
        if text == previous.text and living_effect == previous.living_effect:
            raise ConsentError(_("The amended version changes nothing."))
        last = last_consent_round(locked)
        objections = {answer.pk: answer for answer in standing_objections(last)}
        if any(pk not in objections for pk in integrated):
            raise ConsentError(_("Only the objections of the last consent round are integrated."))
        version = DecisionVersion.objects.create(
            proposal=locked,
            number=previous.number + 1,
            text=text,
            living_effect=living_effect,
            change_note=change_note,
        )
        Answer.objects.filter(pk__in=integrated).update(integrated=True, updated_at=timezone.now())
        locked.save(update_fields=["updated_at"])
        record(
            actor,
            "governance.proposal_amend",
            locked,
            fields=[
                name
                for name, before, after in (
                    ("text", previous.text, text),
                    ("living_effect", previous.living_effect, living_effect),
                )
                if before != after
            ],
            version=version.number,
            integrated=len(integrated),
        )
    return version


def decide(
    proposal: ConsentDecision,
    *,
    review_on: datetime.date | None,
    decided_on: datetime.date | None = None,
    actor: Any = None,
) -> ConsentDecision:
    """Record the decision once the current consent round holds no objection and, held
    asynchronously, reached its minimum participation."""
    with transaction.atomic():
        locked = _locked(proposal)
        decided_on = decided_on or timezone.localdate()
        if locked.stage == Stage.DECIDED:
            raise ConsentError(_("This proposal is already decided."))
        if locked.stage == Stage.WITHDRAWN:
            raise ConsentError(_("This proposal was withdrawn."))
        if locked.stage != Stage.CONSENT:
            raise ConsentError(_("A proposal is decided after a consent round only."))
        if review_on is None:
            raise ConsentError(_("Give the date when the decision will be reviewed."))
        if review_on <= decided_on:
            raise ConsentError(_("The review date comes after the decision."))
        if decided_on > timezone.localdate(_db_now(locked)):
            raise ConsentError(_("The decision date cannot be in the future."))
        last = last_consent_round(locked)
        version = current_version(locked)
        if last is None or last.version_id != version.pk:
            raise ConsentError(_("The current version has not been through a consent round."))
        # Answers lock the round, not the proposal: lock it too, so that no objection slips in
        # between the checks below and the closing of the round.
        last = Round.objects.select_for_update().get(pk=last.pk)
        if not version.living_effect.strip():
            raise ConsentError(_("The voice of the living is missing."))
        if last.answers.filter(kind=Answer.Kind.OBJECTION).exists():
            raise ConsentError(_("An objection stands in the consent round: integrate it first."))
        if rounds.waiting_for_answers(last):
            raise ConsentError(
                _("Wait for the deadline of the round, or for every member's answer.")
            )
        # Past the deadline, silence counts as consent only if enough members spoke (checked
        # before "nobody answered": with a minimum, the figures say what to do next).
        counted = rounds.count(last)
        if not counted.reached:
            raise ConsentError(minimum_refusal(counted))
        if not last.answers.exists():
            raise ConsentError(_("Nobody has answered the consent round yet."))
        rounds.close(last, actor)
        locked.stage = Stage.DECIDED
        locked.decided_on = decided_on
        locked.review_on = review_on
        locked.save(update_fields=["stage", "decided_on", "review_on", "updated_at"])
        record(
            actor,
            "governance.proposal_decide",
            locked,
            fields=["stage", "decided_on", "review_on"],
            version=version.number,
        )
    return locked


def withdraw(proposal: ConsentDecision, *, actor: Any = None) -> ConsentDecision:
    with transaction.atomic():
        locked = _locked(proposal)
        if locked.stage not in OPEN_STAGES:
            raise ConsentError(_("A decided or withdrawn proposal no longer changes."))
        still_open = open_round(locked)
        if still_open is not None:
            rounds.close(still_open, actor)
        locked.stage = Stage.WITHDRAWN
        locked.save(update_fields=["stage", "updated_at"])
        record(actor, "governance.proposal_withdraw", locked, fields=["stage"])
        if still_open is not None:
            # In the transaction, as the opening's: a rolled-back withdrawal sends nothing.
            notifications.proposal_withdrawn(still_open.pk)
    return locked
