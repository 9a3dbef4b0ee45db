"""Cells that a spreadsheet would run as formulas (CSV injection), neutralised for every export.

Pure Python, shared by every CSV/XLSX export and import so they all quote the same way.
"""

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
