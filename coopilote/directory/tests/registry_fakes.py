"""A fake transport for the register client: recorded JSON files, errors, and a fake clock."""

from __future__ import annotations

import email.message
import io
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from coopilote.directory.registry import client

DATA = Path(__file__).parent / "data" / "recherche_entreprises"
SCOP_SIREN = "412345670"  # siren_scop_sarl.json: MENUISERIE DES MONTS, Scop SARL, Lyon 3e
SAS_SIREN = "812345676"  # siren_sas.json: a SAS (5710)
UNKNOWN_SIREN = "732829320"

BY_SIREN = {SCOP_SIREN: "siren_scop_sarl.json", SAS_SIREN: "siren_sas.json"}


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


def result_of(name: str, index: int = 0) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(recorded(name))
    return payload["results"][index]  # type: ignore[no-any-return]


def http_error(code: int, body: bytes = b"{}", **headers: str) -> urllib.error.HTTPError:
    message = email.message.Message()
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return urllib.error.HTTPError(
        client.BASE_URL + "/search", code, "error", message, io.BytesIO(body)
    )


class FakeResponse:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def read(self) -> bytes:
        return self.body


def recorded_route(query: dict[str, str]) -> bytes:
    """What the register answers, from the recorded files."""
    if "q" in query:
        return recorded(BY_SIREN.get(query["q"], "siren_unknown.json"))
    assert query["nature_juridique"] == "5458" and query["departement"] == "69"
    return recorded(f"category_5458_69_page{query['page']}.json")


class FakeOpener:
    """Serves scripted answers first (bytes or an exception to raise), then the recorded route."""

    def __init__(
        self,
        *script: bytes | BaseException,
        route: Callable[[dict[str, str]], bytes] = recorded_route,
    ) -> None:
        self.script = list(script)
        self.route = route
        self.requests: list[urllib.request.Request] = []
        self.timeouts: list[float] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> FakeResponse:
        self.requests.append(request)
        self.timeouts.append(timeout)
        answer = self.script.pop(0) if self.script else self.route(self.query(-1))
        if isinstance(answer, BaseException):
            raise answer
        return FakeResponse(answer)

    def query(self, index: int) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.requests[index].full_url).query))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fake_client(opener: FakeOpener, clock: FakeClock | None = None) -> client.RegistryClient:
    clock = clock or FakeClock()
    return client.RegistryClient(
        opener,
        limiter=client.RateLimiter(clock=clock, sleep=clock.sleep),
        sleep=clock.sleep,
    )


def install(monkeypatch: pytest.MonkeyPatch, opener: FakeOpener) -> FakeOpener:
    """Make the page and the command use ``opener`` (and a fake clock: no real waiting)."""
    monkeypatch.setattr(client, "make_client", lambda: fake_client(opener))
    return opener
