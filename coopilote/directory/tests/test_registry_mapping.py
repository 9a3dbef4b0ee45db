"""A register result → our identity fields (no database)."""

from __future__ import annotations

import copy
import datetime

import pytest

from coopilote.directory.registry.mapping import (
    MappingError,
    legal_status_for,
    naf_code,
    to_record,
)
from coopilote.directory.tests.registry_fakes import SAS_SIREN, SCOP_SIREN, result_of


def test_a_scop_sarl_result_gives_every_identity_field():
    record = to_record(result_of("siren_scop_sarl.json"))
    assert record.siren == SCOP_SIREN
    assert record.siret.startswith(SCOP_SIREN) and len(record.siret) == 14
    assert record.name == "MENUISERIE DES MONTS"
    assert record.nature_juridique == "5458"
    assert record.legal_status == "scop_sarl"
    assert record.naf_code == "43.32A"
    assert record.address == "12 RUE DES ARTISANS"
    assert record.postcode == "69003"
    assert record.commune_code == "69383"
    assert record.commune_label == "LYON"
    assert record.creation_date == datetime.date(1987, 3, 2)
    assert (record.headcount_band, record.headcount) == ("11", 10)
    assert record.is_ess is True


def test_the_legal_name_is_preferred_to_the_name_with_its_acronym():
    record = to_record(result_of("siren_sas.json"))
    assert record.siren == SAS_SIREN
    assert record.name == "LES CHARPENTIERS ASSOCIES"  # nom_complet adds " (LCA)"
    assert record.legal_status is None


@pytest.mark.parametrize(
    ("category", "status"),
    [
        ("5458", "scop_sarl"),
        ("5558", "scop_sa"),
        ("5658", "scop_sa"),
        ("5460", None),
        ("5560", None),
        ("5660", None),
        ("5710", None),
        ("5499", None),
        ("", None),
    ],
)
def test_only_the_three_scop_categories_imply_a_legal_status(category: str, status: str | None):
    assert legal_status_for(category) == status


@pytest.mark.parametrize(
    ("band", "headcount"),
    [
        ("NN", 0),
        ("00", 0),
        ("01", 1),
        ("02", 3),
        ("03", 6),
        ("11", 10),
        ("12", 20),
        ("21", 50),
        ("53", 10000),
        (None, None),
        ("ZZ", None),
    ],
)
def test_a_headcount_band_gives_its_lower_bound(band: str | None, headcount: int | None):
    result = copy.deepcopy(result_of("siren_scop_sarl.json"))
    result["tranche_effectif_salarie"] = band
    assert to_record(result).headcount == headcount


@pytest.mark.parametrize(
    ("raw", "code"),
    [("43.32A", "43.32A"), ("4332A", "43.32A"), ("43.32a", "43.32A"), ("", None), (None, None)],
)
def test_naf_codes_take_our_dotted_form(raw: object, code: str | None):
    assert naf_code(raw) == code


def test_the_address_is_rebuilt_from_its_parts_when_the_full_line_does_not_end_as_expected():
    result = copy.deepcopy(result_of("siren_scop_sarl.json"))
    result["siege"]["adresse"] = "12 RUE DES ARTISANS 69003 LYON 3EME"
    result["siege"]["libelle_commune"] = "LYON 3E"
    assert to_record(result).address == "12 RUE DES ARTISANS"


def test_missing_or_odd_values_are_left_empty_not_invented():
    result = copy.deepcopy(result_of("siren_scop_sarl.json"))
    result["date_creation"] = None
    result["activite_principale"] = "00.00"
    result["siege"]["commune"] = None
    result["siege"]["code_postal"] = "CEDEX"
    del result["complements"]
    record = to_record(result)
    assert record.creation_date is None and record.naf_code is None
    assert record.commune_code is None and record.postcode == ""
    assert record.is_ess is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r.update(siren="412345671"),  # bad check key
        lambda r: r["siege"].update(siret=None),
        lambda r: r["siege"].update(siret="81234567600012"),  # another company's establishment
        lambda r: r.update(nom_raison_sociale="", nom_complet=""),
    ],
    ids=["siren", "no siret", "foreign siret", "no name"],
)
def test_a_result_without_a_usable_identity_is_refused(damage):
    result = copy.deepcopy(result_of("siren_scop_sarl.json"))
    damage(result)
    with pytest.raises(MappingError):
        to_record(result)
