from __future__ import annotations

import datetime

import pytest
from django.test import Client

from coopilote.governance.models import Election
from coopilote.governance.services import elections
from coopilote.governance.tests.factories import RoleFactory, union_board
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


@pytest.fixture
def election(board, staff) -> Election:
    """A co-presidency (two holders) of the board, elected without candidates from next week."""
    role = RoleFactory(body=board[0], name="Coprésidence", holders=2, term_months=24)
    term_start = datetime.date.today() + datetime.timedelta(days=7)
    return elections.start(staff.user, role, staff, term_start)


def client_of(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client
