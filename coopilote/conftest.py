"""Fixtures shared by every app's tests: one person per role, in one union and its cooperative."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from coopilote.accounts.models import User
from coopilote.members import roles as r
from coopilote.members.models import Cooperative, Person, Union
from coopilote.members.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PersonFactory,
    UnionFactory,
    UnionRoleFactory,
    UserFactory,
    board_member,
)


@dataclass
class World:
    union: Union
    other_union: Union
    confederation: Union
    cooperative: Cooperative
    other_cooperative: Cooperative
    people: dict[str, Person]

    def user(self, role: str) -> User | None:
        """The login of the person holding ``role``; None for the anonymous visitor."""
        if role == "anonymous":
            return None
        person = self.people[role]
        assert person.user is not None
        return person.user


ROLES = [
    "anonymous",
    "no_role",
    "member",
    "referent",
    "other_coop_referent",
    "staff",
    "other_union_staff",
    "board",
    "confederation",
    "admin",
]


@pytest.fixture
def world(db: None) -> World:
    union = UnionFactory(name="Union régionale Auvergne-Rhône-Alpes", short_name="URSCOP AURA")
    other_union = UnionFactory(name="Union régionale Occitanie", short_name="URSCOP Occitanie")
    confederation = UnionFactory(
        name="Confédération générale des Scop et des Scic",
        short_name="CG Scop",
        kind=Union.Kind.CONFEDERATION,
    )
    cooperative = CooperativeFactory(union=union, name="Menuiserie des Monts")
    other_cooperative = CooperativeFactory(union=other_union, name="Atelier du Canal")
    people: dict[str, Person] = {"no_role": PersonFactory()}
    people["member"] = MembershipFactory(cooperative=cooperative, role=r.ASSOCIATE).person
    people["referent"] = MembershipFactory(cooperative=cooperative, role=r.REFERENT).person
    people["other_coop_referent"] = MembershipFactory(
        cooperative=other_cooperative, role=r.REFERENT
    ).person
    people["staff"] = UnionRoleFactory(union=union).person
    people["other_union_staff"] = UnionRoleFactory(union=other_union).person
    people["board"] = board_member(union)
    people["confederation"] = UnionRoleFactory(union=confederation).person
    people["admin"] = PersonFactory(user=UserFactory(is_superuser=True, is_staff=True))
    return World(union, other_union, confederation, cooperative, other_cooperative, people)
