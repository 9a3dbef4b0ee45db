"""Writes to a roadmap: roadmap, axes, statuses, actions from proposals, progress and updates.

Each function is one transaction with one audit row naming the changed fields. Progress is
entered on leaves only: a parent's progress is rolled up from its milestones (``progress``).
A milestone's dates lie within those of the actions it is part of (``milestones``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.members.models import Person
from coopilote.roadmap import progress as rollup
from coopilote.roadmap.models import (
    DEFAULT_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    Congress,
    Proposal,
    Roadmap,
    Scope,
)
from coopilote.roadmap.services.milestones import date_errors

ROADMAP_FIELDS = ("title", "intro", "published", "congress")
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
MAX_UPDATE = 4000


def person_of(actor: Any) -> Person | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return Person.objects.filter(user=actor, anonymized_at=None).first()


def create_roadmap(
    actor: Any,
    union: Any,
    title: str,
    *,
    congress: Congress | None = None,
    intro: str = "",
    axes: Sequence[str] = (),
    published: bool = False,
) -> Roadmap:
    """A roadmap with the default list of statuses and, optionally, its first axes."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the roadmap a title."))
    if congress is not None and congress.union_id != union.pk:
        raise ValidationError(_("The congress belongs to another union."))
    with transaction.atomic():
        roadmap = Roadmap.objects.create(
            union=union, congress=congress, title=title, intro=intro, published=published
        )
        ActionStatus.objects.bulk_create(
            ActionStatus(roadmap=roadmap, name=name, order=index, is_done=done, colour=colour)
            for index, (name, done, colour) in enumerate(DEFAULT_STATUSES)
        )
        Axis.objects.bulk_create(
            Axis(roadmap=roadmap, title=axis.strip(), order=index)
            for index, axis in enumerate(axes)
            if axis.strip()
        )
        audit.record(actor, "roadmap.create", roadmap, axes=len(axes))
    return roadmap


def update_roadmap(actor: Any, roadmap: Roadmap, **values: Any) -> Roadmap:
    unknown = set(values) - set(ROADMAP_FIELDS)
    if unknown:
        raise ValueError(f"Not roadmap fields: {sorted(unknown)}")
    congress = values.get("congress", roadmap.congress)
    if congress is not None and congress.union_id != roadmap.union_id:
        raise ValidationError(_("The congress belongs to another union."))
    with transaction.atomic():
        changed = [name for name, value in values.items() if getattr(roadmap, name) != value]
        for name in changed:
            setattr(roadmap, name, values[name])
        if changed:
            roadmap.save(update_fields=[*changed, "updated_at"])
            audit.record(actor, "roadmap.change", roadmap, fields=changed)
    return roadmap


def add_axis(actor: Any, roadmap: Roadmap, title: str) -> Axis:
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the axis a title."))
    with transaction.atomic():
        top = roadmap.axes.aggregate(top=Max("order"))["top"]
        axis = Axis.objects.create(
            roadmap=roadmap, title=title, order=0 if top is None else top + 1
        )
        audit.record(actor, "roadmap.add_axis", axis, roadmap=str(roadmap.pk))
    return axis


def save_statuses(actor: Any, roadmap: Roadmap, rows: Iterable[Mapping[str, Any]]) -> None:
    """Create, change or delete statuses; ``rows`` hold ``id`` (None for a new one),
    ``name``, ``order``, ``is_done``, ``colour`` and ``delete``. A status in use stays."""
    with transaction.atomic():
        existing = {status.pk: status for status in roadmap.statuses.select_for_update()}
        for row in rows:
            key = row.get("id")
            status = existing.get(key) if key is not None else None
            if row.get("delete"):
                if status is None:
                    continue
                if status.actions.exists():
                    raise ValidationError(
                        _("“%(name)s” is the status of an action: it cannot be deleted.")
                        % {"name": status.name}
                    )
                audit.record(actor, "roadmap.delete_status", status, roadmap=str(roadmap.pk))
                status.delete()
                continue
            values = {key: row[key] for key in ("name", "order", "is_done", "colour")}
            clash = roadmap.statuses.filter(name=values["name"])
            if status is not None:
                clash = clash.exclude(pk=status.pk)
            if clash.exists():
                raise ValidationError(
                    _("Two statuses are called “%(name)s”.") % {"name": values["name"]}
                )
            if status is None:
                created = ActionStatus.objects.create(roadmap=roadmap, **values)
                audit.record(actor, "roadmap.add_status", created, roadmap=str(roadmap.pk))
                continue
            changed = [key for key, value in values.items() if getattr(status, key) != value]
            if changed:
                for key in changed:
                    setattr(status, key, values[key])
                status.save(update_fields=[*changed, "updated_at"])
                audit.record(actor, "roadmap.change_status", status, fields=changed)
        names = list(roadmap.statuses.values_list("name", flat=True))
        if not names:
            raise ValidationError(_("A roadmap keeps at least one status."))


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


def update_progress(
    actor: Any,
    action: Action,
    progress: int,
    note: str = "",
    *,
    date: datetime.date | None = None,
) -> ActionUpdate:
    """Set a leaf action's progress and log it; a parent's progress is computed, not entered."""
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a percentage, from 0 to 100."))
    note = note.strip()
    if len(note) > MAX_UPDATE:
        raise ValidationError(_("The note is too long."))
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.children.exists():
            raise ValidationError(
                _(
                    "This action has milestones: its progress is computed from theirs. "
                    "Update the milestones instead."
                )
            )
        changed = locked.progress != progress
        locked.progress = progress
        locked.save(update_fields=["progress", "updated_at"])
        update = ActionUpdate.objects.create(
            action=locked,
            date=date or timezone.localdate(),
            author=person_of(actor),
            # Without a note, pages say "progress set to N %" in the reader's language.
            text=note,
            progress=progress,
        )
        audit.record(
            actor,
            "action.progress",
            locked,
            fields=["progress"] if changed else [],
            note=bool(note),
        )
    action.progress = progress
    return update


def add_update(
    actor: Any, action: Action, text: str, *, date: datetime.date | None = None
) -> ActionUpdate:
    """A dated note on an action's log, with the action's progress at that moment."""
    text = text.strip()
    if not text:
        raise ValidationError(_("The update is empty."))
    if len(text) > MAX_UPDATE:
        raise ValidationError(_("The update is too long."))
    with transaction.atomic():
        update = ActionUpdate.objects.create(
            action=action,
            date=date or timezone.localdate(),
            author=person_of(actor),
            text=text,
            progress=current_progress(action),
        )
        audit.record(actor, "action.update", update, action_id=str(action.pk))
    return update


def current_progress(action: Action) -> int:
    """The action's progress as the roadmap page shows it (rolled up for a parent)."""
    roadmap = action.axis.roadmap
    tree = rollup.build(
        list(roadmap.axes.all()), list(Action.objects.in_roadmap(roadmap).for_tree())
    )
    node = tree.node(action.pk)
    return node.percent if node is not None else 0
