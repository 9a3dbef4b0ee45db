"""The consent demo loader: three proposals on the union's board, in the stages it promises."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from coopilote.governance import demo_consent
from coopilote.governance.models import Answer, ConsentDecision
from coopilote.governance.tests.factories import union_board
from coopilote.members.models import BodySeat
from coopilote.members.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_decision_a_v2_after_an_objection_and_a_question_round(union):
    board, _people = union_board(union, 6)
    ca = PersonFactory(user=UserFactory(email=demo_consent.DEMO_CA))
    BodySeat.objects.create(body=board, person=ca, title="Coprésident·e")
    said: list[str] = []
    context = SimpleNamespace(union=union, say=said.append)

    demo_consent.load(context)
    demo_consent.load(context)  # a second run adds nothing

    stages = dict(ConsentDecision.objects.values_list("stage", "title"))
    assert set(stages) == {"decided", "consent", "clarifying"}
    decided = ConsentDecision.objects.get(stage="decided")
    assert decided.review_on is not None and decided.review_on > decided.decided_on
    in_consent = ConsentDecision.objects.get(stage="consent")
    assert in_consent.versions.count() == 2
    objection = Answer.objects.get(round__proposal=in_consent, kind="objection")
    assert objection.integrated and objection.for_the_living and objection.risk
    assert Answer.objects.filter(
        round__proposal=in_consent, round__closed_at=None, kind="concern"
    ).exists()
    # Its second consent round runs asynchronously, waiting for half of the board to answer.
    running = in_consent.rounds.get(kind="consent", closed_at=None)
    assert running.deadline is not None and running.min_answers_percent == 50
    questions = ConsentDecision.objects.get(stage="clarifying")
    assert questions.rounds.get().closed_at is None
    assert not questions.versions.get().living_effect  # shows the guard before consent
    assert len(said) == 1
