"""Parse a congress summary written as plain text, the way unions write it.

Pure Python (no Django): text or bytes in, frozen dataclasses out, ``ParseError`` otherwise.
The format, line by line:

- intro paragraphs, until the first theme;
- ``N. Title`` opens a theme; the text line right after it, if any, is its lead line;
- ``- text`` is a proposal; ``N) Title`` opens a sub-group whose bullets follow;
- a bullet ending with ``:`` followed by bullets starting in lower case is one proposal whose
  sub-items are those bullets.

Texts are kept byte for byte: only the ``- `` marker, the indentation and the line end (with its
trailing spaces and tabs, which editors add and remove at will) are stripped.
"""

from coopilote.roadmap.congress_text.document import (
    MAX_TITLE,
    MONTHS,
    NATIONAL,
    REGIONAL,
    CongressText,
    ParsedProposal,
    ParsedSubGroup,
    ParsedTheme,
    ParseError,
    decode,
    find_date,
    national_reason,
)
from coopilote.roadmap.congress_text.parser import parse

__all__ = [
    "MAX_TITLE",
    "MONTHS",
    "NATIONAL",
    "REGIONAL",
    "CongressText",
    "ParseError",
    "ParsedProposal",
    "ParsedSubGroup",
    "ParsedTheme",
    "decode",
    "find_date",
    "national_reason",
    "parse",
]
