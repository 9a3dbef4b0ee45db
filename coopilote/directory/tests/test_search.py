"""Full-text search: the same expectations on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import pytest
from django.db import connection

from coopilote.directory.search import Terms, fts5_expression, parse
from coopilote.directory.tests.conftest import coop
from coopilote.members import roles as r
from coopilote.members.tests.factories import MembershipFactory


def test_accents_are_ignored_in_the_text_and_in_the_query(find):
    coop("Électricité Générale du Rhône")
    coop("Electricite du Sud")
    coop("Plomberie Lyonnaise")
    assert find(q="electricite") == ["Electricite du Sud", "Électricité Générale du Rhône"]
    assert find(q="électricité") == ["Electricite du Sud", "Électricité Générale du Rhône"]


def test_case_is_ignored(find):
    coop("Menuiserie des Monts")
    coop("Atelier du Canal")
    assert find(q="MENUISERIE") == ["Menuiserie des Monts"]
    assert find(q="menuiserie") == ["Menuiserie des Monts"]


def test_the_description_is_searched_too(find):
    coop("Les Charpentiers", "Ossatures et charpentes traditionnelles.")
    coop("Atelier du Canal", "Imprimerie.")
    assert find(q="charpentes") == ["Les Charpentiers"]


def test_the_sector_and_naf_label_and_commune_are_searched(find, building):
    from coopilote.members.tests.helpers import naf_tree

    tree = naf_tree()
    coop("Coop A", naf=tree["software"])
    coop("Coop B", sector=building)
    coop("Coop C", city="38185")
    assert find(q="informatique") == ["Coop A"]
    assert find(q="bâtiment") == ["Coop B"]
    assert find(q="grenoble") == ["Coop C"]


def test_a_quoted_phrase_must_appear_as_written(find):
    coop("Ébénistes réunis", "Meubles en bois massif sur mesure.")
    coop("Chauffage du Massif", "Bois de chauffage livré dans le Massif central.")
    assert find(q='"bois massif"') == ["Ébénistes réunis"]
    assert sorted(find(q="bois massif")) == ["Chauffage du Massif", "Ébénistes réunis"]


def test_a_minus_word_leaves_out_the_cooperatives_holding_it(find):
    coop("Menuiserie Bois Vivant", "Menuiserie bois.")
    coop("Menuiserie Alu Service", "Menuiserie aluminium.")
    assert find(q="menuiserie -aluminium") == ["Menuiserie Bois Vivant"]
    assert find(q="-aluminium") == ["Menuiserie Bois Vivant"]


def test_a_query_of_punctuation_only_lists_everything(find):
    coop("Atelier du Canal")
    assert find(q='" - * ( )') == ["Atelier du Canal"]


def test_a_cae_is_found_by_its_entrepreneurs_activities(find):
    cae = coop("Coopaname Lyon", "Coopérative d’activité et d’emploi.", is_cae=True)
    MembershipFactory(
        cooperative=cae, role=r.ENTREPRENEUR, activity="photographe — reportages d’entreprise"
    )
    coop("Imprimerie du Canal")
    assert find(q="photographe") == ["Coopaname Lyon"]
    assert find(q="reportages") == ["Coopaname Lyon"]


def test_another_role_s_activity_is_not_indexed(find):
    cooperative = coop("Scop Générale")
    MembershipFactory(cooperative=cooperative, role=r.EMPLOYEE, activity="photographe")
    assert find(q="photographe") == []


def test_the_best_match_comes_first(find):
    coop("Atelier Graphique", "Reliure.")
    coop("Graphisme et Graphistes", "Graphisme, identité graphique, graphisme web.")
    assert find(q="graphisme")[0] == "Graphisme et Graphistes"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French stemming needs PostgreSQL's french_stem"
)
def test_a_word_finds_its_other_forms_on_postgresql(find):
    coop("Menuisiers Associés")
    coop("Atelier du Canal")
    assert find(q="menuisier") == ["Menuisiers Associés"]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="prefix matching is SQLite's; PostgreSQL stems instead"
)
def test_a_word_being_typed_already_matches_on_sqlite(find):
    coop("Menuiserie des Monts")
    coop("Atelier du Canal")
    assert find(q="menuis") == ["Menuiserie des Monts"]


def test_parse_separates_words_phrases_and_exclusions():
    assert parse('scop "bois massif" -alu d’entreprise') == Terms(
        words=["scop", "d", "entreprise"], phrases=[["bois", "massif"]], excluded=[["alu"]]
    )


def test_the_fts5_expression_prefixes_plain_words_only():
    expression = fts5_expression(parse('menuis "bois massif" -alu'))
    assert expression == '"menuis"* AND "bois massif" NOT "alu"'
