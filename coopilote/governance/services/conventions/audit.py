"""The public audit: everything a draw claims, re-verified from what was published.

``verify`` re-reads the stored publication (the files anyone downloads), checks the panels
file against the fingerprint recorded at publication, recomputes the pool's
SHA-256 from the database and compares it with the published one (a volunteer added, removed or
changed after publication gives a different fingerprint), checks every panel of the lottery
against the quotas, every commitment against its revealed value, the seed against the values,
the panel number against the seed, replays the lottery and the replacement rule, and compares
the result with the volunteers marked in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from coopilote.algorithms.sortition import verifiable
from coopilote.core.models import AuditEvent
from coopilote.core.templatetags.french import french_date
from coopilote.governance.models import Convention, Draw, SeedContribution, Volunteer
from coopilote.governance.services.conventions.common import ConventionError
from coopilote.governance.services.conventions.draw import (
    choose_replacements,
    ever_drawn,
    instance_of,
    pool_rows,
    published_draw,
    seated_numbers,
    sha256_text,
)
from coopilote.governance.services.conventions.seed import in_seed, opening_is_unique, seed_of


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Verdict:
    checks: list[Check] = field(default_factory=list)
    database_sha256: str = ""
    published_sha256: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def pool_matches(self) -> bool:
        return bool(self.published_sha256) and self.database_sha256 == self.published_sha256

    def add(self, label: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(label, ok, detail))
        return ok


def verify(convention: Convention) -> Verdict:
    verdict = Verdict()
    publication = convention.publication
    if not convention.is_published or not publication:
        return verdict
    try:
        published = published_draw(convention)
    except (ValueError, KeyError, TypeError) as error:
        verdict.add(_("The published draw file can be read"), False, str(error))
        return verdict
    columns, rows = publication["columns"], publication["rows"]
    file_sha = verifiable.pool_digest(rows, columns)
    verdict.published_sha256 = published.pool_sha256
    verdict.add(
        _("The published pool file has the published fingerprint"),
        file_sha == published.pool_sha256 == convention.pool_sha256,
        file_sha,
    )
    db_columns, db_rows = pool_rows(convention)
    verdict.database_sha256 = verifiable.pool_digest(db_rows, db_columns)
    verdict.add(
        _("The pool in the database has the published fingerprint"),
        verdict.pool_matches,
        _pool_difference(rows, db_rows) if not verdict.pool_matches else verdict.database_sha256,
    )
    _check_draw_file(verdict, convention, published, publication)
    _check_panels(verdict, published, columns, rows, publication)
    draws = list(convention.draws.order_by("created_at", "pk").prefetch_related("contributions"))
    for index, made in enumerate(draws):
        _check_seed(verdict, convention, made)
        if made.kind == Draw.Kind.PANEL:
            _check_panel_draw(verdict, published, rows, made)
        else:
            _check_replacement(verdict, columns, rows, publication["quotas"], draws[:index], made)
    if draws:
        _check_statuses(verdict, convention, draws)
    return verdict


def _pool_difference(published: list[list[str]], database: list[list[str]]) -> str:
    before = {tuple(row) for row in published}
    now = {tuple(row) for row in database}
    added = sorted(row[0] for row in now - before)
    removed = sorted(row[0] for row in before - now)
    return _(
        "different fingerprint: %(published)d volunteers published, %(now)d in the database; "
        "rows added or changed: %(added)s; rows removed or changed: %(removed)s."
    ) % {
        "published": len(published),
        "now": len(database),
        "added": ", ".join(added) or "—",
        "removed": ", ".join(removed) or "—",
    }


def _check_draw_file(
    verdict: Verdict, convention: Convention, published: Any, publication: dict[str, Any]
) -> None:
    """The panels file is the one fingerprinted at publication (in the append-only audit
    log), and the quotas and k it holds are those of categories.csv and of the convention."""
    digest = sha256_text(publication["draw"])
    event = (
        AuditEvent.objects.for_object(convention).by_action("convention.publish").order_by("at")
    ).first()
    recorded = event.summary.get("draw_sha256") if event else None
    verdict.add(
        _("The panels file (tirage.json) has the fingerprint recorded at publication"),
        digest == recorded == publication.get("draw_sha256"),
        digest,
    )
    verdict.add(
        _("The panels file holds the published quotas and k"),
        published.quotas == publication["quotas"] and published.k == convention.panel_size,
    )


def _check_panels(
    verdict: Verdict,
    published: Any,
    columns: list[str],
    rows: list[list[str]],
    publication: dict[str, Any],
) -> None:
    instance = instance_of(columns, rows, publication["quotas"], published.k)
    broken = [
        number
        for number, panel in enumerate(published.panels, start=1)
        if instance.panel_violations(panel)
    ]
    verdict.add(
        _("Every published panel has k people and meets the quotas"),
        not broken,
        _("%(m)s panels checked") % {"m": number_format(len(published.panels), force_grouping=True)}
        if not broken
        else _("panels breaking the quotas: %(numbers)s")
        % {"numbers": ", ".join(map(str, broken[:20]))},
    )


def _check_seed(verdict: Verdict, convention: Convention, made: Draw) -> None:
    contributions = sorted(made.contributions.all(), key=lambda c: (c.created_at, c.pk))
    counted = in_seed(contributions)
    name = capfirst(made.get_kind_display())
    for contribution in counted:
        if contribution.commitment:
            verdict.add(
                _("« %(label)s »: the revealed value matches its commitment")
                % {"label": contribution.label},
                opening_is_unique(contribution.value, contribution.salt)
                and verifiable.verify_commitment(
                    contribution.commitment, contribution.value, contribution.salt
                ),
            )
        if contribution.expected_at is not None:
            verdict.add(
                _("« %(label)s »: entered once its date had come") % {"label": contribution.label},
                contribution.revealed_at is not None
                and contribution.revealed_at >= contribution.expected_at,
            )
    for contribution in contributions:
        if contribution.set_aside_at is not None:
            _check_set_aside(verdict, contribution, counted)
    # A value is out once entered, and a dated public value at its date, typed in or not: no
    # source may be announced after the first one out.
    first_out = min(
        (moment for c in counted for moment in (c.revealed_at, c.expected_at) if moment),
        default=None,
    )
    in_time = (
        bool(counted)
        and all(
            c.revealed_at is not None
            and convention.published_at is not None
            and c.revealed_at >= convention.published_at
            for c in counted
        )
        and all(first_out is not None and c.created_at <= first_out for c in contributions)
    )
    verdict.add(
        _(
            "%(draw)s: every source was announced before the first value was revealed, and "
            "revealed after the publication"
        )
        % {"draw": name},
        in_time,
    )
    seed = seed_of(counted) if counted else None
    verdict.add(
        _("%(draw)s: the seed is the one formed from the revealed values") % {"draw": name},
        seed is not None and str(seed) == made.seed,
        made.seed,
    )


def _check_set_aside(
    verdict: Verdict, contribution: SeedContribution, counted: list[SeedContribution]
) -> None:
    """A source set aside, unrevealed, while a future public value counted in the seed was still
    unknown (its date to come, and entered only after)."""
    moment = contribution.set_aside_at
    assert moment is not None
    guard = next(
        (
            c
            for c in counted
            if not c.commitment
            and c.expected_at is not None
            and c.created_at <= moment < c.expected_at
            and c.revealed_at is not None
            and c.revealed_at >= c.expected_at
        ),
        None,
    )
    verdict.add(
        _("« %(label)s »: set aside unrevealed, while a future public value was still unknown")
        % {"label": contribution.label},
        guard is not None and contribution.revealed_at is None and not contribution.value,
        _("« %(guard)s », known on %(date)s")
        % {
            "guard": guard.label,
            "date": french_date(timezone.localtime(guard.expected_at), "j F Y, H:i"),
        }
        if guard is not None and guard.expected_at is not None
        else "",
    )


def _check_panel_draw(verdict: Verdict, published: Any, rows: list[list[str]], made: Draw) -> None:
    seed = int(made.seed)
    number = verifiable.panel_number(seed, len(published.panels))
    verdict.add(
        _("The panel number is the seed modulo the number of panels"),
        number == made.panel_number,
        str(number),
    )
    try:
        replayed = [int(i) for i in verifiable.replay(published, rows, seed)]
    except ValueError as error:
        verdict.add(_("Replaying the lottery gives the panel that was drawn"), False, str(error))
        return
    verdict.add(
        _("Replaying the lottery gives the panel that was drawn"),
        replayed == list(made.selected)
        and [int(rows[i][0]) for i in replayed] == list(made.data["numbers"]),
        ", ".join(rows[i][0] for i in replayed),
    )


def _check_replacement(
    verdict: Verdict,
    columns: list[str],
    rows: list[list[str]],
    quotas: Any,
    before: list[Draw],
    made: Draw,
) -> None:
    label = _("Replaying the replacement rule gives the replacements that were drawn")
    seated = seated_numbers(before)
    if seated != list(made.data["seated_before"]):
        verdict.add(label, False, _("the panel before this draw is not the one recorded"))
        return
    try:
        chosen = choose_replacements(
            rows, columns, quotas, seated, ever_drawn(before), made.data["replaced"], int(made.seed)
        )
    except ConventionError as error:
        verdict.add(label, False, str(error))
        return
    numbers = [replacement for _d, replacement, _c, _t in chosen]
    verdict.add(label, numbers == list(made.data["numbers"]), ", ".join(map(str, numbers)))


def _check_statuses(verdict: Verdict, convention: Convention, draws: list[Draw]) -> None:
    drawn = ever_drawn(draws)
    marked = set(
        convention.volunteers.exclude(status=Volunteer.Status.POOL).values_list("number", flat=True)
    )
    verdict.add(
        _("The volunteers marked as drawn are exactly those the draws chose"),
        marked == drawn,
        ", ".join(map(str, sorted(marked ^ drawn))) if marked != drawn else "",
    )
