"""Parsers of INSEE's official COG files (Code officiel géographique), with French errors.

INSEE publishes ``v_region_YYYY.csv``, ``v_departement_YYYY.csv`` and ``v_commune_YYYY.csv``
every January; each parser turns one of them into dataclasses or raises ``CogFormatError``
naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from coopilote.core.models import Commune

NBSP = "\N{NO-BREAK SPACE}"

REGION_CODE = re.compile(r"[0-9]{2}")
DEPARTMENT_CODE = re.compile(r"[0-9]{2}|2[AB]|97[0-9]")
COMMUNE_CODE = re.compile(r"[0-9]{5}|2[AB][0-9]{3}")
# COM: commune; ARM: Paris, Lyon and Marseille's arrondissements; COMA/COMD: former communes
# kept as "associée" or "déléguée" inside another one, not communes of their own.
KEPT_TYPES = {"COM", "ARM"}
KNOWN_TYPES = KEPT_TYPES | {"COMA", "COMD"}
NAME_MAX_LENGTH = Commune._meta.get_field("name").max_length or 100

# A truncated or wrong file would otherwise delete thousands of communes in one go; the
# biggest yearly wave of communes nouvelles (2016-2019) removed fewer than this.
MASS_REMOVAL = 2000


class CogFormatError(ValueError):
    """A COG file that cannot be trusted; the message is French and names the line."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        where = f"{source}, ligne {line}" if line is not None else source
        super().__init__(f"{where}{NBSP}: {message}")
        self.source = source
        self.line = line


@dataclass(frozen=True)
class CogRegion:
    code: str
    name: str
    line: int


@dataclass(frozen=True)
class CogDepartment:
    code: str
    name: str
    region: str
    line: int


@dataclass(frozen=True)
class CogCommune:
    code: str
    name: str
    department: str
    line: int


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CogFormatError(source, "caractère qui n'est pas de l'UTF-8", line) from None


def _rows(
    data: bytes | str, source: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs, after checking the header and each row's width."""
    text = _decode(data, source)
    first_line = text.partition("\n")[0]
    # INSEE has published both separators over the years.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip().upper() for name in next(reader, [])]
        if not any(header):
            raise CogFormatError(source, "fichier vide, la ligne d'en-tête manque", 1)
        missing = [name for name in required if name not in header]
        if missing:
            raise CogFormatError(
                source, f"colonne(s) manquante(s){NBSP}: {', '.join(missing)}", reader.line_num
            )
        doubled = sorted({name for name in header if name and header.count(name) > 1})
        if doubled:
            raise CogFormatError(
                source, f"colonne(s) en double{NBSP}: {', '.join(doubled)}", reader.line_num
            )
        for row in reader:
            if not any(value.strip() for value in row):
                continue
            if len(row) != len(header):
                raise CogFormatError(
                    source, f"{len(row)} champ(s) au lieu de {len(header)}", reader.line_num
                )
            yield (
                reader.line_num,
                {name: value.strip() for name, value in zip(header, row, strict=True)},
            )
    except csv.Error:
        raise CogFormatError(
            source,
            "CSV mal formé (guillemet non fermé ou mal placé, champ trop long)",
            reader.line_num,
        ) from None


def _check_code(pattern: re.Pattern[str], value: str, what: str, source: str, line: int) -> str:
    if not pattern.fullmatch(value):
        raise CogFormatError(source, f"code {what} «{NBSP}{value}{NBSP}» invalide", line)
    return value


def _check_name(value: str, source: str, line: int) -> str:
    if not value:
        raise CogFormatError(source, "LIBELLE vide", line)
    if len(value) > NAME_MAX_LENGTH:
        raise CogFormatError(source, f"LIBELLE de plus de {NAME_MAX_LENGTH} caractères", line)
    # Control characters (NUL first) are refused by PostgreSQL or invisible in pages.
    if any(unicodedata.category(c) in {"Cc", "Cs"} for c in value):
        raise CogFormatError(source, "LIBELLE avec un caractère de contrôle", line)
    return value


def _unique(items: list[Any], source: str) -> None:
    seen: dict[str, int] = {}
    for item in items:
        if item.code in seen:
            raise CogFormatError(
                source, f"code {item.code} en double (déjà ligne {seen[item.code]})", item.line
            )
        seen[item.code] = item.line


def parse_regions(data: bytes | str, source: str = "v_region.csv") -> list[CogRegion]:
    regions = [
        CogRegion(
            code=_check_code(REGION_CODE, row["REG"], "région", source, line),
            name=_check_name(row["LIBELLE"], source, line),
            line=line,
        )
        for line, row in _rows(data, source, ("REG", "LIBELLE"))
    ]
    _unique(regions, source)
    return regions


def parse_departments(data: bytes | str, source: str = "v_departement.csv") -> list[CogDepartment]:
    departments = [
        CogDepartment(
            code=_check_code(DEPARTMENT_CODE, row["DEP"], "département", source, line),
            name=_check_name(row["LIBELLE"], source, line),
            region=_check_code(REGION_CODE, row["REG"], "région", source, line),
            line=line,
        )
        for line, row in _rows(data, source, ("DEP", "REG", "LIBELLE"))
    ]
    _unique(departments, source)
    return departments


def parse_communes(data: bytes | str, source: str = "v_commune.csv") -> list[CogCommune]:
    communes = []
    for line, row in _rows(data, source, ("TYPECOM", "COM", "DEP", "LIBELLE")):
        kind = row["TYPECOM"]
        if kind not in KNOWN_TYPES:
            raise CogFormatError(source, f"TYPECOM «{NBSP}{kind}{NBSP}» inconnu", line)
        if kind not in KEPT_TYPES:
            continue
        code = _check_code(COMMUNE_CODE, row["COM"], "commune", source, line)
        # Arrondissements only exist in Paris, Lyon and Marseille: the code tells the département.
        department = row["DEP"] or (code[:2] if kind == "ARM" else "")
        _check_code(DEPARTMENT_CODE, department, "département", source, line)
        if not code.startswith(department):
            raise CogFormatError(
                source, f"la commune {code} ne peut pas être dans le département {department}", line
            )
        communes.append(
            CogCommune(code, _check_name(row["LIBELLE"], source, line), department, line)
        )
    _unique(communes, source)
    return communes
