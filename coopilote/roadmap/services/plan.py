"""A roadmap's actions: created from proposals (as actions or milestones), then edited.

Each function is one transaction with one audit row naming the changed fields. A milestone's
dates lie within those of the actions it is part of (``milestones``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.roadmap.models import Action, Axis, Proposal, Roadmap, Scope
from coopilote.roadmap.services.milestones import date_errors

ACTION_FIELDS = (
    "title",
    "description",
    "owner_kind",
    "owner_body",
    "owner_person",
    "scope",
    "start",
    "due",
    "status",
    "weight",
    "order",
    "axis",
)


def _check_action(
    roadmap: Roadmap, values: Mapping[str, Any], proposals: Sequence[Proposal] | None
) -> None:
    status = values.get("status")
    if status is not None and status.roadmap_id != roadmap.pk:
        raise ValidationError(_("This status belongs to another roadmap."))
    axis = values.get("axis")
    if axis is not None and axis.roadmap_id != roadmap.pk:
        raise ValidationError(_("This axis belongs to another roadmap."))
    start, due = values.get("start"), values.get("due")
    if start and due and due < start:
        raise ValidationError(_("The due date comes before the start date."))
    body = values.get("owner_body")
    if body is not None and body.union_id != roadmap.union_id:
        raise ValidationError(_("This body belongs to another union."))
    kind = values.get("owner_kind")
    if kind == Action.Owner.BODY and body is None:
        raise ValidationError(_("Choose the body that leads the action."))
    if kind == Action.Owner.PERSON and values.get("owner_person") is None:
        raise ValidationError(_("Choose the person who leads the action."))
    if proposals and any(p.congress.union_id != roadmap.union_id for p in proposals):
        raise ValidationError(_("A proposal comes from another union's congress."))


def _owner(values: dict[str, Any]) -> None:
    """Keep only the owner field that the chosen kind uses."""
    kind = values.get("owner_kind")
    if kind is None:
        return
    if kind != Action.Owner.BODY:
        values["owner_body"] = None
    if kind != Action.Owner.PERSON:
        values["owner_person"] = None


def create_action_from_proposals(
    actor: Any,
    axis: Axis,
    proposals: Sequence[Proposal],
    title: str,
    *,
    parent: Action | None = None,
    **values: Any,
) -> Action:
    """A new action (or a milestone of ``parent``) that carries out ``proposals``.

    Without an explicit scope, an action born only from proposals of national scope is an
    advocacy action; otherwise a regional one. Its status defaults to the roadmap's first.
    """
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the action a title."))
    unknown = set(values) - set(ACTION_FIELDS) - {"progress"}
    if unknown:
        raise ValueError(f"Not action fields: {sorted(unknown)}")
    roadmap = axis.roadmap
    proposals = list(
        Proposal.objects.select_related("congress").filter(pk__in=[p.pk for p in proposals])
    )
    if parent is not None:
        if parent.axis.roadmap_id != roadmap.pk:
            raise ValidationError(_("The parent action belongs to another roadmap."))
        axis = parent.axis
    values.setdefault("scope", _default_scope(proposals))
    _owner(values)
    _check_action(roadmap, {**values, "axis": axis}, proposals)
    if values.get("progress") is not None and not 0 <= values["progress"] <= 100:
        raise ValidationError(_("Progress is a percentage, from 0 to 100."))
    with transaction.atomic():
        _check_dates(
            roadmap,
            parent_id=parent.pk if parent is not None else None,
            action=None,
            start=values.get("start"),
            due=values.get("due"),
        )
        if values.get("status") is None:
            values["status"] = roadmap.statuses.order_by("order", "name").first()
            if values["status"] is None:
                raise ValidationError(_("The roadmap has no status."))
        siblings = Action.objects.filter(axis=axis, parent=parent)
        top = siblings.aggregate(top=Max("order"))["top"]
        values.setdefault("order", 0 if top is None else top + 1)
        action = Action.objects.create(axis=axis, parent=parent, title=title, **values)
        action.proposals.set(proposals)
        if parent is not None and parent.progress is not None:
            # The parent becomes a sum of milestones: its own figure no longer counts.
            Action.objects.filter(pk=parent.pk).update(progress=None, updated_at=timezone.now())
            parent.progress = None
            audit.record(actor, "action.became_parent", parent, fields=["progress"])
        audit.record(
            actor,
            "action.create",
            action,
            roadmap=str(roadmap.pk),
            parent=str(parent.pk) if parent else None,
            proposals=[str(p.pk) for p in proposals],
        )
    return action


def _check_dates(roadmap: Roadmap, **dates: Any) -> None:
    """``milestones.date_errors``, in the caller's transaction with the roadmap's row locked: a
    parent moved while its milestone is would otherwise let each edit check the other's old
    dates, and both pass."""
    Roadmap.objects.select_for_update(no_key=True).get(pk=roadmap.pk)
    errors = date_errors(roadmap, **dates)
    if errors:
        raise ValidationError(errors)


def _default_scope(proposals: Sequence[Proposal]) -> str:
    if proposals and all(p.scope == Scope.NATIONAL for p in proposals):
        return Action.Scope.ADVOCACY
    return Action.Scope.REGIONAL


def update_action(
    actor: Any, action: Action, *, proposals: Sequence[Proposal] | None = None, **values: Any
) -> Action:
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not action fields: {sorted(unknown)}")
    roadmap = action.axis.roadmap
    _owner(values)
    merged = {name: getattr(action, name) for name in ACTION_FIELDS}
    merged.update(values)
    if proposals is not None:
        proposals = list(
            Proposal.objects.select_related("congress").filter(pk__in=[p.pk for p in proposals])
        )
    _check_action(roadmap, merged, proposals)
    if action.parent_id and "axis" in values and values["axis"].pk != action.axis_id:
        raise ValidationError(_("A milestone stays in its parent's axis."))
    with transaction.atomic():
        _check_dates(
            roadmap,
            parent_id=action.parent_id,
            action=action,
            start=merged["start"],
            due=merged["due"],
        )
        changed = [name for name, value in values.items() if getattr(action, name) != value]
        for name in changed:
            setattr(action, name, values[name])
        if changed:
            action.save(update_fields=[*changed, "updated_at"])
            if "axis" in changed:
                # Milestones follow their parent into the new axis.
                _descendants(action).update(axis=action.axis)
        if proposals is not None:
            before = set(action.proposals.values_list("pk", flat=True))
            if before != {p.pk for p in proposals}:
                action.proposals.set(proposals)
                changed.append("proposals")
        if changed:
            audit.record(actor, "action.change", action, fields=changed)
    return action


def _descendants(action: Action) -> Any:
    ids: list[Any] = []
    frontier = [action.pk]
    while frontier:
        frontier = list(Action.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return Action.objects.filter(pk__in=ids)
