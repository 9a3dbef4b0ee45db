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


def count(number: int, one: str, many: str) -> str:
    """French agreement: 0 and 1 take the singular."""
    return f"{number}\u00a0{one if number <= 1 else many}"


def summary(report: dict[str, Any], applied: bool) -> str:
    """« 3 lignes : 2 coopératives créées, 1 mise à jour, 0 inchangée. »"""
    total = report.get("total_rows", 0)
    created, updated, unchanged = (report.get(k, 0) for k in ("created", "updated", "unchanged"))
    lines = count(total, "ligne", "lignes")
    if applied:
        return (
            f"{lines}\u00a0: {count(created, 'coopérative créée', 'coopératives créées')}, "
            f"{count(updated, 'mise à jour', 'mises à jour')}, "
            f"{count(unchanged, 'inchangée', 'inchangées')}."
        )
    return (
        f"{lines}\u00a0: {count(created, 'coopérative à créer', 'coopératives à créer')}, "
        f"{updated}\u00a0à mettre à jour, {count(unchanged, 'inchangée', 'inchangées')}."
    )
