"""The report as French sentences: the command prints them, the page shows them.

The report speaks the file format's language (French, like its column names), whoever reads it.
"""

from __future__ import annotations

from typing import Any


def error_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for error in report.get("errors", []):
        where = f"Ligne {error['line']}"
        if error["column"]:
            where += f", colonne «\u00a0{error['column']}\u00a0»"
        lines.append(f"{where}\u00a0: {error['message']}")
    return lines


def summary(report: dict[str, Any], applied: bool) -> str:
    total = report.get("total_rows", 0)
    created, updated, unchanged = (report.get(k, 0) for k in ("created", "updated", "unchanged"))
    if applied:
        return (
            f"{total} ligne(s)\u00a0: {created} coopérative(s) créée(s), {updated} mise(s) à jour,"
            f" {unchanged} inchangée(s)."
        )
    return (
        f"{total} ligne(s)\u00a0: {created} coopérative(s) à créer, {updated} à mettre à jour,"
        f" {unchanged} inchangée(s)."
    )
