"""The intercooperation board's services: posting, suggestions, and the e-mail digest.

Writes are one transaction and one audit row each. Suggestions prefilter candidates in SQL
(same activity, nearby; the same category and activity from anywhere), then let
``coopilote.algorithms.matching`` score and explain them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.algorithms import matching
from coopilote.algorithms.geo import bounding_box
from coopilote.core.audit import record
from coopilote.core.models import Commune
from coopilote.directory.models import Post, PostCategory, PostKind
from coopilote.directory.models.board import RELATED_CATEGORIES
from coopilote.members.models import Cooperative

SUGGESTIONS = 10
# Bounds the Python scoring whatever the size of the movement.
CANDIDATE_LIMIT = 300
# The "neighbouring" box of the SQL prefilter, around the post's place.
NEIGHBOUR_KM = 100.0
# How far a post of the same category and trade is still read when nothing nearer fills the
# places: the neighbouring regions, not the whole country (an overseas offer 7,000 km away is no
# answer to a joinery need in the Rhône).
FAR_KM = 400.0
# Another category than the post's is never suggested; a related one ranks below the same one.
WEIGHTS = matching.Weights(related_categories=RELATED_CATEGORIES)


# --- Writes -----------------------------------------------------------------------------------


def create_post(actor: Any, form: forms.ModelForm[Post]) -> Post:
    assert form.is_valid()
    cooperative: Cooperative = form.cleaned_data["cooperative"]
    if not cooperative.abilities(actor)["change"]:
        raise PermissionDenied
    with transaction.atomic():
        post: Post = form.save(commit=False)
        post.cooperative = cooperative
        post.created_by = actor if getattr(actor, "is_authenticated", False) else None
        post.save()
        record(actor, "post.create", post, kind=post.kind, cooperative=str(cooperative.pk))
    return post


def update_post(actor: Any, post: Post, form: forms.ModelForm[Post]) -> Post:
    """Save a valid edit form; only the changed columns are written and named in the log."""
    assert form.instance is post and form.is_valid()
    names = {field.name: field.attname for field in Post._meta.concrete_fields}
    attnames = {name: names[name] for name in form.fields if name in names}
    with transaction.atomic():
        before = Post.objects.select_for_update().filter(pk=post.pk).values(*attnames.values())
        stored = before.get()
        changed = [name for name, att in attnames.items() if stored[att] != getattr(post, att)]
        if changed:
            post.save(update_fields=[*changed, "updated_at"])
            record(actor, "post.update", post, fields=changed)
    return post


def close_post(actor: Any, post: Post) -> bool:
    """Close an offer or a need (answered, or no longer current). False if already closed."""
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.closed_at is not None:
            return False
        post.closed_at = timezone.now()
        post.save(update_fields=["closed_at", "updated_at"])
        record(actor, "post.close", post, fields=["closed_at"])
    return True


# --- Profiles and explanations ----------------------------------------------------------------


def _point(commune: Commune | None) -> matching.Point | None:
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    return matching.Point(commune.latitude, commune.longitude)


def post_place(post: Post) -> tuple[Commune | None, str | None]:
    """Where a post is: its own commune or département, else its cooperative's."""
    commune = post.commune if post.commune_id else None
    if commune is None and post.department_id is None:
        commune = post.cooperative.commune
    department = post.department_id or (commune.department_id if commune else None)
    return commune, department


def post_profile(post: Post) -> matching.Profile:
    commune, department = post_place(post)
    return matching.Profile(
        key=f"post:{post.pk}",
        sector=post.sector_id or post.cooperative.sector_id,
        naf=post.naf_id or post.cooperative.naf_id,
        point=_point(commune),
        department=department,
        text=f"{post.title} {post.description}",
        category=post.category,
    )


def cooperative_profile(cooperative: Cooperative) -> matching.Profile:
    commune = cooperative.commune
    return matching.Profile(
        key=f"cooperative:{cooperative.pk}",
        sector=cooperative.sector_id,
        naf=cooperative.naf_id,
        point=_point(commune),
        department=commune.department_id if commune else None,
        text=f"{cooperative.name} {cooperative.description}",
    )


NAF_LEVELS = {
    "subclass": lambda: _("same NAF sub-class"),
    "class": lambda: _("same NAF class"),
    "group": lambda: _("same NAF group"),
    "division": lambda: _("same NAF division"),
}


CATEGORY_REASONS = {
    "same_category": lambda: _("same category (%(category)s)"),
    "related_category": lambda: _("related category (%(category)s)"),
    "other_category": lambda: _("other category (%(category)s)"),
}


def sector_names(objects: Iterable[Post | Cooperative]) -> dict[str, str]:
    """The names of the sectors these posts or cooperatives are profiled with (``post_profile``,
    ``cooperative_profile``), read from the objects as loaded: pass objects whose sectors were
    selected with them, so that naming a shared sector costs no query."""
    names: dict[str, str] = {}
    for obj in objects:
        if isinstance(obj, Post) and not obj.sector_id:
            sector = obj.cooperative.sector
        else:
            sector = obj.sector
        if sector is not None:
            names[sector.pk] = sector.name
    return names


def explain(reasons: tuple[matching.Reason, ...], *, sectors: Mapping[str, str]) -> str:
    """The reasons as a French phrase: "même catégorie (sous-traitance), même secteur
    (Bâtiment), même classe NAF, 12 km". ``sectors`` names the sectors by key
    (``sector_names``)."""
    parts: list[str] = []
    categories = dict(PostCategory.choices)
    for reason in reasons:
        if reason.kind in CATEGORY_REASONS:
            label = categories.get(reason.category or "", reason.category or "")
            parts.append(CATEGORY_REASONS[reason.kind]() % {"category": label})
        elif reason.kind == "same_sector":
            name = sectors.get(reason.sector or "")
            if name:
                parts.append(_("same sector (%(sector)s)") % {"sector": name})
            else:
                parts.append(_("same sector"))
        elif reason.kind == "naf" and reason.level in NAF_LEVELS:
            parts.append(NAF_LEVELS[reason.level]())
        elif reason.kind == "distance":
            parts.append(_("%(km)s km") % {"km": reason.km})
        elif reason.kind == "same_department":
            parts.append(_("same département"))
        elif reason.kind == "shared_words":
            count = len(reason.words)
            parts.append(
                ngettext("%(count)s word in common", "%(count)s words in common", count)
                % {"count": count}
            )
    return ", ".join(parts)


# --- Suggestions ------------------------------------------------------------------------------


@dataclass
class Suggested:
    """One suggestion for a page: a post or a cooperative, its score and why."""

    score: float
    explanation: str
    post: Post | None = None
    cooperative: Cooperative | None = None


def _around(point: matching.Point, km: float, commune_paths: tuple[str, ...]) -> Q:
    """Candidates whose commune is in the box around ``point`` (a prefilter: the score decides)."""
    south, north, west, east = bounding_box(point, km)
    around = Q()
    for path in commune_paths:
        around |= Q(
            **{
                f"{path}__latitude__range": (south, north),
                f"{path}__longitude__range": (west, east),
            }
        )
    return around


def _nearby(
    post: Post, commune_paths: tuple[str, ...], department_paths: tuple[str, ...]
) -> Q | None:
    """Candidates in the post's département or in the box around its point."""
    commune, department = post_place(post)
    near = Q()
    if department:
        for path in department_paths:
            near |= Q(**{path: department})
    point = _point(commune)
    if point is not None:
        near |= _around(point, NEIGHBOUR_KM, commune_paths)
    return near or None


def _same_activity(profile: matching.Profile, prefixes: tuple[str, ...]) -> Q | None:
    activity = Q()
    for prefix in prefixes:
        if profile.sector:
            activity |= Q(**{f"{prefix}sector_id": profile.sector})
        if profile.naf:
            activity |= Q(**{f"{prefix}naf__code__startswith": profile.naf[:2]})
    return activity or None


def _prefiltered(queryset: QuerySet[Any], *conditions: Q | None) -> QuerySet[Any]:
    for condition in conditions:
        if condition is not None:
            queryset = queryset.filter(condition)
    return queryset


def matching_posts(post: Post, kind: str) -> tuple[list[Post], list[Post]]:
    """Open posts of ``kind`` from other cooperatives that may fit ``post`` (SQL prefilter): those
    within reach (nearby, or of the same category and activity within ``WEIGHTS.max_km``), then
    those of the same category and activity farther away (up to ``FAR_KM``), nearest first."""
    reference = post_profile(post)
    activity = _same_activity(reference, ("", "cooperative__"))
    # The same category from any activity: support functions (accounting, premises…) are shared
    # across sectors. A related category only from the same activity. Any other category would
    # score nothing (``WEIGHTS``): it is not even read.
    related = Q(category=post.category)
    neighbours = {
        category
        for family in RELATED_CATEGORIES
        if post.category in family
        for category in family
        if category != post.category
    }
    if activity is not None and neighbours:
        related |= Q(category__in=neighbours) & activity
    commune_paths = ("commune", "cooperative__commune")
    near = _nearby(
        post,
        commune_paths,
        ("department_id", "commune__department_id", "cooperative__commune__department_id"),
    )
    posts = (
        Post.objects.open()
        .filter(kind=kind)
        .exclude(cooperative_id=post.cooperative_id)
        .filter(related)
        .for_listing()
        .select_related("cooperative__sector")
    )
    if near is None:  # A post without a place: no distance to weigh, the newest first.
        return list(posts.order_by("-created_at")[:CANDIDATE_LIMIT]), []
    # The box is a coarse cut (a square, 100 km to its sides and 141 to its corners), and the
    # same category from the same activity, the best answer a post can get, must not be lost to
    # it: such posts are read from the whole country, in the same query, so that the page's
    # query count never depends on the data. Sorting by rings before recency makes the LIMIT,
    # which bounds the scoring at national scale, drop the farthest candidates, never nearby
    # ones: below the LIMIT nearby, the candidates are those the box gave plus the farther ones.
    # A related category, or the same one from another activity, fits through nearness alone
    # and keeps the box.
    # Widening needs a point to measure from: a post placed by its département alone keeps
    # to its neighbourhood (else a need in the Rhône would be offered La Réunion).
    fitting = None
    if activity is not None and reference.point is not None:
        fitting = (
            Q(category=post.category) & activity & _around(reference.point, FAR_KM, commune_paths)
        )
    found = (
        posts.filter(near if fitting is None else near | fitting)
        .annotate(ring=_rings(reference.point, near, commune_paths))
        .order_by("ring", "-created_at")
    )
    within: list[Post] = []
    beyond: list[Post] = []
    for candidate in found[:CANDIDATE_LIMIT]:
        nearby = candidate.ring == 0
        point = _point(post_place(candidate)[0])
        km = (
            matching.haversine_km(reference.point, point)
            if reference.point is not None and point is not None
            else None
        )
        if nearby or (km is not None and km < WEIGHTS.max_km):
            within.append(candidate)
        elif km is not None and km <= FAR_KM:  # the box's corners reach farther than its sides
            beyond.append(candidate)
    return within, beyond


def _rings(point: matching.Point | None, near: Q, commune_paths: tuple[str, ...]) -> Case:
    """0 nearby (the box or the département), 1 in the box of the distance the score counts, 2
    beyond (or no place to measure from)."""
    rings = [When(near, then=Value(0))]
    if point is not None:
        rings.append(When(_around(point, WEIGHTS.max_km, commune_paths), then=Value(1)))
    return Case(*rings, default=Value(2), output_field=IntegerField())


def matching_cooperatives(post: Post) -> list[Cooperative]:
    activity = _same_activity(post_profile(post), ("",))
    near = _nearby(post, ("commune",), ("commune__department_id",))
    cooperatives = (
        Cooperative.objects.active().exclude(pk=post.cooperative_id).for_listing().order_by("name")
    )
    return list(_prefiltered(cooperatives, activity, near)[:CANDIDATE_LIMIT])


def _profile(obj: Post | Cooperative) -> matching.Profile:
    return post_profile(obj) if isinstance(obj, Post) else cooperative_profile(obj)


def suggestions_for(post: Post, limit: int = SUGGESTIONS) -> list[Suggested]:
    """For a need: offers and cooperatives that could answer it. For an offer: the needs it
    may answer. Two queries whatever the number of candidates."""
    reference = post_profile(post)
    if post.kind == PostKind.NEED:
        within, beyond = matching_posts(post, PostKind.OFFER)
        nearer: list[Post | Cooperative] = [*within, *matching_cooperatives(post)]
    else:
        within, beyond = matching_posts(post, PostKind.NEED)
        nearer = [*within]
    sectors = sector_names([*nearer, *beyond])
    shown: list[Suggested] = []
    seen_cooperatives: set[Any] = set()
    # The score stops weighing distance at ``WEIGHTS.max_km``: beyond it, a post of the right
    # category and trade across the country scores as much as one 200 km away, and above the
    # cooperatives of the trade next door. On the national demo, ranking every candidate
    # together changed the suggestions of 888 posts out of 945, seven new ones in ten being
    # 200 km away or more, in place of nearer ones. So the suggestions widen progressively:
    # those farther only fill the places the nearer ones leave.
    for group in (nearer, beyond):
        profiles = [_profile(obj) for obj in group]
        candidates = {profile.key: obj for profile, obj in zip(profiles, group, strict=True)}
        for suggestion in matching.rank(reference, profiles, limit=None, weights=WEIGHTS):
            obj = candidates[suggestion.key]
            owner = obj.cooperative_id if isinstance(obj, Post) else obj.pk
            # A cooperative already suggested through its offer is not suggested again.
            if isinstance(obj, Cooperative) and owner in seen_cooperatives:
                continue
            seen_cooperatives.add(owner)
            explanation = explain(suggestion.reasons, sectors=sectors)
            if isinstance(obj, Post):
                shown.append(Suggested(suggestion.score, explanation, post=obj))
            else:
                shown.append(Suggested(suggestion.score, explanation, cooperative=obj))
            if len(shown) == limit:
                return shown
    return shown
