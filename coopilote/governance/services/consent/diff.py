"""Word-level differences between two versions of a text, as escaped HTML."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words, spaces and each punctuation mark apart, so "rémunérés." and "rémunérés," share a word.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def inline_diff(before: str, after: str) -> SafeString:
    """Word-level differences as escaped HTML: removed words in <del>, added ones in <ins>.

    A short common run between two changes (a space, « de », « ; ») joins them, so that a
    rewritten sentence reads as one deletion and one insertion rather than a word salad.
    """
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    chunks: list[list[str]] = []  # [removed, added] or [common]
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if operation == "equal":
            chunks.append([removed])
        elif chunks and len(chunks[-1]) == 2:
            chunks[-1][0] += removed
            chunks[-1][1] += added
        else:
            chunks.append([removed, added])
    merged: list[list[str]] = []
    for index, chunk in enumerate(chunks):
        between_changes = 0 < index < len(chunks) - 1 and len(merged[-1]) == 2
        if len(chunk) == 1 and between_changes and _short(chunk[0]):
            merged[-1][0] += chunk[0]
            merged[-1][1] += chunk[0]
        elif len(chunk) == 2 and merged and len(merged[-1]) == 2:
            merged[-1][0] += chunk[0]
            merged[-1][1] += chunk[1]
        else:
            merged.append(list(chunk))
    parts: list[str] = []
    for chunk in merged:
        if len(chunk) == 1:
            parts.append(_lines(chunk[0]))
            continue
        removed, added = chunk
        if removed.strip():
            parts.append(f"<del>{_lines(removed)}</del>")
        if added.strip():
            parts.append(f"<ins>{_lines(added)}</ins>")
        elif added:
            parts.append(_lines(added))
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped by _lines


def _short(common: str) -> bool:
    return "\n" not in common and len(common.strip()) <= 3


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>\n")
