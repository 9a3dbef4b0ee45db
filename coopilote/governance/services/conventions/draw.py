"""Publication, seed and draws.

1. ``publish`` freezes the pool and computes the lottery: LEXIMIN (or LEGACY) over the
   pseudonymous pool (volunteer number + answers, no name, no e-mail), rounded to ``m`` numbered
   panels; the pool's SHA-256, the quotas, ``k``, the algorithm version and the panels are
   stored as published (``Convention.publication``), with the panels file's SHA-256 (also in
   the audit log, and shown for anyone to note before the seed is known). It runs inside
   the request: a pool of a few hundred volunteers takes about a second.
2. The seed's sources are announced, then revealed (or set aside): ``seed``.
3. ``draw`` forms the seed from the revealed values (``seed_from_contributions``: their SHA-256,
   whatever the order they were typed in) and: for the panel, replays the published lottery
   (panel number = ``panel_number(seed, m)``) against the pool as it stands in the database,
   which refuses a pool that changed; for replacements, applies ``choose_replacements``
   (documented below).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.algorithms.sortition import verifiable
from coopilote.algorithms.sortition.legacy import legacy
from coopilote.algorithms.sortition.leximin import leximin
from coopilote.algorithms.sortition.lottery import lottery
from coopilote.algorithms.sortition.model import (
    FeatureQuota,
    InfeasibleQuotasError,
    Instance,
    Pool,
    SortitionInputError,
)
from coopilote.core.audit import record
from coopilote.governance.models import Convention, Draw, SeedContribution, Volunteer
from coopilote.governance.services.conventions.common import (
    ConventionError,
    locked,
    pending_decliners,
)
from coopilote.governance.services.conventions.seed import in_seed, pending_contributions, seed_of

NUMBER_COLUMN = "numero"
# Volunteer numbers are written with this many digits, so that text order is number order.
NUMBER_WIDTH = 6
LEGACY_DRAWS = 1_000
ALGORITHM_VERSION = "coopilote-sortition 1 ({algorithm})"
REPLACEMENT_RULE = "same-profile-then-quotas/1"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def number_text(number: int) -> str:
    return f"{number:0{NUMBER_WIDTH}d}"


def category_keys(convention: Convention) -> list[str]:
    return list(convention.categories.order_by("key").values_list("key", flat=True))


def pool_rows(convention: Convention) -> tuple[list[str], list[list[str]]]:
    """The pseudonymous pool as it stands in the database: columns, then one row per volunteer
    (number, answers in category-key order), sorted by number — which is also the canonical
    order of ``verifiable.canonical_rows`` (numbers of one width come first in each row), so
    the lottery's person indices are the indices of these rows."""
    keys = category_keys(convention)
    rows = [
        [number_text(number), *(str(features.get(key, "")) for key in keys)]
        for number, features in convention.volunteers.order_by("number").values_list(
            "number", "features"
        )
    ]
    return [NUMBER_COLUMN, *keys], rows


def quotas_of(convention: Convention) -> list[list[Any]]:
    """``[category key, value, min, max]`` per value, in key then value order."""
    return [
        [category.key, feature.value, feature.minimum, feature.maximum]
        for category in convention.categories.order_by("key").prefetch_related("features")
        for feature in sorted(category.features.all(), key=lambda f: f.value)
    ]


def instance_of(
    columns: Sequence[str], rows: Sequence[Sequence[str]], quotas: Any, k: int
) -> Instance:
    pool = Pool(
        tuple(columns[1:]),
        tuple(tuple(row[1:]) for row in rows),
        tuple(row[0] for row in rows),
    )
    return Instance(pool, tuple(FeatureQuota(c, v, low, high) for c, v, low, high in quotas), k)


def publish(actor: Any, convention: Convention) -> None:
    """Freeze the pool and publish the lottery (see the module docstring)."""
    with transaction.atomic():
        fresh = locked(convention)
        if fresh.status not in {Convention.Status.DRAFT, Convention.Status.SIGNUP}:
            raise ConventionError(_("This convention's lottery is already published."))
        columns, rows = pool_rows(fresh)
        quotas = quotas_of(fresh)
        if len(rows) < fresh.panel_size:
            raise ConventionError(
                _("The pool has %(n)d volunteers, fewer than the %(k)d seats of the panel.")
                % {"n": len(rows), "k": fresh.panel_size}
            )
        try:
            instance = instance_of(columns, rows, quotas, fresh.panel_size)
            if fresh.algorithm == Convention.Algorithm.LEGACY:
                distribution = legacy(instance, draws=LEGACY_DRAWS, seed=0)
            else:
                distribution = leximin(instance)
            drawn = lottery(distribution, fresh.lottery_size)
        except InfeasibleQuotasError as error:
            labels = dict(fresh.categories.values_list("key", "label"))
            raise ConventionError(
                _("No panel of this pool meets the quotas; categories in conflict: %(names)s.")
                % {"names": ", ".join(labels.get(key, key) for key in error.categories)}
            ) from None
        except SortitionInputError as error:
            raise ConventionError(str(error)) from None
        algorithm_version = ALGORITHM_VERSION.format(algorithm=distribution.algorithm)
        published = verifiable.PublishedDraw(
            pool_sha256=verifiable.pool_digest(rows, columns),
            quotas=quotas,
            k=fresh.panel_size,
            algorithm_version=algorithm_version,
            panels=[list(panel) for panel in drawn.panels],
            columns=list(columns),
        )
        draw_text = published.to_json()
        fresh.publication = {
            "draw": draw_text,
            # The panels file's own fingerprint, also kept in the append-only audit log: the
            # pool's SHA-256 does not cover the panels, and they must not move after the seed.
            "draw_sha256": sha256_text(draw_text),
            "columns": columns,
            "rows": rows,
            "quotas": quotas,
            "probabilities": list(drawn.probabilities),
            "target_probabilities": list(distribution.probabilities),
            "algorithm": distribution.algorithm,
            "algorithm_version": algorithm_version,
            "minimum_probability": distribution.minimum,
            "max_deviation": drawn.max_deviation,
            "deviation_bound": drawn.deviation_bound,
            "seconds": distribution.seconds + drawn.seconds,
        }
        fresh.pool_sha256 = published.pool_sha256
        fresh.published_at = timezone.now()
        fresh.status = Convention.Status.PUBLISHED
        fresh.save()
        record(
            actor,
            "convention.publish",
            fresh,
            fields=["status", "pool_sha256", "publication", "published_at"],
            pool_sha256=fresh.pool_sha256,
            draw_sha256=fresh.publication["draw_sha256"],
            volunteers=len(rows),
        )
    convention.refresh_from_db()


def published_draw(convention: Convention) -> verifiable.PublishedDraw:
    assert convention.publication is not None
    return verifiable.PublishedDraw.from_json(convention.publication["draw"])


# --- draws -----------------------------------------------------------------------------------


def seated_numbers(draws: Sequence[Draw]) -> list[int]:
    """The panel as the draws left it: the panel draw, each replacement swapping people."""
    seated: list[int] = []
    for made in draws:
        if made.kind == Draw.Kind.PANEL:
            seated = list(made.data["numbers"])
        else:
            swap = dict(zip(made.data["replaced"], made.data["numbers"], strict=True))
            seated = [swap.get(number, number) for number in seated]
    return seated


def ever_drawn(draws: Sequence[Draw]) -> set[int]:
    return {number for made in draws for number in made.data["numbers"]}


def meets_quotas(profiles: Sequence[Sequence[str]], columns: Sequence[str], quotas: Any) -> bool:
    counts = Counter(
        (category, profile[index]) for profile in profiles for index, category in enumerate(columns)
    )
    return all(low <= counts[(category, value)] <= high for category, value, low, high in quotas)


def choose_replacements(
    rows: Sequence[Sequence[str]],
    columns: Sequence[str],
    quotas: Any,
    seated: Sequence[int],
    drawn: set[int],
    decliners: Sequence[int],
    seed: int,
) -> list[tuple[int, int, list[int], str]]:
    """The replacement rule: ``(decliner, replacement, candidates, tier)`` per decliner.

    Decliners are taken in number order. Candidates are the volunteers never drawn (neither in
    the panel nor as a replacement), in number order: those with exactly the decliner's answers
    (tier ``same``), else those whose swap keeps every quota met (tier ``quotas``). With ``c``
    candidates, the replacement is candidate number ``S mod c`` (from 0), and ``S`` becomes
    ``S // c`` for the next decliner (``S`` = the seed of the draw)."""
    profile = {int(row[0]): tuple(row[1:]) for row in rows}
    current = list(seated)
    used = set(drawn)
    remaining = seed
    out: list[tuple[int, int, list[int], str]] = []
    for decliner in sorted(decliners):
        available = [number for number in sorted(profile) if number not in used]
        tier = "same"
        candidates = [n for n in available if profile[n] == profile[decliner]]
        if not candidates:
            tier = "quotas"
            others = [profile[n] for n in current if n != decliner]
            candidates = [
                n for n in available if meets_quotas([*others, profile[n]], columns[1:], quotas)
            ]
        if not candidates:
            raise ConventionError(
                _("Nobody left in the pool can replace volunteer no. %(number)d within the quotas.")
                % {"number": decliner}
            )
        chosen = candidates[remaining % len(candidates)]
        remaining //= len(candidates)
        current = [chosen if n == decliner else n for n in current]
        used.add(chosen)
        out.append((decliner, chosen, candidates, tier))
    return out


def draw(actor: Any, convention: Convention) -> Draw:
    """The panel (after publication) or the replacements (after declines), from the revealed
    values of the pending sources."""
    with transaction.atomic():
        fresh = locked(convention)
        if fresh.status == Convention.Status.DRAWN and not pending_decliners(fresh):
            raise ConventionError(_("The panel is drawn and nobody is waiting for a replacement."))
        contributions = pending_contributions(fresh)
        counted = in_seed(contributions)
        if not counted:
            raise ConventionError(_("Announce the sources of the seed first."))
        if any(c.revealed_at is None for c in counted):
            raise ConventionError(_("Every announced value must be revealed before the draw."))
        seed = seed_of(counted)
        columns, rows = pool_rows(fresh)
        if fresh.status == Convention.Status.PUBLISHED:
            made = _panel_draw(actor, fresh, columns, rows, seed)
        elif fresh.status == Convention.Status.DRAWN:
            made = _replacement_draw(actor, fresh, columns, rows, seed)
        else:
            raise ConventionError(_("Publish the lottery before drawing."))
        # Those set aside go with the draw too: its audit shows them and checks their dates.
        SeedContribution.objects.filter(pk__in=[c.pk for c in contributions]).update(draw=made)
    convention.refresh_from_db()
    return made


def _panel_draw(
    actor: Any, convention: Convention, columns: list[str], rows: list[list[str]], seed: int
) -> Draw:
    published = published_draw(convention)
    try:
        selected = [int(i) for i in verifiable.replay(published, rows, seed)]
    except ValueError:
        raise ConventionError(
            _("The pool in the database no longer matches its published fingerprint: no draw.")
        ) from None
    numbers = [int(rows[index][0]) for index in selected]
    made = Draw.objects.create(
        convention=convention,
        kind=Draw.Kind.PANEL,
        seed=str(seed),
        panel_number=verifiable.panel_number(seed, len(published.panels)),
        selected=selected,
        data={"numbers": numbers},
    )
    convention.volunteers.filter(number__in=numbers).update(status=Volunteer.Status.SELECTED)
    convention.status = Convention.Status.DRAWN
    convention.save(update_fields=["status", "updated_at"])
    record(actor, "convention.draw", made, panel_number=made.panel_number, seats=len(numbers))
    return made


def _replacement_draw(
    actor: Any, convention: Convention, columns: list[str], rows: list[list[str]], seed: int
) -> Draw:
    decliners = pending_decliners(convention)
    if not decliners:
        raise ConventionError(_("Nobody is waiting for a replacement."))
    draws = list(convention.draws.order_by("created_at", "pk"))
    seated = seated_numbers(draws)
    quotas = convention.publication["quotas"] if convention.publication else []
    chosen = choose_replacements(rows, columns, quotas, seated, ever_drawn(draws), decliners, seed)
    numbers = [replacement for _decliner, replacement, _c, _t in chosen]
    position = {int(row[0]): index for index, row in enumerate(rows)}
    made = Draw.objects.create(
        convention=convention,
        kind=Draw.Kind.REPLACEMENT,
        seed=str(seed),
        panel_number=0,
        selected=[position[number] for number in numbers],
        data={
            "rule": REPLACEMENT_RULE,
            "replaced": [decliner for decliner, _r, _c, _t in chosen],
            "numbers": numbers,
            "seated_before": seated,
            "candidates": [candidates for _d, _r, candidates, _t in chosen],
            "tiers": [tier for _d, _r, _c, tier in chosen],
        },
    )
    convention.volunteers.filter(number__in=numbers).update(status=Volunteer.Status.REPLACEMENT)
    record(actor, "convention.replacement", made, seats=len(numbers))
    return made
