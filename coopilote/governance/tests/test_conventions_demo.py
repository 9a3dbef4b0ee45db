"""The conventions' demo: one convention, its pool frozen and its lottery published, two sources
announced; revealing the demo's values and drawing gives a verified draw."""

from __future__ import annotations

import io

from coopilote.core.seeding import DemoContext
from coopilote.governance import demo_conventions
from coopilote.governance.models import Convention
from coopilote.governance.services import conventions as services


def context(union) -> DemoContext:
    made = DemoContext(scale="region", seed=3, password="x", stdout=io.StringIO())
    made.union = union
    return made


def test_the_demo_convention_is_published_and_ready_to_draw(union):
    demo_conventions.load(context(union))
    demo_conventions.load(context(union))  # a second run adds nothing
    convention = Convention.objects.get(union=union)
    assert convention.title == demo_conventions.TITLE
    assert convention.status == Convention.Status.PUBLISHED
    assert convention.volunteers.count() == demo_conventions.VOLUNTEERS
    assert convention.categories.count() == 4
    assert len(convention.publication["rows"]) == demo_conventions.VOLUNTEERS
    assert services.verify(convention).ok

    dice, sealed = services.pending_contributions(convention)
    assert dice.label == demo_conventions.DICE[0] and not dice.commitment
    assert sealed.label == demo_conventions.SEALED[0] and sealed.commitment
    services.reveal(None, dice, demo_conventions.DICE[1])
    services.reveal(None, sealed, *demo_conventions.SEALED[1:])
    made = services.draw(None, convention)
    assert len(made.data["numbers"]) == demo_conventions.PANEL_SIZE
    assert services.verify(convention).ok
