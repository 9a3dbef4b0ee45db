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
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import highspy
import numpy as np

from coopilote.algorithms.sortition.model import (
    Distribution,
    InfeasibleQuotasError,
    Instance,
)

#: Reduced-cost threshold of the column generation (probabilities are in [0, 1]).
PRICING_TOLERANCE = 1e-9
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


class SolverError(RuntimeError):
    """HiGHS did not reach an optimal solution (should not happen on valid input)."""


@dataclass(frozen=True)
class Types:
    """Types of people (identical feature values) and quota rows over the types."""

    features: tuple[tuple[str, ...], ...]
    members: tuple[tuple[int, ...], ...]
    #: (min, max, types having the value, category, value) for each quota.
    rows: tuple[tuple[int, int, tuple[int, ...], str, str], ...]
    k: int

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(m) for m in self.members)

    def check(self, counts: Sequence[int], rows: Sequence[int] | None = None) -> None:
        """Raise if a type panel breaks a quota (of ``rows``, default all) or a type size."""
        if sum(counts) != self.k:
            raise SolverError(f"panel de {sum(counts)} personnes au lieu de {self.k}")
        for count, size in zip(counts, self.sizes, strict=True):
            if not 0 <= count <= size:
                raise SolverError("effectif de type hors bornes")
        for r in range(len(self.rows)) if rows is None else rows:
            low, high, types, category, value = self.rows[r]
            got = sum(counts[t] for t in types)
            if not low <= got <= high:
                raise SolverError(f"quota {category}={value} violé : {got}")


def types_of(instance: Instance, group: bool = True) -> Types:
    """Types of the pool: people with identical feature values form one type (each person is a
    type of their own with ``group=False``, for cross-checks)."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, person in enumerate(instance.pool.people):
        groups.setdefault(person if group else (*person, str(index)), []).append(index)
    features = tuple(groups)
    column = {category: c for c, category in enumerate(instance.pool.categories)}
    rows = tuple(
        (
            quota.min,
            quota.max,
            tuple(t for t, f in enumerate(features) if f[column[quota.category]] == quota.value),
            quota.category,
            quota.value,
        )
        for quota in instance.quotas
    )
    return Types(features, tuple(tuple(m) for m in groups.values()), rows, instance.k)


def _highs() -> highspy.Highs:
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("log_to_console", False)
    solver.setOptionValue("random_seed", 0)
    return solver


def _status_optimal(solver: highspy.Highs) -> bool:
    return bool(solver.getModelStatus() == highspy.HighsModelStatus.kOptimal)


class PanelOracle:
    """Integer program over type counts: a panel meeting the quotas, best for given weights."""

    def __init__(self, types: Types, rows: Sequence[int] | None = None) -> None:
        self.types = types
        solver = _highs()
        solver.setOptionValue("mip_rel_gap", 0.0)
        solver.setOptionValue("mip_abs_gap", 1e-12)
        solver.setOptionValue("mip_improving_solution_save", True)
        sizes = types.sizes
        count = len(sizes)
        for size in sizes:
            solver.addCol(0.0, 0.0, float(size), 0, np.array([], dtype=np.int32), np.array([]))
        solver.changeColsIntegrality(
            count,
            np.arange(count, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * count),
        )
        solver.addRow(
            float(types.k),
            float(types.k),
            count,
            np.arange(count, dtype=np.int32),
            np.ones(count),
        )
        self.rows = list(range(len(types.rows)) if rows is None else rows)
        for r in self.rows:
            low, high, members, _, _ = types.rows[r]
            solver.addRow(
                float(low),
                float(high),
                len(members),
                np.array(members, dtype=np.int32),
                np.ones(len(members)),
            )
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.solver = solver

    def best(
        self, costs: Sequence[float], gap: float = 0.0
    ) -> tuple[tuple[int, ...], float] | None:
        """Best valid type panel for ``costs`` and its exact value; None if none exists.

        With ``gap`` > 0, a panel within that relative gap of the best (a quick search for
        improving columns; optimality is then proved with ``gap`` = 0)."""
        count = len(costs)
        self.solver.setOptionValue("mip_rel_gap", gap)
        self.solver.changeColsCost(
            count, np.arange(count, dtype=np.int32), np.array(costs, dtype=np.float64)
        )
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(f"programme en nombres entiers : statut {status}")
        values = self.solver.getSolution().col_value
        counts = tuple(round(v) for v in values)
        self.types.check(counts, self.rows)
        return counts, float(sum(c * w for c, w in zip(counts, costs, strict=True)))

    def others(self, costs: Sequence[float]) -> list[tuple[tuple[int, ...], float]]:
        """Other valid panels met by the last :meth:`best` search (improving solutions), with
        their exact values: extra columns for free."""
        found: list[tuple[tuple[int, ...], float]] = []
        for solution in self.solver.getSavedMipSolutions():
            counts = tuple(round(v) for v in solution.col_value)
            try:
                self.types.check(counts, self.rows)
            except SolverError:
                continue
            found.append((counts, float(sum(c * w for c, w in zip(counts, costs, strict=True)))))
        return found

    def improving(
        self,
        search: Sequence[float],
        gap: float,
        costs: Sequence[float],
        mu: float,
        known: set[tuple[int, ...]],
    ) -> list[tuple[int, ...]]:
        """New panels worth more than ``mu`` for ``costs``, among those met by a search for
        ``search`` (within relative ``gap``): its best panel and the improving ones on the way.
        """
        best = self.best(search, gap)
        assert best is not None
        found: list[tuple[int, ...]] = []
        for panel, _ in [best, *self.others(search)]:
            value = math.fsum(c * w for c, w in zip(panel, costs, strict=True))
            if value > mu + PRICING_TOLERANCE and panel not in known and panel not in found:
                found.append(panel)
        return found


def check_feasible(instance: Instance, types: Types | None = None) -> None:
    """Raise :class:`InfeasibleQuotasError` naming a smallest set of conflicting categories."""
    types = types or types_of(instance)
    if PanelOracle(types).best([0.0] * len(types.sizes)) is not None:
        return
    categories = list(dict.fromkeys(row[3] for row in types.rows))
    for size in range(1, len(categories) + 1):
        for subset in itertools.combinations(categories, size):
            rows = [r for r, row in enumerate(types.rows) if row[3] in subset]
            if PanelOracle(types, rows).best([0.0] * len(types.sizes)) is None:
                names = ", ".join(f"« {c} »" for c in subset)
                detail = "; ".join(
                    f"{row[3]}={row[4]} : min {row[0]}, max {row[1]}, "
                    f"{sum(types.sizes[t] for t in row[2])} personnes"
                    for row in types.rows
                    if row[3] in subset
                )
                what = "la catégorie" if size == 1 else "les catégories"
                raise InfeasibleQuotasError(
                    f"Quotas impossibles à respecter pour un panel de {instance.k} personnes "
                    f"parmi {instance.pool.n} : conflit dans {what} {names} ({detail}).",
                    subset,
                )
    raise InfeasibleQuotasError("Quotas impossibles à respecter.", categories)  # pragma: no cover


class _Dual:
    """Dual of the restricted master: min mu - sum_fixed p_t y_t, y >= 0,
    sum_{unfixed} y_t = 1, and for each panel P: sum_t y_t c_t(P) / n_t <= mu.
    Panels are added as rows; fixing a type changes its cost and takes it out of the
    normalisation row. One model serves all the stages: HiGHS re-solves from the previous
    basis (rows added within a stage, costs changed between stages)."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = sizes
        count = len(sizes)
        solver = _highs()
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
        if not _status_optimal(self.solver):
            # A warm start can run into numerical trouble: solve again from scratch.
            self.solver.clearSolver()
            self.solver.run()
        if not _status_optimal(self.solver):
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
    solver = _highs()
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
    if not _status_optimal(solver):
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


def expand(
    types: Types, panels: Sequence[tuple[int, ...]], weights: Sequence[float]
) -> tuple[list[tuple[int, ...]], list[float]]:
    """Person panels with exact marginals (systematic sampling with a common phase)."""
    out_panels: list[tuple[int, ...]] = []
    out_weights: list[float] = []
    type_of = {person: t for t, members in enumerate(types.members) for person in members}
    for panel, weight in zip(panels, weights, strict=True):
        cuts: set[Fraction] = {Fraction(0), Fraction(1)}
        for t, count in enumerate(panel):
            size = len(types.members[t])
            if 0 < count < size:
                gcd = math.gcd(count, size)
                cuts.update(Fraction(j * gcd, size) for j in range(size // gcd))
        points = sorted(cuts)
        for low, high in itertools.pairwise(points):
            u = float((low + high) / 2)
            people: list[int] = []
            for t, count in enumerate(panel):
                members = types.members[t]
                size = len(members)
                if count == size:
                    people.extend(members)
                elif count:
                    # member j chosen iff some integer l in (u + j c/n, u + (j+1) c/n].
                    people.extend(
                        members[math.ceil((level - u) * size / count) - 1]
                        for level in range(1, count + 1)
                    )
            # Same count of each type as the type panel (checked against the quotas): the
            # person panel meets the quotas too.
            if len(set(people)) != len(people) or Counter(type_of[person] for person in people) != {
                t: count for t, count in enumerate(panel) if count
            }:
                raise SolverError("panel de personnes incohérent avec son panel de types")
            out_panels.append(tuple(sorted(people)))
            out_weights.append(weight * float(high - low))
    return out_panels, out_weights


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
