"""The import pages: union staff upload, read the checking report, apply, follow the progress."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from coopilote.core.models import AuditEvent
from coopilote.directory.importing import jobs
from coopilote.directory.models import ImportJob
from coopilote.directory.tests.test_import import CAE, DATA, JOINERY, SOFTWARE, csv, places
from coopilote.members.models import Cooperative

__all__ = ["places"]  # the fixture, shared with test_import

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def client_as(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def upload(client: Client, data: bytes, name: str = "cooperatives.csv", **extra: Any) -> Any:
    return client.post(
        reverse("directory:import_new"), {"file": SimpleUploadedFile(name, data), **extra}
    )


@override_settings(TASKS=IMMEDIATE)
def test_staff_upload_read_the_report_then_apply_and_see_it_done(world, places):
    client = client_as(world, "staff")

    response = upload(client, (DATA / "excel_cp1252.csv").read_bytes())

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "directory:import_detail", args=[job.pk]
    )
    assert (job.union, job.created_by, job.status) == (world.union, world.user("staff"), "checked")
    page = client.get(response["Location"]).content.decode()
    assert "3\u00a0lignes\u00a0: 3\u00a0coopératives à créer, 0\u00a0à mettre à jour" in page
    assert "colonne «\u00a0Remarques\u00a0» inconnue" in page
    assert reverse("directory:import_apply", args=[job.pk]) in page
    assert not Cooperative.objects.filter(siret__in=[JOINERY, SOFTWARE, CAE]).exists()

    client.post(reverse("directory:import_apply", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == ("done", 3, 3)
    assert job.finished_at is not None
    assert (
        Cooperative.objects.filter(union=world.union, siret__in=[JOINERY, SOFTWARE, CAE]).count()
        == 3
    )
    event = AuditEvent.objects.get(action="cooperative.import")
    assert event.object_id == str(job.pk) and event.actor == world.user("staff")
    # Applying twice is refused: the job is done.
    response = client.post(reverse("directory:import_apply", args=[job.pk]), follow=True)
    assert "Seul un fichier vérifié et sans erreur" in response.content.decode()
    assert AuditEvent.objects.filter(action="cooperative.import").count() == 1


@override_settings(TASKS=IMMEDIATE)
def test_a_rejected_file_lists_its_errors_and_cannot_be_applied(world, places):
    client = client_as(world, "staff")
    upload(client, csv(f"Une;{JOINERY};Scop;69001;Lyon", "Deux;71278919790029;Scop;;"))
    job = ImportJob.objects.get()

    page = client.get(reverse("directory:import_detail", args=[job.pk])).content.decode()

    assert job.status == "rejected"
    assert "1 erreur\u00a0: rien ne sera importé" in page
    assert (
        "Ligne 3, colonne «\u00a0siret\u00a0»\u00a0: le SIRET 71278919790029 n’est pas valide"
        " (clé de contrôle)."
    ) in page
    assert reverse("directory:import_apply", args=[job.pk]) not in page
    client.post(reverse("directory:import_apply", args=[job.pk]))
    assert not Cooperative.objects.filter(siret=JOINERY).exists()


@override_settings(TASKS=IMMEDIATE)
def test_the_union_is_the_staff_s_current_one_whatever_is_posted(world, places):
    client = client_as(world, "staff")

    upload(
        client,
        csv(f"Une;{JOINERY};Scop;69001;Lyon"),
        union=str(world.other_union.pk),
        union_id=str(world.other_union.pk),
        status="checked",
        created_by=str(world.user("admin").pk),
    )

    job = ImportJob.objects.get()
    assert (job.union, job.created_by) == (world.union, world.user("staff"))
    client.post(reverse("directory:import_apply", args=[job.pk]), {"union": world.other_union.pk})
    assert Cooperative.objects.get(siret=JOINERY).union == world.union


@pytest.mark.parametrize("role", ["member", "referent", "board", "confederation"])
def test_people_who_do_not_run_a_union_cannot_import(world, role):
    response = upload(client_as(world, role), csv(f"Une;{JOINERY};Scop;;"))

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


@override_settings(TASKS=IMMEDIATE)
@pytest.mark.parametrize("role", ["member", "referent", "other_union_staff"])
def test_another_union_s_import_is_not_even_seen_nor_applied(world, places, role):
    upload(client_as(world, "staff"), csv(f"Une;{JOINERY};Scop;69001;Lyon"))
    job = ImportJob.objects.get()
    client = client_as(world, role)

    assert client.get(reverse("directory:import_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("directory:import_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("directory:import_apply", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "checked"
    assert not Cooperative.objects.filter(siret=JOINERY).exists()
    assert job.filename not in client.get(reverse("directory:import_list")).content.decode()


def test_a_file_over_10_mb_is_refused_in_french(world):
    response = upload(client_as(world, "staff"), b"nom;siret;statut\r\n" + b"x" * 10 * 1024 * 1024)

    assert response.status_code == 200
    assert "Le fichier est trop volumineux (10\u00a0Mo au plus)." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_progress_fragment_polls_while_the_job_runs_then_reloads_the_page(world):
    job = ImportJob.objects.create(
        union=world.union,
        filename="f.csv",
        content=b"",
        status="applying",
        total_rows=10,
        processed_rows=4,
    )
    client = client_as(world, "staff")
    url = reverse("directory:import_progress", args=[job.pk])

    running = client.get(url, headers={"HX-Request": "true"})

    html = running.content.decode()
    assert 'hx-trigger="every 1s"' in html and f'hx-get="{url}"' in html
    assert '<progress value="4" max="10"' in html
    assert "HX-Refresh" not in running
    ImportJob.objects.filter(pk=job.pk).update(status="done", processed_rows=10)
    done = client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"


# The worker closes its connection when done: no test transaction around it.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE)
def test_the_database_worker_checks_then_applies_the_queued_import(world, places):
    client = client_as(world, "staff")
    upload(client, (DATA / "excel_utf8_bom.csv").read_bytes())
    job = ImportJob.objects.get()
    assert job.status == "pending"  # queued, not run in the request

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == "checked"
    client.post(reverse("directory:import_apply", args=[job.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == "done"
    assert Cooperative.objects.filter(union=world.union, siret__in=[JOINERY, CAE]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_is_visible_while_the_apply_transaction_is_open(
    world, places, monkeypatch
):
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its bar moves when the import commits")
    monkeypatch.setattr("coopilote.directory.importing.apply.BATCH", 1)
    data = (DATA / "excel_cp1252.csv").read_bytes()
    job = ImportJob.objects.create(
        union=world.union, filename="f.csv", content=data, status="applying", total_rows=3
    )
    seen: list[tuple[int, int]] = []
    write = jobs.ProgressWriter.__call__

    def observed(self: jobs.ProgressWriter, done: int) -> None:
        write(self, done)
        outside = connections.create_connection("default")
        try:
            with outside.cursor() as cursor:
                cursor.execute(
                    "SELECT processed_rows FROM directory_importjob WHERE id = %s", [job.pk]
                )
                visible = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM members_cooperative WHERE siret = %s", [CAE])
                seen.append((visible, cursor.fetchone()[0]))
        finally:
            outside.close()

    monkeypatch.setattr(jobs.ProgressWriter, "__call__", observed)

    jobs.apply_job(job.pk, world.user("staff").pk)

    # Each batch's count is visible at once, while the cooperatives are not (yet) committed.
    assert seen == [(1, 0), (2, 0), (3, 0)]
    job.refresh_from_db()
    assert job.status == "done" and Cooperative.objects.filter(siret=CAE).exists()
