"""Dates as French typography writes them: « 1er décembre », « 2 décembre »."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.utils import translation

from coopilote.core.templatetags.french import french_date, french_day


def render(text: str, **context: object) -> str:
    return engines["django"].from_string(text).render(context)


@pytest.mark.parametrize(
    ("day", "fmt", "expected"),
    [
        (datetime.date(2026, 12, 1), "j F Y", "1er décembre 2026"),
        (datetime.date(2026, 12, 2), "j F Y", "2 décembre 2026"),
        (datetime.date(2026, 12, 11), "j F Y", "11 décembre 2026"),
        (datetime.date(2026, 12, 21), "j F Y", "21 décembre 2026"),
        (datetime.date(2026, 12, 1), "l j F Y", "mardi 1er décembre 2026"),
        (datetime.datetime(2026, 12, 1, 1, 1), "j F Y, H:i", "1er décembre 2026, 01:01"),
        (datetime.datetime(2026, 11, 2, 1, 1), "j F Y, H:i", "2 novembre 2026, 01:01"),
        (datetime.date(2026, 12, 1), "d/m/Y", "01/12/2026"),
    ],
)
def test_the_first_of_the_month_is_written_1er(day, fmt, expected):
    with translation.override("fr"):
        assert french_date(day, fmt) == expected


def test_in_english_the_date_is_left_as_django_writes_it():
    with translation.override("en"):
        assert french_date(datetime.date(2026, 12, 1), "j F Y") == "1 December 2026"


def test_the_filter_is_built_into_every_template_and_keeps_empty_values_empty():
    with translation.override("fr"):
        text = '{{ day|french_date:"j F Y" }}|{{ none|french_date:"j F Y" }}'
        assert render(text, day=datetime.date(2027, 1, 1), none=None) == "1er janvier 2027|"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_french_document_s_date_is_french_whatever_the_interface_s_language(language):
    with translation.override(language):
        assert french_day(datetime.date(2027, 3, 1)) == "1er mars 2027"
        assert french_day(datetime.date(2026, 11, 26)) == "26 novembre 2026"
        assert translation.get_language() == language
