"""Suggestions on a post's page: who could answer a need, which needs an offer answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.core.models import NafCode, Sector
from coopilote.directory.board import suggestions_for
from coopilote.directory.models import Post
from coopilote.directory.tests.conftest import coop
from coopilote.members.models import Cooperative


@pytest.fixture
def trades(db: None) -> dict[str, Any]:
    building = Sector.objects.create(slug="batiment", name="Bâtiment", order=1)
    health = Sector.objects.create(slug="sante", name="Santé", order=2)
    division = NafCode.objects.create(
        code="43", label="Travaux spécialisés", level="division", section="F"
    )
    group = NafCode.objects.create(
        code="43.3", label="Finition", level="group", parent=division, section="F"
    )
    klass = NafCode.objects.create(
        code="43.32", label="Menuiserie", level="class", parent=group, section="F"
    )
    joinery = NafCode.objects.create(
        code="43.32A", label="Menuiserie bois", level="subclass", parent=klass, section="F"
    )
    return {"building": building, "health": health, "joinery": joinery}


def post(cooperative: Cooperative, kind: str, title: str, **fields: Any) -> Post:
    fields.setdefault("category", "subcontracting")
    fields.setdefault("description", "")
    return Post.objects.create(cooperative=cooperative, kind=kind, title=title, **fields)


def names(suggestions: list[Any]) -> list[str]:
    return [s.post.title if s.post else s.cooperative.name for s in suggestions]


def test_a_need_is_offered_nearby_offers_and_cooperatives_of_its_trade_with_reasons(trades):
    joinery = trades["joinery"]
    asking = coop("Scop Charpente", sector=trades["building"], naf=joinery)
    need = post(asking, "need", "Sous-traitance menuiserie bois sur chantier à Lyon")
    offering = coop("Bois et Compagnie", city="69266", sector=trades["building"])
    post(offering, "offer", "Menuisier bois disponible en mars", naf=joinery)
    coop("Menuiserie Grenobloise", city="38185", sector=trades["building"], naf=joinery)
    coop("Clinique coopérative", city="13055", sector=trades["health"])
    post(asking, "offer", "Notre propre offre")

    suggestions = suggestions_for(need)

    assert names(suggestions) == ["Menuisier bois disponible en mars", "Menuiserie Grenobloise"]
    first = suggestions[0].explanation
    assert "même secteur" in first and "même sous-classe NAF" in first and "5\u00a0km" in first
    assert (
        "km" in suggestions[1].explanation and "même sous-classe NAF" in suggestions[1].explanation
    )


def test_a_cooperative_with_an_offer_is_suggested_once(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Besoin d’un menuisier")
    offering = coop("Bois et Compagnie", city="69266", sector=trades["building"])
    post(offering, "offer", "Menuisier disponible")
    assert names(suggestions_for(need)) == ["Menuisier disponible"]


def test_a_support_function_need_finds_offers_of_any_sector(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Mutualiser un poste de comptable", category="accounting")
    clinic = coop("Clinique coopérative", city="69266", sector=trades["health"])
    post(clinic, "offer", "Comptable à mi-temps disponible", category="accounting")
    suggestions = suggestions_for(need)
    assert names(suggestions) == ["Comptable à mi-temps disponible"]
    assert "même catégorie" in suggestions[0].explanation


def test_a_shared_accounting_need_gets_accountants_not_the_vans_of_a_neighbour(trades):
    asking = coop("Scop Charpente", sector=trades["building"], naf=trades["joinery"])
    need = post(asking, "need", "Mutualiser un poste de comptable", category="accounting")
    carriers = coop("Transports du Rhône", city="69266", sector=trades["building"])
    post(carriers, "offer", "Fourgons à louer à la journée", category="vehicles")
    clinic = coop("Clinique coopérative", city="38185", sector=trades["health"])
    post(clinic, "offer", "Comptable à mi-temps disponible", category="accounting")

    suggestions = suggestions_for(need)

    # The neighbour is still suggested for what it is (same trade, close by), not for its vans.
    assert names(suggestions) == ["Comptable à mi-temps disponible", "Transports du Rhône"]
    assert suggestions[0].explanation.startswith("même catégorie (comptabilité mutualisée), ")
    assert "catégorie" not in suggestions[1].explanation


def test_a_related_category_of_the_same_trade_comes_after_the_same_category(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance de menuiserie sur chantier")
    first = coop("Bois et Compagnie", city="69266", sector=trades["building"])
    post(first, "offer", "Cotraitance pour vos marchés de rénovation", category="co_contracting")
    second = coop("Atelier Grenoblois", city="38185", sector=trades["building"])
    post(second, "offer", "Menuisiers en sous-traitance")
    clinic = coop("Clinique coopérative", city="69266", sector=trades["health"])
    post(clinic, "offer", "Cotraitance de services de santé", category="co_contracting")

    suggestions = suggestions_for(need)

    assert names(suggestions) == [
        "Menuisiers en sous-traitance",
        "Cotraitance pour vos marchés de rénovation",
    ]
    assert suggestions[0].explanation.startswith("même catégorie (sous-traitance), ")
    assert suggestions[1].explanation.startswith("catégorie voisine (cotraitance), ")


def test_an_offer_is_not_suggested_needs_of_another_category(trades):
    offering = coop("Transports du Rhône", sector=trades["building"])
    offer = post(offering, "offer", "Fourgons à louer", category="vehicles")
    asking = coop("Scop Charpente", city="69266", sector=trades["building"])
    post(asking, "need", "Mutualiser un poste de comptable", category="accounting")
    post(asking, "need", "Cherche une nacelle pour deux semaines", category="equipment")
    assert names(suggestions_for(offer)) == ["Cherche une nacelle pour deux semaines"]


def test_an_offer_lists_the_needs_it_may_answer(trades):
    offering = coop("Bois et Compagnie", sector=trades["building"])
    offer = post(offering, "offer", "Menuisier bois disponible")
    asking = coop("Scop Charpente", city="69266", sector=trades["building"])
    post(asking, "need", "Besoin de menuiserie bois")
    post(asking, "offer", "Une autre offre")
    far = coop("Clinique coopérative", city="13055", sector=trades["health"])
    post(far, "need", "Besoin d’infirmiers", category="hr")
    assert names(suggestions_for(offer)) == ["Besoin de menuiserie bois"]


def test_closed_posts_are_never_suggested(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Besoin d’un menuisier")
    offering = coop("Bois et Compagnie", city="69266", sector=trades["building"], is_active=False)
    post(offering, "offer", "Offre d’une coopérative partie")
    assert names(suggestions_for(need)) == []


def _candidates(count: int, sector: Sector) -> None:
    for number in range(count):
        cooperative = coop(f"Coopérative {number}", city="69266", sector=sector)
        post(cooperative, "offer", f"Offre {number}")


@pytest.mark.parametrize("count", [2, 25])
def test_a_need_page_makes_the_same_queries_whatever_the_candidates(
    trades, django_assert_max_num_queries, count
):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Besoin d’un menuisier")
    _candidates(count, trades["building"])
    with django_assert_max_num_queries(8):
        response = Client().get(reverse("directory:post", kwargs={"pk": need.pk}))
    assert response.status_code == 200
    assert len(response.context["suggestions"]) == min(count, 10)
