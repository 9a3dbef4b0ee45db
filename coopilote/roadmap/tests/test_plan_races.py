"""Two staff members edit at once a parent action and its milestone: each edit is right alone,
both together would leave the milestone due after its parent. One of them is refused."""

from __future__ import annotations

import datetime
import time

from django.core.exceptions import ValidationError

from coopilote.conftest import World
from coopilote.governance.tests.racing import POSTGRES_RACE, race
from coopilote.roadmap.models import Action
from coopilote.roadmap.services import milestones, update_action
from coopilote.roadmap.tests.factories import add_action, roadmap_for

pytestmark = POSTGRES_RACE

JUNE = datetime.date(2026, 6, 30)


def test_a_parent_moved_while_its_milestone_is_cannot_end_before_it(world: World, monkeypatch):
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", due=JUNE)
    milestone = add_action(roadmap, "Bilan", parent=parent, due=JUNE - datetime.timedelta(30))
    # Each edit reads the other's dates, then lingers before writing: without a lock both would
    # read the old dates and pass.
    read = milestones.date_errors

    def slow(*args, **kwargs):
        found = read(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr("coopilote.roadmap.services.plan.date_errors", slow)
    board = world.user("board")
    outcomes = race(
        lambda: update_action(
            board, Action.objects.get(pk=parent.pk), due=JUNE - datetime.timedelta(20)
        ),
        lambda: update_action(
            board, Action.objects.get(pk=milestone.pk), due=JUNE - datetime.timedelta(5)
        ),
        refused=(ValidationError,),
    )
    assert outcomes == ["ok", "refused"]
    parent.refresh_from_db()
    milestone.refresh_from_db()
    assert milestone.due is not None and parent.due is not None
    assert milestone.due <= parent.due
