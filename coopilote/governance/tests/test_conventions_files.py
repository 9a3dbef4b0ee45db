"""The public files re-run offline: the command line recomputes the lottery from vivier.csv and
categories.csv, the replay gives the panel; the detail, audit and PDF pages render."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.algorithms.sortition import verifiable
from coopilote.algorithms.sortition.__main__ import main as sortition_cli
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.conventions_fixtures import drawn, make_convention

pytestmark = pytest.mark.django_db


def download(name: str, convention) -> bytes:
    response = Client().get(reverse(f"governance:{name}", kwargs={"pk": convention.pk}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_published_files_replay_offline(union, staff, tmp_path):
    convention = drawn(make_convention(union), staff.user)
    pool = download("convention_pool_csv", convention).decode()
    categories = download("convention_categories_csv", convention).decode()
    panels = download("convention_draw_json", convention).decode()
    probabilities = download("convention_probabilities_csv", convention).decode()
    assert "@" not in pool and "Volontaire" not in pool
    rows = list(csv.reader(io.StringIO(pool)))
    assert rows[0] == ["numero", "age", "genre"] and len(rows) == 13
    assert verifiable.pool_digest(rows[1:], rows[0]) == convention.pool_sha256
    published = verifiable.PublishedDraw.from_json(panels)
    made = convention.draws.get()
    assert list(verifiable.replay(published, rows[1:], int(made.seed))) == made.selected
    assert len(list(csv.reader(io.StringIO(probabilities)))) == 13

    (tmp_path / "vivier.csv").write_text(pool, encoding="utf-8")
    (tmp_path / "categories.csv").write_text(categories, encoding="utf-8")
    out = tmp_path / "calcul.json"
    code = sortition_cli(
        [
            "--categories",
            str(tmp_path / "categories.csv"),
            "--respondents",
            str(tmp_path / "vivier.csv"),
            "--panel-size",
            "4",
            "--lottery",
            "1000",
            "--json",
            str(out),
        ]
    )
    assert code == 0
    recomputed = json.loads(out.read_text())
    assert recomputed["probabilities"] == pytest.approx(
        convention.publication["target_probabilities"], abs=1e-6
    )


def test_pages_render_for_staff_and_visitors(union, staff):
    convention = drawn(make_convention(union), staff.user)
    staff_client = client_of(staff)
    for name in ("convention", "convention_audit", "convention_seed", "convention_volunteers"):
        response = staff_client.get(reverse(f"governance:{name}", kwargs={"pk": convention.pk}))
        assert response.status_code == 200, name
    visitor = Client().get(reverse("governance:convention", kwargs={"pk": convention.pk}))
    assert visitor.status_code == 200
    # Identities stay with the staff: the public pages show numbers only.
    volunteer = convention.volunteers.filter(status="selected").first()
    for name in ("convention", "convention_audit"):
        page = Client().get(reverse(f"governance:{name}", kwargs={"pk": convention.pk}))
        assert volunteer.email.encode() not in page.content
        assert volunteer.last_name.encode() not in page.content
    listing = staff_client.get(
        reverse("governance:convention_volunteers", kwargs={"pk": convention.pk})
    )
    assert volunteer.email.encode() in listing.content


def test_the_audit_report_is_a_pdf(union, staff, tmp_path):
    convention = drawn(make_convention(union), staff.user)
    pdf = download("convention_audit_pdf", convention)
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        (tmp_path / "audit.pdf").write_bytes(pdf)
        text = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [pdftotext, str(tmp_path / "audit.pdf"), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert convention.pool_sha256[:16] in text.replace("\n", "")
        assert "Tranche d’âge" in text and "Genre" in text  # the categories' labels, not keys
        assert "1 000" in text  # the numbered panels, as French writes them


def test_the_replay_commands_of_the_audit_page_work_on_the_downloaded_files(union, staff, tmp_path):
    """Copy the commands shown on the audit page, run them next to the downloaded files."""
    import html
    import os
    import re
    import sys
    from pathlib import Path

    convention = drawn(make_convention(union), staff.user, ("3-1-6", "l'as de « cœur »"))
    for name, filename in (
        ("convention_pool_csv", "vivier.csv"),
        ("convention_categories_csv", "categories.csv"),
        ("convention_draw_json", "tirage.json"),
    ):
        (tmp_path / filename).write_bytes(download(name, convention))
    page = Client().get(reverse("governance:convention_audit", kwargs={"pk": convention.pk}))
    block = re.search(rb"<pre[^>]*><code>(.*?)</code></pre>", page.content, re.S)
    assert block is not None
    commands = [
        line
        for line in html.unescape(block.group(1).decode()).splitlines()
        if line.startswith("python ")
    ]
    assert len(commands) == 6
    repo = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(repo)}

    def run(command: str) -> str:
        return subprocess.run(  # noqa: S603 (the page's own commands, in a scratch folder)
            ["/bin/bash", "-c", command.replace("python ", f"{sys.executable} ", 1)],
            capture_output=True,
            check=True,
            cwd=tmp_path,
            env=env,
            text=True,
        ).stdout.strip()

    made = convention.draws.get()
    assert run(commands[0]) == convention.pool_sha256
    run(commands[1])
    recomputed = json.loads((tmp_path / "calcul.json").read_text())
    assert recomputed["probabilities"] == pytest.approx(
        convention.publication["target_probabilities"], abs=1e-6
    )
    assert run(commands[2]) == made.seed
    numbers = [f"{number:06d}" for number in sorted(made.data["numbers"])]
    assert run(commands[3]) == repr(numbers)
    assert run(commands[4]) == convention.publication["draw_sha256"]
