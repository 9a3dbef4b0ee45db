"""The few demo logins the rules and practices loaders look for, on top of the test world."""

from __future__ import annotations

import io

from coopilote.core.seeding import DemoContext
from coopilote.governance.tests.factories import seated, union_board
from coopilote.members import roles as r
from coopilote.members.models import BodySeat, UnionRole
from coopilote.members.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

DOMAIN = "demo.coopilote.fr"


def demo_person(login: str):
    return PersonFactory(user=UserFactory(email=f"{login}@{DOMAIN}"))


def demo_world(world) -> DemoContext:
    board, _ = union_board(world.union, 0)
    seated(board, 3)
    BodySeat.objects.create(body=board, person=demo_person("ca"), title="Coprésident")
    UnionRole.objects.create(union=world.union, person=demo_person("delegue"), role="staff")
    referent = demo_person("referent")
    MembershipFactory(person=referent, cooperative=world.cooperative, role=r.REFERENT)
    MembershipFactory(
        person=demo_person("associe"), cooperative=world.cooperative, role=r.ASSOCIATE
    )
    for fields in ({"is_cae": True}, {"legal_status": "scic_sas"}, {}, {}, {}):
        cooperative = CooperativeFactory(union=world.union, **fields)
        MembershipFactory(cooperative=cooperative, role=r.MANAGER)
    context = DemoContext(scale="region", seed=7, password="x", stdout=io.StringIO())
    context.union = world.union
    return context
