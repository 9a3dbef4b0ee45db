"""``{% field bound_field %}``: one labelled form field, written in Python.

It was an ``{% include %}`` of a template, repeated for every field of every form: about 0.4 ms
a field, more than the rest of the directory's search page. The markup is the same: a label tied
to its input, the required mark hidden from screen readers (the input says it is required),
the help text and the errors, which Django 5.2 ties to the input with ``aria-describedby``;
choices rendered as a list of inputs (radio buttons, checkboxes) get a fieldset and a legend.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def field(bound: BoundField) -> SafeString:
    if bound.is_hidden:
        return mark_safe(str(bound))  # noqa: S308 -- Django's own rendering
    label = conditional_escape(bound.label)
    widget = str(bound)
    errors = str(bound.errors) if bound.errors else ""
    help_text = (
        format_html('<small id="{}_helptext">{}</small>', bound.auto_id, bound.help_text)
        if bound.help_text
        else ""
    )
    mark = ' <span aria-hidden="true">*</span>' if bound.field.required else ""
    if bound.use_fieldset:
        described = bound.aria_describedby
        opening = (
            format_html('<fieldset aria-describedby="{}">', described)
            if described
            else ("<fieldset>")
        )
        legend = f"<legend>{label}{mark}</legend>"
        parts = [opening, legend, help_text, errors, widget, "</fieldset>"]
    elif bound.widget_type == "checkbox":
        tag = format_html('<label for="{}">', bound.id_for_label)
        parts = [f"{tag}{widget} {label}</label>", help_text, errors]
    else:
        tag = format_html('<label for="{}">', bound.id_for_label)
        parts = [f"{tag}{label}{mark}</label>", widget, help_text, errors]
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 -- escaped above
