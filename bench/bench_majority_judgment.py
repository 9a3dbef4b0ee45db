"""Majority judgment: rank 50 candidates judged by 100,000 judges on 7 grades, in well under 1 s.

Half the profiles are random; the other half are small perturbations of one profile, so that many
candidates share their majority grade and the tie-break has to look far into the majority values.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time

from coopilote.algorithms.majority_judgment import rank

CANDIDATES = 50
GRADES = 7
BALLOTS = 100_000
REPEATS = 20
BUDGET_SECONDS = 1.0
SEED = 20_240_601


def random_profile(rng: random.Random) -> list[int]:
    # Uniform over the ways of splitting BALLOTS into GRADES counts.
    cuts = sorted(rng.randint(0, BALLOTS) for _ in range(GRADES - 1))
    bounds = [0, *cuts, BALLOTS]
    return [high - low for low, high in itertools.pairwise(bounds)]


def near_profile(rng: random.Random, base: list[int]) -> list[int]:
    profile = list(base)
    for _ in range(rng.randint(1, 5)):
        source, target = rng.randrange(GRADES), rng.randrange(GRADES)
        moved = min(profile[source], rng.randint(1, 50))
        profile[source] -= moved
        profile[target] += moved
    return profile


def build_profiles(seed: int = SEED) -> dict[str, list[int]]:
    rng = random.Random(seed)
    base = random_profile(rng)
    profiles: dict[str, list[int]] = {}
    for index in range(CANDIDATES):
        profile = random_profile(rng) if index % 2 else near_profile(rng, base)
        profiles[f"candidate {index}"] = profile
    assert all(sum(profile) == BALLOTS for profile in profiles.values())
    return profiles


def main() -> dict[str, float | int | bool]:
    profiles = build_profiles()
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        rank(profiles)
        timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    ok = max(timings) < BUDGET_SECONDS
    print(
        f"rank(): {CANDIDATES} candidates x {BALLOTS:,} ballots x {GRADES} grades, "
        f"{REPEATS} repeats: best {best:.6f} s, median {median:.6f} s, worst {max(timings):.6f} s"
    )
    print(f"OK < {BUDGET_SECONDS:g} s" if ok else f"TOO SLOW (budget {BUDGET_SECONDS:g} s)")
    return {
        "candidates": CANDIDATES,
        "ballots": BALLOTS,
        "grades": GRADES,
        "repeats": REPEATS,
        "best_seconds": best,
        "median_seconds": median,
        "worst_seconds": max(timings),
        "ok": ok,
    }


if __name__ == "__main__":
    main()
