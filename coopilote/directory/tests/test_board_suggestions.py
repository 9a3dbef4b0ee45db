"""Suggestions on a post's page: who could answer a need, which needs an offer answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import Commune, NafCode, Sector
from coopilote.directory import board
from coopilote.directory.board import suggestions_for
from coopilote.directory.models import Post
from coopilote.directory.tests.conftest import coop
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import CommuneFactory, DepartmentFactory


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


def albertville() -> Commune:
    """121 km east of Lyon: beyond the 100 km box of the neighbourhood, in another département."""
    return CommuneFactory(
        code="73011",
        name="Albertville",
        latitude=45.6755,
        longitude=6.3925,
        department=DepartmentFactory(code="73", name="Savoie"),
    )


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


def test_the_reasons_name_the_sector_both_sides_share(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Besoin d’un menuisier")
    # The offer's own sector counts, not its cooperative's.
    clinic = coop("Clinique coopérative", city="69266", sector=trades["health"])
    post(clinic, "offer", "Travaux dans nos locaux", sector=trades["building"])

    response = Client().get(reverse("directory:post", kwargs={"pk": need.pk}))

    [suggestion] = response.context["suggestions"]
    assert (
        suggestion.explanation
        == "même catégorie (sous-traitance), même secteur (Bâtiment), 5\u00a0km"
    )
    assert "même secteur (Bâtiment)" in response.content.decode()


def test_an_offer_of_the_same_category_and_trade_beyond_the_neighbourhood_is_suggested(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance menuiserie sur chantier")
    far = coop("Menuiserie Savoyarde", commune=albertville(), sector=trades["building"])
    post(far, "offer", "Équipe disponible en Savoie")  # No word in common: the fit alone.
    # Nearer, and fitting less: a cooperative of the trade, a co-contracting offer of the trade.
    coop("Bâtisseurs Villeurbannais", city="69266", sector=trades["building"])
    partners = coop("Bureau d’études", city="69266", sector=trades["building"])
    post(partners, "offer", "Cotraitance pour vos marchés", category="co_contracting")

    suggestions = suggestions_for(need)

    assert names(suggestions) == [
        "Équipe disponible en Savoie",
        "Cotraitance pour vos marchés",
        "Bâtisseurs Villeurbannais",
    ]
    assert suggestions[0].explanation == (
        "même catégorie (sous-traitance), même secteur (Bâtiment), 121\u00a0km"
    )


def test_a_nearer_offer_as_fitting_comes_before_the_far_one(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance menuiserie sur chantier")
    far = coop("Menuiserie Savoyarde", commune=albertville(), sector=trades["building"])
    post(far, "offer", "Menuisiers savoyards disponibles")
    near = coop("Bois et Compagnie", city="69266", sector=trades["building"])
    post(near, "offer", "Menuisiers lyonnais disponibles")
    assert names(suggestions_for(need)) == [
        "Menuisiers lyonnais disponibles",
        "Menuisiers savoyards disponibles",
    ]


def test_beyond_the_neighbourhood_only_the_same_category_of_the_same_trade_is_read(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance menuiserie sur chantier")
    far = coop("Menuiserie Savoyarde", commune=albertville(), sector=trades["building"])
    post(far, "offer", "Cotraitance en Savoie", category="co_contracting")
    clinic = coop("Clinique savoyarde", commune=albertville(), sector=trades["health"])
    post(clinic, "offer", "Sous-traitance de soins")
    post(far, "offer", "Menuisiers savoyards disponibles")
    assert names(suggestions_for(need)) == ["Menuisiers savoyards disponibles"]


def test_an_offer_across_the_country_fills_the_places_the_nearer_suggestions_leave(trades):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance menuiserie sur chantier")
    farthest = coop("Menuiserie Phocéenne", city="13055", sector=trades["building"])  # 278 km
    post(farthest, "offer", "Équipe disponible à Marseille")
    coop("Bâtisseurs Villeurbannais", city="69266", sector=trades["building"])

    suggestions = suggestions_for(need)

    # Beyond the distance the score weighs, the offer would rank first: it comes after.
    assert names(suggestions) == ["Bâtisseurs Villeurbannais", "Équipe disponible à Marseille"]
    assert suggestions[1].score > suggestions[0].score
    assert suggestions[1].explanation == "même catégorie (sous-traitance), même secteur (Bâtiment)"
    assert names(suggestions_for(need, limit=1)) == ["Bâtisseurs Villeurbannais"]


def test_the_candidate_limit_drops_the_farthest_fitting_offers_not_the_oldest(trades, monkeypatch):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance menuiserie sur chantier")
    near = coop("Bois et Compagnie", city="69266", sector=trades["building"])
    far = coop("Menuiserie Savoyarde", commune=albertville(), sector=trades["building"])
    farthest = coop("Menuiserie Phocéenne", city="13055", sector=trades["building"])  # 278 km
    # The nearest is the oldest, the farthest the newest.
    for days, (cooperative, title) in enumerate(
        [
            (farthest, "Menuisiers marseillais disponibles"),
            (far, "Menuisiers savoyards disponibles"),
            (near, "Menuisiers lyonnais disponibles"),
        ]
    ):
        offer = post(cooperative, "offer", title)
        Post.objects.filter(pk=offer.pk).update(created_at=timezone.now() - timedelta(days=days))
    monkeypatch.setattr(board, "CANDIDATE_LIMIT", 2)
    assert names(suggestions_for(need)) == [
        "Menuisiers lyonnais disponibles",
        "Menuisiers savoyards disponibles",
    ]


@pytest.mark.parametrize("count", [2, 25])
def test_a_need_page_makes_the_same_queries_whatever_the_far_fitting_offers(
    trades, django_assert_max_num_queries, count
):
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Besoin d’un menuisier")
    savoie = albertville()
    for number in range(count):
        cooperative = coop(
            f"Coopérative savoyarde {number}", commune=savoie, sector=trades["building"]
        )
        post(cooperative, "offer", f"Offre {number}")
    with django_assert_max_num_queries(8):
        response = Client().get(reverse("directory:post", kwargs={"pk": need.pk}))
    assert response.status_code == 200
    assert len(response.context["suggestions"]) == min(count, 10)


def test_the_widening_stops_at_the_neighbouring_regions(trades):
    """Same category, same trade, but 760 km away (Brest): no answer to a joinery need in Lyon."""
    asking = coop("Scop Charpente", sector=trades["building"])
    need = post(asking, "need", "Sous-traitance menuiserie sur chantier")
    brest = CommuneFactory(
        code="29019",
        name="Brest",
        latitude=48.3904,
        longitude=-4.4861,
        department=DepartmentFactory(code="29", name="Finistère"),
    )
    post(coop("Menuiserie Brestoise", commune=brest, sector=trades["building"]), "offer", "Brest")
    post(
        coop("Menuiserie Savoyarde", commune=albertville(), sector=trades["building"]),
        "offer",
        "Albertville",
    )
    assert names(suggestions_for(need)) == ["Albertville"]


def test_a_need_placed_by_its_departement_alone_keeps_to_its_neighbourhood(trades):
    """No point to measure from: no widening (before, La Réunion answered a need in the Rhône)."""
    asking = coop("Scop Charpente", sector=trades["building"])
    rhone = asking.commune.department
    need = post(asking, "need", "Sous-traitance menuiserie", department=rhone)
    saint_denis = CommuneFactory(
        code="97411",
        name="Saint-Denis",
        latitude=-20.8823,
        longitude=55.4504,
        department=DepartmentFactory(code="974", name="La Réunion"),
    )
    post(
        coop("Menuiserie Dionysienne", commune=saint_denis, sector=trades["building"]),
        "offer",
        "Réunion",
    )
    post(
        coop("Menuiserie Lyonnaise", city="69266", sector=trades["building"]),
        "offer",
        "Villeurbanne",
    )
    assert names(suggestions_for(need)) == ["Villeurbanne"]
