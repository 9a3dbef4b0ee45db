"""The cooperative forms' own rules: commune lookup, counts, registration numbers."""

import pytest
from django.utils.translation import gettext

from coopilote.members.forms import CooperativeForm, CooperativeIdentityForm, find_commune
from coopilote.members.tests.factories import CommuneFactory, DepartmentFactory
from coopilote.members.tests.helpers import identity_data, referent_data


@pytest.fixture
def communes(db):
    loire = DepartmentFactory(code="42", name="Loire")
    return {
        "lyon": CommuneFactory(),
        "saint_etienne": CommuneFactory(
            code="42218", name="Saint-Étienne", department=loire, postcodes="42000 42100"
        ),
        "villars": CommuneFactory(
            code="42330", name="Villars", department=loire, postcodes="42390"
        ),
        # Two communes of the same name sharing a postcode: only the INSEE code tells them apart.
        "twin_a": CommuneFactory(code="42901", name="Jumelle", department=loire, postcodes="42999"),
        "twin_b": CommuneFactory(code="42902", name="Jumelle", department=loire, postcodes="42999"),
    }


@pytest.mark.parametrize(
    "typed", ["Saint-Étienne", "saint etienne", "SAINT-ETIENNE", " Saint Étienne "]
)
def test_a_commune_is_found_by_its_name_as_people_type_it(communes, typed):
    assert find_commune(typed.strip(), "42100") == communes["saint_etienne"]


def test_a_commune_is_found_by_its_insee_code(communes):
    assert find_commune("42218", "") == communes["saint_etienne"]
    assert find_commune("42218", "42000") == communes["saint_etienne"]


@pytest.mark.parametrize(
    ("typed", "postcode", "code"),
    [
        ("Saint-Étienne", "", "postcode_required"),
        ("Saint-Étienne", "69001", "unknown_commune"),
        ("Saint-Ét", "42000", "unknown_commune"),  # no guessing on a prefix
        ("99999", "", "unknown_commune"),
        ("42218", "69001", "postcode_mismatch"),
        ("Jumelle", "42999", "ambiguous_commune"),
    ],
)
def test_a_commune_that_cannot_be_told_for_sure_is_refused(communes, typed, postcode, code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        find_commune(typed, postcode)
    assert raised.value.code == code


def test_the_form_resolves_the_commune_from_the_name_and_postcode(world, communes):
    form = CooperativeForm(
        referent_data(world.cooperative, commune="Saint-Étienne", postcode="42000"),
        instance=world.cooperative,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == communes["saint_etienne"]


def test_an_untouched_commune_is_kept_as_it_is(world, communes):
    form = CooperativeForm(referent_data(world.cooperative), instance=world.cooperative)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == communes["lyon"]
    assert "commune" not in form.changed_data


def test_a_new_postcode_must_agree_with_the_commune(world, communes):
    form = CooperativeForm(
        referent_data(world.cooperative, postcode="42000"), instance=world.cooperative
    )
    assert not form.is_valid()
    assert "commune" in form.errors


def test_an_emptied_commune_is_cleared(world, communes):
    form = CooperativeForm(referent_data(world.cooperative, commune=""), instance=world.cooperative)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] is None


@pytest.mark.parametrize("postcode", ["6900", "69 001x", "ABCDE"])
def test_a_postcode_has_five_digits(world, postcode):
    form = CooperativeForm(
        referent_data(world.cooperative, postcode=postcode), instance=world.cooperative
    )
    assert "postcode" in form.errors


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("04 78 12 34 56", True),
        ("04.78.12.34.56", True),
        ("+33 (0)4 78 12 34 56", True),
        ("", True),
        ("abc", False),
        ("04 78 12 34 5x", False),
        ("12", False),
    ],
)
def test_a_phone_number_is_digits_as_people_write_them(world, phone, valid):
    form = CooperativeForm(
        referent_data(world.cooperative, phone=phone), instance=world.cooperative
    )
    assert ("phone" not in form.errors) is valid
    if not valid:
        assert form.errors["phone"] == [
            "Un numéro de téléphone ne contient que des chiffres (et +, espaces, points ou tirets)."
        ]


@pytest.mark.parametrize(
    ("headcount", "associates", "employee_associates", "valid"),
    [
        (10, 8, 5, True),
        (5, 8, 5, True),
        (4, 8, 5, False),  # more employee-associates than employees
        (10, 4, 5, False),  # more employee-associates than associates
        (0, 0, 0, True),
    ],
)
def test_employee_associates_are_both_employees_and_associates(
    world, headcount, associates, employee_associates, valid
):
    form = CooperativeForm(
        referent_data(
            world.cooperative,
            headcount=headcount,
            associates_count=associates,
            employee_associates_count=employee_associates,
        ),
        instance=world.cooperative,
    )
    assert form.is_valid() is valid
    if not valid:
        assert list(form.errors) == ["employee_associates_count"]


def test_the_referent_form_has_no_identity_field():
    assert not {
        "union",
        "name",
        "siren",
        "siret",
        "legal_status",
        "is_cae",
        "is_active",
        "naf",
        "sector",
        "federation",
        "origin",
        "creation_date",
    } & set(CooperativeForm.base_fields)


def test_the_identity_form_never_moves_a_cooperative_to_another_union():
    assert "union" not in CooperativeIdentityForm.base_fields
    assert "sector" not in CooperativeIdentityForm.base_fields  # derived from the NAF code


@pytest.mark.parametrize(
    ("siren", "siret"),
    [
        ("732 829 320", "732 829 320 00074"),
        ("732829320", "73282932000074.0"),
        ("732.829.320", "732.829.320.00074"),
    ],
)
def test_registration_numbers_are_normalised_before_validation(world, siren, siret):
    form = CooperativeIdentityForm(
        identity_data(world.cooperative, siren=siren, siret=siret), instance=world.cooperative
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["siren"], form.cleaned_data["siret"]) == (
        "732829320",
        "73282932000074",
    )


def test_the_published_fields_are_stored_in_a_stable_order(world):
    form = CooperativeForm(
        referent_data(world.cooperative, public_fields=["website", "address", "phone"]),
        instance=world.cooperative,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["public_fields"] == ["address", "phone", "website"]


def test_fieldsets_group_the_fields_the_form_has(world):
    form = CooperativeForm(instance=world.cooperative)
    legends = [legend and str(legend) for legend, _fields in form.fieldsets()]
    assert legends == [gettext("Presentation"), gettext("Contact"), gettext("Size"), None]
    identity = CooperativeIdentityForm(instance=world.cooperative).fieldsets()
    assert str(identity[0][0]) == gettext("Identity")
