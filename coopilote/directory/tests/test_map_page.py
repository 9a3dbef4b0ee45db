"""The map on the search page and on a cooperative's page: containers, texts, static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from coopilote.directory.tests.conftest import coop

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "directory-results"}
STATIC_FILES = [
    "directory/map.js",
    "directory/map.css",
    "directory/vendor/leaflet/leaflet.js",
    "directory/vendor/leaflet/leaflet.js.map",
    "directory/vendor/leaflet/leaflet.css",
    "directory/vendor/leaflet/images/marker-icon.png",
    "directory/vendor/leaflet/images/marker-icon-2x.png",
    "directory/vendor/leaflet/images/marker-shadow.png",
    "directory/vendor/leaflet/images/layers.png",
    "directory/vendor/leaflet/LICENSE",
    "directory/vendor/leaflet.markercluster/leaflet.markercluster.js",
    "directory/vendor/leaflet.markercluster/leaflet.markercluster.js.map",
    "directory/vendor/leaflet.markercluster/MarkerCluster.css",
    "directory/vendor/leaflet.markercluster/MIT-LICENCE.txt",
]


def map_div(html: str) -> str:
    match = re.search(r'<div id="directory-map"[^>]*>', html)
    assert match, "no map container"
    return match.group(0)


def test_the_search_page_has_a_labelled_map_below_the_list_with_the_same_query(db):
    html = (
        Client()
        .get(reverse("directory:search"), {"q": "menuiserie", "statut": "scop"})
        .content.decode()
    )
    div = map_div(html)
    assert 'aria-label="' in div and 'role="region"' in div
    assert f'data-points-url="{reverse("directory:map_data")}?q=menuiserie&amp;statut=scop"' in div
    assert html.index('id="directory-results"') < html.index('id="directory-map"')
    assert 'data-shadow-url="/static/directory/vendor/leaflet/images/marker-shadow.png"' in div
    assert (
        "La carte nécessite JavaScript\u00a0; la liste ci-dessus contient tous les résultats."
        in html
    )


def test_the_page_loads_the_map_scripts_from_static_files_only(db):
    html = Client().get(reverse("directory:search")).content.decode()
    for name in ("leaflet.js", "leaflet.markercluster.js", "directory/map.js"):
        assert re.search(rf'<script src="[^"]*{re.escape(name)}" defer></script>', html), name
    assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_the_page_number_is_not_part_of_the_map_query(db):
    html = Client().get(reverse("directory:search"), {"q": "x", "page": "2"}).content.decode()
    assert "page=2" not in map_div(html)


def test_the_htmx_results_carry_the_new_query_for_the_map(db):
    coop("Menuiserie des Monts")
    html = Client().get(reverse("directory:search"), {"q": "menuiserie"}, **HTMX).content.decode()
    expected = f'data-map-points-url="{reverse("directory:map_data")}?q=menuiserie"'
    assert expected in html
    assert 'id="directory-map"' not in html  # the map itself is not swapped (it keeps its view)


def test_the_htmx_results_carry_the_map_query_even_without_results(db):
    html = Client().get(reverse("directory:search"), {"q": "introuvable"}, **HTMX).content.decode()
    assert "data-map-points-url=" in html


@pytest.mark.parametrize("name", STATIC_FILES)
def test_the_map_files_are_found_by_the_static_finders(name):
    assert finders.find(name), name


def test_the_map_files_are_served(db):
    from django.test import override_settings

    # Tests run without the manifest: whitenoise serves the apps' files through the finders.
    with override_settings(WHITENOISE_USE_FINDERS=True):
        response = Client().get("/static/directory/map.js")
    assert response.status_code == 200


def test_a_cooperative_with_a_located_commune_gets_a_small_map_and_a_text_fallback(db):
    cooperative = coop("Menuiserie des Monts")
    html = render_to_string("directory/includes/place_map.html", {"cooperative": cooperative})
    commune = cooperative.commune
    assert 'class="directory-place-map"' in html and "aria-label=" in html
    assert (
        f'data-lat="{commune.latitude:.5f}"' in html
        and f'data-lon="{commune.longitude:.5f}"' in html
    )
    assert commune.name in html
    assert f"https://www.openstreetmap.org/?mlat={commune.latitude:.5f}&amp;mlon=" in html
    assert "directory/map.js" in html and "leaflet.js" in html
    # Leaflet cannot guess its images' folder from hashed static names: the template names them.
    assert 'data-icon-url="/static/directory/vendor/leaflet/images/marker-icon.png"' in html


def test_the_place_map_keeps_a_decimal_point_in_french(db, settings):
    from django.utils import translation

    cooperative = coop("Menuiserie des Monts")
    with translation.override("fr"):
        html = render_to_string("directory/includes/place_map.html", {"cooperative": cooperative})
    assert re.search(r'data-lat="-?\d+\.\d{5}"', html)
    assert "Voir sur OpenStreetMap" in html


def test_the_place_map_says_when_the_point_is_a_neighbours(db):
    from coopilote.members.tests.factories import CommuneFactory

    commune = CommuneFactory(
        code="01003", name="Voisine", latitude=46.0, longitude=5.0, location_source="postcode"
    )
    html = render_to_string(
        "directory/includes/place_map.html", {"cooperative": coop("X", commune=commune)}
    )
    assert "Approximate point" in html or "Point approximatif" in html


def test_no_place_map_without_a_located_commune(db):
    assert (
        render_to_string(
            "directory/includes/place_map.html", {"cooperative": coop("X", commune=None)}
        ).strip()
        == ""
    )
