"""Project-wide pytest set-up: tests never reach the network, and run in French."""

import socket

import pytest


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"Tests must not reach the network (tried {address!r}).")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _tasks_in_the_test(settings: object) -> None:
    """Background tasks (imports, e-mails) run at once, inside the test; the tests of the worker
    itself set the database back end (``override_settings``)."""
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    # Production hashing costs ~0.3 s a password on purpose; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_page_cache(settings: object) -> None:
    """Each test starts with an empty cache and public pages computed afresh; the page cache's
    own tests turn it back on (coopilote/core/tests/test_pagecache.py)."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # type: ignore[attr-defined]
