"""Polls in every state, over the shared ``world`` (its member and referent are the electors)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models.functions import Now
from django.test import Client
from django.utils import timezone

from coopilote.conftest import World
from coopilote.members import roles as r
from coopilote.members.models import Person
from coopilote.members.tests.factories import MembershipFactory
from coopilote.voting import services
from coopilote.voting.models import Poll

LABELS = ["Créer un fonds de garantie régional", "Former les gérant·es", "Ouvrir un tiers-lieu"]


def make_poll(world: World, labels: list[str] | None = None, **kwargs: object) -> Poll:
    now = timezone.now()
    defaults: dict[str, object] = {
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=7),
        "description": "Quelles priorités pour la feuille de route ?",
    }
    defaults.update(kwargs)
    return services.create_poll(
        world.user("staff"),
        world.union,
        "Priorités du congrès",
        [(label, "roadmap.proposal", str(index)) for index, label in enumerate(labels or LABELS)],
        **defaults,  # type: ignore[arg-type]
    )


def option_ids(poll: Poll) -> list[object]:
    return list(poll.options.values_list("pk", flat=True))


def move_deadline_to_the_past(poll: Poll) -> None:
    """Closing date one minute ago by the database clock (the opening date follows)."""
    Poll.objects.filter(pk=poll.pk).update(
        opens_at=Now() - datetime.timedelta(days=2), closes_at=Now() - datetime.timedelta(minutes=1)
    )
    poll.refresh_from_db()


def add_members(world: World, count: int) -> list[Person]:
    return [
        MembershipFactory(cooperative=world.cooperative, role=r.ASSOCIATE).person
        for _ in range(count)
    ]


def client_as(client: Client, world: World, role: str) -> Client:
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def draft(world: World) -> Poll:
    return make_poll(world)


@pytest.fixture
def open_poll(world: World, draft: Poll) -> Poll:
    return services.open_poll(world.user("staff"), draft)


@pytest.fixture
def voted_poll(world: World, open_poll: Poll) -> Poll:
    """The member graded every option; the referent graded none."""
    first, second, third = option_ids(open_poll)
    services.cast_ballot(world.people["member"], open_poll, {first: 6, second: 3, third: 0})
    services.cast_ballot(world.people["referent"], open_poll, {})
    return open_poll


@pytest.fixture
def closed_poll(world: World, voted_poll: Poll) -> Poll:
    return services.close_poll(world.user("staff"), voted_poll)
