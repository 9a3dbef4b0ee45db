"""{% field %}: the markup every form field gets, label tied to input, errors and help tied by
aria-describedby, lists of choices in a fieldset with a legend."""

from __future__ import annotations

from django import forms
from django.template import engines


class Sample(forms.Form):
    name = forms.CharField(label="Nom <b>", help_text="Votre nom & prénom.")
    nickname = forms.CharField(label="Surnom", required=False)
    agree = forms.BooleanField(label="J’accepte", required=False, help_text="Obligatoire.")
    colour = forms.ChoiceField(
        label="Couleur", choices=[("r", "Rouge"), ("v", "Vert")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    topics = forms.MultipleChoiceField(
        label="Sujets",
        choices=[("a", "Agriculture"), ("b", "Bâtiment")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def render(form: forms.Form, name: str) -> str:
    template = engines["django"].from_string("{% field form." + name + " %}")
    return template.render({"form": form})


def test_a_required_text_field_has_its_label_mark_help_and_escaping():
    html = render(Sample(), "name")
    assert html.startswith('<label for="id_name">Nom &lt;b&gt; <span aria-hidden="true">*</span>')
    assert 'aria-describedby="id_name_helptext"' in html
    assert '<small id="id_name_helptext">Votre nom &amp; prénom.</small>' in html
    assert 'aria-hidden="true"' not in render(Sample(), "nickname")


def test_errors_follow_the_input_and_are_tied_to_it():
    form = Sample(data={"colour": "r"})
    html = render(form, "name")
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert html.index("<input") < html.index('<ul class="errorlist" id="id_name_error">')


def test_a_checkbox_sits_inside_its_label():
    html = render(Sample(), "agree")
    assert html.startswith('<label for="id_agree"><input type="checkbox"')
    assert html.index("J’accepte") < html.index("</label>")
    assert '<small id="id_agree_helptext">Obligatoire.</small>' in html


def test_radio_buttons_get_a_fieldset_and_a_legend():
    html = render(Sample(data={}), "colour")
    assert html.startswith('<fieldset aria-describedby="id_colour_error">')
    assert '<legend>Couleur <span aria-hidden="true">*</span></legend>' in html
    assert html.count('type="radio"') == 2 and html.endswith("</fieldset>")


def test_an_optional_list_of_choices_has_no_required_mark():
    assert "<legend>Sujets</legend>" in render(Sample(), "topics")


def test_a_hidden_field_is_the_input_alone():
    assert render(Sample(), "token") == '<input type="hidden" name="token" id="id_token">'
