"""Applying an import: all or nothing, in one transaction with one audit row.

The file is checked again inside the transaction (what was checked is what is written, even if
someone edited a cooperative since the dry run); any error and nothing is written.

Test hook ``COOPILOTE_IMPORT_PAUSE_AFTER_BATCH=<seconds>``: after the first batch is written,
still inside the transaction, print ``import: paused after the first batch`` on stderr and sleep.
Only ``test_import_killed.py`` sets it, to SIGKILL an import half-way and prove nothing stays.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from coopilote.core.audit import record
from coopilote.directory.importing.validation import Plan, Report, check
from coopilote.directory.services import refresh_entries
from coopilote.members.models import Cooperative

BATCH = 500
PAUSE_ENV = "COOPILOTE_IMPORT_PAUSE_AFTER_BATCH"
Progress = Callable[[int], None]


def dry_run(data: bytes, union: Any) -> Report:
    return check(data, union).report


def apply(
    data: bytes,
    union: Any,
    actor: Any,
    *,
    filename: str = "",
    job: Any = None,
    progress: Progress | None = None,
) -> Report:
    """Check then write every line, or nothing; ``progress(n)`` after each written batch."""
    with transaction.atomic():
        plan = check(data, union)
        if not plan.ok:
            return plan.report
        touched = _write(plan, union, progress or (lambda done: None))
        report = plan.report
        record(
            actor,
            "cooperative.import",
            job if job is not None else union,
            union=str(union.pk),
            filename=filename,
            rows=report.total_rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            fields=sorted(plan.attributes),
        )
        if touched:
            refresh_entries(touched)
    return plan.report


def _write(plan: Plan, union: Any, progress: Progress) -> list[Any]:
    now = timezone.now()
    touched: list[Any] = []
    for start in range(0, len(plan.creates), BATCH):
        batch = [
            Cooperative(union=union, created_at=now, updated_at=now, **attributes)
            for attributes in plan.creates[start : start + BATCH]
        ]
        Cooperative.objects.bulk_create(batch)
        touched.extend(cooperative.pk for cooperative in batch)
        _batch_done(len(touched), progress)
    items = list(plan.updates.items())
    fields = sorted({*plan.attributes, "updated_at"})
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        batch = [Cooperative(pk=pk, updated_at=now, **attributes) for pk, attributes in chunk]
        Cooperative.objects.bulk_update(batch, fields)
        touched.extend(pk for pk, _attributes in chunk)
        _batch_done(len(touched), progress)
    return touched


def _batch_done(done: int, progress: Progress) -> None:
    progress(done)
    pause = float(os.environ.get(PAUSE_ENV) or 0)
    if pause and done <= BATCH:  # the first batch only
        print("import: paused after the first batch", file=sys.stderr, flush=True)
        time.sleep(pause)
