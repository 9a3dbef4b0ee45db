"""The parsed congress text (frozen dataclasses), its error, and the rules the parser applies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

REGIONAL = "regional"
NATIONAL = "national"
MAX_TITLE = 300

# The national level or the confederation, as unions name them ("au national", "CG Scop",
# "Direction nationale"...); word boundaries keep "international" and "régional" out.
_NATIONAL_WORDS = re.compile(
    r"\b(?:nationa(?:l|le|les|ux|lement)|cg[ -]?scop|conf[ée]d[ée]ra(?:tion|l|le|les|ux))\b",
    re.IGNORECASE,
)
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_DATE = re.compile(r"\b(1er|[0-9]{1,2}) (" + "|".join(MONTHS) + r") ([0-9]{4})\b", re.IGNORECASE)


class ParseError(ValueError):
    """Bad input: a French message for the person who wrote the text, and the line to fix."""

    def __init__(self, message: str, line: int, code: str) -> None:
        super().__init__(message, line, code)
        self.message = message
        self.line = line
        self.code = code

    def __str__(self) -> str:
        return f"Ligne {self.line}\u00a0: {self.message}"


@dataclass(frozen=True)
class ParsedProposal:
    text: str
    line: int
    sub_items: tuple[str, ...] = ()
    suggested_scope: str = REGIONAL
    # Why the parser suggests the national level: the word found and where.
    scope_reason: str = ""


@dataclass(frozen=True)
class ParsedSubGroup:
    number: int
    title: str
    line: int
    proposals: tuple[ParsedProposal, ...]


@dataclass(frozen=True)
class ParsedTheme:
    number: int
    title: str
    line: int
    lead: str
    # Bullets written before any sub-group; sub-groups always come after them.
    proposals: tuple[ParsedProposal, ...]
    sub_groups: tuple[ParsedSubGroup, ...]

    def all_proposals(self) -> Iterator[tuple[ParsedSubGroup | None, ParsedProposal]]:
        """In document order, each with its sub-group (None at the theme's level)."""
        for proposal in self.proposals:
            yield None, proposal
        for sub_group in self.sub_groups:
            for proposal in sub_group.proposals:
                yield sub_group, proposal


@dataclass(frozen=True)
class CongressText:
    intro: tuple[str, ...]
    themes: tuple[ParsedTheme, ...]
    # The first French date of the intro ("20 novembre 2025"), the congress's likely date.
    date: date | None = None

    def proposals(self) -> Iterator[tuple[ParsedTheme, ParsedSubGroup | None, ParsedProposal]]:
        for theme in self.themes:
            for sub_group, proposal in theme.all_proposals():
                yield theme, sub_group, proposal

    def summary(self) -> dict[str, int]:
        proposals = [proposal for _, _, proposal in self.proposals()]
        return {
            "themes": len(self.themes),
            "proposals": len(proposals),
            "sub_items": sum(len(proposal.sub_items) for proposal in proposals),
            "national_suggestions": sum(p.suggested_scope == NATIONAL for p in proposals),
        }


def decode(data: bytes) -> str:
    """UTF-8, with or without a byte-order mark; anything else names the line to re-save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"le fichier n’est pas en UTF-8 (octet 0x{data[exc.start]:02X} illisible). "
            "Enregistrez-le au format «\u00a0UTF-8\u00a0» puis recommencez.",
            line,
            "encoding",
        ) from None


def national_reason(**places: str) -> str:
    """The first place (in the given order) naming the national level, as a French phrase."""
    labels = {
        "proposal": "la proposition",
        "sub_items": "ses sous-éléments",
        "sub_group": "le titre du sous-groupe",
        "lead": "le chapeau du thème",
        "theme": "le titre du thème",
    }
    for place, text in places.items():
        found = _NATIONAL_WORDS.search(text)
        if found:
            return f"«\u00a0{found.group(0)}\u00a0» dans {labels.get(place, place)}"
    return ""


def find_date(paragraphs: tuple[str, ...]) -> date | None:
    for paragraph in paragraphs:
        for day, month, year in _DATE.findall(paragraph):
            try:
                return date(
                    int(year), MONTHS.index(month.lower()) + 1, 1 if day == "1er" else int(day)
                )
            except ValueError:
                continue
    return None
