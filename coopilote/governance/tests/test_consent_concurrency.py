"""Decisions and elections racing late answers (PostgreSQL row locks)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import timezone

from coopilote.governance.models import Answer, Election
from coopilote.governance.services import consent, rounds
from coopilote.governance.services import elections as election_services
from coopilote.governance.tests.factories import RoleFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write: races need PostgreSQL's row locks to test",
    ),
    pytest.mark.django_db(transaction=True),
]

REFUSED = (rounds.RoundError, election_services.ElectionError)


def race(*actions: Callable[[], object]) -> list[str]:
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            action()
            outcomes.append("ok")
        except REFUSED:
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


@pytest.mark.parametrize("attempt", range(3))
def test_a_late_objection_and_the_decision_never_both_stand(board, attempt):
    body, people = board
    proposal = consent.create(
        body, people[0], title=f"Budget {attempt}", text="5 %.", living_effect="Sobre."
    )
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, people[0], "consent")
    review = timezone.localdate() + datetime.timedelta(days=180)
    outcomes = race(
        lambda: consent.decide(proposal, review_on=review),
        lambda: rounds.answer(round_, people[1], "objection", text="Coût", risk="Trésorerie"),
    )
    assert outcomes == ["ok", "refused"]
    proposal.refresh_from_db()
    objected = Answer.objects.filter(round=round_, kind=Answer.Kind.OBJECTION).exists()
    assert (proposal.stage == "decided") != objected


def test_two_facilitators_starting_the_same_election_open_only_one(board, staff):
    role = RoleFactory(body=board[0], name="Coprésidence", holders=2)
    today = timezone.localdate()
    outcomes = race(
        lambda: election_services.start(None, role, staff, today),
        lambda: election_services.start(None, role, staff, today),
    )
    assert outcomes == ["ok", "refused"]
    assert Election.objects.filter(role=role).count() == 1
