"""Decisions and elections racing late answers (PostgreSQL row locks)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from coopilote.governance.models import Answer, Election
from coopilote.governance.services import consent, rounds
from coopilote.governance.services import elections as election_services
from coopilote.governance.tests import racing
from coopilote.governance.tests.factories import RoleFactory
from coopilote.governance.tests.racing import POSTGRES_RACE

pytestmark = POSTGRES_RACE

REFUSED = (rounds.RoundError, election_services.ElectionError)


def race(*actions: Callable[[], object]) -> list[str]:
    return racing.race(*actions, refused=REFUSED)


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
