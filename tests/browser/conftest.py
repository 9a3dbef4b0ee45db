"""Browser tests: Debian's Chromium, driven by Playwright, against the real demo behind gunicorn.

``demo_server`` (session) builds a fresh database, loads the reference data and the region-scale
demo exactly as an operator would (``manage.py`` subprocesses), collects the static files and
starts gunicorn on a free port with production settings (DEBUG off) over plain http.
``open_tab`` gives each test fresh browser contexts that record console errors, uncaught page
errors and Content-Security-Policy violations, and take screenshots.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.helpers import DemoServer, Tab

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# STATIC_ROOT is not read from the environment (coopilote/settings.py): collectstatic writes
# into the default var/static, as a deployment would.
STATIC_ROOT = ROOT / "var" / "static"
SERVER_START_TIMEOUT = 30.0
_OSM_TILE = re.compile(r"^https://[a-c]\.tile\.openstreetmap\.org/")
_NOT_LOCAL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])(https?|wss?)://")
# A 1×1 transparent PNG: what the map shows in place of OpenStreetMap's tiles during tests.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
_FAILED = pytest.StashKey[bool]()


# --- hooks ------------------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents and item.get_closest_marker("browser") is None:
            raise pytest.UsageError(f"{item.nodeid}: every browser test needs @pytest.mark.browser")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed:
        item.config.stash[_FAILED] = True
    return report


# --- Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium; never a downloaded browser. CI (COOPILOTE_REQUIRE_BROWSER=1) fails."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("COOPILOTE_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"COOPILOTE_REQUIRE_BROWSER=1 but Debian's {CHROMIUM} is not installed: "
                "the browser tests must run here (apt-get install chromium).",
                pytrace=False,
            )
        pytest.skip("Debian's /usr/bin/chromium is not installed")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --- the demo behind gunicorn -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_database(outer_url: str) -> tuple[str, Callable[[], None], Callable[[], None]]:
    """A separate database on the outer PostgreSQL server: (its URL, recreate, drop)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(outer_url)
    outer_name = unquote(parts.path.lstrip("/")) or "coopilote"
    name = f"{outer_name}_e2e"
    connect = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "dbname": "postgres",
        "autocommit": True,
    }
    if parts.password:
        connect["password"] = unquote(parts.password)

    def run(*statements: sql.Composable) -> None:
        with psycopg.connect(**connect) as connection:
            for statement in statements:
                connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    url = parts._replace(path=f"/{name}").geturl()
    return url, lambda: run(drop, create), lambda: run(drop)


def _manage(env: dict[str, str], log_dir: Path, *args: str, timeout: float = 600) -> None:
    label = args[0]
    log = log_dir / f"{label}.log"
    with log.open("w") as out:
        completed = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    if completed.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({completed.returncode}):\n"
            + log.read_text()[-4000:],
            pytrace=False,
        )


def _wait_until_healthy(process: subprocess.Popen[bytes], port: int, stderr: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"gunicorn exited ({process.returncode}) before answering /healthz:\n"
                + stderr.read_text()[-4000:],
                pytrace=False,
            )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    pytest.fail(
        f"gunicorn did not answer /healthz within {SERVER_START_TIMEOUT:.0f} s", pytrace=False
    )


def _print_server_log(config: pytest.Config, stderr: Path, work: Path) -> None:
    """Shown whatever the capture mode: the server's side of a failed test."""
    reporter = config.pluginmanager.getplugin("terminalreporter")
    capture = config.pluginmanager.getplugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_sep("-", f"gunicorn stderr (a browser test failed; logs in {work})")
        reporter.write_line(stderr.read_text(errors="replace")[-20000:] or "(empty)")


@pytest.fixture(scope="session")
def demo_server(
    chromium: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[DemoServer]:
    """migrate, load_reference, seed_demo (region) on a fresh database, then gunicorn."""
    work = tmp_path_factory.mktemp("demo-server")
    outer_url = os.environ.get("DATABASE_URL", "")
    drop_database: Callable[[], None] | None = None
    if outer_url.startswith(("postgres://", "postgresql://")):
        database_url, recreate, drop_database = _postgres_database(outer_url)
        recreate()
    else:
        database_url = f"sqlite:///{work / 'e2e.sqlite3'}"
    password = f"e2e-{secrets.token_urlsafe(12)}"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        # The demo's photos: gunicorn serves them, as `make demo` does (no web server in front).
        "MEDIA_ROOT": str(work / "media"),
        "SERVE_MEDIA": "true",
        # Imports run inside the request: no db_worker in the browser tests.
        "TASKS_BACKEND": "immediate",
    }
    # collectstatic needs no database: it runs while the demo is loaded.
    static_log = (work / "collectstatic.log").open("w")
    collectstatic = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=static_log,
        stderr=subprocess.STDOUT,
    )
    try:
        _manage(env, work, "migrate", "--noinput", "-v", "0")
        _manage(env, work, "load_reference")
        _manage(env, work, "seed_demo", "--scale", "region", "--password", password)
    finally:
        returncode = collectstatic.wait(timeout=600)
        static_log.close()
    if returncode != 0:
        pytest.fail(
            f"collectstatic into {STATIC_ROOT} failed:\n"
            + (work / "collectstatic.log").read_text()[-4000:],
            pytrace=False,
        )

    port = _free_port()
    stdout, stderr = work / "gunicorn.out", work / "gunicorn.err"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    # --no-control-socket: gunicorn 27 otherwise shares ~/.gunicorn/gunicorn.ctl with any other
    # gunicorn on the machine (a demo, a benchmark, a parallel run).
    command = [gunicorn, "coopilote.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "2"]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(  # noqa: S603 (fixed argument list, no shell)
            [*command, "--no-control-socket"], cwd=ROOT, env=env, stdout=out, stderr=err
        )
    try:
        _wait_until_healthy(process, port, stderr)
        yield DemoServer(f"http://127.0.0.1:{port}", password, database_url, work)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if request.config.stash.get(_FAILED, False):
            _print_server_log(request.config, stderr, work)
        if drop_database is not None:
            drop_database()


# --- tabs -------------------------------------------------------------------------------------


def _screenshot_dirs(tmp_path: Path) -> list[Path]:
    dirs = [tmp_path / "screenshots"]
    wanted = os.environ.get("COOPILOTE_SCREENSHOTS")
    if wanted:
        dirs.append(Path(wanted))
    for directory in dirs:
        directory.mkdir(parents=True, exist_ok=True)
    return dirs


@pytest.fixture
def open_tab(
    browser: Any, demo_server: DemoServer, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Tab]]:
    """open_tab(**context options) -> a Tab in a fresh browser context (its own cookies)."""
    contexts: list[Any] = []
    dirs = _screenshot_dirs(tmp_path)
    prefix = request.node.name

    def open_(**options: Any) -> Tab:
        context = browser.new_context(base_url=demo_server.url, locale="fr-FR", **options)
        context.set_default_timeout(15_000)
        # Tests never reach the network: map tiles get a blank image, anything else is refused.
        # Playwright tries the last registered route first.
        context.route(_NOT_LOCAL, lambda route: route.abort())
        context.route(
            _OSM_TILE, lambda route: route.fulfill(body=BLANK_PNG, content_type="image/png")
        )
        contexts.append(context)
        return Tab.open(context, demo_server.url, dirs, f"{prefix}-{len(contexts)}")

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab()
