"""The congress text parser, on the reference seed and on the mistakes people make."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from coopilote.roadmap.congress_text import NATIONAL, REGIONAL, ParseError, parse


def test_the_seed_has_11_themes_37_proposals_4_sub_items_and_8_national_suggestions(
    seed_bytes: bytes,
) -> None:
    assert parse(seed_bytes).summary() == {
        "themes": 11,
        "proposals": 37,
        "sub_items": 4,
        "national_suggestions": 8,
    }


def test_theme_2_has_three_sub_groups_of_2_2_and_3_proposals(seed_bytes: bytes) -> None:
    theme = parse(seed_bytes).themes[1]
    assert (theme.number, theme.title) == (2, "Transition écologique")
    assert theme.proposals == ()
    assert [(s.number, s.title, len(s.proposals)) for s in theme.sub_groups] == [
        (1, "Généraliser la transition écologique", 2),
        (2, "Accélérer la transition écologique", 2),
        (3, "Développer des outils financiers nationaux", 3),
    ]


def test_every_bullet_is_kept_byte_for_byte_in_document_order(
    seed_bytes: bytes, seed_bullets: list[str]
) -> None:
    texts = []
    for _theme, _sub_group, proposal in parse(seed_bytes).proposals():
        texts.append(proposal.text)
        texts.extend(proposal.sub_items)
    assert len(seed_bullets) == 41
    assert texts == seed_bullets
    assert "D’une stratégie nationale de communication d’influence déclinée régionalement." in texts
    assert (
        "De la création d’une formation “ambassadeur” à destination de tous les adhérents." in texts
    )


def test_enrichir_l_offre_is_one_proposal_with_four_sub_items(seed_bytes: bytes) -> None:
    theme = parse(seed_bytes).themes[7]
    enrich = theme.proposals[2]
    assert enrich.text == "Enrichir l’offre :"
    assert enrich.sub_items == (
        "mutualisation des fonctions support,",
        "base documentaire,",
        "hébergement de formations à l’UR,",
        "accompagnement sur les risques psychosociaux.",
    )


def test_lead_lines_titles_and_intro_are_kept(seed_bytes: bytes) -> None:
    parsed = parse(seed_bytes)
    assert len(parsed.intro) == 2
    assert parsed.intro[0].startswith("Lors de notre Congrès régional de ce 20 novembre 2025")
    assert parsed.themes[3].title == "Ambassadeur·rices du mouvement"
    assert parsed.themes[6].lead == (
        "Les coopératrices et coopérateurs souhaitent voir être mis en place au national :"
    )
    assert parsed.date == datetime.date(2025, 11, 20)


def test_national_suggestions_are_theme_7_the_national_tools_the_cgscop_and_the_strategy(
    seed_bytes: bytes,
) -> None:
    national = [
        (theme.number, sub_group.number if sub_group else None, proposal.text[:30])
        for theme, sub_group, proposal in parse(seed_bytes).proposals()
        if proposal.suggested_scope == NATIONAL
    ]
    assert national == [
        (2, 3, "Activer des mécanismes de bonu"),
        (2, 3, "Renforcer le fonds d’ingénieri"),
        (2, 3, "Mettre en place des outils mut"),
        (3, None, "Porter un plaidoyer auprès de "),
        (4, None, "D’une stratégie nationale de c"),
        (7, None, "La sociocratie, la coprésidenc"),
        (7, None, "Un règlement intérieur pour le"),
        (7, None, "Une analyse des modèles économ"),
    ]


def test_the_intro_mentioning_the_direction_nationale_does_not_make_proposals_national() -> None:
    text = "Que porter à la Direction Nationale de la CGscop ?\n1. Thème\n- Une action locale.\n"
    assert parse(text).themes[0].proposals[0].suggested_scope == REGIONAL


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- Interpeller la Confédération.", "Confédération"),
        ("- Saisir la CG Scop.", "CG Scop"),
        ("- Écrire à la Direction nationale.", "nationale"),
        ("- Agir nationalement.", "nationalement"),
    ],
)
def test_national_words_are_recognised_in_any_spelling(text: str, reason: str) -> None:
    proposal = parse(f"1. Thème\n{text}\n").themes[0].proposals[0]
    assert proposal.suggested_scope == NATIONAL
    assert reason in proposal.scope_reason


def test_international_and_regional_are_not_national() -> None:
    text = "1. Thème\n- Coopérer à l’international.\n- Agir au niveau régional.\n"
    assert {p.suggested_scope for p in parse(text).themes[0].proposals} == {REGIONAL}


def test_crlf_and_a_byte_order_mark_read_like_the_original(seed_bytes: bytes) -> None:
    windows = b"\xef\xbb\xbf" + seed_bytes.replace(b"\n", b"\r\n")
    assert parse(windows) == parse(seed_bytes)


def test_trailing_spaces_and_indented_sub_items_are_line_noise() -> None:
    parsed = parse("1. Thème  \n- Enrichir :  \n    - base,\n    - fin.\n")
    assert parsed.themes[0].title == "Thème"
    assert parsed.themes[0].proposals[0].sub_items == ("base,", "fin.")


def _error(source: str | bytes) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(source)
    return caught.value


def test_an_empty_file_is_refused_in_french_on_line_1() -> None:
    for empty in (b"", "  \n\n", b"\xef\xbb\xbf"):
        error = _error(empty)
        assert (error.code, error.line) == ("empty", 1)
        assert str(error) == "Ligne 1\u00a0: le texte est vide."


def test_a_text_without_theme_is_refused_naming_its_last_line() -> None:
    error = _error("Bonjour.\nUn compte rendu sans thème numéroté.\n")
    assert (error.code, error.line) == ("no_theme", 2)
    assert "aucun thème trouvé" in str(error)


def test_bytes_that_are_not_utf8_are_refused_with_the_line_of_the_first_bad_byte() -> None:
    latin1 = "1. Theme\n- Une idee.\n- Développer.\n".encode("latin-1")
    error = _error(latin1)
    assert (error.code, error.line) == ("encoding", 3)
    assert "UTF-8" in str(error)
    assert str(error).startswith("Ligne 3\u00a0: le fichier n’est pas en UTF-8 (octet 0xE9")


def test_a_bullet_before_any_theme_is_refused_with_its_line() -> None:
    error = _error("Introduction.\n- Une proposition orpheline.\n1. Thème\n- Une autre.\n")
    assert (error.code, error.line) == ("bullet_before_theme", 2)
    assert "avant tout thème" in str(error)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("1. T\n- Enrichir :\n- base,\n- documentaire,\n", "sub_item_list_not_closed", 4),
        ("1. T\n- Enrichir :\n- base,\n2. U\n- Autre.\n", "sub_item_list_not_closed", 3),
        ("1. T\n- Enrichir :\n", "empty_sub_item_list", 2),
        ("1. T\n- Enrichir :\n- Majuscule.\n", "empty_sub_item_list", 2),
        ("1) Sous-groupe\n", "sub_group_before_theme", 1),
        ("1. T\n- A.\n1. T bis\n- B.\n", "duplicate_theme", 3),
        ("1. T\n1) S\n- A.\n1) S bis\n- B.\n", "duplicate_sub_group", 4),
        ("1. T\n- A.\n- A.\n", "duplicate_proposal", 3),
        ("1. T\n2. U\n- A.\n", "empty_theme", 1),
        ("1. T\n1) S\n2) U\n- A.\n", "empty_sub_group", 2),
        ("1. T\n• Une puce de traitement de texte.\n", "unknown_bullet", 2),
        ("1. T\n-Sans espace.\n", "unknown_bullet", 2),
        ("1. T\n- \n", "empty_bullet", 2),
        ("1. T\n- A.\nUn paragraphe perdu.\n", "unexpected_line", 3),
        ("1. T\n- A\x00B.\n", "control_character", 2),
        ("1. " + "x" * 301 + "\n- A.\n", "title_too_long", 1),
    ],
)
def test_malformed_texts_are_refused_with_a_code_and_the_line_to_fix(
    text: str, code: str, line: int
) -> None:
    error = _error(text)
    assert (error.code, error.line) == (code, line)
    assert str(error).startswith(f"Ligne {line}\u00a0: ")


def test_the_parser_and_the_spreadsheet_format_import_no_django() -> None:
    code = (
        "import sys, coopilote.roadmap.congress_text, coopilote.roadmap.tabular;"
        "print(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 -- a fixed command line, no outside input
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.stdout.strip() == "False"
