"""The web page's imports: an ``ImportJob`` holds the file; tasks check it, then apply it.

Progress: ``processed_rows`` must be visible while the apply transaction is still open, so on
PostgreSQL it is written through a second connection in autocommit. SQLite allows one writer
at a time (and the apply holds it from its first statement: IMMEDIATE transactions), so there
the bar jumps from 0 to 100 % when the transaction commits; checking and applying 5,000 lines
take seconds either way.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection, connections
from django.utils import timezone

from coopilote.accounts.models import User
from coopilote.directory.importing import apply
from coopilote.directory.models import ImportJob

S = ImportJob.Status
RUNNING = (S.PENDING, S.CHECKING, S.APPLYING)


def create_job(union: Any, user: Any, filename: str, content: bytes) -> ImportJob:
    """Store the file, then have a worker check it (the page shows the report)."""
    from coopilote.directory.importing import tasks

    job = ImportJob.objects.create(
        union=union,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    tasks.check_import.enqueue(str(job.pk))
    return job


def check_job(job_id: Any) -> None:
    updated = ImportJob.objects.filter(pk=job_id, status=S.PENDING).update(status=S.CHECKING)
    if not updated:
        return  # already checked (a task run twice does nothing twice)
    job = ImportJob.objects.select_related("union").get(pk=job_id)
    report = apply.dry_run(bytes(job.content), job.union).as_dict()
    job.report = report
    job.total_rows = report["total_rows"]
    job.status = S.REJECTED if report["errors"] else S.CHECKED
    job.save(update_fields=["report", "total_rows", "status", "updated_at"])


def request_apply(job: ImportJob, user: Any) -> bool:
    """Only a checked file with no error can be applied, and only once."""
    from coopilote.directory.importing import tasks

    updated = ImportJob.objects.filter(pk=job.pk, status=S.CHECKED).update(
        status=S.APPLYING, processed_rows=0, updated_at=timezone.now()
    )
    if not updated:
        return False
    tasks.apply_import.enqueue(str(job.pk), str(user.pk))
    return True


def apply_job(job_id: Any, actor_id: Any) -> None:
    job = ImportJob.objects.select_related("union").get(pk=job_id)
    if job.status != S.APPLYING:
        return
    actor = User.objects.filter(pk=actor_id).first()
    progress = ProgressWriter(job)
    try:
        report = apply.apply(
            bytes(job.content),
            job.union,
            actor,
            filename=job.filename,
            job=job,
            progress=progress,
        ).as_dict()
    except Exception:
        job.status = S.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at", "updated_at"])
        raise
    finally:
        progress.close()
    job.report = report
    job.status = S.REJECTED if report["errors"] else S.DONE
    job.processed_rows = job.total_rows = report["total_rows"]
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "report",
            "status",
            "processed_rows",
            "total_rows",
            "finished_at",
            "updated_at",
        ]
    )


class ProgressWriter:
    """``processed_rows`` through a connection of its own (PostgreSQL), outside the import's."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.connection: Any = None
        if connection.vendor == "postgresql":
            self.connection = connections.create_connection("default")

    def __call__(self, done: int) -> None:
        if self.connection is None:
            return
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET processed_rows = %s WHERE id = %s",  # noqa: S608 (our table)
                [done, self.job_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def is_running(job: ImportJob) -> bool:
    return job.status in RUNNING
