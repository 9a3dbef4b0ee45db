"""Matching offers and needs between cooperatives: a transparent score with its reasons.

A *profile* describes a post (an offer or a need) or a cooperative: its sector, its NAF code,
where it is, its words and (for a post) its category. ``score(reference, candidate)`` adds up
simple, explainable signals, and every signal that counted comes back as a ``Reason`` so the
page can say *why* a cooperative is suggested ("même secteur (Bâtiment), 12 km"). A reason
carries the caller's keys (the shared sector, the candidate's category), never a label: naming
them is the caller's business. The score is symmetric: the same function ranks offers for a need
and needs for an offer.

Signals: same sector; NAF proximity (the longest shared level of the code "43.32A": sub-class
"43.32A" > class "43.32" > group "43.3" > division "43"); distance (haversine, linear decay to
zero at ``Weights.max_km``); the same département when a point is missing; shared words
(accents and case ignored, French stop-words dropped, light French suffix folding).

The category (what is exchanged: subcontracting, shared accounting, vehicles…) is a condition
more than a signal: a need for shared accounting is not answered by a van for rent, however near
and alike the two cooperatives, and a union's staff reading "même secteur, 5 km" under it would
call the suggestion wrong. When both sides have one, the same category adds ``category``, a
related one (families the caller names, e.g. subcontracting and co-contracting) the smaller
``related_category``, and any other scales the whole score by ``other_category``: zero by
default, so ``rank`` leaves it out. A side without a category (a cooperative) is neither.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coopilote.algorithms.geo import Point, haversine_km

__all__ = [
    "Point",
    "Profile",
    "Reason",
    "Suggestion",
    "Weights",
    "category_fit",
    "haversine_km",
    "naf_level",
    "rank",
    "score",
    "words",
]

# NAF levels from the most specific, with how many characters of the dot-less code they share.
NAF_LEVELS: tuple[tuple[str, int], ...] = (
    ("subclass", 5),
    ("class", 4),
    ("group", 3),
    ("division", 2),
)

_STOP_WORDS_TEXT = """
    a au aux avec ce ces cet cette chez comme dans de des du elle en entre est et etre il ils je
    la le les leur leurs lui mais me meme mes mi moi mon ne nos notre nous on ou par pas pour
    plus qu que qui sa sans se ses son sont sur ta te tes toi ton tous tout tres tu un une vos
    votre vous y nbsp afin ainsi aussi autre autres bien cas deja donc fait faire peut cherche
    cherchons recherche recherchons propose proposons offre offrons besoin besoins coop
    cooperative cooperatives scop scic
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_SUFFIXES_TEXT = """
    issements issement abilites abilite ations ation atrices atrice ateurs ateur ements ement
    ments ment euses euse eurs eur ieres iere iers ier eries erie iques ique ismes isme istes
    iste ables able ibles ible ites ite ances ance ences ence ifs if ives ive aux al elles elle
    ees ee es er e
"""
# Longest first: the first suffix that leaves a long enough stem is removed.
_SUFFIXES = tuple(sorted(_SUFFIXES_TEXT.split(), key=len, reverse=True))
_MIN_STEM = 4
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Profile:
    """What the score compares. ``key`` is opaque: the caller's identifier, returned as is."""

    key: str
    sector: str | None = None
    naf: str | None = None
    point: Point | None = None
    department: str | None = None
    text: str = ""
    category: str | None = None


@dataclass(frozen=True)
class Reason:
    """One signal that counted. ``kind`` is one of: same_category, related_category,
    other_category (then ``category`` is the candidate's), same_sector (then ``sector`` is the
    sector both sides share, as the profiles name it), naf, distance, same_department,
    shared_words."""

    kind: str
    km: int | None = None
    level: str | None = None
    words: tuple[str, ...] = ()
    category: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Suggestion:
    key: str
    score: float
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Weights:
    sector: float = 3.0
    naf: dict[str, float] = field(
        default_factory=lambda: {"subclass": 4.0, "class": 3.0, "group": 2.0, "division": 1.0}
    )
    # Distance counts ``distance`` at 0 km, nothing at ``max_km`` and beyond.
    distance: float = 3.0
    max_km: float = 200.0
    same_department: float = 1.0
    # What the post asks for, in its own words and category, counts most: a plasterer's offer
    # next door answers a need for plasterers better than a same-NAF firm with other words.
    word: float = 1.5
    max_words: int = 6
    category: float = 3.0
    related_category: float = 1.0
    # Sets of categories close enough to answer one another; any two in one set are related.
    related_categories: tuple[frozenset[str], ...] = ()
    # The share of its score a candidate of an unrelated category keeps (0: never suggested).
    other_category: float = 0.0


DEFAULT_WEIGHTS = Weights()


def _naf_key(code: str) -> str:
    return code.replace(".", "").replace(" ", "").upper()


def category_fit(a: str | None, b: str | None, weights: Weights = DEFAULT_WEIGHTS) -> str | None:
    """How two categories fit: "same_category", "related_category", "other_category", or None
    when either is missing (nothing to compare)."""
    if not a or not b:
        return None
    if a == b:
        return "same_category"
    if any(a in family and b in family for family in weights.related_categories):
        return "related_category"
    return "other_category"


def naf_level(a: str | None, b: str | None) -> str | None:
    """The most specific NAF level two codes share ("43.32A" and "43.39Z": "group")."""
    if not a or not b:
        return None
    left, right = _naf_key(a), _naf_key(b)
    for level, length in NAF_LEVELS:
        if len(left) >= length and len(right) >= length and left[:length] == right[:length]:
            return level
    return None


def _fold(word: str) -> str:
    """Light French stemming: plural, then one derivational or inflectional suffix."""
    if len(word) > _MIN_STEM and word[-1] in "sx":
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def words(text: str) -> frozenset[str]:
    """The normalised words of a text: no accents, lower case, no stop-word, folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Elisions ("l'atelier", "d’entretien") keep only the word after the apostrophe.
    plain = re.sub(r"\b[a-z]['’]", " ", plain.replace("’", "'"))
    return frozenset(
        _fold(token)
        for token in _WORD.findall(plain)
        if len(token) > 2 and token not in STOP_WORDS and not token.isdigit()
    )


def score(
    reference: Profile,
    candidate: Profile,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    reference_words: frozenset[str] | None = None,
    candidate_words: frozenset[str] | None = None,
) -> Suggestion:
    """How well ``candidate`` fits ``reference`` (symmetric). Precomputed word sets may be
    passed so that ranking many candidates normalises each text once."""
    total = 0.0
    reasons: list[Reason] = []
    fit = category_fit(reference.category, candidate.category, weights)
    if fit == "same_category":
        total += weights.category
    elif fit == "related_category":
        total += weights.related_category
    if fit is not None:
        # First: what kind of answer the candidate is matters before how close it is.
        reasons.append(Reason(fit, category=candidate.category))
    if reference.sector and reference.sector == candidate.sector:
        total += weights.sector
        reasons.append(Reason("same_sector", sector=reference.sector))
    level = naf_level(reference.naf, candidate.naf)
    if level is not None:
        total += weights.naf.get(level, 0.0)
        reasons.append(Reason("naf", level=level))
    if reference.point is not None and candidate.point is not None:
        km = haversine_km(reference.point, candidate.point)
        if km < weights.max_km:
            total += weights.distance * (1.0 - km / weights.max_km)
            reasons.append(Reason("distance", km=round(km)))
    elif reference.department and reference.department == candidate.department:
        total += weights.same_department
        reasons.append(Reason("same_department"))
    mine = words(reference.text) if reference_words is None else reference_words
    theirs = words(candidate.text) if candidate_words is None else candidate_words
    shared = sorted(mine & theirs)
    if shared:
        total += weights.word * min(len(shared), weights.max_words)
        reasons.append(Reason("shared_words", words=tuple(shared[: weights.max_words])))
    if fit == "other_category":
        total *= weights.other_category
    return Suggestion(candidate.key, total, tuple(reasons))


def rank(
    reference: Profile,
    candidates: Iterable[Profile],
    *,
    limit: int | None = 10,
    min_score: float = 0.0,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Candidates scoring above ``min_score``, best first; ties by key (a stable order)."""
    mine = words(reference.text)
    found = [
        suggestion
        for suggestion in (
            score(reference, candidate, weights, reference_words=mine)
            for candidate in candidates
            if candidate.key != reference.key
        )
        if suggestion.score > min_score
    ]
    found.sort(key=lambda s: (-s.score, s.key))
    return found if limit is None else found[:limit]


def kinds(reasons: Sequence[Reason]) -> frozenset[str]:
    return frozenset(reason.kind for reason in reasons)
