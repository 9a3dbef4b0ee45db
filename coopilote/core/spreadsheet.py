"""Cells that a spreadsheet would run as formulas (CSV injection), neutralised for every export.

Pure Python, shared by every CSV/XLSX export and import so they all quote the same way.
"""

import csv
import io

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """Quote a cell a spreadsheet would run as a formula; quoted cells get one more quote,
    so that ``unneutralize`` gives the original text back."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unneutralize(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


class CsvProblem(Exception):
    """A CSV line that cannot be read, or one line too many: its number and a French reason."""

    def __init__(self, line: int, message: str, too_many: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.too_many = too_many


def csv_records(text: str, delimiter: str, max_records: int) -> list[tuple[int, list[str]]]:
    """``(line number in the file, cells)`` of each record, cells unneutralised; at most
    ``max_records`` (a quoted cell may span lines: the number is where its record starts)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            raise CsvProblem(line, f"ligne CSV illisible ({exc}).") from None
        records.append((line, [unneutralize(cell) for cell in cells]))
        if len(records) > max_records:
            raise CsvProblem(line, "trop de lignes.", too_many=True)
