"""Specification of majority judgment ranking (pure Python, no database)."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from random import Random
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopilote.algorithms.majority_judgment import (
    GaugeSide,
    fill_median_default,
    fill_static_default,
    majority_grade,
    merit_profile,
    normalize,
    rank,
)

POLLS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "assertions.json").read_text(encoding="utf-8")
)


# --- Brute-force reference: the definition, judgment by judgment -----------------------------


def brute_majority_value(profile: Sequence[int]) -> list[int]:
    """Remove the lower-median judgment again and again, noting its grade each time."""
    ballots = sorted(grade for grade, count in enumerate(profile) for _ in range(count))
    value = []
    while ballots:
        value.append(ballots.pop((len(ballots) - 1) // 2))
    return value


def brute_rank(profiles: Mapping[int, Sequence[int]]) -> dict[int, int]:
    values = {candidate: brute_majority_value(profile) for candidate, profile in profiles.items()}
    return {
        candidate: 1 + sum(other > value for other in values.values())
        for candidate, value in values.items()
    }


# --- Strategies -------------------------------------------------------------------------------


@st.composite
def polls(
    draw: st.DrawFn, min_candidates: int = 1, max_candidates: int = 6, max_ballots: int = 25
) -> dict[int, list[int]]:
    """Profiles with a common number of grades and a common total, built from real ballots."""
    grades = draw(st.integers(1, 5))
    ballots = draw(st.integers(0, max_ballots))
    candidates = draw(st.integers(min_candidates, max_candidates))
    poll = {}
    for candidate in range(candidates):
        judgments = draw(st.lists(st.integers(0, grades - 1), min_size=ballots, max_size=ballots))
        poll[candidate] = [judgments.count(grade) for grade in range(grades)]
    return poll


def as_dict(ranking: list[tuple[Any, int]]) -> dict[Any, int]:
    return dict(ranking)


# --- The shortcut the implementation relies on -----------------------------------------------


@pytest.mark.parametrize("ballots", range(12))
def test_removing_median_judgments_reads_sorted_ballots_from_the_middle_outwards(
    ballots: int,
) -> None:
    # One judgment per grade, so each grade is the position of its ballot once sorted.
    half = ballots // 2
    middle = [half] if ballots % 2 else []
    pairs = [[half - 1 - k, ballots - half + k] for k in range(half)]
    expected = middle + [position for pair in pairs for position in pair]
    assert brute_majority_value([1] * ballots) == expected


# --- Majority grade and merit profile ---------------------------------------------------------


def test_lower_median_is_the_majority_grade() -> None:
    # Two judgments, one at grade 0 and one at grade 2: the lower of the two middle ones counts.
    assert majority_grade([1, 0, 1]) == 0
    assert majority_grade([0, 2, 2, 0]) == 1


def test_with_an_odd_number_of_judgments_the_middle_one_is_the_majority_grade() -> None:
    assert majority_grade([1, 1, 1]) == 1
    assert majority_grade([2, 0, 0, 3]) == 3


@given(polls(max_candidates=1))
def test_majority_grade_is_the_first_majority_value(poll: dict[int, list[int]]) -> None:
    profile = poll[0]
    if sum(profile) == 0:
        with pytest.raises(ValueError, match="no majority grade"):
            majority_grade(profile)
    else:
        assert majority_grade(profile) == brute_majority_value(profile)[0]


def test_merit_profile_gives_shares_majority_grade_and_gauge() -> None:
    chart = merit_profile([1, 2, 3, 4])
    assert chart.counts == (1, 2, 3, 4)
    assert chart.total == 10
    assert chart.majority_grade == 2
    assert chart.shares == (Fraction(1, 10), Fraction(1, 5), Fraction(3, 10), Fraction(2, 5))
    assert sum(chart.shares) == 1
    assert chart.above == Fraction(2, 5)  # p: strictly above the majority grade
    assert chart.below == Fraction(3, 10)  # q: strictly below
    assert chart.dominant is GaugeSide.ABOVE


def test_merit_profile_says_which_side_of_the_gauge_dominates() -> None:
    assert merit_profile([4, 3, 2, 1]).dominant is GaugeSide.BELOW
    assert merit_profile([1, 1, 1]).dominant is GaugeSide.BALANCED
    assert merit_profile([0, 5, 0]).dominant == "balanced"


def test_merit_profile_is_frozen() -> None:
    chart = merit_profile([1, 1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.total = 3  # type: ignore[misc]


def test_a_profile_without_judgments_has_no_merit_profile() -> None:
    with pytest.raises(ValueError, match="without any judgment"):
        merit_profile([0, 0, 0])


# --- Golden cases from the MieuxVoter libraries -----------------------------------------------


def completed_tallies(poll: dict[str, Any]) -> dict[int, list[int]]:
    tallies: dict[int, list[int]] = dict(enumerate(poll["tallies"]))
    mode = poll.get("mode")
    if mode is None:
        return tallies
    if mode == "StaticDefault":
        default = poll.get("default", 0)
        return {
            index: fill_static_default(tally, poll["participants"], default)
            for index, tally in tallies.items()
        }
    if mode == "MedianDefault":
        return {
            index: fill_median_default(tally, poll["participants"])
            for index, tally in tallies.items()
        }
    if mode == "Normalized":
        return normalize(tallies)
    raise AssertionError(f"Unknown mode {mode!r}")


def test_all_golden_polls_are_present() -> None:
    assert len(POLLS) == 9
    assert {poll.get("mode") for poll in POLLS} == {
        None,
        "StaticDefault",
        "MedianDefault",
        "Normalized",
    }


@pytest.mark.parametrize("poll", POLLS, ids=[poll["title"] for poll in POLLS])
def test_golden_polls_rank_like_the_mieuxvoter_libraries(poll: dict[str, Any]) -> None:
    ranking = as_dict(rank(completed_tallies(poll)))
    assert [ranking[index] for index in range(len(poll["tallies"]))] == poll["ranks"]


def test_contested_case_is_decided_by_majority_values() -> None:
    # Same majority grade (2) and same share below it (9 of 19): the gauge alone cannot decide.
    # Removing median judgments, B drops to grade 0 below the middle while A still has grade 1.
    a, b = [1, 8, 7, 1, 1, 1], [6, 3, 4, 4, 1, 1]
    assert rank({"A": a, "B": b}) == [("A", 1), ("B", 2)]
    assert rank({"B": b, "A": a}) == [("A", 1), ("B", 2)]


# --- Ranking rules ----------------------------------------------------------------------------


def test_best_candidate_comes_first_with_rank_one() -> None:
    assert rank({"low": [2, 1, 0], "high": [0, 1, 2], "mid": [0, 3, 0]}) == [
        ("high", 1),
        ("mid", 2),
        ("low", 3),
    ]


def test_exact_ties_share_a_rank_and_the_next_rank_is_skipped() -> None:
    ranking = rank({"a": [0, 0, 3], "b": [0, 3, 0], "c": [0, 3, 0], "d": [3, 0, 0]})
    assert ranking == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_tied_candidates_keep_their_input_order() -> None:
    assert rank({"z": [1, 1], "y": [0, 2], "x": [1, 1]}) == [("y", 1), ("z", 2), ("x", 2)]


def test_ranks_are_plain_ints() -> None:
    for _, position in rank({"a": [1, 2], "b": [2, 1]}):
        assert type(position) is int


def test_no_candidates_give_an_empty_ranking() -> None:
    assert rank({}) == []


def test_without_any_ballot_every_candidate_is_first() -> None:
    assert rank({"a": [0, 0, 0], "b": [0, 0, 0]}) == [("a", 1), ("b", 1)]
    assert rank({"a": [], "b": []}) == [("a", 1), ("b", 1)]


def test_candidates_need_not_be_comparable() -> None:
    thing = object()
    ranking = rank({thing: [1, 1, 0], 1: [0, 1, 1], "a": [1, 1, 0], None: [2, 0, 0]})
    assert ranking == [(1, 1), (thing, 2), ("a", 2), (None, 4)]


def test_any_mapping_is_accepted() -> None:
    class Profiles(Mapping[str, Sequence[int]]):
        def __init__(self, data: dict[str, Sequence[int]]) -> None:
            self._data = data

        def __getitem__(self, key: str) -> Sequence[int]:
            return self._data[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self._data)

        def __len__(self) -> int:
            return len(self._data)

    data: dict[str, Sequence[int]] = {"a": (1, 0), "b": (0, 1)}
    expected = [("b", 1), ("a", 2)]
    assert rank(Profiles(data)) == expected
    assert rank(MappingProxyType(data)) == expected


def test_counts_are_never_expanded_into_ballots() -> None:
    # A quadrillion judgments per candidate could not fit in memory one by one; the outcome is
    # the one the brute force gives for the same shape with a handful of judgments.
    for size in (3, 10**15):
        poll = {"a": [size, size, 2], "b": [size, size + 1, 1], "c": [size + 1, size - 1, 2]}
        assert rank(poll) == [("a", 1), ("b", 2), ("c", 3)]
    assert brute_rank({0: [3, 3, 2], 1: [3, 4, 1], 2: [4, 2, 2]}) == {0: 1, 1: 2, 2: 3}


# --- Properties -------------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(polls(min_candidates=2, max_candidates=2, max_ballots=40))
def test_two_candidates_compare_like_their_majority_values(poll: dict[int, list[int]]) -> None:
    assert as_dict(rank(poll)) == brute_rank(poll)


@settings(max_examples=300, deadline=None)
@given(polls())
def test_ranking_matches_the_brute_force_majority_values(poll: dict[int, list[int]]) -> None:
    assert as_dict(rank(poll)) == brute_rank(poll)


@given(polls(), st.randoms(use_true_random=False))
def test_order_of_candidates_is_irrelevant(poll: dict[int, list[int]], rng: Random) -> None:
    shuffled = list(poll.items())
    rng.shuffle(shuffled)
    assert as_dict(rank(dict(shuffled))) == as_dict(rank(poll))


@given(polls(), st.data())
def test_an_extra_top_grade_never_lowers_a_rank(
    poll: dict[int, list[int]], data: st.DataObject
) -> None:
    favourite = data.draw(st.sampled_from(sorted(poll)))
    # Every candidate gets one more judgment so that totals stay equal: the top grade for the
    # favourite, the lowest grade for the others.
    extended = {}
    for candidate, profile in poll.items():
        grown = list(profile)
        grown[-1 if candidate == favourite else 0] += 1
        extended[candidate] = grown
    assert as_dict(rank(extended))[favourite] <= as_dict(rank(poll))[favourite]


@given(polls(max_candidates=4), st.integers(1, 3))
def test_identical_profiles_share_a_rank(poll: dict[int, list[int]], copies: int) -> None:
    twins = dict(poll)
    for extra in range(copies):
        twins[100 + extra] = list(poll[0])
    ranking = as_dict(rank(twins))
    assert {ranking[100 + extra] for extra in range(copies)} == {ranking[0]}


@given(polls(max_candidates=8))
def test_ranks_are_one_based_competition_ranks(poll: dict[int, list[int]]) -> None:
    positions = [position for _, position in rank(poll)]
    assert positions[0] == 1
    for index in range(1, len(positions)):
        # Either tied with the previous candidate, or ranked after everyone before.
        assert positions[index] in {positions[index - 1], index + 1}


@given(polls())
def test_every_candidate_is_ranked_once(poll: dict[int, list[int]]) -> None:
    assert sorted(candidate for candidate, _ in rank(poll)) == sorted(poll)


@given(polls())
def test_input_is_not_modified(poll: dict[int, list[int]]) -> None:
    before = copy.deepcopy(poll)
    rank(poll)
    normalize(poll)
    for profile in poll.values():
        if sum(profile):
            merit_profile(profile)
        fill_static_default(profile, sum(profile) + 1)
        fill_median_default(profile, sum(profile))
    assert poll == before
    assert list(poll) == list(before)


# --- Invalid input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profiles", "message"),
    [
        ({"a": [1, 2], "b": [2, 2]}, "same total"),
        ({"a": [1, 2], "b": [1, 2, 0]}, "same number of grades"),
        ({"a": [1.0, 2]}, "integers"),
        ({"a": [True, 2]}, "integers"),
        ({"a": [1, -1, 3]}, "negative"),
        ({"a": "12"}, "sequence"),
        ({"a": {1, 2}}, "sequence"),
        ({"a": None}, "sequence"),
    ],
    ids=[
        "different totals",
        "different lengths",
        "float",
        "bool",
        "negative",
        "string",
        "set",
        "none",
    ],
)
def test_invalid_profiles_are_rejected(profiles: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank(profiles)


def test_the_error_names_the_offending_candidates() -> None:
    with pytest.raises(ValueError, match="'a' has 3, 'b' has 4"):
        rank({"a": [1, 2], "b": [2, 2]})


def test_profiles_must_come_in_a_mapping() -> None:
    with pytest.raises(TypeError, match="mapping"):
        rank([[1, 2], [2, 1]])  # type: ignore[arg-type]


def test_majority_grade_rejects_invalid_profiles() -> None:
    with pytest.raises(ValueError, match="integers"):
        majority_grade([0.5, 1])  # type: ignore[list-item]


# --- Completing tallies -----------------------------------------------------------------------


def test_static_default_counts_missing_judgments_as_the_lowest_grade() -> None:
    assert fill_static_default([0, 1, 2], participants=5) == [2, 1, 2]
    assert fill_static_default([0, 1, 2], participants=5, default=1) == [0, 3, 2]


def test_median_default_counts_missing_judgments_as_the_received_majority_grade() -> None:
    assert fill_median_default([1, 2, 0, 1], participants=7) == [1, 5, 0, 1]
    assert fill_median_default([0, 0, 0], participants=0) == [0, 0, 0]


def test_normalize_scales_every_tally_to_the_least_common_multiple() -> None:
    assert normalize({"a": [1, 1], "b": [0, 3], "c": [2, 4]}) == {
        "a": [3, 3],
        "b": [0, 6],
        "c": [2, 4],
    }
    assert normalize({"a": [0, 0], "b": [0, 0]}) == {"a": [0, 0], "b": [0, 0]}
    assert normalize({}) == {}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fill_static_default([3, 3], participants=5), "more than the 5 participants"),
        (lambda: fill_static_default([1, 1], participants=3, default=2), "grade index"),
        (
            lambda: fill_static_default([1, 1], participants=3.0),  # type: ignore[arg-type]
            "participants",
        ),
        (lambda: fill_median_default([0, 0], participants=3), "no median grade"),
        (lambda: fill_median_default([1, -1], participants=3), "negative"),
        (lambda: normalize({"a": [0, 0], "b": [1, 0]}), "without any judgment"),
    ],
    ids=[
        "more judgments than participants",
        "default out of range",
        "participants not an int",
        "median of nothing",
        "negative count",
        "empty tally among others",
    ],
)
def test_invalid_completions_are_rejected(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
