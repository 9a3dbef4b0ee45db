"""Header names → the importer's fields, whatever the case, accents and punctuation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

REQUIRED = ("name", "siret", "status")
# The French words a union's file uses for each field (compared folded: see ``fold``).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("nom", "raison sociale", "denomination", "nom de la cooperative", "cooperative"),
    "siret": ("siret", "n siret", "no siret", "numero siret", "siret du siege"),
    "siren": ("siren", "n siren", "no siren", "numero siren"),
    "status": ("statut", "statut juridique", "forme", "forme juridique", "famille", "type"),
    "naf": ("naf", "code naf", "ape", "code ape", "naf ape", "code naf ape"),
    "postcode": ("code postal", "cp", "codepostal", "code_postal"),
    "commune": ("commune", "ville", "localite"),
    "creation_date": ("date creation", "date de creation", "creation", "date_creation"),
    "headcount": ("effectif", "effectifs", "salaries", "nombre de salaries"),
    "description": ("activites", "activite", "description", "activites principales"),
}
# How the report names each field: the file format's own word.
COLUMN_WORDS = {
    "name": "nom",
    "siret": "siret",
    "siren": "siren",
    "status": "statut",
    "naf": "naf",
    "postcode": "code_postal",
    "commune": "commune",
    "creation_date": "date_creation",
    "headcount": "effectif",
    "description": "activites",
}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces ("Date_Création" → "date creation")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff").casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", bare).strip()


_FIELD_OF = {fold(alias): name for name, aliases in ALIASES.items() for alias in aliases}


@dataclass
class ColumnMap:
    index: dict[str, int] = field(default_factory=dict)
    # the header as written in the file, per field (the report quotes the file's own words)
    label: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def map_header(header: list[str]) -> ColumnMap:
    result = ColumnMap()
    for position, raw in enumerate(header):
        name = _FIELD_OF.get(fold(raw))
        shown = raw.strip().lstrip("\ufeff")
        if not shown:
            continue
        if name is None:
            result.warnings.append(
                f"colonne «\u00a0{shown}\u00a0» inconnue, ignorée "
                f"(colonnes reconnues\u00a0: {', '.join(COLUMN_WORDS.values())})."
            )
        elif name in result.index:
            result.errors.append(
                f"les colonnes «\u00a0{result.label[name]}\u00a0» et «\u00a0{shown}\u00a0» "
                "disent la même chose\u00a0: gardez-en une."
            )
        else:
            result.index[name] = position
            result.label[name] = shown
    for name in REQUIRED:
        if name not in result.index:
            result.errors.append(
                f"la colonne obligatoire «\u00a0{COLUMN_WORDS[name]}\u00a0» manque."
            )
    return result
