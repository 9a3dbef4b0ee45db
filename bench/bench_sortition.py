"""Sortition: exact LEXIMIN on the published instances and on a generated pool of 600 people,
then the uniform lottery over 1000 panels.

- ``example_small_20`` (n = 200, k = 20) and ``example_large_200`` (n = 2000, k = 200): minimum
  probability (published: 10.0 %) and max |difference| of the sorted per-person vector with the
  published LEXIMIN vector (target 1e-4); large_200 must take under 60 s (published: 1,162 s
  with a commercial solver);
- the ``sortition-algorithms`` fixture (n = 150, k = 22): no published vector; the reference is
  LEXIMIN computed a second way, person by person (no grouping of identical people: 150 types
  instead of 122), compared number by number (per person, target 1e-4);
- a seeded pool of 600 people, 5 categories correlated through a latent variable, k = 60, quotas
  around the proportional shares: under 60 s;
- the same pool with quotas far from the proportional shares (six LEXIMIN levels, 1,100+
  columns): the hard case, under 60 s (``SORTITION_BENCH_HARD=0`` skips it);
- the 1000-panel lottery of each distribution: max deviation from LEXIMIN (and its bound),
  under 10 s.

The published data are read from ``../shared/sortition`` (beside the repository); a missing
instance is reported as skipped.
"""

from __future__ import annotations

import csv
import os
import random
import time
from pathlib import Path
from typing import Any

from coopilote.algorithms.sortition.io import read_fixture, read_replication
from coopilote.algorithms.sortition.leximin import leximin, leximin_types, types_of
from coopilote.algorithms.sortition.lottery import lottery
from coopilote.algorithms.sortition.model import FeatureQuota, Instance, Pool

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "sortition"
SEED = 20_261_126
LEXIMIN_BUDGET = 60.0
LOTTERY_BUDGET = 10.0
LOTTERY_M = 1_000
TOLERANCE = 1e-4


def published_vector(directory: Path) -> list[float] | None:
    files = list((directory / "reference_output").glob("*_prob_allocs_data.csv"))
    if not files:
        return None
    with files[0].open(encoding="utf-8") as handle:
        return sorted(
            float(row["selection probability"])
            for row in csv.DictReader(handle)
            if row["algorithm"].lower() == "leximin"
        )


def generated_pool(n: int = 600, k: int = 60) -> Instance:
    rng = random.Random(SEED)
    categories = ("age", "gender", "region", "education", "income")
    sizes = (5, 2, 6, 4, 3)
    people = []
    for _ in range(n):
        latent = rng.random()
        person = []
        for name, size in zip(categories, sizes, strict=True):
            # Correlated: each category follows the latent variable half of the time.
            position = latent if rng.random() < 0.5 else rng.random()
            person.append(f"{name}{min(size - 1, int(position * size))}")
        people.append(tuple(person))
    quotas = []
    for c, (name, size) in enumerate(zip(categories, sizes, strict=True)):
        for v in range(size):
            value = f"{name}{v}"
            share = sum(person[c] == value for person in people) * k / n
            quotas.append(FeatureQuota(name, value, max(0, int(share * 0.9)), int(share * 1.1) + 1))
    return Instance(Pool(categories, tuple(people)), tuple(quotas), k)


def skewed_pool() -> Instance:
    """The same 600 people with quotas far from the proportional shares (2/3 of the panel from
    one gender, more low incomes): LEXIMIN then has many distinct levels."""
    instance = generated_pool()
    changed = {"gender0": (38, 40), "gender1": (20, 22), "income0": (25, 30)}
    quotas = tuple(
        FeatureQuota(q.category, q.value, *changed[q.value]) if q.value in changed else q
        for q in instance.quotas
    )
    return Instance(instance.pool, quotas, instance.k)


def person_level(instance: Instance) -> list[float]:
    """LEXIMIN without grouping identical people (one type per person), in the pool's order:
    an independent check of the grouping."""
    result = leximin_types(instance, types_of(instance, group=False))
    vector = [0.0] * instance.pool.n
    for t, members in enumerate(result.types.members):
        for person in members:
            vector[person] = result.probabilities[t]
    return vector


def verdict(seconds: float, budget: float) -> str:
    return "OK" if seconds < budget else "TOO SLOW"


def run_one(
    name: str,
    instance: Instance,
    reference: list[float] | None,
    per_person: list[float] | None = None,
) -> dict[str, Any]:
    """``reference``: a sorted vector; ``per_person``: a vector in the pool's order."""
    start = time.perf_counter()
    cpu = time.process_time()
    result = leximin(instance)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    figures: dict[str, Any] = {
        "n": instance.pool.n,
        "k": instance.k,
        "minimum": result.minimum,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "types": int(result.details["types"]),
        "stages": int(result.details["stages"]),
        "columns": int(result.details["columns"]),
        "panels": len(result.panels),
    }
    line = (
        f"{name}: n={instance.pool.n} k={instance.k} types={figures['types']} "
        f"stages={figures['stages']} columns={figures['columns']}: min {result.minimum:.6f}, "
        f"{seconds:.2f} s (CPU {cpu_seconds:.2f} s) {verdict(seconds, LEXIMIN_BUDGET)}"
    )
    if reference is not None:
        mine = sorted(result.probabilities)
        delta = max(abs(a - b) for a, b in zip(mine, reference, strict=True))
        figures["max_delta_vs_published"] = delta
        line += f"; max |Δ| vs published {delta:.2e} {'OK' if delta <= TOLERANCE else 'MISMATCH'}"
    if per_person is not None:
        delta = max(abs(a - b) for a, b in zip(result.probabilities, per_person, strict=True))
        figures["max_delta_vs_person_level"] = delta
        line += (
            f"; max |Δ| per person vs person-level LEXIMIN {delta:.2e} "
            f"{'OK' if delta <= TOLERANCE else 'MISMATCH'}"
        )
    print(line)
    drawn = lottery(result, LOTTERY_M)
    figures.update(
        lottery_seconds=drawn.seconds,
        lottery_max_deviation=drawn.max_deviation,
        lottery_bound=drawn.deviation_bound,
    )
    print(
        f"  lottery m={LOTTERY_M}: max deviation {drawn.max_deviation:.4f} "
        f"(bound {drawn.deviation_bound:.4f}), {drawn.seconds:.2f} s "
        f"{verdict(drawn.seconds, LOTTERY_BUDGET)}"
    )
    return figures


def main() -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, k in (("example_small_20", 20), ("example_large_200", 200)):
        directory = SHARED / name
        if not (directory / "respondents.csv").exists():
            print(f"{name}: skipped ({directory} missing)")
            continue
        instance = read_replication(directory / "categories.csv", directory / "respondents.csv", k)
        results[name] = run_one(name, instance, published_vector(directory))
    fixture = SHARED / "sortition_algorithms_fixture"
    if (fixture / "candidates.csv").exists():
        instance = read_fixture(fixture / "features.csv", fixture / "candidates.csv", 22)
        results["fixture_22"] = run_one("fixture k=22", instance, None, person_level(instance))
    else:
        print(f"fixture: skipped ({fixture} missing)")
    results["generated_600"] = run_one(
        "generated 600, 5 correlated categories", generated_pool(), None
    )
    if os.environ.get("SORTITION_BENCH_HARD", "1") != "0":
        results["skewed_600"] = run_one(
            "generated 600, skewed quotas (several levels)", skewed_pool(), None
        )
    else:
        print("generated 600, skewed quotas (several levels): skipped (SORTITION_BENCH_HARD=0)")
    return results


if __name__ == "__main__":
    main()
