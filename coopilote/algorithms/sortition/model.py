"""Data model of a stratified sortition: pool, quotas, panel size, and resulting distribution."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


class SortitionInputError(ValueError):
    """Invalid input (file, line, value); the message is in French, meant for the user."""


class InfeasibleQuotasError(SortitionInputError):
    """No panel meets the quotas; ``categories`` names the categories in conflict."""

    def __init__(self, message: str, categories: Sequence[str]) -> None:
        super().__init__(message)
        self.categories: tuple[str, ...] = tuple(categories)


@dataclass(frozen=True)
class FeatureQuota:
    """At least ``min`` and at most ``max`` panel members with ``category`` = ``value``."""

    category: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class Pool:
    """People (row order = person index), each a tuple of values, one per category."""

    categories: tuple[str, ...]
    people: tuple[tuple[str, ...], ...]
    ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for index, person in enumerate(self.people):
            if len(person) != len(self.categories):
                raise SortitionInputError(
                    f"Personne {index} : {len(person)} valeurs pour "
                    f"{len(self.categories)} catégories."
                )
        if self.ids and len(self.ids) != len(self.people):
            raise SortitionInputError("Il faut autant d'identifiants que de personnes.")

    @property
    def n(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class Instance:
    """A pool, quotas on its feature values, and the panel size ``k``."""

    pool: Pool
    quotas: tuple[FeatureQuota, ...]
    k: int

    def __post_init__(self) -> None:
        if self.k < 1:
            raise SortitionInputError(f"Taille de panel invalide : {self.k} (au moins 1).")
        if self.k > self.pool.n:
            raise SortitionInputError(
                f"Taille de panel {self.k} supérieure au nombre de personnes ({self.pool.n})."
            )
        known = set(self.pool.categories)
        seen: set[tuple[str, str]] = set()
        for quota in self.quotas:
            if quota.category not in known:
                raise SortitionInputError(
                    f"Catégorie « {quota.category} » des quotas absente des personnes."
                )
            if (quota.category, quota.value) in seen:
                raise SortitionInputError(
                    f"Quota en double pour « {quota.category} » = « {quota.value} »."
                )
            seen.add((quota.category, quota.value))
            if not 0 <= quota.min <= quota.max:
                raise SortitionInputError(
                    f"Quota invalide pour « {quota.category} » = « {quota.value} » : "
                    f"min {quota.min}, max {quota.max}."
                )
        for column, category in enumerate(self.pool.categories):
            if not any(quota.category == category for quota in self.quotas):
                continue
            for index, person in enumerate(self.pool.people):
                if (category, person[column]) not in seen:
                    raise SortitionInputError(
                        f"Personne {index} : valeur « {person[column]} » de la catégorie "
                        f"« {category} » sans quota."
                    )

    def panel_violations(self, panel: Sequence[int]) -> list[str]:
        """Quotas a panel (person indices) breaks; empty when the panel is valid."""
        problems: list[str] = []
        if len(set(panel)) != len(panel):
            problems.append("personne en double")
        if len(panel) != self.k:
            problems.append(f"{len(panel)} personnes au lieu de {self.k}")
        column = {category: c for c, category in enumerate(self.pool.categories)}
        counts = Counter(
            (category, self.pool.people[i][c]) for i in panel for category, c in column.items()
        )
        for quota in self.quotas:
            got = counts[(quota.category, quota.value)]
            if not quota.min <= got <= quota.max:
                problems.append(
                    f"{quota.category}={quota.value}: {got} hors de [{quota.min}, {quota.max}]"
                )
        return problems


@dataclass(frozen=True)
class Distribution:
    """A probability distribution over panels and the resulting selection probabilities."""

    algorithm: str
    n: int
    k: int
    probabilities: tuple[float, ...]
    panels: tuple[tuple[int, ...], ...]
    weights: tuple[float, ...]
    seconds: float
    details: dict[str, float] = field(default_factory=dict)

    @property
    def minimum(self) -> float:
        return min(self.probabilities)
