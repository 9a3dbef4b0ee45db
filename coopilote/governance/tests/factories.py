"""Factories of the governance tests: bodies with seats, roles, mandates."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from coopilote.governance.models import Mandate, Role
from coopilote.members.models import Body, BodySeat, Person, Union
from coopilote.members.tests.factories import PersonFactory, UnionFactory, UserFactory


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    union = factory.SubFactory(UnionFactory)
    kind = Body.Kind.CIRCLE
    name = factory.Sequence(lambda n: f"Cercle {n}")


def seated(body: Body, count: int, **person: Any) -> list[Person]:
    """``count`` people with a login, seated on ``body`` today."""
    people = []
    for _ in range(count):
        holder = PersonFactory(user=UserFactory(), **person)
        BodySeat.objects.create(body=body, person=holder, title="Membre")
        people.append(holder)
    return people


def union_board(union: Union, members: int = 5) -> tuple[Body, list[Person]]:
    body, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.BOARD,
        defaults={"name": "Conseil d’administration"},
    )
    return body, seated(body, members)


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    body = factory.SubFactory(BodyFactory)
    name = "Présidence"
    term_months = 24
    holders = 1


def mandate(role: Role, holders: list[Person], start: datetime.date | None = None) -> Mandate:
    start = start or datetime.date.today() - datetime.timedelta(days=30)
    held = Mandate.objects.create(role=role, start=start, end=start.replace(year=start.year + 2))
    held.holders.set(holders)
    return held
