"""Page latency at national scale, as a ratio to ``/healthz`` measured in the same run.

Seeds ``seed_demo --scale national`` into a fresh database (PostgreSQL, the reference, when
``BENCH_DATABASE_URL`` or a PostgreSQL ``DATABASE_URL`` is set; otherwise a temporary SQLite
file), serves it with gunicorn on 127.0.0.1, and sends each URL from 8 concurrent clients.
Budget (issue "Directory"): every page's p95 ≤ 3 × the p95 of ``/healthz``.

Each page is measured twice: "cached", the same URL again and again as the public page cache
(``core/pagecache.py``) answers visitors without a session; and "cold", every request a new URL
(an ignored ``_`` parameter), so the page is computed each time, as for a logged-in person or a
search nobody made in the last five minutes.

Then, to explain the ratios, each URL's CPU time for one request computed in a single process
(Django's test client, no server, no concurrency; the minimum of 40): the queues of 8 clients
on the machine's cores multiply these service times, so a ratio cannot fall much below theirs.
"""

from __future__ import annotations

import http.client
import json
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
REQUESTS_PER_CLIENT = 100
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


def shared_cache() -> str:
    """Redis when it answers on this machine (what a deployment would use), else a table."""
    wanted = os.environ.get("BENCH_CACHE_URL")
    if wanted:
        return wanted
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/15"
    except OSError:
        pass
    return "db://coopilote_cache"


def settle_postgres(url: str) -> None:
    """Vacuum and analyse after the bulk load, as autovacuum would soon: otherwise it runs
    during the measures."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def fetch(
    port: int, path: str, count: int, out: list[float], errors: list[str], cold: bool = False
) -> None:
    """``cold``: each request's URL is made unique (an ignored ``_`` parameter), so no cache
    can answer it: the page is computed every time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        address = path
        if cold:
            address += ("&" if "?" in path else "?") + f"_={secrets.token_hex(8)}"
        started = time.perf_counter()
        connection.request("GET", address)
        response = connection.getresponse()
        response.read()
        out.append(time.perf_counter() - started)
        if response.status != 200:
            errors.append(f"{path}: {response.status}")
    connection.close()


def p95(port: int, path: str, cold: bool = False) -> float:
    timings: list[float] = []
    errors: list[str] = []
    # Warm up every server process (each keeps its own copy of a cached page) and connection.
    warmers = [
        threading.Thread(target=fetch, args=(port, path, 3, [], errors, cold))
        for _ in range(CLIENTS)
    ]
    for thread in warmers:
        thread.start()
    for thread in warmers:
        thread.join()
    threads = [
        threading.Thread(
            target=fetch, args=(port, path, REQUESTS_PER_CLIENT, timings, errors, cold)
        )
        for _ in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return statistics.quantiles(timings, n=20)[18]


# Run by ``manage.py shell``: the CPU time of one request per URL, computed every time.
SERVICE_TIME_CODE = """
import json, secrets, sys, time
from django.test import Client
client, found = Client(), {}
for label, path in json.loads(sys.stdin.read()).items():
    def once():
        unique = path + ("&" if "?" in path else "?") + "_=" + secrets.token_hex(8)
        started = time.process_time()
        client.get(unique, SERVER_NAME="127.0.0.1")
        return time.process_time() - started
    for _ in range(5):
        once()
    found[label] = min(once() for _ in range(40))
print("SERVICE " + json.dumps(found))
"""


def service_times(env: dict[str, str], urls: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SERVICE_TIME_CODE],
        cwd=ROOT,
        env=env,
        input=json.dumps(urls),
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("SERVICE "))
    times: dict[str, float] = json.loads(line.removeprefix("SERVICE "))
    return times


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
        # No query, no form: the floor of any page drawn with the site's layout.
        "static page": "/accessibilite/",
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
            # Several gunicorn workers share a cache, as a deployment's do (CACHE_URL).
            "CACHE_URL": shared_cache(),
        }
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "load_reference")
        manage(env, "seed_demo", "--scale", "national")
        manage(env, "collectstatic", "--noinput")
        if url.startswith("postgres"):
            settle_postgres(url)
        print(
            f"national demo seeded on {url.split(':')[0]} in {time.perf_counter() - started:.0f} s;"
            f" shared cache {env['CACHE_URL']}"
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
            # /healthz before and after the pages; the smaller p95 is the floor (the stricter
            # budget), so a noisy moment never loosens it.
            first = p95(port, "/healthz")
            pages_p95 = {
                (label, mode): p95(port, path, cold=mode == "cold")
                for label, path in urls.items()
                if label != "/healthz"
                for mode in ("cached", "cold")
            }
            last = p95(port, "/healthz")
            floor = min(first, last)
            results: dict[str, Any] = {"healthz_p95_s": floor}
            print(
                f"{'/healthz':<18}        p95 {floor * 1000:7.1f} ms  "
                f"(before the pages {first * 1000:.1f} ms, after {last * 1000:.1f} ms)"
            )
            worst = {"cached": 0.0, "cold": 0.0}
            for (label, mode), value in pages_p95.items():
                ratio = value / floor
                worst[mode] = max(worst[mode], ratio)
                results.setdefault(label, {})[mode] = {"p95_s": value, "ratio": ratio}
                verdict = "OK" if ratio <= BUDGET else "TOO SLOW"
                print(
                    f"{label:<18} {mode:<6} p95 {value * 1000:7.1f} ms  "
                    f"ratio {ratio:5.1f}  {verdict}"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
        # With the server stopped: one process, nothing else running.
        cpu = service_times(env, urls)
        results["service_time_s"] = cpu
        print("CPU of one request computed in one process (no server, no concurrency):")
        for label, value in cpu.items():
            print(
                f"{label:<18}        {value * 1000:7.2f} ms  "
                f"{value / cpu['/healthz']:5.1f} × /healthz"
            )
        print(
            f"worst ratio: {worst['cached']:.1f} as visitors get the pages (public page cache), "
            f"{worst['cold']:.1f} computed every time (budget {BUDGET:.0f}, {CLIENTS} clients)"
        )
        return results


if __name__ == "__main__":
    main()
    sys.exit(0)
