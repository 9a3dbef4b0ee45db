"""What staff and members do to proposals: merge, split, confirm a scope, comment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.members.models import Person
from coopilote.roadmap.models import (
    ACTIVE_STATUSES,
    Comment,
    Proposal,
    ProposalLink,
    Scope,
    Status,
    Theme,
)

MAX_COMMENT = 4000


def _next_number(theme: Theme) -> int:
    return (Proposal.objects.filter(theme=theme).aggregate(top=Max("number"))["top"] or 0) + 1


def _check_new_text(theme: Theme, text: str) -> None:
    # Theme number and text identify a proposal on re-import: they must stay unique.
    if Proposal.objects.filter(theme=theme, text=text).exists():
        raise ValidationError(_("A proposal with this text already exists in this theme."))


def _lock_active(proposals: Sequence[Proposal]) -> list[Proposal]:
    ids = [proposal.pk for proposal in proposals]
    locked = list(
        Proposal.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("theme")
        .order_by("theme__order", "theme__number", "number")
    )
    if len(locked) != len(set(ids)):
        raise ValidationError(_("A proposal no longer exists."))
    if any(proposal.status not in ACTIVE_STATUSES for proposal in locked):
        raise ValidationError(_("Only submitted or retained proposals can be merged or split."))
    return locked


def merge_proposals(
    actor: Any, proposals: Sequence[Proposal], title: str, *, sub_items: Sequence[str] = ()
) -> Proposal:
    """One new proposal replaces several; each source is marked merged and linked to it."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the merged proposal a text."))
    with transaction.atomic():
        sources = _lock_active(proposals)
        if len(sources) < 2:
            raise ValidationError(_("Choose at least two proposals to merge."))
        if len({source.congress_id for source in sources}) > 1:
            raise ValidationError(_("Proposals of different congresses cannot be merged."))
        first = sources[0]
        _check_new_text(first.theme, title)
        scopes = {source.scope for source in sources}
        suggested = {source.suggested_scope for source in sources}
        sub_groups = {source.sub_group_id for source in sources}
        result = Proposal.objects.create(
            congress_id=first.congress_id,
            theme=first.theme,
            sub_group_id=sub_groups.pop() if len(sub_groups) == 1 else None,
            number=_next_number(first.theme),
            text=title,
            sub_items=[item.strip() for item in sub_items if item.strip()],
            # Regional and national sources together make a proposal for both levels.
            scope=scopes.pop() if len(scopes) == 1 else Scope.BOTH,
            suggested_scope=suggested.pop() if len(suggested) == 1 else Scope.BOTH,
            scope_confirmed=all(source.scope_confirmed for source in sources)
            and len({source.scope for source in sources}) == 1,
            origin=Proposal.Origin.MERGE,
        )
        for source in sources:
            source.status = Status.MERGED
            source.save(update_fields=["status", "updated_at"])
            ProposalLink.objects.create(
                source=source,
                result=result,
                kind=ProposalLink.Kind.MERGE,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(
                actor, "proposal.merged_into", source, fields=["status"], result=str(result.pk)
            )
        audit.record(actor, "proposal.merge", result, sources=[str(s.pk) for s in sources])
    for proposal in proposals:
        proposal.status = Status.MERGED
    return result


def split_proposal(actor: Any, proposal: Proposal, parts: Sequence[str]) -> list[Proposal]:
    """Several new proposals replace one; the source is marked split and linked to each."""
    texts = [part.strip() for part in parts if part.strip()]
    if len(texts) < 2:
        raise ValidationError(_("Give at least two parts, one per line."))
    if len(set(texts)) != len(texts):
        raise ValidationError(_("Two parts have the same text."))
    with transaction.atomic():
        (source,) = _lock_active([proposal])
        for text in texts:
            _check_new_text(source.theme, text)
        number = _next_number(source.theme)
        results = []
        for offset, text in enumerate(texts):
            part = Proposal.objects.create(
                congress_id=source.congress_id,
                theme=source.theme,
                sub_group_id=source.sub_group_id,
                number=number + offset,
                text=text,
                scope=source.scope,
                suggested_scope=source.suggested_scope,
                scope_reason=source.scope_reason,
                scope_confirmed=source.scope_confirmed,
                origin=Proposal.Origin.SPLIT,
            )
            ProposalLink.objects.create(
                source=source,
                result=part,
                kind=ProposalLink.Kind.SPLIT,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(actor, "proposal.split_part", part, source=str(source.pk))
            results.append(part)
        source.status = Status.SPLIT
        source.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            "proposal.split",
            source,
            fields=["status"],
            results=[str(part.pk) for part in results],
        )
    proposal.status = Status.SPLIT
    return results


def confirm_scope(actor: Any, proposal: Proposal, scope: str) -> Proposal:
    if scope not in Scope.values:
        raise ValidationError(_("Unknown scope."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        changed = [
            name
            for name, value in (("scope", scope), ("scope_confirmed", True))
            if getattr(locked, name) != value
        ]
        if changed:
            locked.scope, locked.scope_confirmed = scope, True
            locked.save(update_fields=[*changed, "updated_at"])
            audit.record(actor, "proposal.confirm_scope", locked, fields=changed, scope=scope)
    proposal.scope, proposal.scope_confirmed = scope, True
    return proposal


def add_comment(actor: Any, proposal: Proposal, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise ValidationError(_("The comment is empty."))
    if len(text) > MAX_COMMENT:
        raise ValidationError(_("The comment is too long."))
    author = (
        Person.objects.filter(user=actor, anonymized_at=None).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if author is None:
        raise ValidationError(_("Only a member of the union can comment."))
    with transaction.atomic():
        comment = Comment.objects.create(proposal=proposal, author=author, text=text)
        audit.record(actor, "proposal.comment", comment, proposal=str(proposal.pk))
    return comment
