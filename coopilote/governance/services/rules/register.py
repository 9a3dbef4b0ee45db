"""The accountability register: who answers for what, a line created, edited or deleted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import Accountability
from coopilote.governance.services.rules.documents import AmendmentError


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
