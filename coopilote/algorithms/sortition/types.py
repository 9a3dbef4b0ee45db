"""Types of people (Flanigan et al., Nature 2021): people with identical feature values are
interchangeable, so LEXIMIN works on counts per type; the quota rows are read over the types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coopilote.algorithms.sortition.model import Instance


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
