"""From type panels to panels of people, with exact marginals: systematic sampling with a common
phase (see the docstring of :mod:`.leximin`)."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from coopilote.algorithms.sortition.types import SolverError, Types


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
