"""The national view: what every union asks of the national direction, theme by theme.

Union congresses share the national orientation text's themes, so their titles match once
normalised (case, accents, punctuation, numbering, spaces). Each theme lists the unions that
raised it — how many regions ask in common — and their proposals of national scope.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from coopilote.roadmap.models import ACTIVE_STATUSES, Letter, Proposal, Scope

NATIONAL_SCOPES = (Scope.NATIONAL, Scope.BOTH)
_LEADING_NUMBER = re.compile(r"^\s*\d+\s*[.)-]?\s*")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(title: str) -> str:
    """« 2. Transition écologique » and « transition  ECOLOGIQUE » give the same key."""
    text = _LEADING_NUMBER.sub("", title)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NOT_WORD.sub(" ", text).strip()


@dataclass
class UnionAsk:
    union: Any
    proposals: list[Proposal] = field(default_factory=list)


@dataclass
class NationalTheme:
    key: str
    titles: Counter[str] = field(default_factory=Counter)
    unions: dict[Any, UnionAsk] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The spelling most unions used (the first in alphabetical order on a tie)."""
        return min(self.titles.items(), key=lambda item: (-item[1], item[0]))[0]

    @property
    def union_count(self) -> int:
        return len(self.unions)

    @property
    def proposal_count(self) -> int:
        return sum(len(ask.proposals) for ask in self.unions.values())

    @property
    def asks(self) -> list[UnionAsk]:
        return sorted(self.unions.values(), key=lambda ask: ask.union.name)


def national_themes() -> list[NationalTheme]:
    """Themes asked by the most unions first; two queries whatever the number of unions."""
    proposals = (
        Proposal.objects.filter(scope__in=NATIONAL_SCOPES, status__in=ACTIVE_STATUSES)
        .select_related("theme", "congress__union")
        .order_by("congress__union__name", "theme__order", "theme__number", "number")
    )
    themes: dict[str, NationalTheme] = {}
    for proposal in proposals:
        key = normalise(proposal.theme.title)
        theme = themes.setdefault(key, NationalTheme(key))
        union = proposal.congress.union
        if union.pk not in theme.unions:
            theme.titles[proposal.theme.title] += 1
        theme.unions.setdefault(union.pk, UnionAsk(union)).proposals.append(proposal)
    return sorted(themes.values(), key=lambda theme: (-theme.union_count, theme.title))


def published_letters() -> list[Letter]:
    return list(
        Letter.objects.filter(published=True)
        .select_related("union", "congress")
        .order_by("union__name", "-date")
    )
