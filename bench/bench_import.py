"""Importing 5,000 cooperatives: checking (dry run) then applying, then re-running the same file.

Migrates and loads the reference data into a fresh database (PostgreSQL ``coopilote_bench_import``
when ``BENCH_DATABASE_URL`` or ``DATABASE_URL`` is PostgreSQL; otherwise a temporary SQLite
file), writes a French Excel CSV (cp1252, ``;``, CRLF) of 5,000 cooperatives with valid SIRETs,
real communes and NAF codes, and times each phase in a subprocess (Django set up there only).
Budget (issue #4 §3): checking + applying 5,000 lines well under 30 s.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ROWS = 5000
BUDGET = 30.0
DB_NAME = "coopilote_bench_import"


def database_url(tmp: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parts = urlsplit(url)
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {DB_NAME}")
        return urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    return f"sqlite:///{tmp}/bench_import.sqlite3"


def measure(path: str) -> dict[str, Any]:
    """Run inside the subprocess: Django set up on the bench database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopilote.settings")
    django.setup()
    from coopilote.core.models import Commune, NafCode
    from coopilote.directory.importing import apply
    from coopilote.members.models import Cooperative, Union
    from coopilote.members.tests.factories import valid_siret

    union = Union.objects.create(name="Union régionale du banc d’essai", short_name="UR", slug="ur")
    rng = random.Random(4)
    communes = list(Commune.objects.exclude(postcodes="").values_list("name", "postcodes"))
    nafs = list(NafCode.objects.filter(level="subclass").values_list("code", flat=True))
    statuses = ["Scop SARL", "SCOP SA", "Scop SAS", "Scic SAS", "Scic SARL", "CAE", "filiale"]
    lines = ["Nom;SIRET;Statut;Code NAF;Code postal;Commune;Date de création;Effectif;Activités"]
    for n in range(ROWS):
        name, postcodes = rng.choice(communes)
        lines.append(
            ";".join(
                [
                    f"Coopérative n°{n} de {name}",
                    valid_siret(700_000 + n),
                    rng.choice(statuses),
                    rng.choice(nafs).replace(".", ""),
                    rng.choice(postcodes.split()),
                    name.upper() if n % 3 == 0 else name,
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2024)}",
                    f"{rng.randint(0, 300)},0",
                    "Activités de la coopérative; services et conseil",
                ]
            ).replace("; services", ", services")
        )
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace")
    Path(path).write_bytes(data)
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    report = apply.dry_run(data, union)
    figures["check"] = time.perf_counter() - started
    figures["errors"] = report.errors[:3]
    started = time.perf_counter()
    applied = apply.apply(data, union, None, filename="bench.csv")
    figures["apply"] = time.perf_counter() - started
    figures["created"] = applied.created
    started = time.perf_counter()
    again = apply.apply(data, union, None, filename="bench.csv")
    figures["rerun"] = time.perf_counter() - started
    figures["rerun_unchanged"] = again.unchanged
    figures["cooperatives"] = Cooperative.objects.count()
    return figures


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_hex(32),
            "TASKS_BACKEND": "immediate",
        }
        for command in (["migrate", "-v0"], ["load_reference"]):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        result = subprocess.run(
            [PYTHON, "-m", "bench.bench_import", "--measure", f"{tmp}/cooperatives.csv"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    total = figures["check"] + figures["apply"]
    figures["database"] = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    figures["budget_ok"] = total < BUDGET and not figures["errors"]
    print(f"database: {figures['database']}, {ROWS} lines")
    print(f"check (dry run): {figures['check']:.2f} s")
    print(f"apply (check + write + directory entries): {figures['apply']:.2f} s")
    print(f"re-run (0 written, {figures['rerun_unchanged']} unchanged): {figures['rerun']:.2f} s")
    if figures["errors"]:
        print(f"rejected lines, e.g. {figures['errors']}")
    verdict = "OK" if figures["budget_ok"] else "TOO SLOW"
    print(f"check + apply: {total:.2f} s (budget {BUDGET:.0f} s): {verdict}")
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2]), default=str))
    else:
        main()
