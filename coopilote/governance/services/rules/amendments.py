"""Versioned rules: amendments proposed, discussed, sent to a decision, settled; the register.

An amendment is written on a version of its document (its *base*). When another amendment is
adopted first, the base is outdated: the amendment is in conflict and cannot be accepted before
its author (or the staff) rebases it on the current version. It is decided either by consent
in the body the document governs (a ``ConsentDecision``, §2) or by a general-assembly resolution
(§4); ``settle_amendment`` reads that decision's outcome once it has ended.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import (
    Accountability,
    Amendment,
    AmendmentComment,
    Assembly,
    ConsentDecision,
    Resolution,
    RuleDocument,
    RuleVersion,
)
from coopilote.governance.services import consent
from coopilote.governance.services.rules.texts import article_text, plain_lines, splice_article
from coopilote.members.models import Body, Person

MAX_COMMENT = 5000


class AmendmentError(Exception):
    """A refused step; the message is French and meant for the person."""


# --- Documents and versions -------------------------------------------------------------------


def create_document(
    actor: Any,
    union: Any,
    *,
    title: str,
    kind: str,
    body: Body | None,
    text: str,
    adopted_on: Any,
) -> RuleDocument:
    if body is not None and (body.union_id != union.pk or body.cooperative_id is not None):
        raise AmendmentError(_("This body is not one of the union’s."))
    with transaction.atomic():
        document = RuleDocument.objects.create(union=union, title=title, kind=kind, body=body)
        RuleVersion.objects.create(
            document=document, number=1, text=plain_lines(text), adopted_on=adopted_on
        )
        record(actor, "governance.rule_create", document, kind=kind)
    return document


def current_version(document: RuleDocument) -> RuleVersion:
    version = document.current_version()
    if version is None:
        raise AmendmentError(_("This document has no version yet."))
    return version


def is_stale(amendment: Amendment, current: RuleVersion | None = None) -> bool:
    """Written on a version that is no longer the current one: a conflict to resolve."""
    current = current or amendment.document.current_version()
    return current is not None and amendment.base_version_id != current.pk


# --- Amendments -------------------------------------------------------------------------------


def _amended_text(base: RuleVersion, article: str, text: str) -> str:
    # Texts stored before line breaks were normalised may still hold « \r\n ».
    text = plain_lines(text)
    return splice_article(plain_lines(base.text), article, text) if article.strip() else text


def propose_amendment(
    actor: Any,
    document: RuleDocument,
    author: Person,
    *,
    title: str,
    text: str,
    rationale: str,
    article: str = "",
) -> Amendment:
    """On the current version. With ``article``, ``text`` is that article's new wording."""
    article = article.strip()
    with transaction.atomic():
        base = current_version(RuleDocument.objects.select_for_update().get(pk=document.pk))
        amended = _amended_text(base, article, text)
        if amended.strip() == plain_lines(base.text).strip():
            raise AmendmentError(_("The amended text is the same as the current version."))
        amendment = Amendment.objects.create(
            document=document,
            base_version=base,
            title=title,
            article=article,
            text=amended,
            rationale=rationale,
            author=author,
        )
        record(actor, "governance.amendment_propose", amendment, base=base.number)
    return amendment


def comment(actor: Any, amendment: Amendment, author: Person, text: str) -> AmendmentComment:
    text = text.strip()
    if not text:
        raise AmendmentError(_("The comment is empty."))
    if len(text) > MAX_COMMENT:
        raise AmendmentError(_("The comment is too long."))
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if not locked.is_open:
            raise AmendmentError(_("This amendment is no longer under discussion."))
        made = AmendmentComment.objects.create(amendment=amendment, author=author, text=text)
        record(actor, "governance.amendment_comment", made, amendment=str(amendment.pk))
    return made


def rebase(actor: Any, amendment: Amendment, *, text: str, article: str = "") -> Amendment:
    """Move the amendment onto the current version.

    While proposed, its text is merged by a person (``text``, ``article``). Once sent to a
    decision, the wording under decision must not change — otherwise whoever rebases could have
    a text adopted that nobody voted on: only an article's wording is carried over, unchanged,
    onto the current version (``text`` and ``article`` are then ignored); an amendment of the
    whole text cannot be carried over and needs a new amendment.
    """
    article = article.strip()
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if not locked.is_open:
            raise AmendmentError(_("This amendment is closed."))
        base = current_version(locked.document)
        if locked.status == Amendment.Status.IN_DECISION:
            if not locked.article:
                raise AmendmentError(
                    _(
                        "This amendment rewrites the whole text and is under decision: its "
                        "wording cannot change. Propose a new amendment on the current version."
                    )
                )
            if not is_stale(locked, base):
                raise AmendmentError(_("This amendment already applies to the current version."))
            article, text = locked.article, article_text(locked.text, locked.article)
        amended = _amended_text(base, article, text)
        if amended.strip() == plain_lines(base.text).strip():
            raise AmendmentError(_("The amended text is the same as the current version."))
        previous = locked.base_version.number
        locked.base_version, locked.text, locked.article = base, amended, article
        locked.save(update_fields=["base_version", "text", "article", "updated_at"])
        record(
            actor,
            "governance.amendment_rebase",
            locked,
            fields=["base_version", "text", "article"],
            previous_base=previous,
            base=base.number,
        )
    return locked


def withdraw(actor: Any, amendment: Amendment) -> Amendment:
    """Before a decision, by its author or the staff. After one, by the staff, for a decision
    that cannot be applied as it stands (the body consented to another wording, or the whole
    text changed since): otherwise the amendment would stay « in decision » for ever. Never
    while the decision runs."""
    with transaction.atomic():
        locked = (
            Amendment.objects.select_for_update(of=("self",))
            .select_related("proposal", "resolution__assembly")
            .get(pk=amendment.pk)
        )
        after_decision = locked.status == Amendment.Status.IN_DECISION
        if after_decision and decision_outcome(locked)[0] is None:
            raise AmendmentError(
                _("The decision on this amendment has not ended: it cannot be withdrawn now.")
            )
        if after_decision and not cannot_apply(locked):
            # A decision that can be applied is settled (accepted or rejected), not bypassed.
            raise AmendmentError(_("The decision can be applied: settle the amendment from it."))
        if locked.status not in (Amendment.Status.PROPOSED, Amendment.Status.IN_DECISION):
            raise AmendmentError(_("This amendment is closed."))
        locked.status = Amendment.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        record(
            actor,
            "governance.amendment_withdraw",
            locked,
            fields=["status"],
            after_decision=after_decision,
        )
    amendment.status = locked.status
    return locked


def _decision_text(amendment: Amendment) -> str:
    wording = (
        article_text(amendment.text, amendment.article) if amendment.article else amendment.text
    )
    return "\n\n".join(
        [
            _("Amendment to « %(document)s » (version %(number)s).")
            % {"document": amendment.document.title, "number": amendment.base_version.number},
            _("Rationale:") + "\n" + amendment.rationale,
            _("Proposed wording:") + "\n" + (wording or amendment.text),
        ]
    )


def _lock_for_decision(amendment: Amendment) -> Amendment:
    locked = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("document", "base_version")
        .get(pk=amendment.pk)
    )
    if locked.status != Amendment.Status.PROPOSED:
        raise AmendmentError(_("This amendment is not waiting for a decision."))
    if is_stale(locked):
        raise AmendmentError(
            _("This amendment was written on an older version: rebase it on the current one first.")
        )
    return locked


def send_to_consent(
    actor: Any, amendment: Amendment, *, living_effect: str = ""
) -> ConsentDecision:
    """A consent decision (§2) in the body the document governs."""
    with transaction.atomic():
        locked = _lock_for_decision(amendment)
        body = locked.document.body
        if body is None:
            raise AmendmentError(
                _("This document governs no body: send it to a general assembly instead.")
            )
        # Through the consent service, so the proposal gets its checks and its own audit row.
        try:
            proposal = consent.create(
                body,
                locked.author,
                title=(_("Amendment: %(title)s") % {"title": locked.title})[:200],
                text=_decision_text(locked),
                living_effect=living_effect,
                rule=locked.document,
                rule_article=locked.article,
                actor=actor,
            )
        except consent.ConsentError as exc:
            raise AmendmentError(str(exc)) from exc
        locked.proposal, locked.status = proposal, Amendment.Status.IN_DECISION
        locked.save(update_fields=["proposal", "status", "updated_at"])
        record(
            actor,
            "governance.amendment_to_consent",
            locked,
            fields=["proposal", "status"],
            proposal=str(proposal.pk),
        )
    amendment.refresh_from_db()
    return proposal


def assemblies_for(document: RuleDocument) -> Any:
    """The union's general assemblies still in preparation, where a resolution can be added."""
    return Assembly.objects.filter(
        body__union_id=document.union_id,
        body__cooperative=None,
        body__kind=Body.Kind.GENERAL_ASSEMBLY,
        status=Assembly.Status.DRAFT,
    ).order_by("held_on")


def send_to_assembly(
    actor: Any, amendment: Amendment, assembly: Assembly, *, method: str = "simple"
) -> Resolution:
    """A resolution (§4) of one of the union's general assemblies in preparation."""
    if method not in (Resolution.Method.SIMPLE, Resolution.Method.QUALIFIED):
        raise AmendmentError(_("An amendment is voted by simple or qualified majority."))
    with transaction.atomic():
        locked = _lock_for_decision(amendment)
        if not assemblies_for(locked.document).filter(pk=assembly.pk).exists():
            raise AmendmentError(_("This assembly is not one of the union’s in preparation."))
        held = Assembly.objects.select_for_update().get(pk=assembly.pk)
        last = held.resolutions.order_by("-number").values_list("number", flat=True).first()
        resolution = Resolution.objects.create(
            assembly=held,
            number=(last or 0) + 1,
            title=(_("Amendment: %(title)s") % {"title": locked.title})[:200],
            text=_decision_text(locked),
            method=method,
            rule=locked.document,
            rule_article=locked.article,
        )
        locked.resolution, locked.status = resolution, Amendment.Status.IN_DECISION
        locked.save(update_fields=["resolution", "status", "updated_at"])
        record(
            actor,
            "governance.amendment_to_assembly",
            locked,
            fields=["resolution", "status"],
            resolution=str(resolution.pk),
        )
    amendment.refresh_from_db()
    return resolution


def resolution_outcome(resolution: Resolution) -> bool | None:
    """Adopted (True), rejected (False), or not decided yet (None).

    A resolution is decided once its assembly is closed and its ``result`` says ``adopted``.
    """
    if resolution.assembly.status != Assembly.Status.CLOSED or not resolution.result:
        return None
    adopted = resolution.result.get("adopted") if isinstance(resolution.result, dict) else None
    return adopted if isinstance(adopted, bool) else None


def decision_outcome(amendment: Amendment) -> tuple[bool | None, Any]:
    """(accepted?, the date of the decision) read from the linked proposal or resolution."""
    if amendment.proposal_id is not None:
        proposal = amendment.proposal
        assert proposal is not None
        if proposal.stage == ConsentDecision.Stage.DECIDED:
            return True, proposal.decided_on
        if proposal.stage == ConsentDecision.Stage.WITHDRAWN:
            return False, proposal.decided_on
        return None, None
    if amendment.resolution_id is not None:
        resolution = amendment.resolution
        assert resolution is not None
        return resolution_outcome(resolution), resolution.assembly.held_on
    return None, None


def _consented_text_changed(proposal: ConsentDecision) -> bool:
    texts = list(proposal.versions.order_by("number").values_list("text", flat=True))
    return len(set(texts)) > 1


def cannot_apply(amendment: Amendment) -> bool:
    """The decision accepted it, but its text can never become the next version: the body
    consented to another wording, or it rewrites a whole text that changed since (an article's
    wording is rebased instead). Such an amendment is withdrawn, the decided wording proposed
    anew."""
    accepted, _decided_on = decision_outcome(amendment)
    if not accepted:
        return False
    if amendment.proposal is not None and _consented_text_changed(amendment.proposal):
        return True
    return not amendment.article and is_stale(amendment)


def settle_amendment(amendment: Amendment, actor: Any) -> Amendment:
    """Apply the ended decision: accepted → the next version of the document; rejected →
    the amendment is rejected. Refused while the decision runs, or on an outdated base."""
    with transaction.atomic():
        RuleDocument.objects.select_for_update().filter(pk=amendment.document_id).first()
        locked = (
            Amendment.objects.select_for_update(of=("self",))
            .select_related("document", "proposal", "resolution__assembly")
            .get(pk=amendment.pk)
        )
        if locked.status != Amendment.Status.IN_DECISION:
            raise AmendmentError(_("This amendment is not in decision."))
        accepted, decided_on = decision_outcome(locked)
        if accepted is None:
            raise AmendmentError(_("The decision on this amendment has not ended yet."))
        if not accepted:
            locked.status = Amendment.Status.REJECTED
            locked.save(update_fields=["status", "updated_at"])
            record(actor, "governance.amendment_reject", locked, fields=["status"])
            return locked
        if locked.proposal is not None and _consented_text_changed(locked.proposal):
            # Objections integrated during the consent rounds changed the wording: what the
            # body consented to is no longer the amendment's text, which must not be applied.
            raise AmendmentError(
                _(
                    "The body consented to an amended wording, not to this amendment's text: "
                    "propose the consented wording as a new amendment."
                )
            )
        current = current_version(locked.document)
        if locked.base_version_id != current.pk:
            raise AmendmentError(
                _(
                    "This amendment was written on version %(base)s but the document is now at "
                    "version %(current)s: rebase it before it is accepted."
                )
                % {"base": locked.base_version.number, "current": current.number}
            )
        version = RuleVersion.objects.create(
            document=locked.document,
            number=current.number + 1,
            text=locked.text,
            adopted_on=decided_on or timezone.localdate(),
            amendment=locked,
        )
        locked.status = Amendment.Status.ACCEPTED
        locked.save(update_fields=["status", "updated_at"])
        record(
            actor,
            "governance.amendment_accept",
            locked,
            fields=["status"],
            version=version.number,
        )
    return locked


# --- Accountability register ------------------------------------------------------------------


def save_accountability(actor: Any, form: Any, union: Any) -> Accountability:
    """Create or update a register line from a valid form (fields named, never values)."""
    assert form.is_valid()
    line: Accountability = form.save(commit=False)
    rule = form.cleaned_data.get("rule")
    if rule is not None and rule.union_id != union.pk:
        raise AmendmentError(_("This rule is not one of the union’s."))
    creating = line._state.adding
    with transaction.atomic():
        line.union = union
        line.save()
        record(
            actor,
            "governance.accountability_create" if creating else "governance.accountability_update",
            line,
            fields=form.changed_data,
        )
    return line


def delete_accountability(actor: Any, line: Accountability) -> None:
    with transaction.atomic():
        record(actor, "governance.accountability_delete", line)
        line.delete()
