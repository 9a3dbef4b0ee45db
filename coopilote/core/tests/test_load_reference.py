"""The committed reference data and its loader (``manage.py load_reference``)."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from coopilote.core.management.commands.load_reference import LoadReport, load_reference
from coopilote.core.models import (
    Commune,
    Department,
    NafCode,
    Region,
    Sector,
    SectorMapping,
)
from coopilote.core.models.sectors import CURRENT_TAXONOMY

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reference(django_db_setup: None, django_db_blocker: object) -> Iterator[LoadReport]:
    """Everything loaded once for the module, inside a transaction rolled back at its end.

    Each test still runs in its own savepoint (the ``db`` fixture), so one test's edits never
    reach the next, and nothing leaks into the other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_reference()
        transaction.set_rollback(True)


def test_a_fresh_load_creates_every_row(reference: LoadReport) -> None:
    assert reference.created == {
        "regions": 18,
        "departments": 101,
        "communes": reference.counts["communes"],
        "naf": 21 + 88 + 272 + 615 + 732,
        "sectors": 10,
        "mappings": 25,
    }
    assert not any(reference.updated.values())


def test_there_are_18_regions_and_101_departements(reference: LoadReport) -> None:
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert set(Region.objects.values_list("zone", flat=True)) == {"metro", "drom"}
    assert Region.objects.filter(zone="drom").count() == 5


def test_every_commune_and_municipal_arrondissement_is_there(reference: LoadReport) -> None:
    assert Commune.objects.count() >= 34_900
    # Paris, Lyon and Marseille's arrondissements are communes for the COG too.
    assert Commune.objects.filter(code__startswith="751", department_id="75").count() == 20
    assert Commune.objects.filter(code__startswith="6938").count() == 9
    assert Commune.objects.filter(code__startswith="132").count() == 16


def test_lyon_is_69123_in_rhone_in_auvergne_rhone_alpes(reference: LoadReport) -> None:
    lyon = Commune.objects.select_related("department__region").get(code="69123")
    assert lyon.name == "Lyon"
    assert lyon.department.code == "69"
    assert lyon.department.name == "Rhône"
    assert lyon.department.region.code == "84"
    assert lyon.department.region.name == "Auvergne-Rhône-Alpes"
    assert "69001" in lyon.postcode_list
    assert lyon.population and lyon.population > 500_000
    assert lyon.location_source == Commune.LocationSource.GEONAMES
    assert lyon.latitude == pytest.approx(45.75, abs=0.05)
    assert lyon.longitude == pytest.approx(4.85, abs=0.05)


def test_corsica_and_overseas_codes_are_kept_as_text(reference: LoadReport) -> None:
    assert Commune.objects.get(code="2A004").name == "Ajaccio"
    assert Commune.objects.get(code="97411").department_id == "974"
    assert Department.objects.get(code="976").region_id == "06"


def test_a_point_always_says_where_it_comes_from(reference: LoadReport) -> None:
    sources = Commune.LocationSource
    assert not Commune.objects.filter(location_source=sources.UNKNOWN, latitude__isnull=False)
    assert not Commune.objects.exclude(location_source=sources.UNKNOWN).filter(
        latitude__isnull=True
    )
    assert not Commune.objects.filter(latitude__isnull=True, longitude__isnull=False)
    assert Commune.objects.filter(location_source=sources.GEONAMES).count() > 8_000
    assert Commune.objects.located().count() > 0.8 * Commune.objects.count()


def test_every_point_lies_within_its_departement_bounds(reference: LoadReport) -> None:
    metropolitan = Commune.objects.located().filter(department__region__zone="metro")
    assert not metropolitan.exclude(latitude__range=(41.3, 51.1), longitude__range=(-5.2, 9.6))
    reunion = Commune.objects.located().filter(department_id="974")
    assert not reunion.exclude(latitude__range=(-21.4, -20.8), longitude__range=(55.2, 55.9))


def test_naf_has_21_sections_and_732_subclasses(reference: LoadReport) -> None:
    levels = NafCode.Level
    assert NafCode.objects.filter(level=levels.SECTION).count() == 21
    assert NafCode.objects.filter(level=levels.DIVISION).count() == 88
    assert NafCode.objects.filter(level=levels.SUBCLASS).count() == 732
    assert NafCode.objects.get(code="F").label == "Construction"
    assert NafCode.objects.get(code="62.01Z").label == "Programmation informatique"


def test_every_subclass_hangs_from_a_class_group_division_and_section(
    reference: LoadReport,
) -> None:
    levels = NafCode.Level
    parents = dict(NafCode.objects.values_list("code", "parent_id"))
    level_of = dict(NafCode.objects.values_list("code", "level"))
    section_of = dict(NafCode.objects.values_list("code", "section"))
    for code in NafCode.objects.filter(level=levels.SUBCLASS).values_list("code", flat=True):
        chain = [code]
        while parents[chain[-1]] is not None:
            chain.append(parents[chain[-1]])
        assert [level_of[c] for c in chain] == [
            levels.SUBCLASS,
            levels.CLASS,
            levels.GROUP,
            levels.DIVISION,
            levels.SECTION,
        ], chain
        assert chain[1] == code[:5] and chain[2] == code[:4] and chain[3] == code[:2]
        assert {section_of[c] for c in chain} == {chain[-1]}


def test_there_are_the_ten_sectors_of_the_union_taxonomy(reference: LoadReport) -> None:
    assert list(Sector.objects.values_list("slug", "name")) == [
        ("agriculture", "Agriculture"),
        ("industrie", "Industrie"),
        ("btp", "BTP"),
        ("commerce-transport-hotellerie", "Commerce, transport, hôtellerie-restauration"),
        ("numerique", "Numérique"),
        ("sante-action-sociale", "Santé et action sociale"),
        ("education-formation", "Éducation et formation"),
        ("culture", "Culture"),
        ("services-entreprises", "Services aux entreprises"),
        ("autres", "Autres"),
    ]
    assert set(Sector.objects.values_list("taxonomy", flat=True)) == {CURRENT_TAXONOMY}


def test_every_subclass_maps_to_a_sector_and_every_sector_is_used(
    reference: LoadReport,
) -> None:
    used = set()
    for naf in NafCode.objects.filter(level=NafCode.Level.SUBCLASS):
        sector = SectorMapping.objects.sector_for(naf)
        assert sector is not None, naf.code
        used.add(sector.slug)
    assert used == set(Sector.objects.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("naf", "sector"),
    [
        ("01.11Z", "agriculture"),
        ("10.71C", "industrie"),
        ("35.11Z", "industrie"),
        ("43.32A", "btp"),
        ("47.11F", "commerce-transport-hotellerie"),
        ("56.10A", "commerce-transport-hotellerie"),
        ("62.01Z", "numerique"),
        ("58.11Z", "culture"),
        ("59.11A", "culture"),
        ("60.20A", "culture"),
        ("90.01Z", "culture"),
        ("93.12Z", "autres"),
        ("64.19Z", "services-entreprises"),
        ("70.22Z", "services-entreprises"),
        ("85.59A", "education-formation"),
        ("88.10A", "sante-action-sociale"),
        ("84.11Z", "autres"),
        ("99.00Z", "autres"),
    ],
)
def test_known_naf_codes_land_in_their_sector(reference: LoadReport, naf: str, sector: str) -> None:
    found = SectorMapping.objects.sector_for(NafCode.objects.get(code=naf))
    assert found is not None
    assert found.slug == sector


def test_a_rerun_with_nothing_changed_writes_nothing(
    reference: LoadReport, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        again = load_reference()
    assert not again.changed
    assert again.counts == reference.counts


def test_a_rerun_restores_an_edited_row_and_only_it(reference: LoadReport) -> None:
    Commune.objects.filter(code="69123").update(name="Lugdunum", latitude=None)
    SectorMapping.objects.filter(naf_prefix="58").delete()
    again = load_reference()
    assert again.updated["communes"] == 1
    assert again.created["mappings"] == 1
    assert sum(again.created.values()) + sum(again.updated.values()) == 2
    lyon = Commune.objects.get(code="69123")
    assert lyon.name == "Lyon"
    assert lyon.latitude is not None


def test_the_command_prints_a_french_summary(reference: LoadReport) -> None:
    out = StringIO()
    call_command("load_reference", stdout=out)
    first, second = out.getvalue().splitlines()
    communes = f"{Commune.objects.count():,}".replace(",", "\N{NARROW NO-BREAK SPACE}")
    assert first == (
        f"18 régions, 101 départements, {communes} communes, 732 sous-classes NAF, 10 secteurs"
    )
    assert second == "Déjà à jour\N{NO-BREAK SPACE}: rien n'a changé."
