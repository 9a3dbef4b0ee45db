"""What every part of the general-assembly services shares: the refusal, percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from coopilote.voting.secrecy import (
    VotingError,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class AssemblyError(VotingError):
    """A refusal shown to the person as it is (a French message once translated)."""


def _percent(value: Decimal | Fraction) -> str:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))
