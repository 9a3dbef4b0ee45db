"""The practices demo: sheets by demo cooperatives, tags, trials and comments."""

from __future__ import annotations

import pytest

from coopilote.governance import demo_practices
from coopilote.governance.models import PracticeSheet, PracticeTrial
from coopilote.governance.tests.demo_fixtures import demo_world

pytestmark = pytest.mark.django_db


def test_the_demo_shares_sheets_between_cooperatives(world):
    context = demo_world(world)
    demo_practices.load(context)
    sheets = PracticeSheet.objects.all()
    assert 5 <= sheets.count() <= 6
    assert sheets.filter(cooperative=world.cooperative).count() == 1
    assert all(sheet.tags.exists() for sheet in sheets)
    assert all(sheet.search_text for sheet in sheets)
    trials = PracticeTrial.objects.all()
    assert trials.exists()
    assert all(trial.cooperative_id != trial.sheet.cooperative_id for trial in trials)
    demo_practices.load(context)
    assert PracticeSheet.objects.count() == sheets.count()
