"""The list of the union's cooperatives and a cooperative's page, as each role sees them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopilote.conftest import ROLES
from coopilote.members import roles as r
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PersonFactory,
)
from coopilote.members.tests.helpers import client_as, naf_tree

INSIDERS = {"member", "referent", "staff", "board", "confederation", "admin"}
EDITORS = {"referent", "staff", "admin"}
LIST_URL = reverse("members:list")


def detail_url(cooperative):
    return reverse("members:cooperative", args=[cooperative.pk])


# The list


def test_the_list_shows_the_current_unions_member_cooperatives_only(world, client):
    CooperativeFactory(union=world.union, name="Ancienne coopérative", is_active=False)
    response = client_as(client, world, "staff").get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Menuiserie des Monts" in page
    assert "Atelier du Canal" not in page  # another union's
    assert "Ancienne coopérative" not in page  # no longer a member
    assert page.count("<h1") == 1


def test_the_list_links_each_cooperative_and_names_its_family_and_commune(world, client):
    world.cooperative.is_cae = True
    world.cooperative.save()
    page = client.get(LIST_URL).content.decode()
    assert f'href="{detail_url(world.cooperative)}"' in page
    assert "Scop" in page and "CAE" in page
    assert "Lyon" in page and "Rhône" in page
    assert '<th scope="col">' in page and "<caption>" in page


def test_an_unpublished_headcount_shows_to_insiders_only(world, client):
    world.cooperative.headcount = 777
    world.cooperative.save()
    assert "<td>777</td>" not in client.get(LIST_URL).content.decode()
    assert "<td>777</td>" in client_as(client, world, "member").get(LIST_URL).content.decode()
    world.cooperative.public_fields = ["headcount"]
    world.cooperative.save()
    client.logout()
    assert "<td>777</td>" in client.get(LIST_URL).content.decode()


def test_the_list_filters_by_family_and_sector(world, client):
    tree = naf_tree()
    CooperativeFactory(
        union=world.union,
        name="Coopérative d’activités",
        is_cae=True,
        legal_status="scic_sas",
        sector=tree["digital"],
    )
    page = client.get(LIST_URL, {"family": "cae"}).content.decode()
    assert "Coopérative d’activités" in page and "Menuiserie des Monts" not in page
    page = client.get(LIST_URL, {"family": "scop"}).content.decode()
    assert "Coopérative d’activités" not in page and "Menuiserie des Monts" in page
    page = client.get(LIST_URL, {"sector": "numerique"}).content.decode()
    assert "Coopérative d’activités" in page and "Menuiserie des Monts" not in page


def test_an_unknown_filter_value_does_not_break_the_list(world, client):
    response = client.get(LIST_URL, {"family": "sarl", "sector": "nope", "page": "x"})
    assert response.status_code == 200


def test_the_list_is_paginated_by_fifty_and_keeps_the_filters(world, client):
    CooperativeFactory.create_batch(59, union=world.union)
    first = client.get(LIST_URL, {"family": "scop"})
    assert len(first.context["page"].object_list) == 50
    assert "family=scop&amp;page=2" in first.content.decode()
    second = client.get(LIST_URL, {"family": "scop", "page": 2})
    assert len(second.context["page"].object_list) == 10


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_the_list_costs_the_same_queries_for_5_or_60_cooperatives(
    world, client, role, django_assert_num_queries
):
    client_as(client, world, role)
    CooperativeFactory.create_batch(4, union=world.union)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    CooperativeFactory.create_batch(55, union=world.union, public_fields=["headcount"])
    with django_assert_num_queries(len(few)):
        response = client.get(LIST_URL)
    assert len(response.context["page"].object_list) == 50


def test_post_is_not_allowed_on_the_list(world, client):
    assert client.post(LIST_URL).status_code == 405


# A cooperative's page


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_an_active_member_cooperative(world, client, role):
    response = client_as(client, world, role).get(detail_url(world.cooperative))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Menuiserie des Monts" in page
    assert world.cooperative.siret in page
    assert page.count("<h1") == 1


@pytest.mark.parametrize("role", ROLES)
def test_contact_fields_show_when_published_or_to_insiders(world, client, role):
    page = client_as(client, world, role).get(detail_url(world.cooperative)).content.decode()
    assert ("contact@coop.exemple.fr" in page) is (role in INSIDERS)


def test_a_published_contact_field_shows_to_the_public(world, client):
    world.cooperative.public_fields = ["contact_email", "phone"]
    world.cooperative.phone = "04 72 00 00 00"
    world.cooperative.save()
    page = client.get(detail_url(world.cooperative)).content.decode()
    assert "contact@coop.exemple.fr" in page and "04 72 00 00 00" in page
    assert "Employee-associates" not in page  # never publishable


@pytest.mark.parametrize("role", ROLES)
def test_members_are_listed_to_insiders_only(world, client, role):
    member = world.people["member"]
    member.last_name = "Sociétaire-Témoin"
    member.save()
    page = client_as(client, world, role).get(detail_url(world.cooperative)).content.decode()
    assert ("Sociétaire-Témoin" in page) is (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_the_edit_link_shows_to_those_who_may_edit(world, client, role):
    page = client_as(client, world, role).get(detail_url(world.cooperative)).content.decode()
    edit = reverse("members:cooperative_edit", args=[world.cooperative.pk])
    assert (edit in page) is (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_a_former_member_cooperative_is_a_404_to_outsiders(world, client, role):
    world.cooperative.is_active = False
    world.cooperative.save()
    response = client_as(client, world, role).get(detail_url(world.cooperative))
    assert response.status_code == (200 if role in INSIDERS else 404)


def test_an_unknown_cooperative_is_a_404(world, client):
    response = client.get(reverse("members:cooperative", args=[world.union.pk]))
    assert response.status_code == 404


@pytest.fixture
def cae(world):
    world.cooperative.is_cae = True
    world.cooperative.save()
    photographer = PersonFactory(first_name="Lucienne", last_name="Objectif")
    MembershipFactory(
        cooperative=world.cooperative,
        person=photographer,
        role=r.ENTREPRENEUR,
        activity="Photographie d’architecture",
    )
    return photographer


def test_the_public_sees_a_caes_activities_but_not_its_entrepreneurs(world, client, cae):
    page = client.get(detail_url(world.cooperative)).content.decode()
    assert "Photographie d’architecture" in page
    assert "Objectif" not in page


def test_insiders_see_each_entrepreneur_with_their_activity(world, client, cae):
    page = client_as(client, world, "staff").get(detail_url(world.cooperative)).content.decode()
    assert "Objectif" in page and "Photographie d’architecture" in page


def test_ended_memberships_are_not_listed(world, client, cae):
    world.cooperative.memberships.filter(person=cae).update(end=datetime.date(2020, 1, 1))
    page = client_as(client, world, "staff").get(detail_url(world.cooperative)).content.decode()
    assert "Objectif" not in page
    client.logout()
    assert (
        "Photographie d’architecture"
        not in client.get(detail_url(world.cooperative)).content.decode()
    )


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_a_page_costs_the_same_queries_for_1_or_20_memberships(
    world, client, role, django_assert_num_queries
):
    cooperative = CooperativeFactory(union=world.union, is_cae=True)
    MembershipFactory(cooperative=cooperative, role=r.ENTREPRENEUR, activity="Activité 0")
    client_as(client, world, role)
    with CaptureQueriesContext(connection) as one:
        client.get(detail_url(cooperative))
    for n in range(1, 20):
        MembershipFactory(cooperative=cooperative, role=r.ENTREPRENEUR, activity=f"Activité {n}")
    with django_assert_num_queries(len(one)):
        response = client.get(detail_url(cooperative))
    assert "Activité 19" in response.content.decode()
    assert Cooperative.objects.get(pk=cooperative.pk).memberships.count() == 20
