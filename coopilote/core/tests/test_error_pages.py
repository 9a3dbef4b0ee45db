"""Error pages say what to do next (a page reserved to members offers to log in and come back);
the home page counts in good French."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_visitor_on_a_missing_or_reserved_page_is_offered_to_log_in_and_come_back():
    """A vote's e-mail links to its page; a voter not logged in must not be stuck on a 404."""
    path = "/votes/00000000-0000-0000-0000-000000000000/"
    response = Client().get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/compte/connexion/?next=/votes/00000000-0000-0000-0000-000000000000/"' in html


@pytest.mark.django_db
def test_a_logged_in_person_is_not_offered_to_log_in(django_user_model):
    user = django_user_model.objects.create_user(email="membre@exemple.fr", password="x")
    client = Client()
    client.force_login(user)
    response = client.get("/votes/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "/compte/connexion/" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "words"), [(1, "union régionale"), (2, "unions régionales")])
def test_the_home_page_counts_the_unions_in_good_french(count, words):
    from coopilote.members.tests.factories import UnionFactory

    for _ in range(count):
        UnionFactory()
    html = Client().get("/").content.decode()
    assert f"<strong>{count}</strong> {words}</article>" in html
