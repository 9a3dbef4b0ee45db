"""Filters, distance, sorting and pagination of the public directory."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from coopilote.algorithms.geo import Point, bounding_box, haversine_km
from coopilote.directory.tests.conftest import commune, coop, names
from coopilote.members.tests.factories import UnionFactory
from coopilote.members.tests.helpers import naf_tree


def test_the_directory_spans_every_union_and_hides_inactive_cooperatives(find):
    coop("Atelier du Canal", union=UnionFactory())
    coop("Menuiserie des Monts", union=UnionFactory())
    coop("Ancienne Scop", is_active=False)
    assert find() == ["Atelier du Canal", "Menuiserie des Monts"]


def test_statut_filters_by_family(find):
    coop("Une Scop", legal_status="scop_sa")
    coop("Une Scic", legal_status="scic_sas")
    coop("Une CAE", legal_status="scop_sarl", is_cae=True)
    coop("Une filiale", legal_status="subsidiary")
    assert find(statut="scop") == ["Une CAE", "Une Scop"]
    assert find(statut="scic") == ["Une Scic"]
    assert find(statut="cae") == ["Une CAE"]
    assert find(statut="filiale") == ["Une filiale"]


def test_secteur_filters_by_sector_slug(find, building):
    coop("Charpente Coop", sector=building)
    coop("Atelier du Canal")
    assert find(secteur="batiment") == ["Charpente Coop"]


def test_naf_filters_by_code_prefix(find):
    tree = naf_tree()
    coop("Menuiserie Coop", naf=tree["joinery"])
    coop("Logiciel Coop", naf=tree["software"])
    coop("Sans code")
    assert find(naf="43") == ["Menuiserie Coop"]
    assert find(naf="4332") == ["Menuiserie Coop"]
    assert find(naf="62.01z") == ["Logiciel Coop"]


def test_departement_filters_by_code(find):
    coop("Coop lyonnaise")
    coop("Coop grenobloise", city="38185")
    assert find(departement="38") == ["Coop grenobloise"]
    assert find(departement="69") == ["Coop lyonnaise"]


def test_commune_alone_filters_by_commune(find):
    coop("Coop lyonnaise")
    coop("Coop villeurbannaise", city="69266")
    assert find(commune="69266") == ["Coop villeurbannaise"]


def test_filters_combine_with_the_text(find, building):
    coop("Menuiserie lyonnaise", sector=building)
    coop("Menuiserie grenobloise", city="38185", sector=building)
    coop("Menuiserie d’art grenobloise", city="38185")
    coop("Imprimerie grenobloise", city="38185", sector=building)
    assert find(q="menuiserie", departement="38", secteur="batiment") == ["Menuiserie grenobloise"]


def test_rayon_km_keeps_the_cooperatives_within_the_distance_nearest_first(find):
    coop("B à Lyon")
    coop("A à Villeurbanne", city="69266")
    coop("Grenoble", city="38185")
    coop("Marseille", city="13055")
    assert find(commune="69123", rayon_km=10) == ["B à Lyon", "A à Villeurbanne"]
    assert find(commune="69123", rayon_km=120) == ["B à Lyon", "A à Villeurbanne", "Grenoble"]
    assert find(commune="69123", rayon_km=120, tri="nom") == [
        "A à Villeurbanne",
        "B à Lyon",
        "Grenoble",
    ]


def test_rayon_km_shows_the_distance(find):
    commune("69123")
    coop("Coop villeurbannaise", city="69266")
    response = Client().get(reverse("directory:search"), {"commune": "69123", "rayon_km": 10})
    assert response.context["results"].rows[0][1] == haversine_km(
        Point(45.758, 4.835), Point(45.7719, 4.8902)
    )
    assert gettext("%(km)s km") % {"km": 5} in response.content.decode()


def test_rayon_km_without_a_commune_is_an_error_and_is_ignored(find):
    coop("Coop lyonnaise")
    response = Client().get(reverse("directory:search"), {"rayon_km": 10})
    assert response.status_code == 200
    assert "rayon_km" in response.context["form"].errors
    assert names(response) == ["Coop lyonnaise"]


def test_an_unknown_commune_is_an_error(find):
    coop("Coop lyonnaise")
    response = Client().get(reverse("directory:search"), {"commune": "99999"})
    assert "commune" in response.context["form"].errors
    assert names(response) == ["Coop lyonnaise"]


def test_haversine_and_its_bounding_box():
    lyon = Point(45.758, 4.835)
    assert round(haversine_km(lyon, Point(43.2965, 5.3698))) == 277
    south, north, west, east = bounding_box(lyon, 10)
    assert south < 45.758 < north and west < 4.835 < east
    assert haversine_km(lyon, Point(north, 4.835)) == pytest.approx(10)
    assert haversine_km(lyon, Point(45.758, east)) == pytest.approx(10, rel=1e-3)


def test_pages_hold_twenty_cooperatives(find):
    for number in range(25):
        coop(f"Coopérative {number:02d}")
    assert find() == [f"Coopérative {number:02d}" for number in range(20)]
    assert find(page=2) == [f"Coopérative {number:02d}" for number in range(20, 25)]
    assert find(page=99) == [f"Coopérative {number:02d}" for number in range(20, 25)]


def test_pagination_links_keep_the_search(find):
    for number in range(25):
        coop(f"Menuiserie {number:02d}")
    find()
    response = Client().get(reverse("directory:search"), {"q": "menuiserie", "statut": "scop"})
    assert "?q=menuiserie&amp;statut=scop&amp;page=2" in response.content.decode()


def test_taille_filters_only_on_published_headcounts(find):
    """A size band must not tell a headcount its cooperative keeps to itself."""
    coop("Coop Ouverte", headcount=5, public_fields=["headcount"])
    coop("Coop Discrète", headcount=5, public_fields=["website"])
    coop("Grande Coop", headcount=120, public_fields=["website", "headcount"])
    assert find(taille="1-9") == ["Coop Ouverte"]
    assert find(taille="50-249") == ["Grande Coop"]
    for band in ("0", "10-49", "250+"):
        assert find(taille=band) == []


def test_a_commune_with_arrondissements_includes_them(find):
    """Lyon (69123) holds its nine arrondissements: « Lyon 3e » is in Lyon."""
    coop("Coop de Lyon")
    coop("Coop du 3e", city="69383")
    coop("Coop villeurbannaise", city="69266")
    assert find(commune="69123") == ["Coop de Lyon", "Coop du 3e"]
    assert find(commune="69383") == ["Coop du 3e"]


def test_names_come_in_french_alphabetical_order(find):
    for name in ("Zinc Coop", "Éco Bâtisseurs", "aide à domicile", "Ebénisterie"):
        coop(name)
    assert find() == ["aide à domicile", "Ebénisterie", "Éco Bâtisseurs", "Zinc Coop"]
