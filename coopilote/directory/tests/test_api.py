"""The read-only JSON API: the page's search, order and pages; rate-limited; documented."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopilote.core import ratelimit
from coopilote.directory.services import refresh_entries
from coopilote.directory.tests.conftest import coop

API = "directory_api:cooperatives"


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Any:
    cache.clear()
    yield
    cache.clear()


def api(**params: Any) -> dict[str, Any]:
    response = Client().get(reverse(API), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    return body


def page_ids(**params: Any) -> list[str]:
    response = Client().get(reverse("directory:search"), params)
    return [str(cooperative.pk) for cooperative, _ in response.context["results"].rows]


@pytest.fixture
def directory(db: None, building: Any) -> None:
    coop("Menuiserie des Monts", city="38185", sector=building)
    coop("Menuiserie Lyonnaise", "Coop de menuisiers.")
    coop("Coop Phocéenne", city="13055", legal_status="scic_sas")
    coop("Atelier de Villeurbanne", "coop", city="69266", is_cae=True)
    refresh_entries()


def test_the_api_is_at_the_expected_address():
    assert reverse(API) == "/api/cooperatives"


def test_each_result_has_the_documented_fields(directory):
    body = api(q="phocéenne")
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    (result,) = body["results"]
    assert set(result) == {
        "id",
        "name",
        "siret",
        "statut",
        "secteur",
        "commune",
        "departement",
        "url",
    }
    assert (result["name"], result["statut"], result["commune"], result["departement"]) == (
        "Coop Phocéenne",
        "Scic",
        "Marseille",
        "13",
    )
    assert result["url"].startswith("http://testserver/")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "menuiserie"},
        {"q": "coop"},
        {"secteur": "batiment"},
        {"statut": "cae"},
        {"departement": "38"},
        {"commune": "69123", "rayon_km": "20"},
        {"commune": "69123", "rayon_km": "400"},
        {"q": "coop", "tri": "nom"},
    ],
)
def test_the_api_finds_the_same_cooperatives_in_the_same_order_as_the_page(directory, params):
    ids = [result["id"] for result in api(**params)["results"]]
    assert ids == page_ids(**params)
    assert ids  # each of these finds something


def test_results_come_twenty_a_page(db):
    for number in range(23):
        coop(f"Coop {number:02}")
    refresh_entries()
    first, second = api(), api(page=2)
    assert (first["count"], first["page"], first["pages"]) == (23, 1, 2)
    assert len(first["results"]) == 20 and len(second["results"]) == 3
    assert [r["name"] for r in first["results"] + second["results"]] == [
        f"Coop {number:02}" for number in range(23)
    ]
    assert api(page=99)["page"] == 2  # past the end: the last page, as on the page


def test_invalid_filters_get_a_400_naming_each_parameter_in_french(directory):
    """The page shows the errors beside its fields; a program gets them per parameter."""
    params = {"naf": "nimportequoi", "commune": "00000", "statut": "foo", "q": "x" * 300}
    response = Client().get(reverse(API), params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Paramètres invalides : voir les erreurs.".replace(" :", "\u00a0:")
    assert sorted(body["errors"]) == ["commune", "naf", "q", "statut"]
    assert all(message and message[0].isupper() for m in body["errors"].values() for message in m)
    assert "commune" in " ".join(body["errors"]["commune"]).lower()


@pytest.mark.parametrize("page", ["abc", "1.5"])
def test_a_page_that_is_not_a_number_gets_a_french_400(directory, page):
    response = Client().get(reverse(API), {"page": page})
    assert response.status_code == 400
    assert response.json()["errors"] == {"page": ["Cette valeur n’est pas valide."]}


def test_too_many_requests_get_a_429_in_french(directory, settings, monkeypatch):
    settings.DIRECTORY_API_RATE = 3
    # In the last second of a window: the four requests stay in it, and Retry-After still says 1.
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_800_000_059.5)
    client = Client()
    for _ in range(3):
        assert client.get(reverse(API)).status_code == 200
    response = client.get(reverse(API))
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Trop de requêtes\u00a0: attendez une minute avant de redemander."
    }
    assert response["Retry-After"] == "1"
    spoofed = client.get(reverse(API), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert spoofed.status_code == 429  # a forged X-Forwarded-For does not open a new window
    other = Client(REMOTE_ADDR="192.0.2.7")  # another client IP has its own window
    assert other.get(reverse(API)).status_code == 200


def test_the_openapi_document_lists_the_operation_and_no_docs_page_is_served(db):
    response = Client().get(reverse("directory_api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"] == {"title": "Coopilote — annuaire", "version": "1", "description": ""}
    operation = schema["paths"]["/api/cooperatives"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "secteur", "statut", "departement", "commune", "rayon_km", "naf", "page"} <= (
        parameters
    )
    assert Client().get("/api/docs").status_code == 404


def test_the_api_makes_as_many_queries_with_more_cooperatives(db):
    coop("Coop Une")
    refresh_entries()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            api(q="coop")
        return len(queries)

    before = count()
    for number in range(15):
        coop(f"Coop {number}")
    refresh_entries()
    assert count() == before


def test_the_api_only_reads(db):
    assert Client().post(reverse(API)).status_code == 405
