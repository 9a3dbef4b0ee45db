"""A roadmap's frame: the roadmap itself, its axes and its list of statuses.

Each function is one transaction with one audit row naming the changed fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.roadmap.models import DEFAULT_STATUSES, ActionStatus, Axis, Congress, Roadmap

ROADMAP_FIELDS = ("title", "intro", "published", "congress")


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
