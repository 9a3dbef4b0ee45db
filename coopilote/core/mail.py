"""What every e-mail of the platform shares."""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string

# Line breaks and ASCII blanks only: str.split() would also take the no-break spaces French
# typography puts before « : ? ! » and inside « », and the subject would break at the colon.
_BLANKS = re.compile(r"[ \t\r\n\f\v]+")


def render_subject(template: str, context: dict[str, Any]) -> str:
    """A subject on one line, as a header must be (a title may hold a line break)."""
    return _BLANKS.sub(" ", render_to_string(template, context)).strip()
