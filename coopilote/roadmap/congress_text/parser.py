"""The line-by-line reader: a small state machine over themes, sub-groups and bullets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from coopilote.roadmap.congress_text.document import (
    MAX_TITLE,
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

_THEME = re.compile(r"([0-9]{1,3})\.[ \t]+(\S.*)")
_SUB_GROUP = re.compile(r"([0-9]{1,3})\)[ \t]+(\S.*)")
_BULLET = re.compile(r"-(?:[ \t]+(.*))?")
# Markers people paste from word processors: refused with a hint rather than read as prose.
_OTHER_BULLET = re.compile(r"[•*–—·‣▪◦●][ \t]")
# A sub-item ending so announces another one: the list is not finished.
_LIST_NOT_CLOSED = (",", ";")


def parse(source: str | bytes) -> CongressText:
    text = decode(source) if isinstance(source, bytes) else source
    return _Parser().run(text.removeprefix("\ufeff"))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.rstrip(" \t")
        for char in line:
            if char != "\t" and unicodedata.category(char) in ("Cc", "Cs"):
                raise ParseError(
                    f"caractère de contrôle invisible U+{ord(char):04X}\u00a0: supprimez-le.",
                    number,
                    "control_character",
                )
        yield number, line.lstrip(" \t")


def _starts_lower(text: str) -> bool:
    first_letter = next((char for char in text if char.isalpha()), "")
    return first_letter.islower()


def _check_title(title: str, line: int) -> None:
    if len(title) > MAX_TITLE:
        raise ParseError(
            f"titre trop long ({len(title)} caractères, {MAX_TITLE} au plus)\u00a0: "
            "une ligne «\u00a0N. Titre\u00a0» ou «\u00a0N) Titre\u00a0» "
            "est-elle collée au texte\u00a0?",
            line,
            "title_too_long",
        )


@dataclass
class _Proposal:
    text: str
    line: int
    sub_items: list[str] = field(default_factory=list)
    last_line: int = 0


@dataclass
class _SubGroup:
    number: int
    title: str
    line: int
    proposals: list[_Proposal] = field(default_factory=list)


@dataclass
class _Theme:
    number: int
    title: str
    line: int
    lead: str = ""
    proposals: list[_Proposal] = field(default_factory=list)
    sub_groups: list[_SubGroup] = field(default_factory=list)


class _Parser:
    def __init__(self) -> None:
        self.intro: list[str] = []
        self.themes: list[_Theme] = []
        # A bullet ending with ":" whose lower-case sub-items may follow.
        self.open_list: _Proposal | None = None
        self.last_line = 0

    def run(self, text: str) -> CongressText:
        for number, line in _lines(text):
            if line:
                self.last_line = number
                self.read(number, line)
        self.close_list()
        if not self.themes:
            if not self.intro:
                raise ParseError("le texte est vide.", 1, "empty")
            raise ParseError(
                "aucun thème trouvé jusqu’à la fin du texte\u00a0: "
                "chaque thème commence par une ligne «\u00a01. Titre du thème\u00a0».",
                self.last_line,
                "no_theme",
            )
        for theme in self.themes:
            self.check_not_empty(theme)
        return self.freeze()

    def read(self, number: int, line: str) -> None:
        if bullet := _BULLET.fullmatch(line):
            self.read_bullet(number, (bullet.group(1) or "").lstrip(" \t"))
            return
        self.close_list()
        if theme := _THEME.fullmatch(line):
            self.open_theme(number, int(theme.group(1)), theme.group(2))
        elif sub_group := _SUB_GROUP.fullmatch(line):
            self.open_sub_group(number, int(sub_group.group(1)), sub_group.group(2))
        elif _OTHER_BULLET.match(line) or line.startswith("-"):
            raise ParseError(
                f"puce «\u00a0{line[0]}\u00a0» non reconnue\u00a0: "
                "commencez chaque proposition par un tiret suivi d’une espace («\u00a0- \u00a0»).",
                number,
                "unknown_bullet",
            )
        else:
            self.read_prose(number, line)

    def read_bullet(self, number: int, text: str) -> None:
        if not text:
            raise ParseError(
                "puce vide\u00a0: écrivez la proposition après le tiret.", number, "empty_bullet"
            )
        if self.open_list is not None and _starts_lower(text):
            self.open_list.sub_items.append(text)
            self.open_list.last_line = number
            return
        self.close_list()
        if not self.themes:
            raise ParseError(
                "proposition avant tout thème\u00a0: ajoutez au-dessus une ligne "
                "«\u00a01. Titre du thème\u00a0».",
                number,
                "bullet_before_theme",
            )
        theme = self.themes[-1]
        for other in self.proposals_of(theme):
            if other.text == text:
                raise ParseError(
                    f"cette proposition figure déjà ligne {other.line} dans le même thème.",
                    number,
                    "duplicate_proposal",
                )
        proposal = _Proposal(text, number)
        (theme.sub_groups[-1].proposals if theme.sub_groups else theme.proposals).append(proposal)
        if text.endswith(":"):
            self.open_list = proposal

    def close_list(self) -> None:
        proposal, self.open_list = self.open_list, None
        if proposal is None:
            return
        if not proposal.sub_items:
            raise ParseError(
                "la proposition se termine par «\u00a0:\u00a0» "
                "mais aucune sous-puce ne suit\u00a0: "
                "écrivez ses sous-éléments en «\u00a0- \u00a0» commençant par une minuscule, "
                "ou retirez les deux-points.",
                proposal.line,
                "empty_sub_item_list",
            )
        if proposal.sub_items[-1].endswith(_LIST_NOT_CLOSED):
            raise ParseError(
                f"la liste de sous-éléments ouverte ligne {proposal.line} "
                "ne se ferme jamais\u00a0: "
                f"son dernier élément se termine par «\u00a0{proposal.sub_items[-1][-1]}\u00a0». "
                "Terminez-le par un point, ou ajoutez l’élément manquant.",
                proposal.last_line,
                "sub_item_list_not_closed",
            )

    def open_theme(self, line: int, number: int, title: str) -> None:
        _check_title(title, line)
        for theme in self.themes:
            if theme.number == number:
                raise ParseError(
                    f"le thème n°\u00a0{number} apparaît deux fois (déjà ligne {theme.line}).",
                    line,
                    "duplicate_theme",
                )
        if self.themes:
            self.check_not_empty(self.themes[-1])
        self.themes.append(_Theme(number, title, line))

    def open_sub_group(self, line: int, number: int, title: str) -> None:
        if not self.themes:
            raise ParseError(
                "sous-groupe avant tout thème\u00a0: ajoutez au-dessus une ligne "
                "«\u00a01. Titre du thème\u00a0».",
                line,
                "sub_group_before_theme",
            )
        _check_title(title, line)
        theme = self.themes[-1]
        for sub_group in theme.sub_groups:
            if sub_group.number == number:
                raise ParseError(
                    f"le sous-groupe {number}) apparaît deux fois dans ce thème "
                    f"(déjà ligne {sub_group.line}).",
                    line,
                    "duplicate_sub_group",
                )
        if theme.sub_groups:
            self.check_sub_group_not_empty(theme.sub_groups[-1])
        theme.sub_groups.append(_SubGroup(number, title, line))

    def read_prose(self, number: int, line: str) -> None:
        if not self.themes:
            self.intro.append(line)
            return
        theme = self.themes[-1]
        if not theme.lead and not theme.proposals and not theme.sub_groups:
            theme.lead = line
            return
        raise ParseError(
            "ligne inattendue\u00a0: on attend ici une proposition «\u00a0- …\u00a0», "
            "un sous-groupe "
            "«\u00a01) …\u00a0» ou un thème «\u00a01. …\u00a0». Une proposition sur plusieurs "
            "lignes doit tenir sur une seule.",
            number,
            "unexpected_line",
        )

    @staticmethod
    def proposals_of(theme: _Theme) -> Iterator[_Proposal]:
        yield from theme.proposals
        for sub_group in theme.sub_groups:
            yield from sub_group.proposals

    def check_not_empty(self, theme: _Theme) -> None:
        if theme.sub_groups:
            self.check_sub_group_not_empty(theme.sub_groups[-1])
        elif not theme.proposals:
            raise ParseError(
                f"le thème «\u00a0{theme.number}. {theme.title[:60]}\u00a0» ne contient aucune "
                "proposition «\u00a0- …\u00a0».",
                theme.line,
                "empty_theme",
            )

    def check_sub_group_not_empty(self, sub_group: _SubGroup) -> None:
        if not sub_group.proposals:
            raise ParseError(
                f"le sous-groupe «\u00a0{sub_group.number}) {sub_group.title[:60]}\u00a0» ne "
                "contient aucune proposition «\u00a0- …\u00a0».",
                sub_group.line,
                "empty_sub_group",
            )

    def freeze(self) -> CongressText:
        intro = tuple(self.intro)
        return CongressText(
            intro=intro,
            themes=tuple(_freeze_theme(theme) for theme in self.themes),
            date=find_date(intro),
        )


def _freeze_proposal(
    proposal: _Proposal, theme: _Theme, sub_group: _SubGroup | None
) -> ParsedProposal:
    # The intro is deliberately not a place: it addresses the Direction nationale as a whole.
    reason = national_reason(
        proposal=proposal.text,
        sub_items=" ".join(proposal.sub_items),
        sub_group=sub_group.title if sub_group else "",
        lead=theme.lead,
        theme=theme.title,
    )
    return ParsedProposal(
        text=proposal.text,
        line=proposal.line,
        sub_items=tuple(proposal.sub_items),
        suggested_scope=NATIONAL if reason else REGIONAL,
        scope_reason=reason,
    )


def _freeze_theme(theme: _Theme) -> ParsedTheme:
    return ParsedTheme(
        number=theme.number,
        title=theme.title,
        line=theme.line,
        lead=theme.lead,
        proposals=tuple(_freeze_proposal(p, theme, None) for p in theme.proposals),
        sub_groups=tuple(
            ParsedSubGroup(
                number=sub_group.number,
                title=sub_group.title,
                line=sub_group.line,
                proposals=tuple(_freeze_proposal(p, theme, sub_group) for p in sub_group.proposals),
            )
            for sub_group in theme.sub_groups
        ),
    )
