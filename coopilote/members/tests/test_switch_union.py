"""The union switcher: people who belong to several unions choose the one pages speak for."""

import pytest
from django.urls import reverse

from coopilote.conftest import ROLES
from coopilote.members.current import SESSION_KEY
from coopilote.members.tests.factories import UnionRoleFactory
from coopilote.members.tests.helpers import client_as

SWITCH_URL = reverse("members:switch_union")

# May switch to the other union: its own staff, the confederation, the administrator.
MAY_SWITCH = {"other_union_staff", "confederation", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_switching_to_a_union_is_for_its_people_the_confederation_and_admins(world, client, role):
    response = client_as(client, world, role).post(SWITCH_URL, {"union": str(world.other_union.pk)})
    if role in MAY_SWITCH:
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(world.other_union.pk)
    else:
        assert response.status_code == 403
        assert SESSION_KEY not in client.session


def test_a_person_in_two_unions_sees_the_chosen_unions_cooperatives(world, client):
    UnionRoleFactory(union=world.other_union, person=world.people["staff"])
    client_as(client, world, "staff")
    page = client.get(reverse("members:list")).content.decode()
    assert "Menuiserie des Monts" in page and "Atelier du Canal" not in page
    client.post(SWITCH_URL, {"union": str(world.other_union.pk)})
    page = client.get(reverse("members:list")).content.decode()
    assert "Atelier du Canal" in page and "Menuiserie des Monts" not in page


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_union_is_refused(world, client, value):
    assert client_as(client, world, "admin").post(SWITCH_URL, {"union": value}).status_code == 403


def test_switching_goes_back_to_the_page_it_was_used_on(world, client):
    client_as(client, world, "admin")
    response = client.post(SWITCH_URL, {"union": str(world.union.pk), "next": "/cooperatives/"})
    assert response["Location"] == "/cooperatives/"
    response = client.post(
        SWITCH_URL,
        {"union": str(world.union.pk)},
        headers={"referer": "http://testserver/congres/"},
    )
    assert response["Location"] == "http://testserver/congres/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_switching_never_redirects_to_another_site(world, client, target):
    client_as(client, world, "admin")
    response = client.post(
        SWITCH_URL, {"union": str(world.union.pk), "next": target}, headers={"referer": target}
    )
    assert response["Location"] == reverse("core:home")


def test_switching_is_post_only(world, client):
    response = client_as(client, world, "admin").get(
        SWITCH_URL, {"union": str(world.other_union.pk)}
    )
    assert response.status_code == 302  # to the page above: nothing done
    assert SESSION_KEY not in client.session


def test_a_stale_session_choice_is_ignored(world, client):
    client_as(client, world, "staff")
    session = client.session
    session[SESSION_KEY] = str(world.other_union.pk)  # e.g. a role since removed
    session.save()
    page = client.get(reverse("members:list")).content.decode()
    assert "Menuiserie des Monts" in page and "Atelier du Canal" not in page
