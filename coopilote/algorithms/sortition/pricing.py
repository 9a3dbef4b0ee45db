"""The pricing problem of the column generation: an integer program (HiGHS) over type counts
that finds the valid panel best for given weights on the types; also the feasibility check,
which names a smallest set of categories whose quotas conflict."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import highspy
import numpy as np

from coopilote.algorithms.sortition.model import InfeasibleQuotasError, Instance
from coopilote.algorithms.sortition.types import SolverError, Types, types_of

#: Reduced-cost threshold of the column generation (probabilities are in [0, 1]).
PRICING_TOLERANCE = 1e-9


def highs() -> highspy.Highs:
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("log_to_console", False)
    solver.setOptionValue("random_seed", 0)
    return solver


def status_optimal(solver: highspy.Highs) -> bool:
    return bool(solver.getModelStatus() == highspy.HighsModelStatus.kOptimal)


class PanelOracle:
    """Integer program over type counts: a panel meeting the quotas, best for given weights."""

    def __init__(self, types: Types, rows: Sequence[int] | None = None) -> None:
        self.types = types
        solver = highs()
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
