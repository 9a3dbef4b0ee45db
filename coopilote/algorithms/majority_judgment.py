"""Majority judgment, after Balinski & Laraki (PNAS 2007; *Majority Judgment*, MIT Press 2011).

Every judge gives every candidate a grade on a common ordered scale. A candidate's *merit
profile* counts how many judges gave each grade, from the lowest grade (index 0) up. Its
*majority grade* is the lower median of its grades: the highest grade that a majority of the
judges consider it deserves at least, and the lowest that a majority consider it deserves at most.

Candidates are ranked by majority grade. Ties are broken by the *majority value*: the sequence of
majority grades obtained by removing one median judgment at a time, compared lexicographically.
All profiles must have the same total, so every candidate is judged by the same number of judges;
``fill_static_default``, ``fill_median_default`` and ``normalize`` make unequal tallies comparable
the way the MieuxVoter libraries do.

The majority value is never built judgment by judgment (100,000 ballots would make 100,000-item
lists per candidate). With the ``n`` ballots sorted from the lowest grade, removing the lower
median again and again reads them from the middle outwards: the middle ballot first when ``n`` is
odd, then for ``k = 0, 1, ..., n // 2 - 1`` the pair of ballots at positions ``n // 2 - 1 - k``
(low) and ``n - n // 2 + k`` (high), low first. Those positions depend on ``n`` only, which all
candidates share, so majority values compare as sequences of ``(low, high)`` pairs. As ``k``
grows, low only goes down and high only goes up, so the pairs form at most ``2 * grades - 1`` runs
of equal pairs, computed from the counts alone; each run becomes a sortable item (``_sort_key``).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

__all__ = [
    "GaugeSide",
    "MeritProfile",
    "fill_median_default",
    "fill_static_default",
    "majority_grade",
    "merit_profile",
    "normalize",
    "rank",
]

K = TypeVar("K", bound=Hashable)

# One run of equal (low, high) pairs: low grade, high grade, direction of the next run
# (-1 lower, 0 none, +1 higher) and the length signed so that a larger number is better.
_Run = tuple[int, int, int, int]
# The head grade (-1 when there is no middle ballot) and the runs.
_SortKey = tuple[int, tuple[_Run, ...]]


class GaugeSide(enum.StrEnum):
    """Which side of the majority grade outweighs the other in the majority gauge."""

    ABOVE = "above"
    BELOW = "below"
    BALANCED = "balanced"


@dataclass(frozen=True, slots=True)
class MeritProfile:
    """What a merit-profile chart shows for one candidate.

    ``above`` and ``below`` are the majority gauge ``p`` and ``q``: the shares of judgments
    strictly above and strictly below the majority grade.
    """

    counts: tuple[int, ...]
    total: int
    majority_grade: int
    shares: tuple[Fraction, ...]
    above: Fraction
    below: Fraction
    dominant: GaugeSide


def _validated(profile: Sequence[int], what: str = "profile") -> tuple[int, ...]:
    if isinstance(profile, str | bytes) or not isinstance(profile, Sequence):
        raise ValueError(f"The {what} must be a sequence of counts, got {profile!r}.")
    counts = tuple(profile)
    for count in counts:
        # bool is an int subclass; True as a count is almost certainly a bug upstream.
        if type(count) is bool or not isinstance(count, int):
            raise ValueError(f"Counts of the {what} must be integers, got {count!r}.")
        if count < 0:
            raise ValueError(f"Counts of the {what} must not be negative, got {count}.")
    return counts


def _lower_median(counts: Sequence[int], total: int) -> int:
    # The lower median is the ballot at 0-based position (total - 1) // 2 once sorted, i.e. the
    # first grade whose cumulative count passes that position.
    position = (total - 1) // 2
    cumulative = 0
    for grade, count in enumerate(counts):
        cumulative += count
        if cumulative > position:
            return grade
    raise AssertionError("unreachable: total is the sum of the counts")  # pragma: no cover


def majority_grade(profile: Sequence[int]) -> int:
    """Return the index of the lower median grade of ``profile``.

    Raises ``ValueError`` for an invalid profile or one without any judgment.
    """
    counts = _validated(profile)
    total = sum(counts)
    if total == 0:
        raise ValueError("A profile without any judgment has no majority grade.")
    return _lower_median(counts, total)


def merit_profile(profile: Sequence[int]) -> MeritProfile:
    """Describe ``profile`` for a merit-profile chart (shares, majority grade and gauge).

    Raises ``ValueError`` for an invalid profile or one without any judgment.
    """
    counts = _validated(profile)
    total = sum(counts)
    if total == 0:
        raise ValueError("A profile without any judgment has no merit profile to show.")
    grade = _lower_median(counts, total)
    above = Fraction(sum(counts[grade + 1 :]), total)
    below = Fraction(sum(counts[:grade]), total)
    if above > below:
        dominant = GaugeSide.ABOVE
    elif below > above:
        dominant = GaugeSide.BELOW
    else:
        dominant = GaugeSide.BALANCED
    return MeritProfile(
        counts=counts,
        total=total,
        majority_grade=grade,
        shares=tuple(Fraction(count, total) for count in counts),
        above=above,
        below=below,
        dominant=dominant,
    )


def _grade_runs(counts: Sequence[int], start: int, stop: int) -> list[tuple[int, int]]:
    """(grade, length) runs of the sorted ballots at positions ``start <= i < stop``, ascending."""
    runs: list[tuple[int, int]] = []
    first = 0
    for grade, count in enumerate(counts):
        length = min(first + count, stop) - max(first, start)
        if length > 0:
            runs.append((grade, length))
        first += count
    return runs


def _sort_key(counts: Sequence[int], total: int) -> _SortKey:
    """A key whose order is the order of the majority values (greater is better).

    Only meaningful between profiles with the same total, which ``rank`` guarantees.
    """
    half = total // 2
    head = _lower_median(counts, total) if total % 2 else -1
    # The lower half is read from the middle downwards, the upper half from the middle upwards.
    lows = _grade_runs(counts, 0, half)[::-1]
    highs = _grade_runs(counts, total - half, total)

    pairs: list[tuple[int, int, int]] = []
    i = j = 0
    low_left = lows[0][1] if lows else 0
    high_left = highs[0][1] if highs else 0
    while i < len(lows):
        length = min(low_left, high_left)
        pairs.append((lows[i][0], highs[j][0], length))
        low_left -= length
        high_left -= length
        # Both halves have ``half`` ballots, so they run out together.
        if low_left == 0:
            i += 1
            low_left = lows[i][1] if i < len(lows) else 0
        if high_left == 0:
            j += 1
            high_left = highs[j][1] if j < len(highs) else 0

    # Lexicographic order on the expanded pairs is not the order on (pair, length): when two
    # keys share a pair but not its run length, the shorter run meets its next pair first, and
    # wins exactly when that next pair is higher. Hence the direction before the length, and a
    # length that counts for the run when the next pair is lower and against it when higher.
    # A last run always has the longest possible length, so direction 0 sits between.
    runs: list[_Run] = []
    for index, (low, high, length) in enumerate(pairs):
        if index + 1 == len(pairs):
            runs.append((low, high, 0, 0))
            continue
        next_low, next_high, _ = pairs[index + 1]
        if (next_low, next_high) > (low, high):
            runs.append((low, high, 1, -length))
        else:
            runs.append((low, high, -1, length))
    return head, tuple(runs)


def rank(profiles: Mapping[K, Sequence[int]]) -> list[tuple[K, int]]:
    """Rank candidates by majority judgment, best first.

    ``profiles`` maps each candidate (any hashable key, never compared) to its merit profile.
    Returns ``(candidate, rank)`` for every candidate, ranks counted from 1; exactly tied
    candidates share a rank and the next ranks are skipped (1, 2, 2, 4); tied candidates keep
    their input order. Raises ``ValueError`` when profiles are invalid, of different lengths or
    of different totals.
    """
    if not isinstance(profiles, Mapping):
        raise TypeError(f"profiles must be a mapping of candidates to profiles, got {profiles!r}.")
    entries: list[tuple[K, tuple[int, ...]]] = [
        (candidate, _validated(profile, f"profile of {candidate!r}"))
        for candidate, profile in profiles.items()
    ]
    if not entries:
        return []

    first_candidate, first_counts = entries[0]
    grades = len(first_counts)
    total = sum(first_counts)
    for candidate, counts in entries[1:]:
        if len(counts) != grades:
            raise ValueError(
                f"All profiles must have the same number of grades: {first_candidate!r} has "
                f"{grades}, {candidate!r} has {len(counts)}."
            )
        if sum(counts) != total:
            raise ValueError(
                f"All profiles must have the same total number of judgments: {first_candidate!r} "
                f"has {total}, {candidate!r} has {sum(counts)}. Fill the missing judgments first "
                "(fill_static_default, fill_median_default or normalize)."
            )

    keyed = [(_sort_key(counts, total), candidate) for candidate, counts in entries]
    # Sorting on the key alone never compares candidates; ``sorted`` is stable, reverse included.
    keyed.sort(key=lambda item: item[0], reverse=True)

    ranking: list[tuple[K, int]] = []
    previous: _SortKey | None = None
    current = 0
    for position, (key, candidate) in enumerate(keyed, start=1):
        if key != previous:
            current = position
            previous = key
        ranking.append((candidate, current))
    return ranking


def _check_participants(counts: Sequence[int], participants: int) -> int:
    if type(participants) is bool or not isinstance(participants, int):
        raise ValueError(f"participants must be an integer, got {participants!r}.")
    missing = participants - sum(counts)
    if missing < 0:
        raise ValueError(
            f"The profile {list(counts)!r} has {sum(counts)} judgments, more than the "
            f"{participants} participants."
        )
    return missing


def fill_static_default(profile: Sequence[int], participants: int, default: int = 0) -> list[int]:
    """Count every missing judgment as grade ``default`` (the lowest grade unless told).

    A judge who did not grade a candidate is counted as having given it ``default``, so the
    returned profile totals ``participants``.
    """
    counts = list(_validated(profile))
    missing = _check_participants(counts, participants)
    if type(default) is bool or not isinstance(default, int) or not 0 <= default < len(counts):
        raise ValueError(f"default must be a grade index below {len(counts)}, got {default!r}.")
    counts[default] += missing
    return counts


def fill_median_default(profile: Sequence[int], participants: int) -> list[int]:
    """Count every missing judgment as the majority grade of the judgments received.

    Raises ``ValueError`` when judgments are missing but none was received, as there is then
    no median to fill with.
    """
    counts = list(_validated(profile))
    missing = _check_participants(counts, participants)
    if missing:
        total = sum(counts)
        if total == 0:
            raise ValueError(
                "A profile without any judgment has no median grade; use fill_static_default."
            )
        counts[_lower_median(counts, total)] += missing
    return counts


def normalize(profiles: Mapping[K, Sequence[int]]) -> dict[K, list[int]]:
    """Scale every profile by an integer so that all reach the least common multiple of the totals.

    Proportions are kept exactly, so candidates judged by different numbers of judges become
    comparable without inventing judgments. Raises ``ValueError`` when some, but not all,
    profiles have no judgment at all, since those cannot be scaled up.
    """
    validated = {
        candidate: _validated(profile, f"profile of {candidate!r}")
        for candidate, profile in profiles.items()
    }
    totals = [sum(counts) for counts in validated.values()]
    if any(totals) and not all(totals):
        raise ValueError("Cannot normalise a profile without any judgment alongside others.")
    target = math.lcm(*totals) if all(totals) else 0
    return {
        candidate: [count * (target // total) for count in counts] if total else list(counts)
        for (candidate, counts), total in zip(validated.items(), totals, strict=True)
    }
