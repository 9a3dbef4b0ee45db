"""Import a congress text into a union: atomic, idempotent, audited."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from coopilote.core import audit
from coopilote.core.templatetags.french import french_day
from coopilote.roadmap import congress_text
from coopilote.roadmap.congress_text import CongressText
from coopilote.roadmap.models import Congress, Proposal, SubGroup, Theme


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), counted per kind of object."""

    parsed: CongressText
    # None in a dry run that would create the congress: nothing was kept.
    congress: Congress | None
    congress_created: bool
    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    # Proposals imported earlier that this text no longer holds: kept, never deleted.
    missing: int = 0

    @property
    def summary(self) -> dict[str, int]:
        return self.parsed.summary()

    @property
    def changed(self) -> bool:
        return self.congress_created or bool(self.created.total() + self.updated.total())

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "missing": self.missing,
        }


def default_name(day: datetime.date | None) -> str:
    if day is None:
        return "Congrès"
    return f"Congrès du {french_day(day)}"


def import_congress(
    union: Any,
    text_or_bytes: str | bytes,
    actor: Any,
    *,
    name: str | None = None,
    date: datetime.date | None = None,
    place: str | None = None,
    congress: Congress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Parse, then create what is new and update what changed; matching keeps it idempotent.

    Themes match by number, sub-groups by number in their theme, proposals by theme number and
    exact text. Raises ``congress_text.ParseError`` before touching the database.
    """
    parsed = congress_text.parse(text_or_bytes)
    if union is None:
        raise ValueError("An import needs a union.")
    with transaction.atomic():
        congress, created = _congress(union, parsed, name, date, place, congress)
        report = ImportReport(parsed, congress, created, dry_run)
        if not created:
            _update_congress(report, congress, parsed, date, place)
        themes = _themes(report, congress, parsed)
        _proposals(report, congress, parsed, themes)
        audit.record(actor, "congress.import", congress, dry_run=dry_run, **report.as_dict())
        if dry_run:
            transaction.set_rollback(True)
            if created:
                report.congress = None
    return report


def _congress(
    union: Any,
    parsed: CongressText,
    name: str | None,
    date: datetime.date | None,
    place: str | None,
    congress: Congress | None,
) -> tuple[Congress, bool]:
    if congress is not None:
        if congress.union_id != union.pk:
            raise ValueError("The congress belongs to another union.")
        return Congress.objects.select_for_update().get(pk=congress.pk), False
    day = date or parsed.date
    found = (
        Congress.objects.select_for_update()
        .filter(union=union, name=name or default_name(day))
        .first()
    )
    if found is not None:
        return found, False
    created = Congress.objects.create(
        union=union,
        name=name or default_name(day),
        date=day,
        place=place or "",
        intro="\n".join(parsed.intro),
    )
    return created, True


def _update_congress(
    report: ImportReport,
    congress: Congress,
    parsed: CongressText,
    date: datetime.date | None,
    place: str | None,
) -> None:
    wanted = {"intro": "\n".join(parsed.intro)}
    if date is not None or (congress.date is None and parsed.date is not None):
        wanted["date"] = date or parsed.date  # type: ignore[assignment]
    if place is not None:
        wanted["place"] = place
    _apply(report, "congresses", congress, wanted)


def _apply(report: ImportReport, kind: str, obj: Any, wanted: dict[str, Any]) -> bool:
    changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
    if not changed:
        report.unchanged[kind] += 1
        return False
    for name in changed:
        setattr(obj, name, wanted[name])
    obj.save(update_fields=[*changed, "updated_at"])
    report.updated[kind] += 1
    return True


def _themes(
    report: ImportReport, congress: Congress, parsed: CongressText
) -> dict[int, tuple[Theme, dict[int, SubGroup]]]:
    existing = {theme.number: theme for theme in congress.themes.all()}
    sub_groups: dict[int, dict[int, SubGroup]] = {}
    for sub_group in SubGroup.objects.filter(theme__congress=congress).select_related("theme"):
        sub_groups.setdefault(sub_group.theme.number, {})[sub_group.number] = sub_group
    result = {}
    for order, parsed_theme in enumerate(parsed.themes, 1):
        wanted = {"title": parsed_theme.title, "lead": parsed_theme.lead, "order": order}
        theme = existing.get(parsed_theme.number)
        if theme is None:
            theme = Theme.objects.create(congress=congress, number=parsed_theme.number, **wanted)
            report.created["themes"] += 1
        else:
            _apply(report, "themes", theme, wanted)
        known = sub_groups.setdefault(theme.number, {})
        for parsed_sub_group in parsed_theme.sub_groups:
            known_sub_group = known.get(parsed_sub_group.number)
            if known_sub_group is None:
                known[parsed_sub_group.number] = SubGroup.objects.create(
                    theme=theme, number=parsed_sub_group.number, title=parsed_sub_group.title
                )
                report.created["sub_groups"] += 1
            else:
                _apply(report, "sub_groups", known_sub_group, {"title": parsed_sub_group.title})
        result[theme.number] = (theme, known)
    return result


def _proposals(
    report: ImportReport,
    congress: Congress,
    parsed: CongressText,
    themes: dict[int, tuple[Theme, dict[int, SubGroup]]],
) -> None:
    existing = {
        (proposal.theme.number, proposal.text): proposal
        for proposal in Proposal.objects.in_congress(congress).select_related("theme")
    }
    seen = set()
    for parsed_theme in parsed.themes:
        theme, sub_groups = themes[parsed_theme.number]
        for number, (parsed_sub_group, parsed_proposal) in enumerate(
            parsed_theme.all_proposals(), 1
        ):
            key = (parsed_theme.number, parsed_proposal.text)
            seen.add(key)
            sub_group = sub_groups[parsed_sub_group.number] if parsed_sub_group else None
            wanted = {
                # The id, not the object: comparing objects would load each proposal's sub-group.
                "sub_group_id": sub_group.pk if sub_group else None,
                "number": number,
                "sub_items": list(parsed_proposal.sub_items),
                "suggested_scope": parsed_proposal.suggested_scope,
                "scope_reason": parsed_proposal.scope_reason[:200],
            }
            proposal = existing.get(key)
            if proposal is None:
                Proposal.objects.create(
                    congress=congress,
                    theme=theme,
                    text=parsed_proposal.text,
                    scope=parsed_proposal.suggested_scope,
                    origin=Proposal.Origin.IMPORT,
                    **wanted,
                )
                report.created["proposals"] += 1
            elif proposal.origin != Proposal.Origin.IMPORT:
                # A merge or a split wrote the same words: theirs to keep as they are.
                report.unchanged["proposals"] += 1
            else:
                if not proposal.scope_confirmed:
                    wanted["scope"] = parsed_proposal.suggested_scope
                _apply(report, "proposals", proposal, wanted)
    report.missing = sum(
        1
        for key, proposal in existing.items()
        if key not in seen and proposal.origin == Proposal.Origin.IMPORT
    )
