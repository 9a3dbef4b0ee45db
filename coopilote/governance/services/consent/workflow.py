"""Consent decisions: the proposal's own steps (created, edited, amended, decided, withdrawn),
atomic, guarded (the proposal row locked), in the audit log. Its rounds are in ``round_steps``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
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
from coopilote.governance.services.consent.locking import db_now, locked_proposal
from coopilote.governance.services.consent.reads import (
    OPEN_STAGES,
    ConsentError,
    Stage,
    current_version,
    is_member,
    last_consent_round,
    minimum_refusal,
    open_round,
    standing_objections,
)
from coopilote.members.models import Body, Person


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
        locked = locked_proposal(proposal)
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
        locked = locked_proposal(proposal)
        if locked.stage not in OPEN_STAGES:
            raise ConsentError(_("A decided or withdrawn proposal no longer changes."))
        _check_facilitator(person, locked.body)
        locked.facilitator = person
        locked.save(update_fields=["facilitator", "updated_at"])
        record(actor, "governance.proposal_facilitator", locked, fields=["facilitator"])
    return locked


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
        locked = locked_proposal(proposal)
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
        locked = locked_proposal(proposal)
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
        if decided_on > timezone.localdate(db_now(locked)):
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
        locked = locked_proposal(proposal)
        if locked.stage not in OPEN_STAGES:
            raise ConsentError(_("A decided or withdrawn proposal no longer changes."))
        still_open = open_round(locked)
        # Read before closing: the members still asked by e-mail hear that it stopped.
        asked = still_open is not None and rounds.awaits_by_email(still_open, db_now(locked))
        if still_open is not None:
            rounds.close(still_open, actor)
        locked.stage = Stage.WITHDRAWN
        locked.save(update_fields=["stage", "updated_at"])
        record(actor, "governance.proposal_withdraw", locked, fields=["stage"])
        if still_open is not None and asked:
            # In the transaction, as the opening's: a rolled-back withdrawal sends nothing.
            notifications.proposal_withdrawn(still_open.pk)
    return locked
