"""Run actions at the same instant in threads: the PostgreSQL race tests' one helper."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

# Race tests need PostgreSQL's row locks and real commits between threads.
POSTGRES_RACE = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write: races need PostgreSQL's row locks to test",
    ),
    pytest.mark.django_db(transaction=True),
]


def race(*actions: Callable[[], object], refused: tuple[type[Exception], ...]) -> list[str]:
    """Start every action together; return their sorted outcomes: "ok", "refused" or an error."""
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            action()
            outcomes.append("ok")
        except refused:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - reported by the assertion
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
