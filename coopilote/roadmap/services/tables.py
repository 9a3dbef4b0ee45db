"""Proposals to and from a spreadsheet: the export, and an all-or-nothing import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from coopilote.core import audit
from coopilote.roadmap import congress_text, tabular
from coopilote.roadmap.models import Congress, Proposal, Scope, Status, SubGroup, Theme
from coopilote.roadmap.tabular import TableError, TableRow

# Merges and splits carry links a spreadsheet cannot express: only their services set them.
_LINKED_STATUSES = (Status.MERGED, Status.SPLIT)
_STATUS_WORD = tabular.STATUS_WORDS


@dataclass
class TableReport:
    congress: Congress
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0


def export_rows(congress: Congress) -> Iterator[TableRow]:
    for proposal in Proposal.objects.in_congress(congress).for_export():
        yield TableRow(
            theme_number=proposal.theme.number,
            theme=proposal.theme.title,
            sub_group=proposal.sub_group.title if proposal.sub_group else "",
            text=proposal.text,
            sub_items=tuple(proposal.sub_items),
            scope=proposal.scope,
            status=proposal.status,
        )


def import_table(actor: Any, congress: Congress, data: bytes) -> TableReport:
    """Read a CSV or XLSX export back: every line applies, or none does (``TableError``)."""
    rows = tabular.read_table(data)
    report = TableReport(congress)
    errors: list[tuple[int, str]] = []
    with transaction.atomic():
        themes = {theme.number: theme for theme in congress.themes.select_for_update()}
        sub_groups = {
            (sub_group.theme_id, sub_group.title): sub_group
            for sub_group in SubGroup.objects.filter(theme__congress=congress)
        }
        proposals = {
            (proposal.theme.number, proposal.text): proposal
            for proposal in Proposal.objects.in_congress(congress).select_related("theme")
        }
        for row in rows:
            theme = _theme(report, congress, themes, row)
            sub_group = _sub_group(report, sub_groups, theme, row.sub_group)
            proposal = proposals.get((row.theme_number, row.text))
            try:
                if proposal is None:
                    _create(report, congress, theme, sub_group, row)
                else:
                    _update(report, proposal, sub_group, row)
            except ValueError as exc:
                errors.append((row.line, str(exc)))
        if errors:
            raise TableError(errors[: tabular.MAX_ERRORS])
        audit.record(
            actor,
            "congress.import_table",
            congress,
            created=dict(report.created),
            updated=dict(report.updated),
            unchanged=report.unchanged,
        )
    return report


def _theme(
    report: TableReport, congress: Congress, themes: dict[int, Theme], row: TableRow
) -> Theme:
    theme = themes.get(row.theme_number)
    if theme is None:
        order = max((known.order for known in themes.values()), default=0) + 1
        theme = Theme.objects.create(
            congress=congress, number=row.theme_number, title=row.theme, order=order
        )
        themes[row.theme_number] = theme
        report.created["themes"] += 1
    elif theme.title != row.theme:
        theme.title = row.theme
        theme.save(update_fields=["title", "updated_at"])
        report.updated["themes"] += 1
    return theme


def _sub_group(
    report: TableReport, sub_groups: dict[tuple[Any, str], SubGroup], theme: Theme, title: str
) -> SubGroup | None:
    if not title:
        return None
    sub_group = sub_groups.get((theme.pk, title))
    if sub_group is None:
        top = SubGroup.objects.filter(theme=theme).aggregate(top=Max("number"))["top"] or 0
        sub_group = SubGroup.objects.create(theme=theme, number=top + 1, title=title)
        sub_groups[(theme.pk, title)] = sub_group
        report.created["sub_groups"] += 1
    return sub_group


def _create(
    report: TableReport, congress: Congress, theme: Theme, sub_group: SubGroup | None, row: TableRow
) -> None:
    if row.status in _LINKED_STATUSES:
        raise ValueError(
            f"une nouvelle proposition ne peut pas être «\u00a0{_STATUS_WORD[row.status]}\u00a0»"
            "\u00a0: fusionnez ou scindez-la dans Coopilote."
        )
    reason = congress_text.national_reason(
        proposal=row.text,
        sub_items=" ".join(row.sub_items),
        sub_group=row.sub_group,
        lead=theme.lead,
        theme=theme.title,
    )
    suggested = Scope.NATIONAL if reason else Scope.REGIONAL
    top = Proposal.objects.filter(theme=theme).aggregate(top=Max("number"))["top"] or 0
    Proposal.objects.create(
        congress=congress,
        theme=theme,
        sub_group=sub_group,
        number=top + 1,
        text=row.text,
        sub_items=list(row.sub_items),
        scope=row.scope,
        suggested_scope=suggested,
        scope_reason=reason[:200],
        scope_confirmed=row.scope != suggested,
        status=row.status,
        origin=Proposal.Origin.TABLE,
    )
    report.created["proposals"] += 1


def _update(
    report: TableReport, proposal: Proposal, sub_group: SubGroup | None, row: TableRow
) -> None:
    if row.status != proposal.status and (
        row.status in _LINKED_STATUSES or proposal.status in _LINKED_STATUSES
    ):
        raise ValueError(
            f"le statut passe de «\u00a0{_STATUS_WORD[proposal.status]}\u00a0» à "
            f"«\u00a0{_STATUS_WORD[row.status]}\u00a0»\u00a0: seules une fusion ou une scission "
            "dans Coopilote posent ou retirent ces statuts."
        )
    changed = []
    wanted: dict[str, Any] = {
        "sub_group_id": sub_group.pk if sub_group else None,
        "sub_items": list(row.sub_items),
        "status": row.status,
    }
    if row.scope != proposal.scope:
        # A scope written in the spreadsheet is a person's decision, not a suggestion.
        wanted.update(scope=row.scope, scope_confirmed=True)
    for name, value in wanted.items():
        if getattr(proposal, name) != value:
            setattr(proposal, name, value)
            changed.append(name)
    if changed:
        proposal.save(update_fields=[*changed, "updated_at"])
        report.updated["proposals"] += 1
    else:
        report.unchanged += 1
