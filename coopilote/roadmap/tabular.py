"""Proposals as a spreadsheet (CSV for French Excel, or XLSX), both ways.

Pure Python (openpyxl, no Django): rows in and out as dataclasses, ``TableError`` listing every
bad line in French. The columns and the French words for scope and status are the file format,
so they are fixed here rather than translated.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coopilote.core.spreadsheet import CsvProblem, csv_records, neutralize
from coopilote.roadmap.congress_text import MAX_TITLE, ParseError, decode

HEADERS = ("N° thème", "Thème", "Sous-groupe", "Proposition", "Sous-éléments", "Portée", "Statut")
SUB_ITEM_SEPARATOR = " | "
SCOPE_WORDS = {"regional": "régional", "national": "national", "both": "régional et national"}
STATUS_WORDS = {
    "submitted": "soumise",
    "retained": "retenue",
    "merged": "fusionnée",
    "split": "scindée",
    "archived": "archivée",
}
MAX_ERRORS = 30
# Far above any congress; stops a crafted file from filling the server's memory.
MAX_ROWS = 5000
_XLSX_MAGIC = b"PK\x03\x04"
_TOO_MANY_ROWS = f"trop de lignes ({MAX_ROWS} propositions au plus)."


@dataclass(frozen=True)
class TableRow:
    theme_number: int
    theme: str
    sub_group: str
    text: str
    sub_items: tuple[str, ...] = ()
    scope: str = "regional"
    status: str = "submitted"
    line: int = 0


class TableError(ValueError):
    """Every problem found, each with its line, so the file is fixed in one go."""

    def __init__(self, errors: Sequence[tuple[int, str]]) -> None:
        super().__init__(errors)
        self.errors = list(errors)

    def __str__(self) -> str:
        return "\n".join(f"Ligne {line}\u00a0: {message}" for line, message in self.errors)


def _cells(row: TableRow) -> list[Any]:
    return [
        row.theme_number,
        row.theme,
        row.sub_group,
        row.text,
        SUB_ITEM_SEPARATOR.join(row.sub_items),
        SCOPE_WORDS.get(row.scope, row.scope),
        STATUS_WORDS.get(row.status, row.status),
    ]


def to_csv(rows: Iterable[TableRow]) -> bytes:
    """UTF-8 with a byte-order mark and ";" between cells: what French Excel opens directly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([neutralize(str(cell)) for cell in _cells(row)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[TableRow], title: str = "Propositions") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (10, 40, 40, 80, 60, 20, 12), strict=True):
        sheet.column_dimensions[letter].width = width

    def text_cell(value: Any, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            # Stored as text, never as a formula, whatever its first character.
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text_cell(header, bold=True) for header in HEADERS])
    for row in rows:
        sheet.append([text_cell(cell) for cell in _cells(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_table(data: bytes) -> list[TableRow]:
    """A CSV or an XLSX file, told apart by content rather than by the name it was sent with."""
    if data.startswith(_XLSX_MAGIC):
        return read_xlsx(data)
    return read_csv(data)


def read_csv(data: bytes) -> list[TableRow]:
    try:
        text = decode(data)
    except ParseError as exc:
        raise TableError([(exc.line, exc.message)]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        records = csv_records(text, delimiter, MAX_ROWS + 1)  # the header, then the rows
    except CsvProblem as problem:
        message = _TOO_MANY_ROWS if problem.too_many else problem.message
        raise TableError([(problem.line, message)]) from None
    return _rows(records)


def read_xlsx(data: bytes) -> list[TableRow]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        records = []
        # One column past the format is enough to tell "too many columns".
        rows = sheet.iter_rows(values_only=True, max_col=len(HEADERS) + 1)
        for number, values in enumerate(rows, 1):
            if number > MAX_ROWS + 1:
                raise TableError([(number, _TOO_MANY_ROWS)])
            records.append((number, [_xlsx_text(value) for value in values]))
        workbook.close()
    except TableError:
        raise
    except Exception:  # openpyxl fails on damaged files in many ways; all mean the same here.
        raise TableError(
            [(1, "fichier Excel illisible\u00a0: enregistrez-le au format .xlsx.")]
        ) from None
    return _rows(records)


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(records: list[tuple[int, list[str]]]) -> list[TableRow]:
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        raise TableError([(1, "le fichier est vide.")])
    header_line, header = records[0]
    names = tuple(cell.strip().lstrip("\ufeff").casefold() for cell in header[: len(HEADERS)])
    if names != tuple(name.casefold() for name in HEADERS):
        expected = " ; ".join(HEADERS).replace(" ;", "\u00a0;")
        raise TableError([(header_line, f"en-têtes attendus en première ligne\u00a0: {expected}.")])
    rows: list[TableRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[tuple[int, str], int] = {}
    theme_titles: dict[int, tuple[str, int]] = {}
    for line, cells in records[1:]:
        try:
            row = _row(line, cells)
        except ValueError as exc:
            errors.append((line, str(exc)))
        else:
            key = (row.theme_number, row.text)
            if key in seen:
                errors.append((line, f"proposition en double (déjà ligne {seen[key]})."))
            title, title_line = theme_titles.setdefault(row.theme_number, (row.theme, line))
            if title != row.theme:
                errors.append(
                    (
                        line,
                        f"le thème n°\u00a0{row.theme_number} porte un autre titre "
                        f"ligne {title_line}.",
                    )
                )
            seen.setdefault(key, line)
            rows.append(row)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise TableError(errors)
    return rows


def _row(line: int, cells: list[str]) -> TableRow:
    cells = [*cells, *[""] * (len(HEADERS) - len(cells))]
    if any(cell.strip() for cell in cells[len(HEADERS) :]):
        raise ValueError(f"plus de {len(HEADERS)} colonnes.")
    number, theme, sub_group, text, sub_items, scope, status = cells[: len(HEADERS)]
    for cell in cells:
        bad = next(
            (c for c in cell if c not in "\t\r\n" and unicodedata.category(c) in ("Cc", "Cs")), None
        )
        if bad is not None:
            raise ValueError(f"caractère de contrôle invisible U+{ord(bad):04X}.")
    if not number.strip().isdigit() or not number.strip().isascii() or len(number.strip()) > 3:
        raise ValueError(
            f"numéro de thème invalide «\u00a0{number[:20]}\u00a0» (un nombre attendu)."
        )
    if not theme.strip():
        raise ValueError("le titre du thème est vide.")
    if not text.strip():
        raise ValueError("la proposition est vide.")
    for title in (theme, sub_group):
        if len(title) > MAX_TITLE:
            raise ValueError(f"titre trop long ({len(title)} caractères, {MAX_TITLE} au plus).")
    return TableRow(
        theme_number=int(number),
        theme=theme,
        sub_group=sub_group,
        text=text,
        sub_items=tuple(item for item in sub_items.split(SUB_ITEM_SEPARATOR) if item)
        if sub_items
        else (),
        scope=_choice(scope, SCOPE_WORDS, "regional", "portée inconnue"),
        status=_choice(status, STATUS_WORDS, "submitted", "statut inconnu"),
        line=line,
    )


def _choice(value: str, words: dict[str, str], default: str, problem: str) -> str:
    wanted = value.strip().casefold()
    if not wanted:
        return default
    for code, word in words.items():
        if wanted in (code, word.casefold()):
            return code
    allowed = ", ".join(f"«\u00a0{word}\u00a0»" for word in words.values())
    raise ValueError(f"{problem} «\u00a0{value[:30]}\u00a0» (au choix\u00a0: {allowed}).")
