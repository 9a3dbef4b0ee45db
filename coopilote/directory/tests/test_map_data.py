"""The map's points: the search's cooperatives, one point per commune, in one query."""

from __future__ import annotations

import json
import time
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopilote.core.models import Commune
from coopilote.directory.mapdata import FRAGMENTS, FRAGMENTS_TTL_SECONDS
from coopilote.directory.services import refresh_entries
from coopilote.directory.tests.conftest import coop, names
from coopilote.members.tests.factories import CommuneFactory


def points(**params: Any) -> dict[str, Any]:
    refresh_entries()
    response = Client().get(reverse("directory:map_data"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def page_total(**params: Any) -> int:
    response = Client().get(reverse("directory:search"), params)
    return response.context["page"].paginator.count


def test_one_point_per_commune_with_its_count_code_and_name(db):
    coop("Menuiserie des Monts")
    coop("Atelier du Canal")
    coop("Coop Alpine", city="38185")
    data = points()
    assert data["total"] == 3 and data["unlocated"] == 0
    assert sorted(data["points"]) == [
        [45.1885, 5.7245, 1, "38185", "Grenoble"],
        [45.758, 4.835, 2, "69123", "Lyon"],
    ]
    assert data["search_url"] == reverse("directory:search")


def test_coordinates_are_rounded_to_four_decimals(db):
    precise = CommuneFactory(
        code="01001", name="Précy", latitude=46.123456789, longitude=4.98765432
    )
    coop("Précise", commune=precise)
    assert points()["points"][0][:2] == [46.1235, 4.9877]


def test_cooperatives_without_a_located_commune_are_counted_not_placed(db):
    coop("Sans commune", commune=None)
    coop(
        "Commune sans point",
        commune=CommuneFactory(code="01002", name="Nulle", latitude=None, longitude=None),
    )
    coop("Placée")
    data = points()
    assert data["total"] == 3 and data["unlocated"] == 2
    assert [point[3] for point in data["points"]] == ["69123"]


def test_the_map_counts_the_same_cooperatives_as_the_page_for_every_filter(db, building):
    coop("Menuiserie des Monts", "Menuiserie et charpente", sector=building)
    coop("Menuiserie du Sud", "Menuiserie", city="13055")
    coop("Atelier du Canal", "Reliure", is_cae=True, city="69266")
    coop("Coop Alpine", "Menuiserie alpine", city="38185", legal_status="scic_sas")
    coop("Fermée", "Menuiserie", is_active=False)
    refresh_entries()
    searches = [
        {},
        {"q": "menuiserie"},
        {"q": "menuiserie", "tri": "nom"},
        {"q": "-reliure"},
        {"statut": "cae"},
        {"statut": "scic"},
        {"secteur": "batiment"},
        {"departement": "13"},
        {"commune": "69123"},
        {"commune": "69123", "rayon_km": 10},
        {"commune": "69123", "rayon_km": 200, "tri": "distance", "q": "menuiserie"},
        {"commune": "99999"},  # invalid: ignored by the page, ignored here too
    ]
    for params in searches:
        data = points(**params)
        assert data["total"] == page_total(**params), params
        assert sum(point[2] for point in data["points"]) == data["total"] - data["unlocated"]


def test_a_text_search_places_only_its_matches(db):
    coop("Menuiserie des Monts", "Menuiserie")
    coop("Atelier du Canal", "Reliure", city="38185")
    data = points(q="menuiserie")
    assert [(point[2], point[3]) for point in data["points"]] == [(1, "69123")]


def warm_query_count(params: dict[str, Any]) -> int:
    """Queries of a request once this process knows the communes' points (the usual case)."""
    url = reverse("directory:map_data")
    Client().get(url, params)
    with CaptureQueriesContext(connection) as queries:
        Client().get(url, params)
    return len(queries.captured_queries)


def test_the_query_count_does_not_grow_with_the_results(db, building):
    cities = ["69123", "69266", "38185", "13055"]
    coop("Menuiserie une", "Menuiserie", sector=building)
    refresh_entries()
    searches = [
        {"q": "menuiserie", "secteur": "batiment"},
        {"q": "menuiserie", "commune": "69123", "rayon_km": 500, "tri": "distance"},
    ]
    few = [warm_query_count(params) for params in searches]
    for index in range(30):
        coop(f"Menuiserie {index}", "Menuiserie", city=cities[index % 4], sector=building)
    refresh_entries()
    assert [warm_query_count(params) for params in searches] == few
    assert points(**searches[0])["total"] == 31


def test_the_whole_directory_is_one_query_and_new_communes_one_more(db, django_assert_num_queries):
    url = reverse("directory:map_data")
    for index in range(10):
        coop(f"Coop {index}", city=["69123", "38185"][index % 2])
    FRAGMENTS.clear()
    with django_assert_num_queries(2):  # the counts, then the communes' points
        Client().get(url)
    with django_assert_num_queries(1):
        response = Client().get(url)
    assert json.loads(response.content)["total"] == 10


def test_a_moved_or_renamed_commune_shows_at_once(db):
    cooperative = coop("Coop Alpine", city="38185")
    assert points()["points"] == [[45.1885, 5.7245, 1, "38185", "Grenoble"]]
    commune = cooperative.commune
    commune.name, commune.latitude = "Grenoble-Alpes", 45.2
    commune.save()
    assert points()["points"] == [[45.2, 5.7245, 1, "38185", "Grenoble-Alpes"]]


def test_points_changed_outside_the_orm_show_within_the_hour(db, monkeypatch):
    coop("Coop Alpine", city="38185")
    points()
    Commune.objects.filter(code="38185").update(latitude=45.3)  # as a bulk reload would
    assert points()["points"][0][0] == 45.1885
    monkeypatch.setattr(FRAGMENTS, "_filled_at", time.monotonic() - FRAGMENTS_TTL_SECONDS - 1)
    assert points()["points"][0][0] == 45.3


def test_anonymous_visitors_get_a_cacheable_compact_answer(db):
    coop("Menuiserie des Monts")
    response = Client().get(reverse("directory:map_data"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    body = response.content.decode()
    assert ", " not in body and ": " not in body  # compact separators
    assert "Cookie" not in response.get("Vary", "")


def test_commune_names_travel_as_data_not_markup(db):
    odd = CommuneFactory(
        code="01004", name='<img src=x onerror="alert(1)">', latitude=46.0, longitude=5.0
    )
    coop("Coop", commune=odd)
    assert points()["points"][0][4] == '<img src=x onerror="alert(1)">'


def test_only_get_is_allowed(db):
    assert Client().post(reverse("directory:map_data")).status_code == 405


def test_each_point_leads_to_the_page_listing_its_cooperatives(db):
    coop("Menuiserie des Monts", "Menuiserie")
    coop("Menuiserie du Canal", "Menuiserie", city="69266")
    coop("Autre", "Rien", city="69266")
    refresh_entries()
    for point in points(q="menuiserie")["points"]:
        response = Client().get(
            reverse("directory:search"), {"q": "menuiserie", "commune": point[3]}
        )
        assert len(names(response)) == point[2] == 1
