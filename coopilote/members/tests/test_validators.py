"""SIREN and SIRET: the Luhn key, La Poste's exception, and what spreadsheets do to numbers."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from coopilote.members.validators import (
    is_valid_siren,
    is_valid_siret,
    luhn_ok,
    normalize_company_id,
    validate_siren,
    validate_siret,
)


def with_luhn_key(digits: str) -> str:
    return next(digits + str(key) for key in range(10) if luhn_ok(digits + str(key)))


@pytest.mark.parametrize("siren", ["732829320", "552100554", "356000000", "542107651"])
def test_a_known_siren_is_valid(siren):
    assert is_valid_siren(siren)
    validate_siren(siren)


@pytest.mark.parametrize(
    "siren",
    [
        "732829321",  # wrong key
        "73282932",  # too short
        "7328293200",  # too long
        "73282932O",  # a letter O for a zero
        "７３２８２９３２０",  # full-width digits are digits to Python, not to INSEE
        "",
    ],
)
def test_a_malformed_siren_is_refused(siren):
    assert not is_valid_siren(siren)
    with pytest.raises(ValidationError) as raised:
        validate_siren(siren)
    assert raised.value.code == "invalid_siren"


@pytest.mark.parametrize("siret", ["73282932000074", "55210055400013"])
def test_a_known_siret_is_valid(siret):
    assert is_valid_siret(siret)
    validate_siret(siret)


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000075",  # wrong key
        "7328293200007",  # too short
        "73282932100072",  # valid Luhn on 14 digits, but the SIREN part is not
    ],
)
def test_a_malformed_siret_is_refused(siret):
    assert not is_valid_siret(siret)
    with pytest.raises(ValidationError):
        validate_siret(siret)


def test_the_malformed_siret_fixture_really_has_a_luhn_valid_fourteen_digits():
    assert luhn_ok("73282932100072") and not is_valid_siren("732829321")


@pytest.mark.parametrize(
    "siret",
    [
        "35600000000048",  # La Poste's head office: passes Luhn
        "35600000049837",  # fails Luhn; digit sum 45, a multiple of 5
        "35600000009075",  # fails Luhn; digit sum 35
    ],
)
def test_la_poste_sirets_are_valid_by_luhn_or_by_a_digit_sum_multiple_of_five(siret):
    assert is_valid_siret(siret)


@pytest.mark.parametrize("siret", ["35600000049838", "35600000000049"])
def test_a_la_poste_siret_failing_both_rules_is_refused(siret):
    assert not luhn_ok(siret) and sum(map(int, siret)) % 5 != 0
    assert not is_valid_siret(siret)


def test_the_digit_sum_exception_is_la_postes_alone():
    siren = with_luhn_key("73282932")
    nic = next(
        f"{n:05d}"
        for n in range(100000)
        if sum(map(int, siren + f"{n:05d}")) % 5 == 0 and not luhn_ok(siren + f"{n:05d}")
    )
    assert not is_valid_siret(siren + nic)


@pytest.mark.parametrize(
    ("raw", "length", "expected"),
    [
        ("732 829 320 00074", 14, "73282932000074"),
        ("732\u00a0829\u00a0320\u202f00074", 14, "73282932000074"),
        ("732.829.320", 9, "732829320"),
        ("732-829-320", 9, "732829320"),
        ("73282932000074.0", 14, "73282932000074"),
        (73282932000074.0, 14, "73282932000074"),
        (73282932000074, 14, "73282932000074"),
        ("5521005540001", 14, "05521005540001"),  # a leading zero dropped by a spreadsheet
        ("52100554", 9, "052100554"),
        ("1234567", 9, "001234567"),  # two zeros at most are restored
        ("123456", 9, "123456"),  # further than that, it is not a SIREN
        (None, 9, ""),
        ("  ", 9, ""),
        ("n/a", 9, "n/a"),
    ],
)
def test_normalisation_undoes_what_people_and_spreadsheets_do(raw, length, expected):
    assert normalize_company_id(raw, length) == expected


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_any_eight_digits_with_their_computed_luhn_key_make_a_valid_siren(digits):
    assert is_valid_siren(with_luhn_key(digits))


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=9),
)
def test_changing_one_digit_of_a_valid_siren_invalidates_it(digits, position, shift):
    siren = with_luhn_key(digits)
    changed = str((int(siren[position]) + shift) % 10)
    altered = siren[:position] + changed + siren[position + 1 :]
    assert not is_valid_siren(altered)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()), st.sampled_from([9, 14]))
def test_normalisation_never_raises_and_is_idempotent(raw, length):
    once = normalize_company_id(raw, length)
    assert isinstance(once, str)
    assert normalize_company_id(once, length) == once


@given(st.text())
def test_validation_of_arbitrary_text_answers_without_crashing(text):
    assert is_valid_siren(text) in {True, False}
    assert is_valid_siret(text) in {True, False}
