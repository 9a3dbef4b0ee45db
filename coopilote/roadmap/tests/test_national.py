"""The national view: every union's national asks, grouped by theme, with how many unions ask."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import ngettext

from coopilote.conftest import World
from coopilote.roadmap.national import national_themes, normalise
from coopilote.roadmap.services import confirm_scope, create_letter, import_congress, update_letter
from coopilote.roadmap.tests.factories import SEED_PATH, proposal, roadmap_for, seed_congress

pytestmark = pytest.mark.django_db

OTHER_CONGRESS = """Congrès de l’Union régionale Occitanie, 4 décembre 2025.
1. TRANSITION ÉCOLOGIQUE
- Un fonds national de garantie pour la transition écologique, porté par la CGSCOP.
2. Démocratie active dans les instances du mouvement !
- Un tirage au sort des délégué·es au congrès national.
3. Jeunesse
- Des ateliers coopératifs dans les lycées de la région.
"""


def test_theme_titles_match_whatever_their_case_accents_numbering_and_punctuation() -> None:
    assert normalise("2. Transition écologique") == normalise("TRANSITION  ECOLOGIQUE !")
    assert normalise("Ambassadeur·rices du mouvement") == "ambassadeur rices du mouvement"
    assert normalise("Jeunesse") != normalise("Jeunesse et formation")


def test_themes_asked_by_several_unions_come_first_with_the_count_of_unions(world: World) -> None:
    seed_congress(world)
    import_congress(world.other_union, OTHER_CONGRESS, None)
    themes = {theme.key: theme for theme in national_themes()}
    ecology = themes[normalise("Transition écologique")]
    assert ecology.union_count == 2 and ecology.proposal_count == 4
    assert [ask.union for ask in ecology.asks] == sorted(
        [world.union, world.other_union], key=lambda union: union.name
    )
    democracy = themes[normalise("Démocratie active dans les instances du mouvement")]
    assert democracy.union_count == 2
    # One spelling each: the first in alphabetical order is shown.
    assert democracy.title == "Démocratie active dans les instances du mouvement"
    # A regional proposal (the lycées) is not an ask of the national direction.
    youth = themes[normalise("Jeunesse")]
    assert youth.union_count == 1
    ordered = national_themes()
    assert [theme.union_count for theme in ordered] == sorted(
        (theme.union_count for theme in ordered), reverse=True
    )


def test_a_regional_confirmation_takes_a_proposal_out_of_the_national_view(world: World) -> None:
    congress = seed_congress(world)
    confirm_scope(None, proposal(congress, "Porter un plaidoyer"), "regional")
    assert normalise("Jeunesse") not in {theme.key for theme in national_themes()}


@pytest.mark.parametrize("role", ["anonymous", "confederation", "member"])
def test_the_national_view_is_public_read_only_and_lists_published_letters(
    world: World, role: str
) -> None:
    seed_congress(world)
    import_congress(world.other_union, SEED_PATH.read_bytes(), None)
    roadmap = roadmap_for(world)
    published = update_letter(None, create_letter(None, roadmap=roadmap), published=True)
    draft = create_letter(None, roadmap=roadmap)
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    html = client.get(reverse("roadmap:national")).content.decode()
    assert html.count("<h1") == 1
    unions = ngettext("%(total)s union", "%(total)s unions", 2) % {"total": 2}
    summary = ngettext(
        "%(total)s proposal of national scope from %(unions)s, grouped by theme of the "
        "orientation text.",
        "%(total)s proposals of national scope from %(unions)s, grouped by theme of the "
        "orientation text.",
        16,
    )
    assert summary % {"total": 16, "unions": unions} in html
    assert published.get_absolute_url() in html and draft.get_absolute_url() not in html
    assert "<form" not in html.split("<main", 1)[1]


def test_asks_from_a_single_union_say_so_rather_than_from_1_union(world: World) -> None:
    seed_congress(world)
    html = Client().get(reverse("roadmap:national")).content.decode()
    summary = ngettext(
        "%(total)s proposal of national scope from a single union, grouped by theme of the "
        "orientation text.",
        "%(total)s proposals of national scope from a single union, grouped by theme of the "
        "orientation text.",
        8,
    )
    count = sum(theme.proposal_count for theme in national_themes())
    assert summary % {"total": count} in html
    assert "issues de 1 union" not in html and "issue de 1 union" not in html
