"""What every part of the general-assembly services shares: the refusal, percentages, times."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

from coopilote.core.templatetags.french import french_date
from coopilote.voting.secrecy import (
    VotingError,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# One way to write an assembly's times, on its pages and in its e-mails: « 18 h 30 ».
TIME = r"G \h i"
MOMENT = rf"l j F Y à {TIME}"


class AssemblyError(VotingError):
    """A refusal shown to the person as it is (a French message once translated)."""


def _percent(value: Decimal | Fraction) -> str:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def moment(value: datetime.datetime) -> str:
    """« jeudi 10 décembre 2026 à 18 h 30 », in the site's time zone."""
    return french_date(timezone.localtime(value), MOMENT)
