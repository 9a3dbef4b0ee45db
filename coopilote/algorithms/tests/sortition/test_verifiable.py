"""The verifiable draw: order-free fingerprints, sealed contributions, replayable panels."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopilote.algorithms.sortition import verifiable as vf
from coopilote.algorithms.sortition.leximin import leximin
from coopilote.algorithms.sortition.lottery import lottery
from coopilote.algorithms.sortition.model import FeatureQuota, Instance, Pool

COLUMNS = ["numero", "genre", "age"]
Rows = list[list[str]]
values = st.sampled_from(["femme", "homme", "autre", "18-29", "30-49", "50+", "Élodie", " x "])
pools = st.lists(
    st.tuples(st.integers(0, 999_999), values, values),
    min_size=1,
    max_size=40,
    unique_by=lambda r: r[0],
).map(lambda rows: [[f"{n:06d}", g, a] for n, g, a in rows])


@given(pools, st.randoms())
def test_the_fingerprint_ignores_the_order_of_the_rows(
    rows: list[list[str]], rnd: random.Random
) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert vf.pool_digest(shuffled, COLUMNS) == vf.pool_digest(rows, COLUMNS)


@given(pools)
def test_rows_as_mappings_or_sequences_give_the_same_fingerprint(rows: list[list[str]]) -> None:
    mappings = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    assert vf.pool_digest(mappings, COLUMNS) == vf.pool_digest(rows, COLUMNS)


@given(pools, values)
def test_a_person_added_or_altered_changes_the_fingerprint(
    rows: list[list[str]], value: str
) -> None:
    digest = vf.pool_digest(rows, COLUMNS)
    assert vf.pool_digest([*rows, ["999999x", value, value]], COLUMNS) != digest
    altered = [list(row) for row in rows]
    altered[0][1] = altered[0][1] + "!"
    assert vf.pool_digest(altered, COLUMNS) != digest
    assert vf.pool_digest(rows[1:], COLUMNS) != digest


def test_unicode_forms_and_spaces_do_not_change_the_fingerprint() -> None:
    composed = [["000001", "Élodie", "18-29"]]
    decomposed = [["000001", "E\u0301lodie ", " 18-29"]]
    assert vf.pool_digest(composed, COLUMNS) == vf.pool_digest(decomposed, COLUMNS)


@given(st.text(max_size=30), st.text(min_size=1, max_size=30))
def test_a_commitment_opens_only_with_its_value_and_salt(value: str, salt: str) -> None:
    sealed = vf.commitment(value, salt)
    assert vf.verify_commitment(sealed, value, salt)
    assert not vf.verify_commitment(sealed, value + "1", salt)
    assert not vf.verify_commitment(sealed, value, salt + "1")


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6), st.randoms())
def test_the_seed_does_not_depend_on_the_order_values_were_typed(
    values_: list[str], rnd: random.Random
) -> None:
    shuffled = list(values_)
    rnd.shuffle(shuffled)
    assert vf.seed_from_contributions(shuffled) == vf.seed_from_contributions(values_)


def test_different_values_give_different_seeds() -> None:
    assert vf.seed_from_contributions(["3-1-6"]) != vf.seed_from_contributions(["3-1-5"])
    # One value with a line break is not two values.
    assert vf.seed_from_contributions(["3\n4"]) != vf.seed_from_contributions(["3", "4"])


def test_a_commitment_opens_one_way_only() -> None:
    sealed = vf.commitment("c", "a:b")
    assert vf.verify_commitment(sealed, "c", "a:b")
    assert not vf.verify_commitment(sealed, "b:c", "a")


def published(rows: list[list[str]], m: int = 1000) -> vf.PublishedDraw:
    rng = random.Random(4)
    n = len(vf.canonical_rows(rows, COLUMNS))
    panels = [sorted(rng.sample(range(n), 2)) for _ in range(m)]
    return vf.PublishedDraw(
        pool_sha256=vf.pool_digest(rows, COLUMNS),
        quotas=[["genre", "femme", 0, 2]],
        k=2,
        algorithm_version="test",
        panels=panels,
        columns=COLUMNS,
    )


@given(pools.filter(lambda rows: len(rows) >= 2), st.integers(0, 2**256), st.randoms())
def test_same_seed_same_panel_whatever_the_order_of_the_pool_file(
    rows: list[list[str]], seed: int, rnd: random.Random
) -> None:
    draw = vf.PublishedDraw.from_json(published(rows).to_json())
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    first = vf.replay(draw, rows, seed)
    assert first == vf.replay(draw, shuffled, seed)
    assert first == draw.panels[seed % 1000]


def test_replay_refuses_a_pool_that_changed_after_publication() -> None:
    rows = [["000001", "femme", "18-29"], ["000002", "homme", "50+"], ["000003", "femme", "50+"]]
    draw = published(rows)
    with pytest.raises(vf.PoolMismatchError, match="changed after publication"):
        vf.replay(draw, [*rows, ["000004", "homme", "18-29"]], 7)


def test_panel_number_is_the_seed_modulo_the_number_of_panels() -> None:
    assert vf.panel_number(123_456, 1000) == 456
    with pytest.raises(ValueError):
        vf.panel_number(1, 0)


@given(
    pools.filter(lambda rows: len(rows) >= 2),
    st.integers(0, 2**256),
    st.sampled_from(["add", "remove", "alter"]),
    values,
)
def test_any_tampering_with_the_pool_is_detected_by_replay(
    rows: list[list[str]], seed: int, how: str, value: str
) -> None:
    draw = vf.PublishedDraw.from_json(published(rows).to_json())
    tampered = [list(row) for row in rows]
    if how == "add":
        tampered.append(["late-volunteer", value, value])
    elif how == "remove":
        tampered.pop()
    else:
        tampered[-1][2] = tampered[-1][2] + "x"
    with pytest.raises(vf.PoolMismatchError):
        vf.replay(draw, tampered, seed)


@given(pools.filter(lambda rows: len(rows) >= 2))
def test_the_publication_survives_its_json_round_trip(rows: list[list[str]]) -> None:
    draw = published(rows, m=10)
    again = vf.PublishedDraw.from_json(draw.to_json())
    assert again == draw
    assert again.to_json() == draw.to_json()


def test_a_leximin_lottery_replays_to_the_same_valid_panel() -> None:
    """End to end: LEXIMIN, the 1000-panel lottery, publication, seed from contributions,
    replay on the pool file in another order: the same panel, meeting the quotas."""
    header = ["numero", "genre", "age"]
    rows = [
        [f"{i:03d}", ["femme", "homme"][i % 2], ["18-29", "30-49", "50+"][i % 3]] for i in range(30)
    ]
    canonical = vf.canonical_rows(rows, header)
    quotas = tuple(
        FeatureQuota(category, value, 2, 4)
        for category, options in (("genre", ["femme", "homme"]), ("age", ["18-29", "30-49", "50+"]))
        for value in options
    )
    instance = Instance(Pool(("genre", "age"), tuple(row[1:] for row in canonical)), quotas, 6)
    drawn = lottery(leximin(instance), 1000)
    draw = vf.PublishedDraw(
        pool_sha256=vf.pool_digest(rows, header),
        quotas=[[q.category, q.value, q.min, q.max] for q in quotas],
        k=6,
        algorithm_version="leximin test",
        panels=[list(panel) for panel in drawn.panels],
        columns=header,
    )
    seed = vf.seed_from_contributions(["4-2-6", "lot 1234", "graine de Zoé"])
    selected = vf.replay(vf.PublishedDraw.from_json(draw.to_json()), rows[::-1], seed)
    assert selected == sorted(drawn.panels[seed % 1000])
    assert instance.panel_violations(selected) == []
