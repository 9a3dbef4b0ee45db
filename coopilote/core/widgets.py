"""Shared form widgets.

``DateInput`` / ``DateTimeInput``: the browser's own date pickers, which send ISO values whatever
the language of the page (``LOCAL_DATETIME`` is the format to accept back).

``QuickSelect``, for the pages people load most: Django renders each ``<option>`` through the
template engine (about 0.2 ms an option): the directory's 101 départements alone cost more than
the rest of its page. ``QuickSelect`` writes the same HTML in Python. ``QuickTextInput`` and
``QuickNumberInput`` do the same for an ``<input>`` (two templates, about 0.1 ms each: the
directory's six inputs cost as much as its twenty rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

from coopilote.core.pagecache import kept

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=LOCAL_DATETIME, **kwargs)


class QuickSelect(forms.Select):
    """A single ``<select>`` without option groups, rendered without templates."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        selected = set(self.format_value(value))
        options: list[str] = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                raise TypeError("QuickSelect does not render option groups.")
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in selected else ""
            label = conditional_escape(str(option_label))
            options.append(f'<option value="{escape(text)}"{mark}>{label}</option>')
            if text in selected:
                selected = set()  # a single select marks its first match only, as Django does
        opening = format_html(
            '<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs))
        )
        return mark_safe(opening + "".join(options) + "</select>")  # noqa: S308 -- escaped above


class _QuickInput(Input):
    """An ``<input>`` written as Django's ``input.html`` and ``attrs.html`` write it."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        parts = [f'<input type="{escape(self.input_type)}" name="{escape(name)}"']
        shown = self.format_value(value)
        if shown is not None:
            parts.append(f' value="{_as_text(shown)}"')
        for key, attribute in self.build_attrs(self.attrs, attrs).items():
            # As attrs.html: False leaves the attribute out, True writes its name alone.
            if attribute is True:
                parts.append(f" {escape(key)}")
            elif attribute is not False:
                parts.append(f' {escape(key)}="{_as_text(attribute)}"')
        parts.append(">")
        return mark_safe("".join(parts))  # noqa: S308 -- escaped above


def _as_text(value: Any) -> str:
    """As ``{{ value|stringformat:'s' }}``: text, escaped unless already safe."""
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


class QuickTextInput(_QuickInput, forms.TextInput):
    pass


class QuickNumberInput(_QuickInput, forms.NumberInput):
    pass


class _ValuesChoiceIterator(ModelChoiceIterator):
    """Options from one ``values_list`` query: no model instance built per option."""

    field: LightModelChoiceField

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        columns = (field.to_field_name or "pk", *field.label_fields)
        if field.kept_as is None:
            rows = list(self.queryset.values_list(*columns))
        else:
            rows = kept(field.kept_as, lambda: list(self.queryset.values_list(*columns)))
        for key, *label in rows:
            yield (key, field.label_format.format(*label))


class LightModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are read with ``values_list``.

    ``label_fields`` are the columns put into ``label_format`` (e.g. ``"{} ({})"`` with
    ``("name", "code")``). Validation and the cleaned value (a model instance) are unchanged.
    ``kept_as``: a name under which the options, public data the same for everyone, are kept
    between requests (``pagecache.kept``).
    """

    iterator = _ValuesChoiceIterator

    def __init__(
        self,
        *args: Any,
        label_fields: tuple[str, ...],
        label_format: str,
        kept_as: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.label_fields = label_fields
        self.label_format = label_format
        self.kept_as = kept_as
        super().__init__(*args, **kwargs)
