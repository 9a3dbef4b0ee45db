"""An e-mail subject is one line, and keeps French typography's no-break spaces."""

from __future__ import annotations

from coopilote.core.mail import render_subject


def test_a_subject_is_one_line_and_keeps_the_no_break_spaces(tmp_path, settings):
    (tmp_path / "subject.txt").write_text(
        "{% autoescape off %}Dernier jour\u00a0: {{ title }}\n{% endautoescape %}\n",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": True},
    ]
    title = "Atelier\n  «\u00a0Dupont & Fils\u00a0»"
    assert render_subject("subject.txt", {"title": title}) == (
        "Dernier jour\u00a0: Atelier «\u00a0Dupont & Fils\u00a0»"
    )
