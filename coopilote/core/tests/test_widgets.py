"""QuickSelect, QuickTextInput and QuickNumberInput write what Django's widgets write, only
faster."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe

from coopilote.core.widgets import QuickNumberInput, QuickSelect, QuickTextInput

CHOICES = [("", "Tous"), ("69", "Rhône"), ("2A", "Corse-du-Sud"), ("x", 'a "b" <c> & d')]


def options(html: str) -> list[tuple[str, bool, str]]:
    found = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    return [(value, bool(selected), label) for value, selected, label in found]


def opening(html: str) -> str:
    return html.split(">", 1)[0]


@pytest.mark.parametrize("value", [None, "", "69", "2A", "x", "absent"])
def test_options_and_selection_match_djangos_select(value: str | None) -> None:
    attrs = {"id": "id_departement", "aria-describedby": "id_departement_helptext"}
    stock = forms.Select(choices=CHOICES).render("departement", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("departement", value, attrs)
    assert options(quick) == options(stock)
    assert len(options(quick)) == len(CHOICES)


def test_labels_and_attributes_are_escaped() -> None:
    html = QuickSelect(choices=[("1", '"><script>')]).render('a"b', "1", {"data-x": '"y'})
    assert "<script>" not in html
    assert 'name="a&quot;b"' in html
    assert 'data-x="&quot;y"' in html


def test_required_and_id_attributes_are_kept() -> None:
    html = QuickSelect(choices=CHOICES).render("d", None, {"id": "id_d", "required": True})
    assert opening(html) == '<select name="d" id="id_d" required'


def test_safe_labels_are_not_escaped_twice() -> None:
    html = QuickSelect(choices=[("1", mark_safe("L&rsquo;Ain"))]).render("d", None)
    assert "L&rsquo;Ain" in html


def test_option_groups_are_refused() -> None:
    with pytest.raises(TypeError):
        QuickSelect(choices=[("Group", [("1", "one")])]).render("d", None)


class Form(forms.Form):
    departement = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)


def test_a_bound_field_renders_its_submitted_value_selected() -> None:
    html = str(Form({"departement": "2A"})["departement"])
    assert ("2A", True, "Corse-du-Sud") in options(html)
    assert 'id="id_departement"' in html


@pytest.mark.django_db
def test_the_light_model_choice_field_lists_the_rows_and_cleans_to_an_instance() -> None:
    from coopilote.core.models import Department
    from coopilote.core.widgets import LightModelChoiceField
    from coopilote.members.tests.factories import DepartmentFactory

    rhone = DepartmentFactory(code="69", name="Rhône")
    DepartmentFactory(code="2A", name="Corse-du-Sud", region=rhone.region)

    class Pick(forms.Form):
        departement = LightModelChoiceField(
            queryset=Department.objects.order_by("code"),
            required=False,
            empty_label="Tous",
            label_fields=("name", "code"),
            label_format="{} ({})",
            widget=QuickSelect,
        )

    form = Pick({"departement": "69"})
    assert form.is_valid()
    assert form.cleaned_data["departement"] == rhone
    assert options(str(form["departement"])) == [
        ("", False, "Tous"),
        ("2A", False, "Corse-du-Sud (2A)"),
        ("69", True, "Rhône (69)"),
    ]
    assert not Pick({"departement": "99"}).is_valid()


# --- QuickTextInput and QuickNumberInput: Django's <input>, to the byte ---------------------

INPUTS = [
    pytest.param(
        forms.CharField,
        QuickTextInput,
        forms.TextInput,
        {"type": "search", "placeholder": 'a "b" <c> & d', "data-x": True, "data-y": False},
        {"max_length": 8, "required": False, "help_text": "h"},
        id="text",
    ),
    pytest.param(
        forms.IntegerField,
        QuickNumberInput,
        forms.NumberInput,
        {},
        {"min_value": 1, "max_value": 2100, "required": False},
        id="number",
    ),
    pytest.param(
        forms.IntegerField,
        QuickNumberInput,
        forms.NumberInput,
        {"step": "any"},
        {"localize": True},
        id="localized number",
    ),
]
SUBMITTED = [None, {}, {"f": 'x"<y>&z'}, {"f": "12"}, {"f": "123456789"}, {"f": mark_safe("<b>")}]


@pytest.mark.parametrize(("field", "quick", "django", "attrs", "options"), INPUTS)
@pytest.mark.parametrize("data", SUBMITTED)
def test_quick_inputs_write_what_djangos_inputs_write(
    field: Any, quick: Any, django: Any, attrs: dict[str, Any], options: dict[str, Any], data: Any
) -> None:
    def form(widget: Any) -> forms.Form:
        cls = type("F", (forms.Form,), {"f": field(widget=widget(attrs=dict(attrs)), **options)})
        bound = cls(data) if data is not None else cls(initial={"f": 1234567})
        bound.is_valid()
        return bound

    ours, theirs = form(quick)["f"], form(django)["f"]
    assert str(ours) == str(theirs)
    extra = {"class": "z", "disabled": True, "aria-describedby": "f-help"}
    assert ours.as_widget(attrs=extra) == theirs.as_widget(attrs=extra)
