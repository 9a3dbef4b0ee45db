"""Bring régions, départements and communes up to a new vintage of INSEE's official COG files.

INSEE publishes the Code officiel géographique every January as CSV files (``v_region_YYYY.csv``,
``v_departement_YYYY.csv``, ``v_commune_YYYY.csv``). This command creates what is new and
renames what changed; it keeps the populations, postcodes and points it cannot get from those
files. A commune that left the COG (merged into a commune nouvelle) is deleted only when
nothing references it, otherwise it is kept and listed for staff to re-attach its records.
Everything happens in one transaction: a malformed line anywhere leaves the database untouched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coopilote.core.cog import (
    MASS_REMOVAL,
    NBSP,
    CogCommune,
    CogDepartment,
    CogFormatError,
    CogRegion,
    parse_communes,
    parse_departments,
    parse_regions,
)
from coopilote.core.models import Commune, Department, Region

__all__ = ["CogFormatError", "parse_communes", "parse_departments", "parse_regions"]


@dataclass
class Change:
    code: str
    text: str


@dataclass
class RefreshReport:
    dry_run: bool = False
    created: dict[str, list[Change]] = field(default_factory=dict)
    renamed: dict[str, list[Change]] = field(default_factory=dict)
    moved: dict[str, list[Change]] = field(default_factory=dict)
    # Régions and départements are never deleted: a vanished one is only reported.
    vanished: dict[str, list[Change]] = field(default_factory=dict)
    deleted: list[Change] = field(default_factory=list)
    kept: list[Change] = field(default_factory=list)

    def start(self, key: str) -> None:
        for group in (self.created, self.renamed, self.moved, self.vanished):
            group[key] = []

    def lines(self) -> list[str]:
        lines = []
        # The ending agrees with the noun: "3 créées" for communes, "3 créés" for départements.
        for key, label, e in (
            ("regions", "Régions", "e"),
            ("departments", "Départements", ""),
            ("communes", "Communes", "e"),
        ):
            if key not in self.created:
                continue
            counts = [
                f"{len(self.created[key])} créé{e}(s)",
                f"{len(self.renamed[key])} renommé{e}(s)",
            ]
            if self.moved[key]:
                counts.append(f"{len(self.moved[key])} changé{e}(s) de rattachement")
            if key == "communes":
                counts.append(
                    f"{len(self.deleted) + len(self.kept)} disparue(s) "
                    f"({len(self.deleted)} supprimée(s), {len(self.kept)} conservée(s) car "
                    "référencée(s))"
                )
            elif self.vanished[key]:
                counts.append(f"{len(self.vanished[key])} absent{e}(s) du fichier, conservé{e}(s)")
            lines.append(f"{label}{NBSP}: {', '.join(counts)}.")
            for group in (self.created, self.renamed, self.moved, self.vanished):
                lines.extend(f"  {change.code} {change.text}" for change in group[key])
            if key == "communes":
                lines.extend(f"  {change.code} {change.text}" for change in self.deleted)
                lines.extend(f"  {change.code} {change.text}" for change in self.kept)
        if self.kept:
            lines.append(
                "Les communes conservées sont à rattacher à leur nouvelle commune, "
                "puis ce rafraîchissement les supprimera."
            )
        if self.dry_run:
            lines.append(f"Simulation (--dry-run){NBSP}: rien n'a été enregistré.")
        return lines


def _references(codes: list[str]) -> dict[str, list[str]]:
    """Which of these communes something points at, with the referencing models' names.

    Every reverse relation counts, not only cooperatives: a model added later must not see
    its rows cascade away or block the deletion halfway through.
    """
    found: dict[str, list[str]] = {}
    for relation in Commune._meta.related_objects:
        model = relation.related_model
        name = relation.field.name
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            rows = model._base_manager.filter(**{f"{name}__in": chunk}).values_list(name, flat=True)
            for code, count in Counter(rows).items():
                meta = model._meta
                noun = meta.verbose_name_plural if count > 1 else meta.verbose_name
                found.setdefault(code, []).append(f"{count} {noun}")
    return found


def refresh(
    regions: list[CogRegion] | None = None,
    departments: list[CogDepartment] | None = None,
    communes: list[CogCommune] | None = None,
    *,
    dry_run: bool = False,
    allow_mass_removal: bool = False,
    sources: dict[str, str] | None = None,
) -> RefreshReport:
    sources = sources or {}
    report = RefreshReport(dry_run=dry_run)
    with transaction.atomic():
        if regions is not None:
            _refresh_regions(regions, report)
        if departments is not None:
            _refresh_departments(departments, report, sources.get("departments", "départements"))
        if communes is not None:
            _refresh_communes(
                communes, report, sources.get("communes", "communes"), allow_mass_removal
            )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _refresh_regions(rows: list[CogRegion], report: RefreshReport) -> None:
    report.start("regions")
    existing = {region.code: region for region in Region.objects.all()}
    created, renamed = [], []
    for row in rows:
        region = existing.get(row.code)
        if region is None:
            # Régions 01 to 06 are the overseas ones.
            zone = "drom" if row.code < "10" else "metro"
            created.append(Region(code=row.code, name=row.name, zone=zone))
        elif region.name != row.name:
            report.renamed["regions"].append(Change(row.code, f"{region.name} → {row.name}"))
            region.name = row.name
            renamed.append(region)
    Region.objects.bulk_create(created)
    Region.objects.bulk_update(renamed, ["name"])
    report.created["regions"] = [Change(r.code, r.name) for r in created]
    codes = {row.code for row in rows}
    report.vanished["regions"] = [
        Change(code, f"{region.name} absente du fichier")
        for code, region in sorted(existing.items())
        if code not in codes
    ]


def _refresh_departments(rows: list[CogDepartment], report: RefreshReport, source: str) -> None:
    report.start("departments")
    regions = set(Region.objects.values_list("code", flat=True))
    existing = {department.code: department for department in Department.objects.all()}
    created, changed = [], []
    for row in rows:
        if row.region not in regions:
            raise CogFormatError(source, f"région {row.region} inconnue", row.line)
        department = existing.get(row.code)
        if department is None:
            created.append(Department(code=row.code, name=row.name, region_id=row.region))
            continue
        if department.name != row.name:
            report.renamed["departments"].append(
                Change(row.code, f"{department.name} → {row.name}")
            )
        if department.region_id != row.region:
            report.moved["departments"].append(
                Change(row.code, f"{row.name}{NBSP}: région {department.region_id} → {row.region}")
            )
        if (department.name, department.region_id) != (row.name, row.region):
            department.name, department.region_id = row.name, row.region
            changed.append(department)
    Department.objects.bulk_create(created)
    Department.objects.bulk_update(changed, ["name", "region"])
    report.created["departments"] = [Change(d.code, d.name) for d in created]
    codes = {row.code for row in rows}
    report.vanished["departments"] = [
        Change(code, f"{department.name} absent du fichier")
        for code, department in sorted(existing.items())
        if code not in codes
    ]


def _refresh_communes(
    rows: list[CogCommune], report: RefreshReport, source: str, allow_mass_removal: bool
) -> None:
    report.start("communes")
    departments = set(Department.objects.values_list("code", flat=True))
    existing = {
        code: (name, department)
        for code, name, department in Commune.objects.values_list("code", "name", "department_id")
    }
    created, changed = [], []
    for row in rows:
        if row.department not in departments:
            raise CogFormatError(source, f"département {row.department} inconnu", row.line)
        current = existing.get(row.code)
        if current is None:
            created.append(Commune(code=row.code, name=row.name, department_id=row.department))
            continue
        name, department = current
        if name != row.name:
            report.renamed["communes"].append(Change(row.code, f"{name} → {row.name}"))
        if department != row.department:
            report.moved["communes"].append(
                Change(row.code, f"{row.name}{NBSP}: département {department} → {row.department}")
            )
        if current != (row.name, row.department):
            # Only the fields the COG knows: population, postcodes and point stay as they are.
            changed.append(Commune(code=row.code, name=row.name, department_id=row.department))

    codes = {row.code for row in rows}
    gone = sorted(code for code in existing if code not in codes)
    if len(gone) > MASS_REMOVAL and not allow_mass_removal:
        raise CommandError(
            f"{len(gone)} communes disparaîtraient (plus de {MASS_REMOVAL}){NBSP}: fichier "
            f"incomplet{NBSP}? Vérifiez-le, ou relancez avec --allow-mass-removal."
        )
    Commune.objects.bulk_create(created, batch_size=2000)
    Commune.objects.bulk_update(changed, ["name", "department"], batch_size=500)
    references = _references(gone)
    for code in gone:
        name = existing[code][0]
        if code in references:
            report.kept.append(
                Change(
                    code,
                    f"{name}{NBSP}: disparue, conservée car référencée par "
                    f"{', '.join(references[code])}",
                )
            )
        else:
            report.deleted.append(Change(code, f"{name}{NBSP}: disparue, supprimée"))
    Commune.objects.filter(code__in=[change.code for change in report.deleted]).delete()
    report.created["communes"] = [
        Change(c.code, f"{c.name} (sans population, codes postaux ni coordonnées)") for c in created
    ]


class Command(BaseCommand):
    help = (
        "Met à jour régions, départements et communes depuis les fichiers CSV officiels du "
        "COG de l'Insee (v_region_AAAA.csv, v_departement_AAAA.csv, v_commune_AAAA.csv)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regions", type=Path, help="v_region_AAAA.csv")
        parser.add_argument("--departements", type=Path, help="v_departement_AAAA.csv")
        parser.add_argument("--communes", type=Path, help="v_commune_AAAA.csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche les changements sans les enregistrer."
        )
        parser.add_argument(
            "--allow-mass-removal",
            action="store_true",
            help=f"Accepte que plus de {MASS_REMOVAL} communes disparaissent.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = {
            "regions": options["regions"],
            "departments": options["departements"],
            "communes": options["communes"],
        }
        if not any(paths.values()):
            raise CommandError(
                f"Indiquez au moins un fichier{NBSP}: --regions, --departements ou --communes."
            )
        parsers = {
            "regions": parse_regions,
            "departments": parse_departments,
            "communes": parse_communes,
        }
        parsed: dict[str, Any] = {}
        try:
            for key, path in paths.items():
                if path is None:
                    continue
                try:
                    data = path.read_bytes()
                except OSError as error:
                    raise CommandError(
                        f"{path}{NBSP}: lecture impossible ({error.strerror})."
                    ) from None
                parsed[key] = parsers[key](data, path.name)
            report = refresh(
                parsed.get("regions"),
                parsed.get("departments"),
                parsed.get("communes"),
                dry_run=options["dry_run"],
                allow_mass_removal=options["allow_mass_removal"],
                sources={key: path.name for key, path in paths.items() if path is not None},
            )
        except CogFormatError as error:
            raise CommandError(f"{error}. Aucune modification enregistrée.") from None
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
