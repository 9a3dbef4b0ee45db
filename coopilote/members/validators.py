"""SIREN / SIRET: normalisation and validation (Luhn, with La Poste's exception).

La Poste (SIREN 356 000 000) has more establishments than the Luhn key can number, so its
SIRETs are valid when the sum of their digits is a multiple of 5 instead.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LA_POSTE_SIREN = "356000000"
_SEPARATORS = re.compile(r"[\s.\-\u00a0\u202f]")
_SPREADSHEET_NUMBER = re.compile(r"[0-9]+\.0")


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_company_id(raw: object, length: int) -> str:
    """Strip spaces and dots; restore leading zeros that spreadsheets drop (numbers only)."""
    text = str(raw if raw is not None else "").strip()
    # A number that went through a spreadsheet ("73282932000074.0"): checked before the dots
    # go, or the trailing zero would become a fifteenth digit.
    if _SPREADSHEET_NUMBER.fullmatch(text):
        text = text[:-2]
    text = _SEPARATORS.sub("", text).strip()
    if text.isdigit() and len(text) < length and len(text) >= length - 2:
        text = text.zfill(length)
    return text


def is_valid_siren(value: str) -> bool:
    return len(value) == 9 and value.isascii() and value.isdigit() and luhn_ok(value)


def is_valid_siret(value: str) -> bool:
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return luhn_ok(value) or sum(int(c) for c in value) % 5 == 0
    return is_valid_siren(value[:9]) and luhn_ok(value)


def validate_siren(value: str) -> None:
    if not is_valid_siren(value):
        raise ValidationError(
            _("“%(value)s” is not a valid SIREN (9 digits with a valid check key)."),
            code="invalid_siren",
            params={"value": value},
        )


def validate_siret(value: str) -> None:
    if not is_valid_siret(value):
        raise ValidationError(
            _("“%(value)s” is not a valid SIRET (14 digits with a valid check key)."),
            code="invalid_siret",
            params={"value": value},
        )
