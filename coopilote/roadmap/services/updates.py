"""An action's log: its progress entered on a leaf, dated notes, and the rolled-up progress
each entry records. Each function is one transaction with one audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.roadmap import progress as rollup
from coopilote.roadmap.models import Action, ActionUpdate
from coopilote.roadmap.services.people import person_of

MAX_UPDATE = 4000


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
