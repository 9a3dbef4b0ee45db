"""An amendment's decision: sent to consent in its body (§2) or to a general assembly's
resolution (§4), that decision's outcome read, and the amendment settled from it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import (
    Amendment,
    Assembly,
    ConsentDecision,
    Resolution,
    RuleDocument,
    RuleVersion,
)
from coopilote.governance.services import consent
from coopilote.governance.services.rules.documents import AmendmentError, current_version, is_stale
from coopilote.governance.services.rules.texts import article_text
from coopilote.members.models import Body


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
