"""What each role may do with a cooperative: the abilities matrix at the model level."""

import pytest

from coopilote.members.roles import roles_of

EXPECTED_COOPERATIVE_ABILITIES = {
    # role: (view_private, change, change_identity, delete)
    "anonymous": (False, False, False, False),
    "no_role": (False, False, False, False),
    "member": (True, False, False, False),
    "referent": (True, True, False, False),
    "other_coop_referent": (False, False, False, False),
    "staff": (True, True, True, False),
    "other_union_staff": (False, False, False, False),
    "board": (True, False, False, False),
    "confederation": (True, False, False, False),
    "admin": (True, True, True, True),
}


@pytest.mark.parametrize("role", EXPECTED_COOPERATIVE_ABILITIES)
def test_cooperative_abilities_follow_the_role(world, role):
    abilities = world.cooperative.abilities(world.user(role))
    got = (
        abilities["view_private"],
        abilities["change"],
        abilities["change_identity"],
        abilities["delete"],
    )
    assert got == EXPECTED_COOPERATIVE_ABILITIES[role]
    assert abilities["view"] is True  # an active member cooperative is in the public directory


def test_an_inactive_cooperative_is_hidden_from_the_public_but_not_from_its_union(world):
    world.cooperative.is_active = False
    assert world.cooperative.abilities(None)["view"] is False
    assert world.cooperative.abilities(world.user("staff"))["view"] is True


def test_roles_are_computed_once_per_user_object(world, django_assert_num_queries):
    user = world.user("referent")
    with django_assert_num_queries(4):
        roles_of(user)
    with django_assert_num_queries(0):
        roles_of(user)


def test_a_board_seat_makes_a_board_member_of_that_union_only(world):
    roles = roles_of(world.user("board"))
    assert roles.sits_on_board(world.union.pk)
    assert not roles.sits_on_board(world.other_union.pk)
    assert not roles.manages_union(world.union.pk)


def test_confederation_staff_oversee_every_union_but_manage_none(world):
    roles = roles_of(world.user("confederation"))
    assert roles.oversees_union(world.other_union.pk)
    assert not roles.manages_union(world.other_union.pk)
