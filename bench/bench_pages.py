"""Page latency at national scale, as a ratio to ``/healthz`` measured in the same run.

Seeds ``seed_demo --scale national`` into a fresh database (PostgreSQL, the reference, when
``BENCH_DATABASE_URL`` or a PostgreSQL ``DATABASE_URL`` is set; otherwise a temporary SQLite
file), serves it with gunicorn on 127.0.0.1, and sends each URL from 8 concurrent clients.
Budget (issue "Directory"): every page's p95 ≤ 3 × the p95 of ``/healthz``.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CLIENTS = 8
REQUESTS_PER_CLIENT = 40
BUDGET = 3.0


def database_url(tmp: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/coopilote_bench"))
    return f"sqlite:///{tmp}/bench.sqlite3"


def reset_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS coopilote_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE coopilote_bench")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def fetch(port: int, path: str, count: int, out: list[float], errors: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        out.append(time.perf_counter() - started)
        if response.status != 200:
            errors.append(f"{path}: {response.status}")
    connection.close()


def p95(port: int, path: str) -> float:
    timings: list[float] = []
    errors: list[str] = []
    fetch(port, path, 5, [], errors)  # warm caches and connections
    threads = [
        threading.Thread(target=fetch, args=(port, path, REQUESTS_PER_CLIENT, timings, errors))
        for _ in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return statistics.quantiles(timings, n=20)[18]


def pages(env: dict[str, str]) -> dict[str, str]:
    """A cooperative page and a search of the kind people run: text plus two filters."""
    code = (
        "from coopilote.members.models import Cooperative as C;"
        "c = C.objects.filter(commune__department_id='69', is_cae=True).order_by('siret').first();"
        "print(c.pk)"
    )
    pk = (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )  # the shell may first say what it auto-imported
    return {
        "/healthz": "/healthz",
        "directory search": "/annuaire/?q=menuiserie&statut=scop&departement=69",
        "directory API": "/api/cooperatives?q=formation&secteur=education-formation",
        # The heaviest map: every cooperative in France, no filter.
        "map data (all)": "/annuaire/carte.json",
        "map data (search)": "/annuaire/carte.json?q=menuiserie&statut=scop&departement=69",
        "cooperative page": f"/cooperatives/{pk}/",
        "home": "/",
    }


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(tmp)
        if url.startswith("postgres"):
            reset_postgres(url)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_hex(32),
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "STATIC_ROOT": f"{tmp}/static",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DIRECTORY_API_RATE": "1000000",
        }
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "load_reference")
        manage(env, "seed_demo", "--scale", "national")
        manage(env, "collectstatic", "--noinput")
        print(
            f"national demo seeded on {url.split(':')[0]} in {time.perf_counter() - started:.0f} s"
        )
        urls = pages(env)
        port = free_port()
        server = subprocess.Popen(
            [
                GUNICORN,
                "coopilote.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "--workers",
                "4",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    fetch(port, "/healthz", 1, [], [])
                    break
                except OSError:
                    time.sleep(0.2)
            floor = p95(port, "/healthz")
            results: dict[str, Any] = {"healthz_p95_s": floor}
            print(f"{'/healthz':<18} p95 {floor * 1000:7.1f} ms")
            worst = 0.0
            for label, path in urls.items():
                if label == "/healthz":
                    continue
                value = p95(port, path)
                ratio = value / floor
                worst = max(worst, ratio)
                results[label] = {"p95_s": value, "ratio": ratio}
                verdict = "OK" if ratio <= BUDGET else "TOO SLOW"
                print(f"{label:<18} p95 {value * 1000:7.1f} ms  ratio {ratio:5.1f}  {verdict}")
        finally:
            server.terminate()
            server.wait(timeout=10)
        print(f"worst ratio {worst:.1f} (budget {BUDGET:.0f}, {CLIENTS} clients)")
        return results


if __name__ == "__main__":
    main()
    sys.exit(0)
