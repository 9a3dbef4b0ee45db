"""A uniform lottery over ``m`` numbered panels approximating a distribution (Flanigan, Kehne,
Procaccia, NeurIPS 2021: drawing one number out of ``m`` in public makes the draw verifiable).

Rounding: systematic (cumulative) rounding of the weights in the order of the panels: panel ``j``
receives ``round(m C_j) - round(m C_{j-1})`` tickets, ``C_j`` the cumulative weight, so every
panel gets ``floor`` or ``ceil`` of ``m w_j`` and the tickets sum to ``m``. Over any run of
consecutive panels the rounding error is the difference of two errors of at most 1/2, hence below
1 ticket: a person contained in ``B`` maximal runs of consecutive panels has a lottery probability
within ``B / m`` of the exact one. The panels expanded by :func:`.leximin.expand` contain each
person in at most two runs per type panel, which keeps ``B`` small; the bound ``max B / m`` is
reported beside the measured maximum deviation.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from coopilote.algorithms.sortition.model import Distribution, SortitionInputError


@dataclass(frozen=True)
class Lottery:
    """``m`` panels, ticket ``i + 1`` selecting ``panels[i]``."""

    m: int
    panels: tuple[tuple[int, ...], ...]
    probabilities: tuple[float, ...]
    max_deviation: float
    deviation_bound: float
    seconds: float


def round_weights(weights: Sequence[float], m: int) -> list[int]:
    """Tickets per panel: systematic rounding of ``m * weights`` (sum exactly ``m``)."""
    total = math.fsum(weights)
    tickets: list[int] = []
    previous = 0
    cumulative = 0.0
    for index, weight in enumerate(weights):
        cumulative += weight
        current = m if index == len(weights) - 1 else math.floor(m * cumulative / total + 0.5)
        current = min(max(current, previous), m)
        tickets.append(current - previous)
        previous = current
    return tickets


def lottery(distribution: Distribution, m: int = 1_000) -> Lottery:
    if m < 1:
        raise SortitionInputError(f"Nombre de panels de la loterie invalide : {m}.")
    start = time.perf_counter()
    tickets = round_weights(distribution.weights, m)
    panels = tuple(
        panel
        for panel, count in zip(distribution.panels, tickets, strict=True)
        for _ in range(count)
    )
    counts = [0] * distribution.n
    for panel in panels:
        for person in panel:
            counts[person] += 1
    probabilities = tuple(c / m for c in counts)
    deviation = max(
        abs(p - q) for p, q in zip(probabilities, distribution.probabilities, strict=True)
    )
    # Runs of consecutive panels containing each person.
    runs = [0] * distribution.n
    previous: set[int] = set()
    for panel in distribution.panels:
        current = set(panel)
        for person in current - previous:
            runs[person] += 1
        previous = current
    return Lottery(
        m,
        panels,
        probabilities,
        deviation,
        max(runs) / m,
        time.perf_counter() - start,
    )
