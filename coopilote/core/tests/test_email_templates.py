"""E-mail subjects and plain-text bodies are text, not HTML: « Dupont & Fils », « l’atelier
d'Ernest » must not arrive as « &amp; » or « &#x27; »."""

from __future__ import annotations

from pathlib import Path

import coopilote

ROOT = Path(coopilote.__file__).parent
TEXT_TEMPLATES = sorted(path for path in ROOT.glob("*/templates/**/email/*.txt") if path.is_file())


def test_every_text_e_mail_template_turns_html_escaping_off():
    assert len(TEXT_TEMPLATES) >= 10
    escaping = [
        str(path.relative_to(ROOT))
        for path in TEXT_TEMPLATES
        if "{% autoescape off %}" not in path.read_text(encoding="utf-8")
    ]
    assert escaping == []
