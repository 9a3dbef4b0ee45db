"""An import killed while it writes leaves the database as it was (one transaction).

``manage.py import_cooperatives`` runs in a subprocess with the test hook
``COOPILOTE_IMPORT_PAUSE_AFTER_BATCH`` (see ``importing/apply.py``): it writes its first
batch, says so on stderr and sleeps inside the transaction; the test SIGKILLs it there.
On PostgreSQL the subprocess uses this test's own database (committed data:
``transaction=True``); on SQLite a migrated file of its own.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from coopilote.members.tests.factories import valid_siret

ROOT = Path(__file__).resolve().parents[3]
ROWS = 1200  # more than one batch of 500


def manage(env: dict[str, str], *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        **kwargs,  # type: ignore[call-overload]
    )


def database_url(tmp_path: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings["USER"] or "postgres"
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        host = settings["HOST"] or "127.0.0.1"
        port = settings["PORT"] or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    return f"sqlite:///{tmp_path / 'killed.sqlite3'}"


COUNT = (
    "from coopilote.members.models import Cooperative;"
    "from coopilote.core.models import AuditEvent;"
    "print(Cooperative.objects.count(), AuditEvent.objects.filter(action='cooperative.import')"
    ".count())"
)


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_the_database_unchanged(tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(tmp_path), "TASKS_BACKEND": "immediate"}
    if connection.vendor == "sqlite":
        manage(env, "migrate", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from coopilote.members.models import Union;"
        "Union.objects.create(name='Union régionale test', short_name='UR', slug='ur-test')",
    )
    lines = ["nom;siret;statut"] + [f"Coop {n};{valid_siret(50_000 + n)};Scop" for n in range(ROWS)]
    path = tmp_path / "cooperatives.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    assert manage(env, "shell", "-c", COUNT).stdout.split()[-2:] == ["0", "0"]

    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "import_cooperatives", str(path), "--union", "ur-test"],
        cwd=ROOT,
        env={**env, "COOPILOTE_IMPORT_PAUSE_AFTER_BATCH": "120"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        seen = ""
        assert process.stderr is not None
        while "paused after the first batch" not in seen:
            assert time.monotonic() < deadline, f"the import never paused: {seen}"
            assert process.poll() is None, f"the import ended early: {seen}"
            ready, _, _ = select.select([process.stderr], [], [], 1)
            if ready:
                seen += process.stderr.readline()
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert manage(env, "shell", "-c", COUNT).stdout.split()[-2:] == ["0", "0"]
    # The same file, not killed this time, goes through whole: the hook was the only obstacle.
    manage(env, "import_cooperatives", str(path), "--union", "ur-test")
    assert manage(env, "shell", "-c", COUNT).stdout.split()[-2:] == [str(ROWS), "1"]
