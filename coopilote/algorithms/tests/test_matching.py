"""Specification of the offer/need matching score (pure Python, no database)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coopilote.algorithms.matching import (
    Point,
    Profile,
    Reason,
    Weights,
    category_fit,
    haversine_km,
    naf_level,
    rank,
    score,
    words,
)

LYON = Point(45.758, 4.835)
VILLEURBANNE = Point(45.7719, 4.8902)
GRENOBLE = Point(45.1885, 5.7245)
MARSEILLE = Point(43.2965, 5.3698)

# Hypothesis runs without deadline here: timing on a loaded machine is not the property.
points = st.builds(
    Point,
    latitude=st.floats(min_value=-89.0, max_value=89.0),
    longitude=st.floats(min_value=-179.0, max_value=179.0),
)
vocabulary = st.sampled_from(
    ["menuiserie", "comptabilité", "chantier", "véhicule", "informatique", "local", "atelier"]
)
CATEGORIES = ["subcontracting", "co_contracting", "accounting", "vehicles", "equipment", "hr"]
FAMILIES = (
    frozenset({"subcontracting", "co_contracting"}),
    frozenset({"equipment", "vehicles"}),
)
WITH_FAMILIES = Weights(related_categories=FAMILIES)
# Any candidate: what the category rules must hold whatever else it has in common.
candidates = st.builds(
    Profile,
    key=st.just("c"),
    sector=st.sampled_from([None, "btp", "sante"]),
    naf=st.sampled_from([None, "43.32A", "43.39Z", "62.01Z"]),
    point=st.one_of(st.none(), points),
    department=st.sampled_from([None, "69", "38"]),
    text=st.lists(vocabulary).map(" ".join),
)


def need(**fields: object) -> Profile:
    base = Profile(key="need", sector="btp", naf="43.32A", point=LYON, text="", category=None)
    return replace(base, **fields)  # type: ignore[arg-type]


def test_distance_between_lyon_and_grenoble_is_about_95_km() -> None:
    assert haversine_km(LYON, GRENOBLE) == pytest.approx(95, abs=3)
    assert haversine_km(LYON, LYON) == 0


@settings(deadline=None)
@given(points, points)
def test_distance_is_symmetric_and_never_negative(a: Point, b: Point) -> None:
    assert haversine_km(a, b) == pytest.approx(haversine_km(b, a), abs=1e-6)
    assert haversine_km(a, b) >= 0


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("43.32A", "43.32A", "subclass"),
        ("43.32A", "43.32B", "class"),
        ("43.32A", "43.39Z", "group"),
        ("43.32A", "43.11Z", "division"),
        ("43.32A", "41.20A", None),
        ("4332A", "43.32A", "subclass"),
        ("43.32A", None, None),
    ],
)
def test_naf_proximity_is_the_longest_shared_level(
    a: str, b: str | None, level: str | None
) -> None:
    assert naf_level(a, b) == level


def test_closer_naf_codes_score_higher() -> None:
    reference = need(sector=None, point=None)
    levels = ["43.32A", "43.32B", "43.39Z", "43.11Z", "41.20A"]
    scores = [score(reference, Profile(key=c, naf=c)).score for c in levels]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


def test_words_ignore_accents_case_stop_words_and_plural() -> None:
    assert words("Comptabilité des COOPÉRATIVES") == words("comptabilite")
    assert words("Les menuiseries de l’atelier") == words("menuiserie atelier")
    assert words("le la les de du des") == frozenset()


def test_words_fold_related_french_forms_together() -> None:
    assert words("menuisier") == words("menuiserie")
    assert words("comptable") == words("comptabilité")
    assert words("mutualiser") == words("mutualisation")


def test_reasons_explain_every_signal_that_counted() -> None:
    reference = need(text="Sous-traitance menuiserie bois", category="subcontracting")
    candidate = Profile(
        key="offer",
        sector="btp",
        naf="43.32A",
        point=VILLEURBANNE,
        text="Menuisier bois disponible",
        category="subcontracting",
    )
    result = score(reference, candidate)
    kinds = {reason.kind for reason in result.reasons}
    assert kinds == {"same_sector", "naf", "distance", "shared_words", "same_category"}
    # What kind of answer it is comes before how close it is.
    assert result.reasons[0] == Reason("same_category", category="subcontracting")
    distance = next(r for r in result.reasons if r.kind == "distance")
    assert distance == Reason("distance", km=5)
    shared = next(r for r in result.reasons if r.kind == "shared_words")
    assert set(shared.words) == {"bois", "menuis"}


def test_distance_beyond_the_cap_does_not_count() -> None:
    far = score(need(sector=None, naf=None), Profile(key="x", point=MARSEILLE))
    assert far.score == 0 and far.reasons == ()


def test_same_departement_counts_when_a_point_is_missing() -> None:
    result = score(need(point=None, department="69"), Profile(key="x", department="69"))
    assert Reason("same_department") in result.reasons


@settings(deadline=None)
@given(points, points, points)
def test_closer_ranks_higher_all_else_equal(origin: Point, a: Point, b: Point) -> None:
    reference = Profile(key="ref", point=origin)
    da, db = haversine_km(origin, a), haversine_km(origin, b)
    sa = score(reference, Profile(key="a", point=a)).score
    sb = score(reference, Profile(key="b", point=b)).score
    if da < db:
        assert sa >= sb
    # A metre apart at least: closer than floating-point noise is not closer.
    if da + 0.001 < db < 200:
        assert sa > sb


@settings(deadline=None)
@given(st.lists(vocabulary, unique=True), st.lists(vocabulary, unique=True), vocabulary)
def test_score_grows_with_shared_words(
    reference_words: list[str], candidate_words: list[str], extra: str
) -> None:
    reference = Profile(key="ref", text=" ".join([*reference_words, extra]))
    before = score(reference, Profile(key="c", text=" ".join(candidate_words))).score
    after = score(reference, Profile(key="c", text=" ".join([*candidate_words, extra]))).score
    assert after >= before


@settings(deadline=None)
@given(
    st.sampled_from([None, "btp", "industrie"]),
    st.sampled_from([None, "43.32A", "43.39Z", "62.01Z"]),
    st.one_of(st.none(), points),
    st.lists(vocabulary),
    st.sampled_from([None, *CATEGORIES]),
    st.sampled_from(CATEGORIES),
)
def test_score_is_symmetric(
    sector: str | None,
    naf: str | None,
    point: Point | None,
    text: list[str],
    category: str | None,
    reference_category: str,
) -> None:
    a = need(text="menuiserie chantier", category=reference_category)
    b = Profile(
        key="b", sector=sector, naf=naf, point=point, text=" ".join(text), category=category
    )
    for weights in (Weights(), WITH_FAMILIES, Weights(other_category=0.25)):
        assert score(a, b, weights).score == pytest.approx(score(b, a, weights).score)


def test_rank_orders_best_first_leaves_out_non_matches_and_itself() -> None:
    reference = need(text="menuiserie bois")
    candidates = [
        Profile(key="far-other-trade", sector="sante", point=MARSEILLE),
        Profile(key="grenoble-same-trade", sector="btp", naf="43.32A", point=GRENOBLE),
        Profile(key="lyon-same-trade", sector="btp", naf="43.32B", point=VILLEURBANNE),
        Profile(key="need", sector="btp", naf="43.32A", point=LYON),
    ]
    ranked = rank(reference, candidates)
    assert [s.key for s in ranked] == ["lyon-same-trade", "grenoble-same-trade"]


def test_rank_respects_the_limit_and_breaks_ties_by_key() -> None:
    reference = need()
    candidates = [Profile(key=f"c{i}", sector="btp") for i in (3, 1, 2)]
    assert [s.key for s in rank(reference, candidates, limit=2)] == ["c1", "c2"]


# --- Categories --------------------------------------------------------------------------------


def test_an_offer_of_another_category_is_not_suggested_however_alike() -> None:
    # A need for shared accounting: vans for rent next door, from the same trade, do not fit.
    accounting = need(text="Mutualiser un poste de comptable", category="accounting")
    vans = Profile(
        key="vans",
        sector="btp",
        naf="43.32A",
        point=VILLEURBANNE,
        text="Fourgons à louer",
        category="vehicles",
    )
    accountant = Profile(
        key="accountant",
        sector="sante",
        point=GRENOBLE,
        text="Comptable à mi-temps",
        category="accounting",
    )
    assert [s.key for s in rank(accounting, [vans, accountant])] == ["accountant"]
    refused = score(accounting, vans)
    assert refused.score == 0
    assert refused.reasons[0] == Reason("other_category", category="vehicles")


def test_a_related_category_ranks_below_the_same_one_and_says_so() -> None:
    subcontracting = need(category="subcontracting")
    same, related, other = (
        Profile(key=category, sector="btp", point=VILLEURBANNE, category=category)
        for category in ("subcontracting", "co_contracting", "accounting")
    )
    ranked = rank(subcontracting, [other, related, same], weights=WITH_FAMILIES)
    assert [s.key for s in ranked] == ["subcontracting", "co_contracting"]
    assert ranked[1].reasons[0] == Reason("related_category", category="co_contracting")
    # Without families the caller names, a different category is just another one.
    assert [s.key for s in rank(subcontracting, [related, same])] == ["subcontracting"]


def test_another_category_may_be_kept_below_when_the_weights_say_so() -> None:
    reference = need(category="accounting")
    alike = Profile(key="alike", sector="btp", naf="43.32A", point=LYON, category="vehicles")
    kept = score(reference, alike, Weights(other_category=0.5))
    assert kept.score == pytest.approx(score(reference, replace(alike, category=None)).score / 2)


def test_a_side_without_a_category_is_judged_on_the_other_signals() -> None:
    cooperative = Profile(key="coop", sector="btp", naf="43.32A", point=VILLEURBANNE)
    for category in ("accounting", "vehicles", None):
        result = score(need(category=category), cooperative)
        assert result.score == score(need(category=None), cooperative).score > 0
        assert not {"same_category", "related_category", "other_category"} & {
            reason.kind for reason in result.reasons
        }


@pytest.mark.parametrize(
    ("a", "b", "fit"),
    [
        ("accounting", "accounting", "same_category"),
        ("subcontracting", "co_contracting", "related_category"),
        ("co_contracting", "subcontracting", "related_category"),
        ("accounting", "hr", "other_category"),
        ("vehicles", "subcontracting", "other_category"),
        ("accounting", None, None),
        (None, None, None),
    ],
)
def test_how_two_categories_fit(a: str | None, b: str | None, fit: str | None) -> None:
    assert category_fit(a, b, WITH_FAMILIES) == fit


@settings(deadline=None)
@given(
    candidates,
    st.sampled_from(CATEGORIES),
    st.sampled_from(CATEGORIES),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_a_same_category_offer_never_ranks_below_an_otherwise_identical_other_one(
    candidate: Profile, mine: str, theirs: str, keep: float
) -> None:
    assume(theirs != mine)
    reference = need(text="menuiserie chantier", category=mine)
    weights = Weights(related_categories=FAMILIES, other_category=keep)
    # The same category's key sorts last: a tie alone would not put it first.
    same = replace(candidate, key="z-same", category=mine)
    different = replace(candidate, key="a-different", category=theirs)
    ranked = [s.key for s in rank(reference, [different, same], limit=None, weights=weights)]
    assert ranked[0] == "z-same"
    assert score(reference, same, weights).score > score(reference, different, weights).score


@settings(deadline=None)
@given(st.lists(candidates, max_size=6), st.sampled_from(CATEGORIES), st.data())
def test_an_unrelated_category_is_never_suggested_by_default(
    profiles: list[Profile], mine: str, data: st.DataObject
) -> None:
    offers = [
        replace(profile, key=f"c{number}", category=data.draw(st.sampled_from(CATEGORIES)))
        for number, profile in enumerate(profiles)
    ]
    reference = need(category=mine)
    for suggestion in rank(reference, offers, limit=None, weights=WITH_FAMILIES):
        offer = next(offer for offer in offers if offer.key == suggestion.key)
        assert category_fit(mine, offer.category, WITH_FAMILIES) != "other_category"


# --- What the reasons name, and what distance does to a fitting candidate ----------------------


@settings(deadline=None)
@given(candidates, st.sampled_from(["btp", "sante"]))
def test_a_same_sector_reason_names_the_sector_both_sides_share(
    candidate: Profile, sector: str
) -> None:
    reference = need(sector=sector, category="subcontracting")
    for a, b in ((reference, candidate), (candidate, reference)):
        reasons = score(a, b).reasons
        named = [reason.sector for reason in reasons if reason.kind == "same_sector"]
        assert named == ([sector] if candidate.sector == sector else [])
        assert all(reason.sector is None for reason in reasons if reason.kind != "same_sector")


@settings(deadline=None)
@given(points, points, points)
def test_distance_ranks_candidates_of_the_same_category_and_sector_but_never_drops_them(
    origin: Point, a: Point, b: Point
) -> None:
    # The board reads such candidates from the whole country and relies on this.
    reference = need(point=origin, naf=None, category="subcontracting")
    fitting = Profile(key="", sector="btp", category="subcontracting")
    nearer, farther = replace(fitting, key="a", point=a), replace(fitting, key="b", point=b)
    ranked = [s.key for s in rank(reference, [farther, nearer], limit=None)]
    assert sorted(ranked) == ["a", "b"]
    if haversine_km(origin, a) + 0.001 < haversine_km(origin, b) < Weights().max_km:
        assert ranked == ["a", "b"]
