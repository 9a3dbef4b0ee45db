"""Rule texts: articles found and replaced by their heading, readable differences between
two versions (line by line, then word by word)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field


def plain_lines(text: str) -> str:
    """Line breaks as ``\n``: browsers send a textarea's lines as ``\r\n``, so an untouched
    text would otherwise differ from the stored one, character by character."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- Articles ---------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s*(article\s+[\w.-]+)", re.IGNORECASE)


def _heading_key(label: str) -> str:
    match = _HEADING.match(label)
    return " ".join((match.group(1) if match else label).casefold().split())


def splice_article(text: str, article: str, wording: str) -> str:
    """``text`` with the section headed ``article`` ("Article 4") replaced by ``wording``.

    A section runs from its heading line to the next "Article …" heading. ``wording`` may repeat
    the heading or not (the heading is kept). An article not in ``text`` is added at the end.
    """
    wording = wording.strip("\n")
    lines = text.splitlines()
    key = _heading_key(article)
    start = next(
        (i for i, line in enumerate(lines) if _HEADING.match(line) and _heading_key(line) == key),
        None,
    )
    first_line = wording.splitlines()[0] if wording else ""
    has_heading = bool(_HEADING.match(first_line)) and _heading_key(first_line) == key
    if start is None:
        added = wording if has_heading else f"{article.strip()}\n{wording}"
        return text.rstrip("\n") + "\n\n" + added + "\n"
    end = next((i for i in range(start + 1, len(lines)) if _HEADING.match(lines[i])), len(lines))
    # Keep the blank lines that separated this section from the next one.
    trailing = 0
    while end - trailing - 1 > start and not lines[end - trailing - 1].strip():
        trailing += 1
    section = wording.splitlines() if has_heading else [lines[start], *wording.splitlines()]
    result = [*lines[:start], *section, *lines[end - trailing :]]
    return "\n".join(result) + ("\n" if text.endswith("\n") else "")


def sections(text: str) -> list[tuple[str, str]]:
    """``(heading, body)`` per article, for display; text before the first heading has none."""
    result: list[tuple[str, str]] = []
    heading = ""
    body: list[str] = []
    for line in text.splitlines():
        if _HEADING.match(line):
            if heading or "".join(body).strip():
                result.append((heading, "\n".join(body).strip("\n")))
            heading, body = line.strip(), []
        else:
            body.append(line)
    if heading or "".join(body).strip():
        result.append((heading, "\n".join(body).strip("\n")))
    return result


def article_text(text: str, article: str) -> str:
    """The section headed ``article`` in ``text`` ('' when absent)."""
    lines = text.splitlines()
    key = _heading_key(article)
    for i, line in enumerate(lines):
        if _HEADING.match(line) and _heading_key(line) == key:
            end = next((j for j in range(i + 1, len(lines)) if _HEADING.match(lines[j])), None)
            return "\n".join(lines[i:end]).strip()
    return ""


# --- Readable differences ---------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Below this similarity, a changed passage is shown as removed then added as a whole.
REWRITE_RATIO = 0.5


@dataclass
class Segment:
    kind: str  # "equal", "insert", "delete"
    text: str

    @property
    def body(self) -> str:
        """The text without its final line breaks, which are shown outside ``<ins>``/``<del>``."""
        return self.text.rstrip("\n")

    @property
    def tail(self) -> str:
        return self.text[len(self.body) :]


@dataclass
class Block:
    """A run of lines: unchanged (``collapsed`` when long) or changed (word-level segments)."""

    changed: bool
    segments: list[Segment] = field(default_factory=list)
    lines: int = 0
    collapsed: bool = False


@dataclass
class Diff:
    blocks: list[Block]
    added_words: int
    removed_words: int

    @property
    def identical(self) -> bool:
        return not (self.added_words or self.removed_words)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _word_segments(old: str, new: str) -> list[Segment]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    words_a = [token for token in a if not token.isspace()]
    words_b = [token for token in b if not token.isspace()]
    similarity = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()
    if words_a and words_b and similarity < REWRITE_RATIO:
        # Mostly rewritten: the old passage then the new one reads better than confetti.
        return [Segment("delete", old), Segment("insert", new)]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def diff_texts(old: str, new: str, context: int = 2) -> Diff:
    """Line by line, then word by word inside changed lines; long unchanged runs collapse.

    Segments carry plain text: templates escape it and mark insertions and deletions with
    ``<ins>``/``<del>``, a visible style and words for screen readers (not colour alone).
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    blocks: list[Block] = []
    added = removed = 0
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            lines = a[i1:i2]
            keep_head = context if index > 0 else 0
            keep_tail = context if index < len(opcodes) - 1 else 0
            if len(opcodes) == 1 or len(lines) <= keep_head + keep_tail + 1:
                blocks.append(Block(False, [Segment("equal", "".join(lines))], len(lines)))
                continue
            head, tail = lines[:keep_head], lines[len(lines) - keep_tail :]
            middle = lines[keep_head : len(lines) - keep_tail]
            for part, collapsed in ((head, False), (middle, True), (tail, False)):
                if part:
                    blocks.append(
                        Block(False, [Segment("equal", "".join(part))], len(part), collapsed)
                    )
            continue
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        segments = _word_segments(old_part, new_part)
        added += sum(_words(s.text) for s in segments if s.kind == "insert")
        removed += sum(_words(s.text) for s in segments if s.kind == "delete")
        blocks.append(Block(True, segments, max(i2 - i1, j2 - j1)))
    return Diff(blocks, added, removed)
