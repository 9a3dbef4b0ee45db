"""``{{ day|french_date:"j F Y" }}``: Django's ``date`` filter, with the first of the month
written « 1er » as French typography wants (« le 1er décembre », never « le 1 décembre »)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import get_language, override

register = template.Library()

# The day Django wrote for "j": a lone 1 before the month's name (« 1 décembre »).
_FIRST_BEFORE_MONTH = re.compile(r"(?<![\d:])1(?= [^\W\d])")


@register.filter(expects_localtime=True, is_safe=False)
def french_date(value: Any, arg: str | None = None) -> str:
    text: str = date_filter(value, arg)
    if not text or not isinstance(value, datetime.date) or value.day != 1:
        return text
    if not (get_language() or "").startswith("fr"):
        return text
    return _FIRST_BEFORE_MONTH.sub("1er", text, count=1)


def french_day(day: datetime.date) -> str:
    """« 26 novembre 2026 », « 1er mars 2027 » in French whatever the interface's language:
    for the documents that are French data (letters, congress names)."""
    with override("fr"):
        return french_date(day, "j F Y")
