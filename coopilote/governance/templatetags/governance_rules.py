"""A rule text shown article by article: each « Article … » line becomes a heading."""

from __future__ import annotations

from django import template

from coopilote.governance.services.rules import sections

register = template.Library()


@register.filter
def articles(text: str) -> list[tuple[str, str]]:
    return sections(text)
