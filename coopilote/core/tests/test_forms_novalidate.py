"""Every form that asks something is checked by the server, in French, beside its fields.

Without ``novalidate`` the browser checks first, with its own bubbles: worded by the browser,
gone as soon as the mouse moves, unread by some screen readers, and never the same message as
the server's. Forms made only of buttons and hidden inputs ask nothing: they are left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import coopilote

TEMPLATES = sorted(Path(coopilote.__file__).parent.glob("*/templates/**/*.html"))
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
# What makes a form ask something: a rendered form or field, or an input a person fills in.
ASKS = re.compile(
    r"\{\{ ?form ?\}\}|\{\{ ?formset|\{% field |\{% for field in|<textarea|<select"
    r'|<input(?![^>]*type="(?:hidden|submit)")'
)


def forms_asking_without_novalidate() -> list[str]:
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            attributes, body = match.groups()
            post = 'method="post"' in attributes
            if post and "novalidate" not in attributes and ASKS.search(body):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(Path(coopilote.__file__).parent)}:{line}")
    return found


def test_the_scan_sees_the_templates_and_would_catch_a_form_without_novalidate():
    assert len(TEMPLATES) > 100
    sample = '<form method="post">{% csrf_token %}{% field form.name %}</form>'
    ((attributes, body),) = FORM.findall(sample)
    assert "novalidate" not in attributes and ASKS.search(body)


def test_every_form_that_asks_something_leaves_the_checking_to_the_server():
    assert forms_asking_without_novalidate() == []
