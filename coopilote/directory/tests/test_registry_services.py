"""Creating and refreshing cooperatives from the register: identity only, audited, indexed."""

from __future__ import annotations

import copy
import datetime

import pytest

from coopilote.conftest import World
from coopilote.core.models import AuditEvent, NafCode
from coopilote.directory.models import DirectoryEntry
from coopilote.directory.registry.mapping import to_record
from coopilote.directory.registry.services import Action, apply, plan
from coopilote.directory.tests.registry_fakes import SAS_SIREN, SCOP_SIREN, result_of
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import CommuneFactory, CooperativeFactory


@pytest.fixture
def places(db: None) -> None:
    NafCode.objects.create(
        code="43.32A", label="Travaux de menuiserie bois et PVC", level="subclass", section="F"
    )
    CommuneFactory(code="69383", name="Lyon 3e Arrondissement", postcodes="69003")
    CommuneFactory(code="69266", name="Villeurbanne", postcodes="69100")


def scop_record():
    return to_record(result_of("siren_scop_sarl.json"))


def test_a_new_scop_is_created_in_the_union_with_its_identity(
    world: World, places: None, django_capture_on_commit_callbacks
):
    staff = world.user("staff")
    with django_capture_on_commit_callbacks(execute=True):  # the entry is refreshed on commit
        outcome = apply(staff, world.union, scop_record())
    assert outcome.action == Action.CREATE
    cooperative = Cooperative.objects.get(siren=SCOP_SIREN)
    assert cooperative.union == world.union
    assert cooperative.name == "MENUISERIE DES MONTS"
    assert cooperative.legal_status == "scop_sarl"
    assert cooperative.naf_id == "43.32A"
    assert cooperative.commune_id == "69383"
    assert (cooperative.address, cooperative.postcode) == ("12 RUE DES ARTISANS", "69003")
    assert cooperative.creation_date == datetime.date(1987, 3, 2)
    assert cooperative.headcount == 10  # band "11" (10 to 19): its lower bound
    assert cooperative.public_fields == []  # nothing published until the cooperative says so
    event = AuditEvent.objects.get(object_id=str(cooperative.pk))
    assert event.action == "cooperative.create"
    assert event.actor == staff
    assert event.summary["source"] == "recherche-entreprises"
    assert DirectoryEntry.objects.filter(cooperative=cooperative).exists()


def test_a_dry_plan_writes_nothing(world: World, places: None):
    assert plan(world.union, scop_record()).action == Action.CREATE
    assert not Cooperative.objects.filter(siren=SCOP_SIREN).exists()
    assert not AuditEvent.objects.exists()


def test_a_refresh_changes_identity_fields_only_and_names_them_in_the_audit(
    world: World, places: None, django_capture_on_commit_callbacks
):
    data = scop_record()
    cooperative = CooperativeFactory(
        union=world.union,
        siren=SCOP_SIREN,
        siret=data.siret,
        name="Menuiserie des Monts",  # the union's spelling, same words as the register's
        address="Ancienne adresse",
        postcode="69001",
        description="Écrite par l'union.",
        website="https://menuiserie.example",
        phone="04 00 00 00 00",
        headcount=14,
        associates_count=9,
        is_cae=True,
    )
    with django_capture_on_commit_callbacks(execute=True):  # the entry is refreshed on commit
        outcome = apply(world.user("staff"), world.union, data)
    assert outcome.action == Action.REFRESH
    cooperative.refresh_from_db()
    assert cooperative.name == "Menuiserie des Monts"
    assert cooperative.address == "12 RUE DES ARTISANS"
    assert cooperative.postcode == "69003"
    assert cooperative.commune_id == "69383"
    assert cooperative.naf_id == "43.32A"
    # Hand-written fields, and a known headcount, stay as the union wrote them.
    assert cooperative.description == "Écrite par l'union."
    assert cooperative.website == "https://menuiserie.example"
    assert cooperative.phone == "04 00 00 00 00"
    assert (cooperative.headcount, cooperative.associates_count) == (14, 9)
    assert cooperative.is_cae is True
    event = AuditEvent.objects.get(action="cooperative.update")
    assert set(event.summary["fields"]) == {
        "address",
        "commune",
        "creation_date",
        "naf",
        "postcode",
    }
    assert "Lyon 3e Arrondissement" in DirectoryEntry.objects.get(cooperative=cooperative).document


def test_refreshing_twice_changes_nothing_the_second_time(world: World, places: None):
    apply(None, world.union, scop_record())
    count = AuditEvent.objects.count()
    assert apply(None, world.union, scop_record()).action == Action.UNCHANGED
    assert AuditEvent.objects.count() == count


def test_an_unknown_headcount_is_filled_from_the_band(world: World, places: None):
    data = scop_record()
    cooperative = CooperativeFactory(
        union=world.union, siren=SCOP_SIREN, siret=data.siret, headcount=0
    )
    apply(None, world.union, data)
    cooperative.refresh_from_db()
    assert cooperative.headcount == 10


def test_a_cooperative_of_another_union_is_left_untouched(world: World, places: None):
    data = scop_record()
    theirs = CooperativeFactory(
        union=world.other_union, siren=SCOP_SIREN, siret=data.siret, address="Chez eux"
    )
    outcome = apply(world.user("staff"), world.union, data)
    assert outcome.action == Action.CONFLICT
    assert "autre union" in outcome.message
    theirs.refresh_from_db()
    assert (theirs.union, theirs.address) == (world.other_union, "Chez eux")
    assert not AuditEvent.objects.exists()


def test_a_sas_cannot_be_created_without_knowing_scop_or_scic(world: World, places: None):
    outcome = apply(None, world.union, to_record(result_of("siren_sas.json")))
    assert outcome.action == Action.CONFLICT
    assert "créez-la à la main" in outcome.message
    assert not Cooperative.objects.filter(siren=SAS_SIREN).exists()


def test_an_existing_sas_is_refreshed_and_keeps_the_status_the_union_gave_it(
    world: World, places: None
):
    data = to_record(result_of("siren_sas.json"))
    cooperative = CooperativeFactory(
        union=world.union, siren=SAS_SIREN, siret=data.siret, legal_status="scic_sas"
    )
    assert apply(None, world.union, data).action == Action.REFRESH
    cooperative.refresh_from_db()
    assert cooperative.legal_status == "scic_sas"
    assert cooperative.commune_id == "69266"


def test_the_register_saying_scop_sa_corrects_the_status(world: World, places: None):
    result = copy.deepcopy(result_of("siren_scop_sarl.json"))
    result["nature_juridique"] = "5558"
    data = to_record(result)
    cooperative = CooperativeFactory(union=world.union, siren=SCOP_SIREN, siret=data.siret)
    outcome = apply(None, world.union, data)
    assert "legal_status" in outcome.fields
    cooperative.refresh_from_db()
    assert cooperative.legal_status == "scop_sa"


def test_unknown_naf_and_commune_are_warned_about_and_left_empty(world: World, db: None):
    outcome = plan(world.union, scop_record())
    assert outcome.action == Action.CREATE
    assert outcome.changes["naf"] is None and outcome.changes["commune"] is None
    assert any("43.32A" in warning for warning in outcome.warnings)
    assert any("69383" in warning for warning in outcome.warnings)
