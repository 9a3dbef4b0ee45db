"""Exact LEXIMIN selection probabilities by column generation (Flanigan et al., Nature 2021).

People with identical feature values are interchangeable: they are grouped into *types* and a
panel is a vector of counts per type (``c[t]`` members of type ``t``). LEXIMIN gives the same
probability to all members of a type (the LEXIMIN vector is unique, hence symmetric).

Stage after stage, the master LP over the known panels maximises the minimum probability ``z``
of the types not yet fixed, keeping the fixed types at their levels. It is solved through its
dual (weights ``y[t]`` on the types, ``mu``); the pricing problem, an integer program solved to
optimality with HiGHS, finds the valid panel maximising ``sum y[t] c[t] / n[t]``; a panel worth
more than ``mu`` enters the LP. When none does, the restricted optimum is the true optimum of the
stage. (Speed-ups that keep this exact: a quick MIP search with a small relative gap proposes
columns, the exact search, ``mip_rel_gap`` = 0, always has the last word; the improving panels
HiGHS met on the way enter too; pricing is done at a smoothed dual point (Wentges'
stabilisation), but a panel enters only if it improves the master at its own duals, and the
exact search at those duals ends the stage; one dual LP serves every stage, re-solved from its
last basis (fixing a type only changes its cost and the normalisation row); and a stage whose
restricted optimum reaches the average share left to the unfixed people, an upper bound of its
optimum, fixes all of them and ends.)
The *primal* LP then gives weights over the panels; the level is read off these weights
(the minimum probability that this actual distribution gives), lowered by a tiny margin, and the
types with a positive dual weight are fixed at it (never at the raw dual value, which may lie a
hair above what any distribution reaches and make later stages infeasible). The final
probabilities are those of the returned distribution, computed from its weights.

A type panel is finally expanded into panels of people by systematic sampling with a common
phase ``u`` in [0, 1): within type ``t`` the member at position ``j`` is chosen iff
``floor(u + (j+1) c/n) > floor(u + j c/n)``, exactly ``c`` members for every ``u``, each with
probability ``c/n`` over ``u``. The phase intervals give finitely many person panels, with exact
marginals.

The pieces: :mod:`.types` (types and quota rows), :mod:`.pricing` (the pricing integer program
and the feasibility check), :mod:`.expansion` (type panels to person panels); this module holds
the stages: the dual master, the primal weights, the levels.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from coopilote.algorithms.sortition.expansion import expand
from coopilote.algorithms.sortition.model import Distribution, Instance
from coopilote.algorithms.sortition.pricing import (
    PanelOracle,
    check_feasible,
    highs,
    status_optimal,
)
from coopilote.algorithms.sortition.types import SolverError, Types, types_of

__all__ = [
    "SolverError",
    "TypeDistribution",
    "Types",
    "check_feasible",
    "expand",
    "leximin",
    "leximin_types",
    "type_probabilities",
    "types_of",
]

#: Relative MIP gap of the quick pricing searches (the last one of each stage is exact).
QUICK_GAP = 0.005
#: A stage reaching the average share of the unfixed people, to this much, ends LEXIMIN.
EVEN_TOLERANCE = 1e-9
#: Weight of the stability centre in the pricing point (0: price at the master's duals only).
SMOOTHING = 0.7
#: Dual weight above which a type is fixed at the level of the stage.
DUAL_THRESHOLD = 1e-7
#: Each level is fixed this much below the probability the stage's distribution reaches.
LEVEL_MARGIN = 1e-9


class _Dual:
    """Dual of the restricted master: min mu - sum_fixed p_t y_t, y >= 0,
    sum_{unfixed} y_t = 1, and for each panel P: sum_t y_t c_t(P) / n_t <= mu.
    Panels are added as rows; fixing a type changes its cost and takes it out of the
    normalisation row. One model serves all the stages: HiGHS re-solves from the previous
    basis (rows added within a stage, costs changed between stages)."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = sizes
        count = len(sizes)
        solver = highs()
        inf = highspy.kHighsInf
        empty_i, empty_v = np.array([], dtype=np.int32), np.array([])
        for _ in range(count):
            solver.addCol(0.0, 0.0, inf, 0, empty_i, empty_v)
        solver.addCol(1.0, -inf, inf, 0, empty_i, empty_v)  # mu
        solver.addRow(1.0, 1.0, count, np.arange(count, dtype=np.int32), np.ones(count))
        # Devex pricing: cheaper iterations than steepest edge on this tall, degenerate LP.
        solver.setOptionValue("simplex_dual_edge_weight_strategy", 1)
        self.solver = solver

    def fix(self, t: int, level: float) -> None:
        self.solver.changeColCost(t, -level)
        self.solver.changeCoeff(0, t, 0.0)

    def add(self, panel: tuple[int, ...]) -> None:
        count = len(self.sizes)
        index = [t for t in range(count) if panel[t]]
        self.solver.addRow(
            -highspy.kHighsInf,
            0.0,
            len(index) + 1,
            np.array([*index, count], dtype=np.int32),
            np.array([panel[t] / self.sizes[t] for t in index] + [-1.0]),
        )

    def solve(self) -> tuple[list[float], float, float]:
        self.solver.run()
        if not status_optimal(self.solver):
            # A warm start can run into numerical trouble: solve again from scratch.
            self.solver.clearSolver()
            self.solver.run()
        if not status_optimal(self.solver):
            raise SolverError(f"LP dual : statut {self.solver.getModelStatus()}")
        values = list(self.solver.getSolution().col_value)
        count = len(self.sizes)
        objective = float(self.solver.getInfo().objective_function_value)
        return [max(0.0, v) for v in values[:count]], values[count], objective


def _solve_primal(
    panels: Sequence[tuple[int, ...]],
    sizes: Sequence[int],
    fixed: dict[int, float],
) -> list[float]:
    """Restricted master: max z, sum w = 1, w >= 0, unfixed types >= z, fixed types >= level."""
    count = len(sizes)
    solver = highs()
    inf = highspy.kHighsInf
    empty_i, empty_v = np.array([], dtype=np.int32), np.array([])
    for _ in panels:
        solver.addCol(0.0, 0.0, inf, 0, empty_i, empty_v)
    z = len(panels)
    solver.addCol(1.0, -inf, inf, 0, empty_i, empty_v)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    solver.addRow(1.0, 1.0, z, np.arange(z, dtype=np.int32), np.ones(z))
    for t in range(count):
        index = [p for p, panel in enumerate(panels) if panel[t]]
        coefficients = [panels[p][t] / sizes[t] for p in index]
        if t in fixed:
            solver.addRow(
                fixed[t], inf, len(index), np.array(index, dtype=np.int32), np.array(coefficients)
            )
        else:
            solver.addRow(
                0.0,
                inf,
                len(index) + 1,
                np.array([*index, z], dtype=np.int32),
                np.array([*coefficients, -1.0]),
            )
    solver.run()
    if not status_optimal(solver):
        raise SolverError(f"LP primal : statut {solver.getModelStatus()}")
    weights = np.clip(np.array(solver.getSolution().col_value[:z]), 0.0, None)
    return list(weights / weights.sum())


def type_probabilities(
    panels: Sequence[tuple[int, ...]], weights: Sequence[float], sizes: Sequence[int]
) -> list[float]:
    return [
        sum(w * panel[t] for panel, w in zip(panels, weights, strict=True)) / sizes[t]
        for t in range(len(sizes))
    ]


@dataclass(frozen=True)
class TypeDistribution:
    types: Types
    panels: tuple[tuple[int, ...], ...]
    weights: tuple[float, ...]
    probabilities: tuple[float, ...]
    stages: int
    columns: int


def _stage(
    oracle: PanelOracle,
    dual: _Dual,
    panels: list[tuple[int, ...]],
    known: set[tuple[int, ...]],
    average: float,
) -> tuple[list[float], bool]:
    """Column generation of one stage, to proven optimality; (dual weights y, even).

    ``even`` when the restricted optimum reaches ``average`` (every unfixed type can be fixed).
    Pricing is first done at a smoothed point ``SMOOTHING * centre + (1 - SMOOTHING) * y``
    (Wentges' dual stabilisation: the duals of a degenerate master jump from round to round,
    the smoothed point gives steadier columns); a panel found there enters only if it improves
    the master at its own duals ``y``. The stage ends only when the exact search (``mip_rel_gap``
    = 0) at ``y`` itself finds no panel worth more than ``mu``: the restricted optimum is then
    the optimum over all valid panels."""
    sizes = dual.sizes
    count = len(sizes)
    centre: list[float] | None = None
    while True:
        y, mu, restricted = dual.solve()
        if restricted >= average - EVEN_TOLERANCE:
            return y, True
        costs = [y[t] / sizes[t] for t in range(count)]
        found: list[tuple[int, ...]] = []
        if centre is not None:
            point = [SMOOTHING * c + (1.0 - SMOOTHING) * v for c, v in zip(centre, y, strict=True)]
            found = oracle.improving(
                [point[t] / sizes[t] for t in range(count)], QUICK_GAP, costs, mu, known
            )
            centre = point
        if not found:
            found = oracle.improving(costs, QUICK_GAP, costs, mu, known)
        if not found:
            # Exact search: proves that no column is missing.
            found = oracle.improving(costs, 0.0, costs, mu, known)
            if not found:
                return y, False
        if centre is None:
            centre = y
        for panel in found:
            panels.append(panel)
            known.add(panel)
            dual.add(panel)


def leximin_types(instance: Instance, types: Types | None = None) -> TypeDistribution:
    """LEXIMIN over types: a distribution over type panels (weights sum to 1)."""
    types = types or types_of(instance)
    check_feasible(instance, types)
    sizes = types.sizes
    oracle = PanelOracle(types)
    first = oracle.best([1.0 / s for s in sizes])
    assert first is not None
    panels: list[tuple[int, ...]] = [first[0]]
    known = {first[0]}
    dual = _Dual(sizes)
    dual.add(first[0])
    fixed: dict[int, float] = {}
    stages = 0
    weights: list[float] = [1.0]
    while len(fixed) < len(sizes):
        stages += 1
        unfixed = [t for t in range(len(sizes)) if t not in fixed]
        # No distribution gives all unfixed people more than their average share of what the
        # fixed ones leave: reaching it ends LEXIMIN (every unfixed type is then at it).
        average = (types.k - sum(sizes[t] * p for t, p in fixed.items())) / sum(
            sizes[t] for t in unfixed
        )
        y, even = _stage(oracle, dual, panels, known, average)
        weights = _solve_primal(panels, sizes, fixed)
        reached = type_probabilities(panels, weights, sizes)
        level = min(reached[t] for t in unfixed) - LEVEL_MARGIN
        if even:
            new = unfixed
        else:
            new = [t for t in unfixed if y[t] > DUAL_THRESHOLD] or [
                max(unfixed, key=lambda t: y[t])
            ]
        for t in new:
            fixed[t] = max(0.0, level)
            dual.fix(t, fixed[t])
    # Drop unused panels (weight 0) and keep the exact marginals of what is returned.
    kept = [(p, w) for p, w in zip(panels, weights, strict=True) if w > 1e-12]
    total = sum(w for _, w in kept)
    final_panels = tuple(p for p, _ in kept)
    final_weights = tuple(w / total for _, w in kept)
    for panel in final_panels:
        types.check(panel)
    return TypeDistribution(
        types,
        final_panels,
        final_weights,
        tuple(type_probabilities(final_panels, final_weights, sizes)),
        stages,
        len(panels),
    )


def leximin(instance: Instance) -> Distribution:
    """LEXIMIN distribution over panels of people (probabilities in input order)."""
    start = time.perf_counter()
    result = leximin_types(instance)
    panels, weights = expand(result.types, result.panels, result.weights)
    probabilities = [0.0] * instance.pool.n
    for panel, weight in zip(panels, weights, strict=True):
        for person in panel:
            probabilities[person] += weight
    return Distribution(
        "leximin",
        instance.pool.n,
        instance.k,
        tuple(probabilities),
        tuple(panels),
        tuple(weights),
        time.perf_counter() - start,
        {
            "types": float(len(result.types.sizes)),
            "stages": float(result.stages),
            "columns": float(result.columns),
            "type_panels": float(len(result.panels)),
        },
    )
