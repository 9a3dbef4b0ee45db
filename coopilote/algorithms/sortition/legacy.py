"""LEGACY: the Sortition Foundation's greedy draw, as described by Flanigan et al. (2021).

One panel: ``k`` times, among the feature values whose minimum is not met yet, take the one most
in need (largest ratio of missing members to remaining people having it) and draw a person with
it uniformly at random (when every minimum is met, draw anyone remaining); a value reaching its
maximum removes everyone having it from the pool. A dead end starts the draw over.

Its selection probabilities are not computed: they are estimated by repeated seeded draws.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from coopilote.algorithms.sortition.model import Distribution, Instance, SortitionInputError

MAX_ATTEMPTS = 1_000


class _DeadEnd(Exception):
    pass


def _attempt(instance: Instance, rng: random.Random) -> tuple[int, ...]:
    pool = instance.pool
    column = {category: c for c, category in enumerate(pool.categories)}
    quotas = instance.quotas
    index = {(q.category, q.value): i for i, q in enumerate(quotas)}
    keys = [
        [
            index[(category, person[c])]
            for category, c in column.items()
            if (category, person[c]) in index
        ]
        for person in pool.people
    ]
    holders: list[set[int]] = [set() for _ in quotas]
    for person, person_keys in enumerate(keys):
        for key in person_keys:
            holders[key].add(person)
    remaining = set(range(pool.n))
    chosen = [0] * len(quotas)
    selected: list[int] = []

    def remove(person: int) -> None:
        remaining.discard(person)
        for key in keys[person]:
            holders[key].discard(person)

    for _ in range(instance.k):
        best: tuple[float, int] | None = None
        for key, quota in enumerate(quotas):
            missing = quota.min - chosen[key]
            if missing <= 0:
                continue
            if len(holders[key]) < missing:
                raise _DeadEnd
            ratio = missing / len(holders[key])
            if best is None or ratio > best[0]:
                best = (ratio, key)
        candidates = sorted(remaining if best is None else holders[best[1]])
        if not candidates:
            raise _DeadEnd
        person = rng.choice(candidates)
        selected.append(person)
        remove(person)
        for key in keys[person]:
            chosen[key] += 1
            if chosen[key] >= quotas[key].max:
                for other in list(holders[key]):
                    remove(other)
    panel = tuple(sorted(selected))
    if instance.panel_violations(panel):
        raise _DeadEnd
    return panel


def legacy_panel(instance: Instance, rng: random.Random) -> tuple[int, ...]:
    """One LEGACY panel (person indices, sorted)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            return _attempt(instance, rng)
        except _DeadEnd:
            continue
    raise SortitionInputError(f"LEGACY n'a trouvé aucun panel valide en {MAX_ATTEMPTS} tentatives.")


def legacy(instance: Instance, draws: int = 1_000, seed: int = 0) -> Distribution:
    """Empirical distribution of ``draws`` LEGACY panels (seeded): estimated probabilities."""
    start = time.perf_counter()
    rng = random.Random(seed)
    counts: Counter[tuple[int, ...]] = Counter(legacy_panel(instance, rng) for _ in range(draws))
    panels = tuple(sorted(counts))
    weights = tuple(counts[p] / draws for p in panels)
    probabilities = [0.0] * instance.pool.n
    for panel, weight in zip(panels, weights, strict=True):
        for person in panel:
            probabilities[person] += weight
    return Distribution(
        "legacy",
        instance.pool.n,
        instance.k,
        tuple(probabilities),
        panels,
        weights,
        time.perf_counter() - start,
        {"draws": float(draws), "seed": float(seed)},
    )
