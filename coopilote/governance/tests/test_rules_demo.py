"""The rules demo: the board's rules v1 → v2, a pending amendment, a charter, the register."""

from __future__ import annotations

import pytest

from coopilote.governance import demo_rules
from coopilote.governance.models import Accountability, Amendment, RuleDocument
from coopilote.governance.services.rules import is_stale
from coopilote.governance.tests.demo_fixtures import demo_world

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_story_of_the_boards_rules(world):
    context = demo_world(world)
    demo_rules.load(context)
    document = RuleDocument.objects.get(title=demo_rules.TITLE)
    current = document.current_version()
    assert current.number == 2 and current.amendment.status == Amendment.Status.ACCEPTED
    assert "publiés sur Coopilote" in current.text
    assert "tenu à la disposition" in document.versions.get(number=1).text
    pending = document.amendments.get(status=Amendment.Status.PROPOSED)
    assert not is_stale(pending) and pending.comments.count() == 2
    assert document.decisions.count() == 2  # the amendment's proposal and the calendar
    assert RuleDocument.objects.filter(kind="charter").count() == 1
    assert 8 <= Accountability.objects.filter(union=world.union).count() <= 10


def test_running_the_demo_twice_creates_nothing_more(world):
    context = demo_world(world)
    demo_rules.load(context)
    demo_rules.load(context)
    assert RuleDocument.objects.count() == 2
    assert Accountability.objects.count() == len(demo_rules.REGISTER)
