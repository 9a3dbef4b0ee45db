"""The one way to write the audit log. Call it inside the service's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from coopilote.core.models import AuditEvent

# Field names whose values never reach the log, whatever the caller passes.
CONFIDENTIAL = frozenset(
    {"password", "email", "phone", "birth_date", "birth_year", "ballot", "token"}
)


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after.get(name))


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    fields: Iterable[str] = (),
    **summary: Any,
) -> AuditEvent:
    """Append an audit row. ``fields`` lists what changed (names only, never values)."""
    clean = {key: value for key, value in summary.items() if key not in CONFIDENTIAL}
    names = sorted(fields)
    if names:
        clean["fields"] = names
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        summary=clean,
    )
