"""Specification of the sortition algorithms (pure Python, no database, fast)."""

from __future__ import annotations

import csv
import itertools
import json
import math
import subprocess
import sys
from pathlib import Path

import highspy
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coopilote.algorithms.sortition.io import read_fixture, read_replication
from coopilote.algorithms.sortition.legacy import legacy
from coopilote.algorithms.sortition.leximin import (
    SolverError,
    check_feasible,
    leximin,
    leximin_types,
    types_of,
)
from coopilote.algorithms.sortition.lottery import lottery, round_weights
from coopilote.algorithms.sortition.model import (
    Distribution,
    FeatureQuota,
    InfeasibleQuotasError,
    Instance,
    Pool,
    SortitionInputError,
)
from coopilote.algorithms.sortition.verifiable import panel_number

DATA = Path(__file__).parent / "data"
SMALL = DATA / "example_small_20"
ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture(scope="module")
def small() -> Instance:
    return read_replication(SMALL / "categories.csv", SMALL / "respondents.csv", 20)


@pytest.fixture(scope="module")
def small_leximin(small: Instance) -> Distribution:
    return leximin(small)


def check_distribution(instance: Instance, distribution: Distribution) -> None:
    assert math.isclose(math.fsum(distribution.weights), 1.0, abs_tol=1e-9)
    assert all(w >= 0 for w in distribution.weights)
    for panel in distribution.panels:
        assert instance.panel_violations(panel) == []
    marginals = [0.0] * instance.pool.n
    for panel, weight in zip(distribution.panels, distribution.weights, strict=True):
        for person in panel:
            marginals[person] += weight
    assert marginals == pytest.approx(distribution.probabilities, abs=1e-9)
    assert math.fsum(distribution.probabilities) == pytest.approx(instance.k, abs=1e-7)


# --- Published example_small_20 -------------------------------------------------------------


def test_small_minimum_is_ten_percent(small_leximin: Distribution) -> None:
    assert small_leximin.minimum == pytest.approx(0.10, abs=1e-6)


def test_small_vector_matches_published(small_leximin: Distribution) -> None:
    with (SMALL / "leximin_prob_allocs.csv").open(encoding="utf-8") as handle:
        published = sorted(float(row["selection probability"]) for row in csv.DictReader(handle))
    assert len(published) == 200
    mine = sorted(small_leximin.probabilities)
    assert max(abs(a - b) for a, b in zip(mine, published, strict=True)) <= 1e-4


def test_small_distribution_is_consistent(small: Instance, small_leximin: Distribution) -> None:
    check_distribution(small, small_leximin)


def test_small_legacy_is_less_fair(small: Instance, small_leximin: Distribution) -> None:
    estimate = legacy(small, draws=300, seed=1)
    check_distribution(small, estimate)
    # Published LEGACY minimum: sample proportion 0.0096 (10,000 draws).
    assert estimate.minimum < 0.05 < small_leximin.minimum


def test_small_lottery_deviation_is_bounded(small_leximin: Distribution) -> None:
    drawn = lottery(small_leximin, 1_000)
    assert len(drawn.panels) == 1_000
    assert drawn.max_deviation <= drawn.deviation_bound + 1e-12
    # Stated bound for this instance: 3 type panels, at most 2 runs each -> 6 / 1000.
    assert drawn.deviation_bound <= 0.006
    assert sum(len(panel) for panel in drawn.panels) == 1_000 * 20


def test_round_weights_sums_to_m() -> None:
    assert round_weights([0.25, 0.25, 0.5], 3) in ([1, 1, 1], [0, 1, 2], [1, 0, 2])
    assert sum(round_weights([1 / 7] * 7, 1000)) == 1000
    assert all(t in (142, 143) for t in round_weights([1 / 7] * 7, 1000))


# --- Brute force on small random pools -------------------------------------------------------


def valid_panels(instance: Instance) -> list[tuple[int, ...]]:
    return [
        panel
        for panel in itertools.combinations(range(instance.pool.n), instance.k)
        if not instance.panel_violations(panel)
    ]


def brute_lp(
    instance: Instance,
    panels: list[tuple[int, ...]],
    lower: dict[int, float],
    target: int | None,
    floor: float = 0.0,
) -> float:
    """Over all distributions on ``panels``: person ``i`` >= ``lower[i]``, every other >=
    ``floor`` (or ``z`` when ``target`` is None), and maximise ``z`` or person ``target``."""
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    none_i, none_v = np.array([], dtype=np.int32), np.array([])
    for panel in panels:
        cost = 1.0 if target is not None and target in panel else 0.0
        solver.addCol(cost, 0.0, inf, 0, none_i, none_v)
    z = len(panels)
    solver.addCol(1.0 if target is None else 0.0, -inf, inf, 0, none_i, none_v)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    solver.addRow(1.0, 1.0, z, np.arange(z, dtype=np.int32), np.ones(z))
    for person in range(instance.pool.n):
        index = [p for p, panel in enumerate(panels) if person in panel]
        ones = [1.0] * len(index)
        if person in lower:
            solver.addRow(
                lower[person], inf, len(index), np.array(index, dtype=np.int32), np.array(ones)
            )
        elif target is None:
            solver.addRow(
                0.0,
                inf,
                len(index) + 1,
                np.array([*index, z], dtype=np.int32),
                np.array([*ones, -1.0]),
            )
        else:
            solver.addRow(floor, inf, len(index), np.array(index, dtype=np.int32), np.array(ones))
    solver.run()
    assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(solver.getObjectiveValue())


def brute_leximin(instance: Instance) -> list[float]:
    """LEXIMIN by definition over every valid panel: maximise the minimum, then fix exactly the
    people who cannot get more (one LP per person), and repeat."""
    panels = valid_panels(instance)
    fixed: dict[int, float] = {}
    while len(fixed) < instance.pool.n:
        level = brute_lp(instance, panels, {i: p - 1e-9 for i, p in fixed.items()}, None)
        lower = {i: p - 1e-9 for i, p in fixed.items()}
        stuck = [
            person
            for person in range(instance.pool.n)
            if person not in fixed
            and brute_lp(instance, panels, lower, person, level - 1e-9) <= level + 1e-7
        ]
        assert stuck
        for person in stuck:
            fixed[person] = level
    return sorted(fixed.values())


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n = draw(st.integers(3, 12))
    k = draw(st.integers(2, min(n - 1, 6)))
    categories = tuple(f"c{c}" for c in range(draw(st.integers(2, 3))))
    values = {c: [f"{c}v{v}" for v in range(draw(st.integers(2, 3)))] for c in categories}
    people = tuple(tuple(draw(st.sampled_from(values[c])) for c in categories) for _ in range(n))
    quotas = []
    for c in categories:
        for v in values[c]:
            low = draw(st.integers(0, 1))
            high = draw(st.integers(max(low, 1), k))
            quotas.append(FeatureQuota(c, v, low, high))
    return Instance(Pool(categories, people), tuple(quotas), k)


def feasible(instance: Instance) -> bool:
    try:
        check_feasible(instance)
    except InfeasibleQuotasError:
        return False
    return True


@settings(max_examples=30, deadline=None)
@given(instances())
def test_random_pools_leximin(instance: Instance) -> None:
    assume(feasible(instance))
    result = leximin(instance)
    check_distribution(instance, result)
    assert sorted(result.probabilities) == pytest.approx(brute_leximin(instance), abs=1e-6)
    try:
        baseline = legacy(instance, draws=200, seed=0)
    except SortitionInputError:
        return  # LEGACY can dead-end where LEXIMIN does not.
    # 200 draws: the estimate of a probability has a standard error below 0.036.
    assert result.minimum >= baseline.minimum - 0.15


@settings(max_examples=15, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_pool_order_is_irrelevant(instance: Instance, rng: object) -> None:
    assume(feasible(instance))
    order = list(range(instance.pool.n))
    rng.shuffle(order)  # type: ignore[attr-defined]
    shuffled = Instance(
        Pool(instance.pool.categories, tuple(instance.pool.people[i] for i in order)),
        instance.quotas,
        instance.k,
    )
    before = leximin(instance).probabilities
    after = leximin(shuffled).probabilities
    assert [after[j] for j in range(len(order))] == pytest.approx(
        [before[i] for i in order], abs=1e-6
    )


# --- Errors ----------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_infeasible_quotas_name_the_categories(tmp_path: Path) -> None:
    categories = write(
        tmp_path / "categories.csv",
        "category,feature,min,max\ng,a,1,3\ng,b,1,3\nh,x,3,3\nh,y,0,3\n",
    )
    # Each category alone is satisfiable; together not: the x's are all a's, and b needs 1.
    respondents = write(tmp_path / "respondents.csv", "g,h\na,x\na,x\na,x\nb,y\nb,y\n")
    instance = read_replication(categories, respondents, 3)
    with pytest.raises(InfeasibleQuotasError) as error:
        leximin(instance)
    assert error.value.categories == ("g", "h")
    assert "« g »" in str(error.value) and "« h »" in str(error.value)


def test_input_errors_name_file_and_line(tmp_path: Path) -> None:
    categories = write(tmp_path / "categories.csv", "category,feature,min,max\ng,a,1,x\n")
    respondents = write(tmp_path / "respondents.csv", "g\na\n")
    with pytest.raises(SortitionInputError, match=r"categories\.csv, ligne 2 .*entier"):
        read_replication(categories, respondents, 1)
    write(categories, "category,feature,min,max\ng,a,0,1\n")
    write(respondents, "g\na\nz\n")
    with pytest.raises(SortitionInputError, match=r"respondents\.csv.*ligne 3.*« z »"):
        read_replication(categories, respondents, 1)
    with pytest.raises(SortitionInputError, match="lecture impossible"):
        read_replication(tmp_path / "absent.csv", respondents, 1)


def test_fixture_format(tmp_path: Path) -> None:
    features = write(
        tmp_path / "features.csv",
        "feature,value,min,max,min_flex,max_flex\nG,F,1,2,0,2\nG,M,1,2,0,2\n",
    )
    candidates = write(
        tmp_path / "candidates.csv",
        "id,email,G\np0,e0,F\np1,e1,M\np2,e2,F\np3,e3,M\n",
    )
    instance = read_fixture(features, candidates, 2)
    assert instance.pool.ids == ("p0", "p1", "p2", "p3")
    assert leximin(instance).probabilities == pytest.approx([0.5] * 4)


# --- Command line ----------------------------------------------------------------------------


def cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "coopilote.algorithms.sortition", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_cli_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    done = cli(
        "--categories",
        str(SMALL / "categories.csv"),
        "--respondents",
        str(SMALL / "respondents.csv"),
        "--panel-size",
        "20",
        "--lottery",
        "1000",
        "--json",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["algorithm"] == "leximin"
    assert (result["n"], result["k"]) == (200, 20)
    assert min(result["probabilities"]) == pytest.approx(0.1, abs=1e-6)
    assert math.fsum(result["weights"]) == pytest.approx(1.0)
    assert len(result["panels"]) == len(result["weights"])
    assert all(len(panel) == 20 for panel in result["panels"])
    assert result["seconds"] >= 0
    assert len(result["lottery_panels"]) == 1000
    assert result["max_deviation"] <= result["deviation_bound"] + 1e-12


def test_cli_infeasible_exits_2_without_traceback(tmp_path: Path) -> None:
    categories = write(tmp_path / "c.csv", "category,feature,min,max\ng,a,3,5\ng,b,3,5\n")
    respondents = write(tmp_path / "r.csv", "g\na\na\na\nb\nb\nb\n")
    done = cli(
        "--categories",
        str(categories),
        "--respondents",
        str(respondents),
        "--panel-size",
        "5",
        "--json",
        str(tmp_path / "out.json"),
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "« g »" in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_cli_fixture_format_and_legacy(tmp_path: Path) -> None:
    features = write(
        tmp_path / "features.csv",
        "feature,value,min,max,min_flex,max_flex\nG,F,1,2,0,2\nG,M,1,2,0,2\n",
    )
    candidates = write(
        tmp_path / "candidates.csv", "id,email,G\np0,e0,F\np1,e1,M\np2,e2,F\np3,e3,M\n"
    )
    out = tmp_path / "out.json"
    done = cli(
        "--features",
        str(features),
        "--candidates",
        str(candidates),
        "--panel-size",
        "2",
        "--algorithm",
        "legacy",
        "--draws",
        "200",
        "--lottery",
        "10",
        "--json",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["algorithm"] == "legacy"
    assert result["ids"] == ["p0", "p1", "p2", "p3"]
    assert math.fsum(result["probabilities"]) == pytest.approx(2.0)
    assert len(result["lottery_panels"]) == 10


# --- Lottery, determinism, grouping ----------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(instances(), st.sampled_from([1, 7, 100, 1_000]))
def test_lottery_panels_meet_quotas_and_stay_within_the_stated_bound(
    instance: Instance, m: int
) -> None:
    assume(feasible(instance))
    result = leximin(instance)
    drawn = lottery(result, m)
    assert len(drawn.panels) == m
    for panel in set(drawn.panels):
        assert instance.panel_violations(panel) == []
    counts = [0] * instance.pool.n
    for panel in drawn.panels:
        for person in panel:
            counts[person] += 1
    assert list(drawn.probabilities) == [c / m for c in counts]
    assert math.fsum(drawn.probabilities) == pytest.approx(instance.k)
    deviations = [
        abs(a - b) for a, b in zip(drawn.probabilities, result.probabilities, strict=True)
    ]
    assert drawn.max_deviation == pytest.approx(max(deviations))
    assert drawn.max_deviation <= drawn.deviation_bound + 1e-12
    # Every panel with weight at least 1/m gets a ticket (systematic rounding).
    tickets = round_weights(result.weights, m)
    assert all(t >= math.floor(m * w) for t, w in zip(tickets, result.weights, strict=True))


@settings(max_examples=10, deadline=None)
@given(instances(), st.integers(0, 2**256))
def test_same_instance_and_seed_give_the_same_panel(instance: Instance, seed: int) -> None:
    """The whole chain is deterministic: an audit re-running it finds the same panel."""
    assume(feasible(instance))
    first, second = leximin(instance), leximin(instance)
    assert first.panels == second.panels
    assert first.weights == second.weights
    number = panel_number(seed, 1_000)
    assert lottery(first).panels[number] == lottery(second).panels[number]


@st.composite
def correlated_instances(draw: st.DrawFn) -> Instance:
    """Up to 40 people, 3-4 categories following a common latent variable, tight quotas around
    the proportional shares: LEXIMIN has several levels and many identical people."""
    rng = draw(st.randoms(use_true_random=False))
    n = draw(st.integers(12, 40))
    k = draw(st.integers(3, 8))
    sizes = [draw(st.integers(2, 3)) for _ in range(draw(st.integers(3, 4)))]
    categories = tuple(f"c{c}" for c in range(len(sizes)))
    people = []
    for _ in range(n):
        latent = rng.random()
        positions = [latent if rng.random() < 0.7 else rng.random() for _ in sizes]
        people.append(
            tuple(
                f"c{c}v{min(size - 1, int(position * size))}"
                for c, (size, position) in enumerate(zip(sizes, positions, strict=True))
            )
        )
    quotas = []
    for c, size in enumerate(sizes):
        for v in range(size):
            share = sum(person[c] == f"c{c}v{v}" for person in people) * k / n
            slack = draw(st.integers(0, 1))
            quotas.append(
                FeatureQuota(
                    f"c{c}", f"c{c}v{v}", max(0, math.floor(share) - slack), math.ceil(share)
                )
            )
    return Instance(Pool(categories, tuple(people)), tuple(quotas), k)


@settings(max_examples=20, deadline=None)
@given(correlated_instances())
def test_grouping_identical_people_changes_nothing(instance: Instance) -> None:
    """Grouped LEXIMIN equals LEXIMIN computed person by person (one type per person), per
    person and not only once sorted: the vector is unique."""
    assume(feasible(instance))
    grouped = leximin(instance)
    check_distribution(instance, grouped)
    alone = leximin_types(instance, types_of(instance, group=False))
    per_person = [0.0] * instance.pool.n
    for t, members in enumerate(alone.types.members):
        for person in members:
            per_person[person] = alone.probabilities[t]
    assert list(grouped.probabilities) == pytest.approx(per_person, abs=1e-6)
    # People with identical features get the same probability.
    by_features: dict[tuple[str, ...], set[float]] = {}
    for person, p in zip(instance.pool.people, grouped.probabilities, strict=True):
        by_features.setdefault(person, set()).add(round(p, 7))
    assert all(len(values) == 1 for values in by_features.values())


def test_every_panel_is_checked_against_the_quotas(tmp_path: Path) -> None:
    """Panels are checked in the code path (not only in tests): a type panel breaking a quota
    raises, and so does a person panel that does not match its type panel."""
    categories = write(tmp_path / "categories.csv", "category,feature,min,max\ng,a,1,2\ng,b,1,2\n")
    respondents = write(tmp_path / "respondents.csv", "g\na\na\na\nb\nb\nb\n")
    instance = read_replication(categories, respondents, 3)
    types = types_of(instance)
    a, b = (types.features.index(("a",)), types.features.index(("b",)))
    valid = [0, 0]
    valid[a], valid[b] = 2, 1
    types.check(valid)
    broken = [0, 0]
    broken[a] = 3
    with pytest.raises(SolverError, match="quota g=a"):
        types.check(broken)
    with pytest.raises(SolverError):
        types.check([1, 1])  # 2 people instead of 3
    # A type panel asking for more people of a type than there are cannot be expanded.
    too_many = [0, 0]
    too_many[a], too_many[b] = 4, -1
    with pytest.raises(SolverError):
        types.check(too_many)


# --- Command line: the JSON contract on both formats ------------------------------------------

REQUIRED = {"algorithm", "n", "k", "probabilities", "panels", "weights", "seconds"}
LOTTERY = {"lottery_panels", "max_deviation", "deviation_bound", "lottery_m"}


def check_output(result: dict[str, object], instance: Instance, m: int | None) -> None:
    assert result.keys() >= REQUIRED
    if m is not None:
        assert result.keys() >= LOTTERY
    distribution = Distribution(
        str(result["algorithm"]),
        int(result["n"]),  # type: ignore[call-overload]
        int(result["k"]),  # type: ignore[call-overload]
        tuple(result["probabilities"]),  # type: ignore[arg-type]
        tuple(tuple(panel) for panel in result["panels"]),  # type: ignore[attr-defined]
        tuple(result["weights"]),  # type: ignore[arg-type]
        float(result["seconds"]),  # type: ignore[arg-type]
    )
    assert (distribution.n, distribution.k) == (instance.pool.n, instance.k)
    check_distribution(instance, distribution)
    if m is not None:
        panels = result["lottery_panels"]
        assert isinstance(panels, list) and len(panels) == m
        assert all(instance.panel_violations(panel) == [] for panel in panels)
        assert float(result["max_deviation"]) <= float(result["deviation_bound"]) + 1e-12  # type: ignore[arg-type]


def test_cli_writes_the_contract_on_both_formats(tmp_path: Path) -> None:
    features = write(
        tmp_path / "features.csv",
        "feature,value,min,max,min_flex,max_flex\nG,F,1,2,0,2\nG,M,1,2,0,2\n"
        "A,young,1,1,0,2\nA,old,1,2,0,2\n",
    )
    candidates = write(
        tmp_path / "candidates.csv",
        "id,email,G,A\np0,e0,F,young\np1,e1,M,old\np2,e2,F,old\np3,e3,M,old\np4,e4,F,young\n",
    )
    categories = write(
        tmp_path / "categories.csv",
        "category,feature,min,max\nG,F,1,2\nG,M,1,2\nA,young,1,1\nA,old,1,2\n",
    )
    respondents = write(
        tmp_path / "respondents.csv", "G,A\nF,young\nM,old\nF,old\nM,old\nF,young\n"
    )
    by_fixture = read_fixture(features, candidates, 3)
    by_replication = read_replication(categories, respondents, 3)
    outputs = []
    for files in (
        ["--features", str(features), "--candidates", str(candidates)],
        ["--categories", str(categories), "--respondents", str(respondents)],
    ):
        for m in (None, 1000):
            out = tmp_path / "out.json"
            lottery_args = [] if m is None else ["--lottery", str(m)]
            done = cli(*files, "--panel-size", "3", *lottery_args, "--json", str(out))
            assert done.returncode == 0, done.stderr
            result = json.loads(out.read_text(encoding="utf-8"))
            instance = by_fixture if "--features" in files else by_replication
            check_output(result, instance, m)
            outputs.append(result["probabilities"])
    # Same people, same quotas: both formats give the same vector.
    assert outputs[0] == pytest.approx(outputs[2], abs=1e-9)
