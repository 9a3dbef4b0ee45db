from __future__ import annotations

import pytest
from django.test import Client

from coopilote.governance.tests.factories import union_board
from coopilote.members.models import Body, Person
from coopilote.members.tests.factories import UnionFactory, UnionRoleFactory, UserFactory


@pytest.fixture
def union(db: None):
    return UnionFactory(name="Union régionale Auvergne-Rhône-Alpes", short_name="URSCOP AURA")


@pytest.fixture
def board(union) -> tuple[Body, list[Person]]:
    """The union's board (CA) with five seated members who can log in."""
    return union_board(union, 5)


@pytest.fixture
def staff(union) -> Person:
    return UnionRoleFactory(union=union, person__user=UserFactory()).person


def client_of(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client
