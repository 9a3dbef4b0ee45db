"""The page itself: works without JavaScript, answers htmx with the results only."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coopilote.directory.models import DirectoryEntry
from coopilote.directory.tests.conftest import coop

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "directory-results"}


def test_the_page_has_one_heading_a_labelled_search_field_and_htmx_attributes(find):
    coop("Menuiserie des Monts")
    find()
    html = Client().get(reverse("directory:search")).content.decode()
    assert html.count("<h1") == 1
    assert '<label for="id_q">' in html
    assert 'hx-trigger="keyup changed delay:300ms, search"' in html
    assert 'hx-target="#directory-results"' in html
    assert 'id="directory-results"' in html
    assert "<style" not in html and "<script>" not in html
    assert reverse("members:cooperative", args=[coop("Autre").pk]) not in html  # not indexed yet


def test_rows_link_to_the_cooperative_and_show_family_sector_and_commune(find, building):
    cooperative = coop("Coop CAE", is_cae=True, legal_status="scic_sas", sector=building)
    find()
    html = Client().get(reverse("directory:search")).content.decode()
    assert reverse("members:cooperative", args=[cooperative.pk]) in html
    for text in ("Scic", "CAE", "Bâtiment", "Lyon", "Rhône"):
        assert text in html


def test_htmx_gets_the_results_partial_only(find):
    coop("Menuiserie des Monts")
    coop("Atelier du Canal")
    find()
    response = Client().get(reverse("directory:search"), {"q": "menuiserie"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in html and "<html" not in html
    assert "Menuiserie des Monts" in html and "Atelier du Canal" not in html
    assert "HX-Request" in response["Vary"]


def test_a_boosted_htmx_request_gets_the_full_page(find):
    response = Client().get(
        reverse("directory:search"), HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true"
    )
    assert "<h1" in response.content.decode()


def test_the_menu_leads_to_the_directory(db):
    html = Client().get(reverse("core:home")).content.decode()
    assert f'href="{reverse("directory:search")}"' in html


def test_only_get_is_allowed(db):
    assert Client().post(reverse("directory:search")).status_code == 405


def test_refresh_directory_indexes_every_cooperative_and_follows_changes(find, capsys):
    cooperative = coop("Ancien Nom")
    call_command("refresh_directory")
    assert DirectoryEntry.objects.get(cooperative=cooperative).document.startswith("Ancien Nom")
    cooperative.name = "Nouveau Nom"
    cooperative.save()
    assert find(q="nouveau") == ["Nouveau Nom"]
    assert find(q="ancien") == []


def test_the_demo_hook_indexes_the_cooperatives(db):
    from io import StringIO

    from coopilote.core.seeding import DemoContext
    from coopilote.directory.demo import load

    coop("Menuiserie des Monts")
    load(DemoContext(scale="region", seed=1, password="x", stdout=StringIO()))
    assert DirectoryEntry.objects.count() == 1


def count_queries(params: dict[str, object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(reverse("directory:search"), params)
    assert response.status_code == 200
    return len(queries)


def more_cooperatives(count: int) -> None:
    from coopilote.directory.services import refresh_entries
    from coopilote.members import roles as r
    from coopilote.members.tests.factories import MembershipFactory

    for number in range(count):
        cae = coop(f"Menuiserie {number}", "Menuiserie et photographie.", city="69266", is_cae=True)
        MembershipFactory(cooperative=cae, role=r.ENTREPRENEUR, activity="photographe")
    refresh_entries()


def test_a_search_makes_as_many_queries_with_more_results(db):
    coop("Lyon")
    params = {"q": "menuiserie photographe", "commune": "69123", "rayon_km": 20, "tri": "distance"}
    more_cooperatives(3)
    count_queries(params)
    before = count_queries(params)
    more_cooperatives(30)
    assert count_queries(params) == before
    assert count_queries({**params, "page": 2}) == before
    assert count_queries({"q": "menuiserie"}) <= before


def test_a_page_number_out_of_range_or_not_a_number_gives_a_page_of_results(db):
    from coopilote.directory.services import refresh_entries

    for number in range(23):
        coop(f"Coop {number:02}")
    refresh_entries()

    def page(number: str) -> str:
        response = Client().get(reverse("directory:search"), {"page": number})
        assert response.status_code == 200
        return response.content.decode()

    assert "Coop 00" in page("abc") and "Coop 20" not in page("abc")
    for past_the_end in ("99", "0", "-3", "99999999999999999999"):  # as Paginator.get_page
        last = page(past_the_end)
        assert "Coop 22" in last and "Coop 00" not in last
        assert "23 coopératives" in last and "page 2 sur 2" in last
