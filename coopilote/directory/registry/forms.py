"""The register page's two forms: what to look up, and which SIRENs to create or refresh."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopilote.directory.registry.client import MAX_PAGES, MAX_PER_PAGE
from coopilote.directory.registry.mapping import CATEGORIES
from coopilote.members.validators import is_valid_siren, normalize_company_id

_DEPARTEMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")


def clean_siren(raw: object) -> str:
    siren = normalize_company_id(raw, 9)
    if not is_valid_siren(siren):
        raise ValidationError(
            _("“%(value)s” is not a valid SIREN (9 digits with a valid check key)."),
            code="invalid_siren",
            params={"value": raw},
        )
    return siren


class RegistrySearchForm(forms.Form):
    siren = forms.CharField(label=_("SIREN"), required=False, max_length=20)
    categorie = forms.ChoiceField(
        label=_("Legal category"),
        required=False,
        choices=[("", "—"), *((code, label) for code, (label, _status) in CATEGORIES.items())],
    )
    departement = forms.CharField(
        label=_("Département"), required=False, max_length=3, help_text=_("For example 69 or 2A.")
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGES, widget=forms.HiddenInput
    )

    def clean_siren(self) -> str:
        raw = self.cleaned_data.get("siren", "")
        return clean_siren(raw) if raw else ""

    def clean_departement(self) -> str:
        value = str(self.cleaned_data.get("departement", "")).strip().upper()
        if value and not _DEPARTEMENT.match(value):
            raise ValidationError(_("Enter a département code, such as 69 or 2A."), code="invalid")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        searchable = data.get("siren") or (data.get("categorie") and data.get("departement"))
        if not self.errors and not searchable:
            raise ValidationError(
                _("Enter a SIREN, or a legal category and a département."), code="empty"
            )
        return data


class SirenListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return list(dict.fromkeys(clean_siren(item) for item in values))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > MAX_PER_PAGE:
            raise ValidationError(
                _("Choose at most %(max)d companies at once.") % {"max": MAX_PER_PAGE},
                code="too_many",
            )


class RegistryApplyForm(forms.Form):
    """Only SIRENs: names, addresses, the union… are fetched again, never taken from the POST."""

    siren = SirenListField(
        label=_("Companies"),
        error_messages={"required": _("Tick at least one company.")},
    )
    # The search to come back to (re-parsed, never used as a URL as such).
    query = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
