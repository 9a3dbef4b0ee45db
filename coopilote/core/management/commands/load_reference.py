"""Load the reference data committed in ``coopilote/core/data/`` (see its README.md).

Idempotent: rows are compared with the database first, so a re-run writes nothing, and only
new or changed rows are sent, in bulk upserts. Nothing is ever deleted here: a commune that
left the COG may still be referenced, and ``refresh_territories`` is the tool that decides.
Rows found in both are made to match the files: once ``refresh_territories`` has applied a newer
COG, rebuild the files before loading them again, or names go back to the committed vintage.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import models, transaction

from coopilote.core.models import Commune, Department, NafCode, Region, Sector, SectorMapping

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# Parents are written before their children, so no backend has to defer the self-referencing
# foreign key (PostgreSQL and SQLite would, MySQL would not).
NAF_LEVELS = [level.value for level in NafCode.Level]


def french_number(n: int) -> str:
    return f"{n:,}".replace(",", "\N{NARROW NO-BREAK SPACE}")


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())

    def summary(self) -> str:
        c = {key: french_number(value) for key, value in self.counts.items()}
        return (
            f"{c['regions']} régions, {c['departments']} départements, "
            f"{c['communes']} communes, {c['subclasses']} sous-classes NAF, "
            f"{c['sectors']} secteurs"
        )

    def changes(self) -> str:
        if not self.changed:
            return "Déjà à jour\N{NO-BREAK SPACE}: rien n'a changé."
        return (
            f"Ajouts\N{NO-BREAK SPACE}: {enumerate_counts(self.created)}. "
            f"Mises à jour\N{NO-BREAK SPACE}: {enumerate_counts(self.updated, 'aucune')}."
        )


# Singular and plural, so that a re-run after a one-row fix reads "1 commune".
NOUNS = {
    "regions": ("région", "régions"),
    "departments": ("département", "départements"),
    "communes": ("commune", "communes"),
    "naf": ("code NAF", "codes NAF"),
    "sectors": ("secteur", "secteurs"),
    "mappings": ("règle de secteur", "règles de secteur"),
}


def enumerate_counts(counts: dict[str, int], none: str = "aucun") -> str:
    parts = [
        f"{french_number(counts[key])} {singular if counts[key] == 1 else plural}"
        for key, (singular, plural) in NOUNS.items()
        if counts.get(key)
    ]
    return ", ".join(parts) or none


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def optional_int(value: str) -> int | None:
    return int(value) if value else None


def optional_float(value: str) -> float | None:
    return float(value) if value else None


def sync(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    unique: tuple[str, ...],
    order: Callable[[dict[str, Any]], Any] | None = None,
) -> tuple[int, int]:
    """Upsert only the rows that differ from the database; return (created, updated)."""
    # Rows are keyed by attnames ("department_id"): compared with the values as stored, with
    # no query for related objects.
    fields = [name for name in rows[0] if name not in unique]
    existing = {
        values[: len(unique)]: values[len(unique) :]
        for values in model._default_manager.values_list(*unique, *fields)
    }
    created, updated, pending = 0, 0, []
    for row in rows:
        key = tuple(row[name] for name in unique)
        current = existing.get(key)
        if current is None:
            created += 1
        elif current != tuple(row[name] for name in fields):
            updated += 1
        else:
            continue
        pending.append(row)
    if order is not None:
        pending.sort(key=order)
    if pending:
        model._default_manager.bulk_create(
            [model(**row) for row in pending],
            update_conflicts=True,
            unique_fields=list(unique),
            update_fields=fields,
            batch_size=2000,
        )
    return created, updated


def load_reference(data_dir: Path = DATA_DIR) -> LoadReport:
    """Load régions, départements, communes, NAF rév. 2, sectors and their mapping."""
    report = LoadReport()
    regions = [
        {"code": r["code"], "name": r["name"], "zone": r["zone"]}
        for r in read_csv(data_dir / "regions.csv")
    ]
    departments = [
        {"code": d["code"], "name": d["name"], "region_id": d["region"]}
        for d in read_csv(data_dir / "departements.csv")
    ]
    communes = [
        {
            "code": c["code"],
            "name": c["name"],
            "department_id": c["department"],
            "population": optional_int(c["population"]),
            "postcodes": c["postcodes"],
            "latitude": optional_float(c["latitude"]),
            "longitude": optional_float(c["longitude"]),
            "location_source": c["location_source"],
        }
        for c in read_csv(data_dir / "communes.csv")
    ]
    naf = [
        {
            "code": n["code"],
            "label": n["label"],
            "level": n["level"],
            "parent_id": n["parent"] or None,
            "section": n["section"],
            "version": "naf-rev2",
        }
        for n in read_csv(data_dir / "naf_rev2.csv")
    ]
    sectors = [
        {"slug": s["slug"], "name": s["name"], "order": int(s["order"]), "taxonomy": s["taxonomy"]}
        for s in read_csv(data_dir / "sectors.csv")
    ]
    mappings = [
        {"taxonomy": m["taxonomy"], "naf_prefix": m["naf_prefix"], "sector_id": m["sector"]}
        for m in read_csv(data_dir / "sector_mapping.csv")
    ]

    steps: list[tuple[str, type[models.Model], list[dict[str, Any]], tuple[str, ...], Any]] = [
        ("regions", Region, regions, ("code",), None),
        ("departments", Department, departments, ("code",), None),
        ("communes", Commune, communes, ("code",), None),
        ("naf", NafCode, naf, ("code",), lambda n: (NAF_LEVELS.index(n["level"]), n["code"])),
        ("sectors", Sector, sectors, ("slug",), None),
        ("mappings", SectorMapping, mappings, ("taxonomy", "naf_prefix"), None),
    ]
    with transaction.atomic():
        for key, model, rows, unique, order in steps:
            report.created[key], report.updated[key] = sync(model, rows, unique, order)
        report.counts = {
            "regions": Region.objects.count(),
            "departments": Department.objects.count(),
            "communes": Commune.objects.count(),
            "subclasses": NafCode.objects.filter(level=NafCode.Level.SUBCLASS).count(),
            "sectors": Sector.objects.count(),
        }
    return report


class Command(BaseCommand):
    help = (
        "Charge les territoires (COG), la NAF rév. 2 et les secteurs depuis coopilote/core/data/."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Dossier des fichiers CSV (par défaut : coopilote/core/data/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference(options["data_dir"])
        if options["verbosity"] >= 1:
            self.stdout.write(report.summary())
            self.stdout.write(report.changes())
