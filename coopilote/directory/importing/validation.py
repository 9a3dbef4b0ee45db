"""The dry run: every line checked, every problem named, nothing written.

All the database reads are batched (communes by département, NAF codes, sector rules, existing
SIRETs by chunks), so checking 5,000 lines costs a handful of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from coopilote.core.models import Commune, NafCode, SectorMapping
from coopilote.core.models.sectors import CURRENT_TAXONOMY
from coopilote.directory.importing import values
from coopilote.directory.importing.columns import ColumnMap, map_header
from coopilote.directory.importing.reading import FileProblem, read_table
from coopilote.members.models import Cooperative
from coopilote.members.models.cooperative import LegalStatus

# Model attribute names the importer may write, per column.
ATTRIBUTES = {
    "name": ("name",),
    "siret": ("siret", "siren"),
    "status": ("legal_status", "is_cae"),
    "naf": ("naf_id", "sector_id"),
    "postcode": ("postcode",),
    "commune": ("commune_id",),
    "creation_date": ("creation_date",),
    "headcount": ("headcount",),
    "description": ("description",),
}
# Columns a line may leave empty: on a cooperative already known, an empty cell keeps what it
# has (a file with a few columns filled must not erase the rest).
OPTIONAL = ("naf", "postcode", "commune", "creation_date", "headcount", "description")
# What the dry run lists per changed cooperative, at most (the counts stay exact).
MAX_LISTED_CHANGES = 1000
CHUNK = 900  # below SQLite's bound on query parameters, whatever its version


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Per updated cooperative: its line, its name and each changed column (before → after).
    changes: list[dict[str, Any]] = field(default_factory=list)

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append({"line": line, "column": column, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "errors": sorted(self.errors, key=lambda e: (e["line"], e["column"])),
            "warnings": self.warnings,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "changes": self.changes,
        }


@dataclass
class Plan:
    """What applying would write: new rows, and changed ones (pk → attributes)."""

    report: Report
    attributes: list[str] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[Any, dict[str, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.report.errors


def check(data: bytes, union: Any) -> Plan:
    report = Report()
    plan = Plan(report)
    try:
        table = read_table(data)
    except FileProblem as problem:
        report.error(problem.line, "", problem.message)
        return plan
    columns = map_header(table.header)
    report.warnings.extend(f"Ligne 1\u00a0: {warning}" for warning in columns.warnings)
    for message in columns.errors:
        report.error(1, "", message)
    report.total_rows = len(table.rows)
    if columns.errors:
        return plan
    plan.attributes = [att for name in columns.index for att in ATTRIBUTES[name]]
    if "commune" in columns.index and "postcode" not in columns.index:
        report.error(
            1, "", "la colonne «\u00a0code_postal\u00a0» est nécessaire pour trouver la commune."
        )
        return plan
    parsed = [_parse(line, cells, columns, report) for line, cells in table.rows]
    rows = [row for row in parsed if row is not None]
    _duplicates(rows, columns, report)
    _resolve_naf(rows, columns, report)
    existing = _existing(rows)
    _resolve_communes(rows, columns, report, existing)
    for row in rows:
        _plan_row(row, existing.get(row["siret"]), union, columns, plan)
    return plan


def _parse(
    line: int, cells: list[str], columns: ColumnMap, report: Report
) -> dict[str, Any] | None:
    """The row's values by attribute, or None when a cell is wrong (each one reported)."""
    row: dict[str, Any] = {"_line": line}
    count = len(report.errors)

    def cell(name: str) -> str:
        position = columns.index.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    def parse(name: str, reader: Any, *args: Any) -> Any:
        try:
            return reader(cell(name), *args)
        except ValueError as exc:
            report.error(line, columns.label[name], str(exc))
            return None

    row["name"] = parse("name", values.name)
    row["siret"] = parse("siret", values.siret)
    if row["siret"]:
        row["siren"] = row["siret"][:9]
        if "siren" in columns.index:
            parse("siren", values.siren, row["siret"])
    row["_status"] = parse("status", values.status)
    if "naf" in columns.index:
        row["_naf"] = parse("naf", values.naf)
    if "postcode" in columns.index:
        row["postcode"] = parse("postcode", values.postcode)
    if "commune" in columns.index:
        row["_commune"] = cell("commune").strip()
    if "creation_date" in columns.index:
        row["creation_date"] = parse("creation_date", values.creation_date)
    if "headcount" in columns.index:
        headcount = parse("headcount", values.headcount)
        row["headcount"] = headcount or 0
    if "description" in columns.index:
        row["description"] = cell("description").strip()
    row["_blank"] = {
        att
        for name in OPTIONAL
        if name in columns.index and not cell(name).strip()
        for att in ATTRIBUTES[name]
    }
    return row if len(report.errors) == count else None


def _duplicates(rows: list[dict[str, Any]], columns: ColumnMap, report: Report) -> None:
    lines: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        lines[row["siret"]].append(row["_line"])
    for siret, found in lines.items():
        for line in found if len(found) > 1 else ():
            others = ", ".join(str(other) for other in found if other != line)
            report.error(
                line,
                columns.label["siret"],
                f"le SIRET {siret} apparaît plusieurs fois dans le fichier (aussi ligne {others}).",
            )
    duplicated = {siret for siret, found in lines.items() if len(found) > 1}
    rows[:] = [row for row in rows if row["siret"] not in duplicated]


def _resolve_naf(rows: list[dict[str, Any]], columns: ColumnMap, report: Report) -> None:
    if "naf" not in columns.index:
        return
    wanted = {row["_naf"] for row in rows if row.get("_naf")}
    known = dict(
        NafCode.objects.filter(code__in=wanted, level=NafCode.Level.SUBCLASS).values_list(
            "code", "section"
        )
    )
    rules = dict(
        SectorMapping.objects.filter(taxonomy=CURRENT_TAXONOMY).values_list(
            "naf_prefix", "sector_id"
        )
    )
    for row in rows:
        code = row.pop("_naf", None)
        if code and code not in known:
            report.error(row["_line"], columns.label["naf"], f"le code NAF {code} n’existe pas.")
            row["_bad"] = True
            continue
        row["naf_id"] = code
        row["sector_id"] = (rules.get(code[:2]) or rules.get(known[code])) if code else None


def _resolve_communes(
    rows: list[dict[str, Any]],
    columns: ColumnMap,
    report: Report,
    existing: dict[str, dict[str, Any]],
) -> None:
    if "commune" not in columns.index:
        return
    for row in rows:
        current = existing.get(row["siret"])
        if current is None:
            continue
        if not row.get("postcode"):
            # A known cooperative's commune alone: looked up in its current postcode.
            row["_postcode_for_commune"] = current["postcode"] or ""
        elif row["postcode"] != current["postcode"] and not row.get("_commune"):
            report.error(
                row["_line"],
                columns.label["commune"],
                f"le code postal change ({current['postcode'] or '—'} → {row['postcode']})\u00a0: "
                "donnez aussi la commune.",
            )
            row["_bad"] = True
    departments = {
        code
        for row in rows
        if (postcode := row.get("postcode") or row.get("_postcode_for_commune"))
        for code in values.department_codes(postcode)
    }
    by_postcode: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for chunk in _chunks(sorted(departments)):
        for code, name, postcodes in Commune.objects.filter(department_id__in=chunk).values_list(
            "code", "name", "postcodes"
        ):
            for postcode in postcodes.split():
                by_postcode[postcode].append((code, values.commune_key(name), name))
    label = columns.label["commune"]
    for row in rows:
        raw = row.pop("_commune", "")
        postcode = row.get("postcode") or row.pop("_postcode_for_commune", "")
        if not raw:
            row["commune_id"] = None
            continue
        if not postcode:
            report.error(
                row["_line"], label, f"la commune «\u00a0{raw}\u00a0» a besoin d’un code postal."
            )
            row["_bad"] = True
            continue
        key = values.commune_key(raw)
        found = [code for code, name_key, _name in by_postcode.get(postcode, []) if name_key == key]
        if len(found) == 1:
            row["commune_id"] = found[0]
            continue
        row["_bad"] = True
        if not found:
            names = sorted({name for _code, _key, name in by_postcode.get(postcode, [])})
            hint = f" (communes de ce code postal\u00a0: {', '.join(names[:8])})" if names else ""
            report.error(
                row["_line"],
                label,
                f"aucune commune «\u00a0{raw}\u00a0» avec le code postal {postcode}{hint}.",
            )
        else:
            report.error(
                row["_line"],
                label,
                f"plusieurs communes «\u00a0{raw}\u00a0» avec le code postal {postcode} "
                f"(codes INSEE {', '.join(sorted(found))}).",
            )


def _existing(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    sirets = sorted({row["siret"] for row in rows})
    fields = ["pk", "union_id", *{att for name in ATTRIBUTES.values() for att in name}]
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sirets):
        for current in Cooperative.objects.filter(siret__in=chunk).values(*fields):
            found[current["siret"]] = current
    return found


def _plan_row(
    row: dict[str, Any], current: dict[str, Any] | None, union: Any, columns: ColumnMap, plan: Plan
) -> None:
    report = plan.report
    if current is not None and current["union_id"] != union.pk:
        report.error(
            row["_line"],
            columns.label["siret"],
            f"le SIRET {row['siret']} est celui d’une coopérative d’une autre union\u00a0: "
            "elle ne peut pas être modifiée par cet import.",
        )
        return
    if row.pop("_bad", False):
        return
    status: values.Status = row.pop("_status")
    row["legal_status"] = status.legal_status(current["legal_status"] if current else None)
    row["is_cae"] = status.is_cae
    attributes = {att: row[att] for att in plan.attributes if att in row}
    if current is None:
        report.created += 1
        plan.creates.append(attributes)
        return
    for att in row["_blank"]:
        attributes[att] = current[att]
    changed = [att for att, value in attributes.items() if _differs(current[att], value)]
    if changed:
        report.updated += 1
        plan.updates[current["pk"]] = attributes
        if len(report.changes) < MAX_LISTED_CHANGES:
            report.changes.append(_change(row, current, attributes, changed, columns))
    else:
        report.unchanged += 1


def _change(
    row: dict[str, Any],
    current: dict[str, Any],
    attributes: dict[str, Any],
    changed: list[str],
    columns: ColumnMap,
) -> dict[str, Any]:
    """One line of the dry run's list: the columns (as the file names them) that change."""
    fields = []
    for name, atts in ATTRIBUTES.items():
        shown = [att for att in atts if att in changed and att not in ("sector_id", "siren")]
        if name in columns.index and shown:
            before = " ".join(_shown(att, current[att]) for att in shown)
            after = " ".join(_shown(att, attributes[att]) for att in shown)
            fields.append([columns.label[name], before, after])
    if "sector_id" in changed and "naf_id" not in changed:
        # Same NAF code, another sector: the union's taxonomy maps it anew.
        fields.append(
            [
                "secteur (d’après le code NAF)",
                _shown("", current["sector_id"]),
                _shown("", attributes["sector_id"]),
            ]
        )
    return {"line": row["_line"], "name": current["name"], "fields": fields}


def _shown(attribute: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if attribute == "legal_status":
        return str(LegalStatus(value).label)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "CAE" if value else "—"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _differs(before: Any, after: Any) -> bool:
    if isinstance(before, datetime.datetime):
        before = before.date()
    return bool(before != after)


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)] or [[]]
