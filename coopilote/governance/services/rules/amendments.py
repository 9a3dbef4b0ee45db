"""An amendment's own steps: proposed on the current version (one article or the whole text),
commented, rebased when another amendment was adopted first, withdrawn."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import Amendment, AmendmentComment, RuleDocument, RuleVersion
from coopilote.governance.services.rules.decisions import cannot_apply, decision_outcome
from coopilote.governance.services.rules.documents import AmendmentError, current_version, is_stale
from coopilote.governance.services.rules.texts import article_text, plain_lines, splice_article
from coopilote.members.models import Person

MAX_COMMENT = 5000


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
