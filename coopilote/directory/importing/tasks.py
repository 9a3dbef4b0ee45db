"""Background tasks (django-tasks; ``manage.py db_worker`` runs them): check, then apply."""

from __future__ import annotations

from django_tasks import task

from coopilote.directory.importing import jobs


@task()
def check_import(job_id: str) -> None:
    jobs.check_job(job_id)


@task()
def apply_import(job_id: str, actor_id: str) -> None:
    jobs.apply_job(job_id, actor_id)
