"""The bytes a union sends, as rows of text: French Excel CSV or XLSX.

CSV comes from French Excel: UTF-8 with or without a byte-order mark, or Windows-1252 (what
"CSV (séparateur : point-virgule)" saves), ``;`` between cells (``,`` and tabs are sniffed too),
CRLF line ends. Every cell goes back through ``unneutralize`` (our exports quote formulas).
Line numbers are the file's own: the header is line 1, a quoted cell spanning two lines counts two.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from coopilote.core.spreadsheet import CsvProblem, csv_records, unneutralize

# Far above a union's directory (a few thousand); stops a crafted file from filling the memory.
MAX_ROWS = 20_000
_TOO_MANY_ROWS = f"trop de lignes ({MAX_ROWS} coopératives au plus)."
_XLSX_MAGIC = b"PK\x03\x04"
_DELIMITERS = (";", ",", "\t")


class FileProblem(ValueError):
    """The file cannot be read at all (not a line-level error)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Table:
    header: list[str]
    # (the file's line number, the cells), blank lines left out
    rows: list[tuple[int, list[str]]]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1252 is what older Excel saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(
            f"le fichier n’est ni en UTF-8 ni en Windows-1252 (octet 0x{data[exc.start]:02X} "
            "illisible). Enregistrez-le au format «\u00a0CSV UTF-8\u00a0» puis recommencez.",
            line,
        ) from None


def sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def read_table(data: bytes) -> Table:
    """A CSV or an XLSX file, told apart by content rather than by the name it came with."""
    if not data.strip():
        raise FileProblem("le fichier est vide.")
    records = _xlsx_records(data) if data.startswith(_XLSX_MAGIC) else _csv_records(data)
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        raise FileProblem("le fichier est vide.")
    # Blank lines above the header are skipped; reported lines stay the file's own.
    return Table(header=records[0][1], rows=records[1:])


def _csv_records(data: bytes) -> list[tuple[int, list[str]]]:
    text = decode(data)
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    try:
        # The header, then the rows.
        return csv_records(text, delimiter, MAX_ROWS + 1)
    except CsvProblem as problem:
        message = _TOO_MANY_ROWS if problem.too_many else problem.message
        raise FileProblem(message, problem.line) from None


def _xlsx_records(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    records: list[tuple[int, list[str]]] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > MAX_ROWS + 1:
                raise FileProblem(_TOO_MANY_ROWS, number)
            records.append((number, [unneutralize(xlsx_text(value)) for value in values]))
        workbook.close()
    except FileProblem:
        raise
    except Exception:  # openpyxl fails on damaged files in many ways; all mean the same here.
        raise FileProblem(
            "fichier Excel illisible\u00a0: enregistrez-le au format .xlsx."
        ) from None
    return records


def xlsx_text(value: Any) -> str:
    """A cell as the CSV would hold it: dates as JJ/MM/AAAA, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)
