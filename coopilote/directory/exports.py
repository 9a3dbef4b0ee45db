"""Exports of a directory search (CSV for French Excel, XLSX): public data only, neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook

from coopilote.core.spreadsheet import neutralize
from coopilote.members.models import Cooperative

MAX_ROWS = 10_000
COLUMNS = (
    "nom",
    "siret",
    "statut",
    "secteur",
    "naf",
    "commune",
    "departement",
    "effectif",
    "url",
)


def row(cooperative: Cooperative, absolute: Any) -> list[str | int | None]:
    """One line: the headcount only when the cooperative publishes it (exports are public)."""
    commune = cooperative.commune
    department = commune.department if commune is not None else None
    headcount = cooperative.headcount if "headcount" in cooperative.shown_fields(False) else None
    texts = [
        cooperative.name,
        cooperative.siret,
        str(cooperative.family) + (" CAE" if cooperative.is_cae else ""),
        cooperative.sector.name if cooperative.sector is not None else "",
        cooperative.naf_id or "",
        commune.name if commune is not None else "",
        department.code if department is not None else "",
    ]
    url = absolute(cooperative.get_absolute_url())
    return [*(neutralize(str(text)) for text in texts), headcount, neutralize(url)]


def rows(cooperatives: list[Cooperative], absolute: Any) -> Iterator[list[str | int | None]]:
    for cooperative in cooperatives:
        yield row(cooperative, absolute)


def to_csv(cooperatives: list[Cooperative], absolute: Any) -> bytes:
    """UTF-8 with a BOM and ``;`` separators: what French Excel opens as columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in rows(cooperatives, absolute):
        writer.writerow("" if cell is None else cell for cell in line)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(cooperatives: list[Cooperative], absolute: Any) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("annuaire")
    sheet.append(list(COLUMNS))
    for line in rows(cooperatives, absolute):
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
