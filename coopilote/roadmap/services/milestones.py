"""The rule between an action and its milestones: a milestone starts no earlier and is due no
later than every action it is part of, and an action's dates hold those of its milestones."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from coopilote.core.templatetags.french import french_date
from coopilote.roadmap.models import Action, Roadmap


def _day(day: datetime.date) -> str:
    return french_date(day, "j F Y")


def date_errors(
    roadmap: Roadmap,
    *,
    parent_id: Any,
    action: Action | None,
    start: datetime.date | None,
    due: datetime.date | None,
) -> dict[str, str]:
    """Why ``start`` or ``due`` (field name → message) breaks the rule between an action and
    its milestones: a milestone starts no earlier and is due no later than every action it is
    part of, and an action's dates hold those of its milestones.

    ``action`` is the stored action being edited (None for a new one under ``parent_id``).
    Only the dates that change are checked, so an action whose dates already broke the rule
    (data older than it) still accepts every other change.
    """
    changed = {
        name: day
        for name, day in (("start", start), ("due", due))
        if day is not None and (action is None or getattr(action, name) != day)
    }
    if not changed or (parent_id is None and (action is None or action.pk is None)):
        return {}
    rows = {row.pk: row for row in Action.objects.in_roadmap(roadmap).for_dates()}
    own = action.pk if action is not None else None
    above: list[Action] = []
    key = parent_id
    while key in rows and key != own and len(above) < len(rows):
        above.append(rows[key])
        key = rows[key].parent_id
    below: list[Action] = []
    frontier = {own} if own is not None else set()
    while frontier and len(below) < len(rows):
        found = [row for row in rows.values() if row.parent_id in frontier and row.pk != own]
        below += found
        frontier = {row.pk for row in found}
    errors = {}
    for name, day in changed.items():
        message = _against_parents(name, day, above) or _against_milestones(name, day, below)
        if message:
            errors[name] = message
    return errors


def _against_parents(name: str, day: datetime.date, above: Sequence[Action]) -> str | None:
    """The first action ``day`` falls outside of (its parent first), named."""
    for parent in above:
        if parent.due and day > parent.due:
            text = {
                "due": _(
                    "A milestone cannot be due after the action it is part of: "
                    "“%(action)s” is due on %(date)s."
                ),
                "start": _(
                    "A milestone cannot start after the action it is part of is due: "
                    "“%(action)s” is due on %(date)s."
                ),
            }[name]
            return text % {"action": parent.title, "date": _day(parent.due)}
        if parent.start and day < parent.start:
            text = {
                "due": _(
                    "A milestone cannot be due before the action it is part of starts: "
                    "“%(action)s” starts on %(date)s."
                ),
                "start": _(
                    "A milestone cannot start before the action it is part of: "
                    "“%(action)s” starts on %(date)s."
                ),
            }[name]
            return text % {"action": parent.title, "date": _day(parent.start)}
    return None


def _against_milestones(name: str, day: datetime.date, below: Sequence[Action]) -> str | None:
    """The milestone furthest outside the action's new ``name`` date, named; on a tie, by its
    date of the same kind."""
    kinds = ("due", "start") if name == "due" else ("start", "due")
    dates = [(getattr(row, kind), kind, row) for row in below for kind in kinds]
    if name == "due":
        outside = [entry for entry in dates if entry[0] is not None and entry[0] > day]
        worst = max(outside, key=lambda entry: entry[0], default=None)
    else:
        outside = [entry for entry in dates if entry[0] is not None and entry[0] < day]
        worst = min(outside, key=lambda entry: entry[0], default=None)
    if worst is None:
        return None
    moment, kind, row = worst
    text = {
        ("due", "due"): _(
            "The milestone “%(milestone)s” is due later, on %(date)s: "
            "move it first, or choose a later date."
        ),
        ("due", "start"): _(
            "The milestone “%(milestone)s” starts later, on %(date)s: "
            "move it first, or choose a later date."
        ),
        ("start", "start"): _(
            "The milestone “%(milestone)s” starts earlier, on %(date)s: "
            "move it first, or choose an earlier date."
        ),
        ("start", "due"): _(
            "The milestone “%(milestone)s” is due earlier, on %(date)s: "
            "move it first, or choose an earlier date."
        ),
    }[name, kind]
    return text % {"milestone": row.title, "date": _day(moment)}
