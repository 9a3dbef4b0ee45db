"""Who may create, open, close, vote and read the results: one row per role of the world."""

import pytest

from coopilote.conftest import ROLES
from coopilote.voting.models import union_poll_abilities

MANAGERS = {"staff", "board", "admin"}
ELECTORS = {"member", "referent"}  # the union's cooperative members; staff and board are not
OVERSEERS = MANAGERS | {"confederation"}


@pytest.mark.parametrize("role", ROLES)
def test_staff_board_and_admin_create_polls(world, role):
    assert union_poll_abilities(world.user(role), world.union.pk)["create"] == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_by_those_who_run_the_union_and_opened_by_its_managers(world, draft, role):
    abilities = draft.abilities(world.user(role))
    assert abilities["view"] == (role in OVERSEERS)
    assert abilities["open"] == (role in MANAGERS)
    assert not abilities["vote"] and not abilities["close"]


@pytest.mark.parametrize("role", ROLES)
def test_an_open_poll_is_voted_by_electors_and_closed_by_managers(world, open_poll, role):
    abilities = open_poll.abilities(world.user(role))
    assert abilities["view"] == (role in OVERSEERS | ELECTORS)
    assert abilities["vote"] == (role in ELECTORS)
    assert abilities["close"] == (role in MANAGERS)
    assert not abilities["open"]
    assert not abilities["results"] and not abilities["export"]
    assert not abilities["view_participation"]  # nobody sees who voted while the vote runs
    assert abilities["view_electorate"] == (role in OVERSEERS)


@pytest.mark.parametrize("role", ROLES)
def test_published_results_are_public_and_the_emargement_is_for_overseers(world, closed_poll, role):
    abilities = closed_poll.abilities(world.user(role))
    assert abilities["view"] and abilities["results"] and abilities["export"]
    assert abilities["check_receipt"]
    assert not abilities["vote"] and not abilities["close"] and not abilities["open"]
    assert abilities["view_participation"] == (role in OVERSEERS)
