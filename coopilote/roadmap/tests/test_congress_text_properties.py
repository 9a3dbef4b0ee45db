"""Parser properties: it fails only with ParseError, and well-formed texts round-trip."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from coopilote.roadmap.congress_text import REGIONAL, ParseError, parse

UPPER = "ABCDEÉÈÀÇLMNOPQRSTUVW"
LOWER = "abcdeéèàçlmnopqrstuvw"
# Typographic characters unions use, and characters that look like markers inside a text.
INNER = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs"),
    include_characters="’·«»“”… -:;,.()/&0123456789",
)


def phrase(first: str, last_excluded: str = "") -> st.SearchStrategy[str]:
    """A one-line text starting with a letter of ``first`` and ending in a non-space."""
    return (
        st.tuples(
            st.sampled_from(first),
            st.text(INNER, max_size=40),
            st.sampled_from(UPPER + LOWER + ".!?»)”"),
        )
        .map(lambda parts: "".join(parts))
        .filter(
            lambda text: text[-1] not in last_excluded and "\n" not in text and "\r" not in text
        )
    )


# Regional-only words: the generated texts must not trip the national rule by chance.
def regional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.filter(
        lambda text: "ation" not in text.casefold() and "scop" not in text.casefold()
    )


PROPOSAL = regional(phrase(UPPER, last_excluded=":"))
SUB_ITEMS = st.lists(regional(phrase(LOWER)), min_size=1, max_size=4).filter(
    lambda items: items[-1][-1] not in ",;"
)


@dataclass
class Bullet:
    text: str
    sub_items: list[str]


BULLET = st.one_of(
    PROPOSAL.map(lambda text: Bullet(text, [])),
    st.tuples(regional(phrase(UPPER, last_excluded=":")), SUB_ITEMS).map(
        lambda parts: Bullet(parts[0] + " :", parts[1])
    ),
)
BULLETS = st.lists(BULLET, min_size=1, max_size=4, unique_by=lambda bullet: bullet.text)


@dataclass
class Theme:
    title: str
    lead: str
    bullets: list[Bullet]
    sub_groups: list[tuple[str, list[Bullet]]]


THEME = st.builds(
    Theme,
    title=regional(phrase(UPPER)),
    lead=st.one_of(st.just(""), regional(phrase(UPPER)).map(lambda text: text + " :")),
    bullets=BULLETS,
    sub_groups=st.lists(st.tuples(regional(phrase(UPPER)), BULLETS), max_size=3),
).filter(
    # Bullet texts are unique within a theme, sub-groups included.
    lambda theme: (
        len({b.text for b in theme.bullets} | {b.text for _, bs in theme.sub_groups for b in bs})
        == len(theme.bullets) + sum(len(bs) for _, bs in theme.sub_groups)
    )
)


def render(intro: list[str], themes: list[Theme], newline: str, bom: bool) -> str:
    lines = list(intro)
    for number, theme in enumerate(themes, 1):
        lines.append(f"{number}. {theme.title}")
        if theme.lead:
            lines.append(theme.lead)
        for bullet in theme.bullets:
            lines.append(f"- {bullet.text}")
            lines.extend(f"- {item}" for item in bullet.sub_items)
        for index, (title, bullets) in enumerate(theme.sub_groups, 1):
            lines.append(f"{index}) {title}")
            for bullet in bullets:
                lines.append(f"- {bullet.text}")
                lines.extend(f"- {item}" for item in bullet.sub_items)
    return ("\ufeff" if bom else "") + newline.join(lines) + newline


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_parse_error_with_a_line(text: str) -> None:
    try:
        parse(text)
    except ParseError as error:
        assert error.line >= 1
        assert error.message


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_parse_or_raise_parse_error(data: bytes) -> None:
    try:
        parse(data)
    except ParseError as error:
        assert error.line >= 1


@settings(max_examples=150, deadline=None)
@given(
    intro=st.lists(regional(phrase(UPPER)), max_size=2).map(
        # The intro may address the national level: it must not leak onto proposals.
        lambda lines: [*lines, "Que porter à la Direction Nationale de la CGscop ?"]
    ),
    themes=st.lists(THEME, min_size=1, max_size=4),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_a_well_formed_text_round_trips(
    intro: list[str], themes: list[Theme], newline: str, bom: bool
) -> None:
    text = render(intro, themes, newline, bom)
    parsed = parse(text.encode("utf-8") if bom else text)
    assert list(parsed.intro) == intro
    assert [(t.number, t.title, t.lead) for t in parsed.themes] == [
        (number, theme.title, theme.lead) for number, theme in enumerate(themes, 1)
    ]
    for parsed_theme, theme in zip(parsed.themes, themes, strict=True):
        assert [(p.text, list(p.sub_items)) for p in parsed_theme.proposals] == [
            (b.text, b.sub_items) for b in theme.bullets
        ]
        assert [
            (s.title, [(p.text, list(p.sub_items)) for p in s.proposals])
            for s in parsed_theme.sub_groups
        ] == [
            (title, [(b.text, b.sub_items) for b in bullets]) for title, bullets in theme.sub_groups
        ]
    summary = parsed.summary()
    assert summary["proposals"] == sum(
        len(t.bullets) + sum(len(bs) for _, bs in t.sub_groups) for t in themes
    )
    assert summary["national_suggestions"] == 0
    assert {p.suggested_scope for _, _, p in parsed.proposals()} == {REGIONAL}
