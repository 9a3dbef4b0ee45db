"""Roadmaps for tests: the seed congress, a prioritisation vote, a roadmap, its letter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from coopilote.members.models import Body, BodySeat
from coopilote.members.tests.factories import PersonFactory
from coopilote.roadmap.models import Action, Axis, Congress, Letter, Proposal, Roadmap
from coopilote.roadmap.services import (
    create_action_from_proposals,
    create_letter,
    create_prioritisation_poll,
    create_roadmap,
    import_congress,
    update_letter,
)

SEED_PATH = Path(__file__).resolve().parent / "data" / "congres-2025.txt"


def seed_congress(world: Any) -> Congress:
    """The seed congress of the world's union, imported once per test (shared with the matrix)."""
    if not hasattr(world, "_congress"):
        world._congress = import_congress(world.union, SEED_PATH.read_bytes(), None).congress
    return world._congress  # type: ignore[no-any-return]


def proposal(congress: Congress, start: str) -> Proposal:
    return Proposal.objects.get(congress=congress, text__startswith=start)


def roadmap_for(world: Any, *, published: bool = True, title: str = "Feuille de route") -> Roadmap:
    return create_roadmap(
        world.user("staff"),
        world.union,
        title,
        congress=seed_congress(world),
        axes=["Vie coopérative", "Plaidoyer"],
        published=published,
    )


def first_axis(roadmap: Roadmap) -> Axis:
    return roadmap.axes.order_by("order").first()  # type: ignore[return-value]


def add_action(
    roadmap: Roadmap, title: str, proposals: list[Proposal] = (), **values: Any
) -> Action:  # type: ignore[assignment]
    return create_action_from_proposals(None, first_axis(roadmap), list(proposals), title, **values)


@dataclass
class Plan:
    congress: Congress
    roadmap: Roadmap
    draft: Roadmap
    action: Action
    letter: Letter
    draft_letter: Letter


def plan(world: Any) -> Plan:
    """A published roadmap with one action, a draft roadmap, a published and a draft letter."""
    if not hasattr(world, "_plan"):
        congress = seed_congress(world)
        roadmap = roadmap_for(world)
        action = add_action(roadmap, "Rapport annuel", [proposal(congress, "La publication")])
        draft = roadmap_for(world, published=False, title="Brouillon")
        letter = update_letter(None, create_letter(None, roadmap=roadmap), published=True)
        world._plan = Plan(
            congress, roadmap, draft, action, letter, create_letter(None, roadmap=draft)
        )
    return world._plan  # type: ignore[no-any-return]


def co_presidents(union: Any, *names: tuple[str, str]) -> None:
    board, _ = Body.objects.get_or_create(
        union=union, kind=Body.Kind.BOARD, defaults={"name": "Conseil d’administration"}
    )
    for first, last in names:
        BodySeat.objects.create(
            body=board,
            person=PersonFactory(first_name=first, last_name=last),
            title="Coprésidente" if first.endswith("e") else "Coprésident",
        )


def closed_poll(
    world: Any, congress: Congress, proposals: list[Proposal], grades: list[int]
) -> Any:
    """A prioritisation vote over ``proposals`` where the world's member gave ``grades``."""
    from coopilote.voting import services as voting
    from coopilote.voting.models import Electorate

    now = timezone.now()
    poll = create_prioritisation_poll(
        world.user("staff"),
        congress,
        proposals,
        "Priorités",
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(days=7),
        electorate=Electorate.LIST,
        electors=[world.people["member"]],
    )
    voting.open_poll(world.user("staff"), poll)
    options = list(poll.options.order_by("order"))
    voting.cast_ballot(
        world.people["member"],
        poll,
        {option.pk: grade for option, grade in zip(options, grades, strict=True)},
    )
    return voting.close_poll(world.user("staff"), poll)
