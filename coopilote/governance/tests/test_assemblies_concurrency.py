"""Proxies and votes racing each other (PostgreSQL row locks)."""

from __future__ import annotations

from collections.abc import Callable

from coopilote.governance.models import Proxy
from coopilote.governance.models.assemblies import ResolutionBallot, ResolutionParticipation
from coopilote.governance.services import assemblies as services
from coopilote.governance.tests import racing
from coopilote.governance.tests.assemblies_fixtures import (
    general_assembly,
    make_assembly,
    resolution,
    scic,
)
from coopilote.governance.tests.racing import POSTGRES_RACE
from coopilote.voting.secrecy import VotingError

pytestmark = POSTGRES_RACE


def race(*actions: Callable[[], object]) -> list[str]:
    return racing.race(*actions, refused=(VotingError,))


def test_simultaneous_proxies_never_exceed_the_cap(union):
    assembly, roll = make_assembly(general_assembly(scic(union)), {"": 6}, proxy_cap=2)
    holder, *givers = roll[""]
    outcomes = race(
        *(
            lambda giver=giver: services.give_proxy(None, assembly, giver, holder)
            for giver in givers
        )
    )
    assert outcomes == ["ok", "ok", "refused", "refused", "refused"]
    assert Proxy.objects.filter(holder=holder).count() == 2


def test_a_vote_and_a_proxy_of_the_same_person_at_once_leave_one_of_them(union):
    assembly, roll = make_assembly(general_assembly(scic(union)), {"": 2})
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    giver, holder = roll[""]
    outcomes = race(
        lambda: services.cast_vote(giver.person, res, choice="for"),
        lambda: services.give_proxy(None, assembly, giver, holder),
    )
    assert outcomes == ["ok", "refused"]
    voted = ResolutionParticipation.objects.filter(voter=giver).exists()
    assert voted != Proxy.objects.filter(giver=giver).exists()
    assert ResolutionBallot.objects.count() == int(voted)


def test_a_holder_voting_twice_at_once_for_the_same_giver_is_counted_once(union):
    assembly, roll = make_assembly(general_assembly(scic(union)), {"": 2})
    res = resolution(assembly)
    giver, holder = roll[""]
    services.give_proxy(None, assembly, giver, holder)
    services.open_assembly(None, assembly)
    outcomes = race(
        *(
            lambda: services.cast_vote(holder.person, res, choice="for", for_voter=giver)
            for _ in range(3)
        )
    )
    assert outcomes == ["ok", "refused", "refused"]
    assert ResolutionBallot.objects.count() == 1


def test_closing_while_proxies_and_votes_arrive_never_deadlocks(union):
    """Every service locks roll lines (by key) before the assembly's row."""
    assembly, roll = make_assembly(general_assembly(scic(union)), {"": 6}, proxy_cap=3)
    res = resolution(assembly)
    services.open_assembly(None, assembly)
    people = roll[""]
    outcomes = race(
        lambda: services.close_assembly(None, assembly),
        lambda: services.give_proxy(None, assembly, people[1], people[0]),
        lambda: services.give_proxy(None, assembly, people[2], people[0]),
        lambda: services.cast_vote(people[3].person, res, choice="for"),
        lambda: services.cast_vote(people[4].person, res, choice="against"),
    )
    assert set(outcomes) <= {"ok", "refused"}, outcomes
    assert "ok" in outcomes
