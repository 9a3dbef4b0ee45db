"""French alphabetical order: accents and case aside, on both databases."""

from __future__ import annotations

import pytest

from coopilote.core.collation import french, sort_key
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import CooperativeFactory

NAMES = ["Zinc", "Éco Bâtisseurs", "aide à domicile", "Aide Rurale", "Écho", "Ebénisterie"]
FRENCH_ORDER = ["aide à domicile", "Aide Rurale", "Ebénisterie", "Écho", "Éco Bâtisseurs", "Zinc"]


def test_the_sort_key_ignores_accents_and_case_first():
    assert sorted(NAMES, key=sort_key) == FRENCH_ORDER
    assert sorted(["côte", "cote", "Côté"], key=sort_key) == ["cote", "côte", "Côté"]


@pytest.mark.django_db
def test_the_database_orders_names_the_french_way():
    for name in NAMES:
        CooperativeFactory(name=name)
    ordered = Cooperative.objects.order_by(french("name")).values_list("name", flat=True)
    assert list(ordered) == FRENCH_ORDER
    # Bytes would put « aide » after « Zinc » and « É » after « Z ».
    assert sorted(NAMES) != FRENCH_ORDER


@pytest.mark.django_db
def test_both_databases_break_ties_as_the_sort_key_does():
    """Accents, then case: the database's order and the Python key agree (the directory sorts
    by distance in Python, then by name)."""
    ties = ["Côte", "coté", "Cote", "côte", "cote", "Côté"]
    ties += ["Œuvre commune", "Oeillet", "Zinc", "L’Atelier", "La Coop", "Lumière"]
    ties += ["Coopérative d’activités", "Coopérative des Monts", "Cœur de bois"]
    for name in ties:
        CooperativeFactory(name=name)
    ordered = list(Cooperative.objects.order_by(french("name")).values_list("name", flat=True))
    assert ordered == sorted(ties, key=sort_key)
    family = [name for name in ordered if name.casefold()[:4] in {"cote", "côte", "coté", "côté"}]
    assert family == ["cote", "Cote", "coté", "côte", "Côte", "Côté"]
    assert ordered.index("Œuvre commune") < ordered.index("Zinc")
    assert ordered.index("L’Atelier") < ordered.index("La Coop")


@pytest.mark.django_db
def test_the_database_check_names_a_missing_or_invalid_collation(settings):
    from django.db import connection

    from coopilote.core.collation import collation_exists

    assert collation_exists(databases=["default"]) == []
    settings.FRENCH_COLLATION = "fr_FR.utf8"
    assert [error.id for error in collation_exists(databases=["default"])] == ["core.E010"]
    settings.FRENCH_COLLATION = "xx-nowhere-icu"
    ids = [error.id for error in collation_exists(databases=["default"])]
    assert ids == (["core.E011"] if connection.vendor == "postgresql" else [])
