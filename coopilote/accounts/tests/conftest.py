from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from coopilote.accounts.models import LoginFailure
from coopilote.members.models import Person
from coopilote.members.tests.factories import PersonFactory, UserFactory

IP = "203.0.113.7"


@pytest.fixture
def person(db: None) -> Person:
    return PersonFactory(
        first_name="Camille",
        last_name="Bérard",
        phone="06 12 34 56 78",
        user=UserFactory(email="camille.berard@exemple.fr"),
    )


def add_failures(
    count: int, *, email: str = "x@exemple.fr", ip: str | None = IP, minutes_ago: float = 0
) -> None:
    """Failed logins made ``minutes_ago`` (freezegun is not installed: the rows are aged)."""
    rows = LoginFailure.objects.bulk_create(
        LoginFailure(email=email, ip_address=ip) for _ in range(count)
    )
    at = timezone.now() - timedelta(minutes=minutes_ago)
    LoginFailure.objects.filter(pk__in=[row.pk for row in rows]).update(at=at)


def shown(message: object) -> str:
    """A message as the page shows it, in whatever language the catalogues give."""
    return escape(str(message))
