"""Cooperative forms: what a referent may edit, and what only the union may set.

Mass assignment is prevented by omission: a field absent from a form is never written,
whatever the POST body holds.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import Commune, NafCode, Sector
from coopilote.members.models import Cooperative
from coopilote.members.models.cooperative import PUBLISHABLE_FIELDS, Family
from coopilote.members.validators import normalize_company_id

_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_POSTCODE = re.compile(r"^\d{5}$")
_PHONE = re.compile(r"^\+?\d{6,15}$")
_NAF_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


def _folded(text: str) -> str:
    """Compare commune names as people type them: no case, accents, hyphens or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[-'’]", " ", bare).split())


def _field_label(name: str) -> Any:
    return capfirst(getattr(Cooperative._meta.get_field(name), "verbose_name", name))


def _published_choices() -> list[tuple[str, str]]:
    return [(name, _field_label(name)) for name in PUBLISHABLE_FIELDS]


class CommuneInput(forms.CharField):
    """A commune typed as its name (with the postcode) or its INSEE code.

    A select of 35,000 communes is unusable with a keyboard or a screen reader; the form's
    ``clean`` resolves the text against the postcode.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("help_text", _("Its name (with the postcode above) or its INSEE code."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.name if isinstance(value, Commune) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (self.prepare_value(initial) or "") != (data or "").strip()


class NafInput(forms.CharField):
    """A NAF sub-class code such as 62.01Z: shorter to type than 732 options to scroll."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("NAF code"))
        kwargs.setdefault("help_text", _("For example 62.01Z."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, NafCode) else value

    def clean(self, value: Any) -> NafCode | None:
        text = super().clean(value).strip().upper()
        if not text:
            return None
        match = _NAF_CODE.match(text)
        naf = None
        if match:
            code = f"{match[1]}.{match[2]}{match[3]}"
            naf = NafCode.objects.filter(pk=code, level=NafCode.Level.SUBCLASS).first()
        if naf is None:
            raise ValidationError(
                _("Unknown NAF code: enter a sub-class such as 62.01Z."), code="invalid_naf"
            )
        return naf


class CooperativeForm(forms.ModelForm):
    """What a cooperative's referent or manager edits: its presentation, contact and size."""

    commune = CommuneInput()
    website = forms.URLField(
        label=_field_label("website"), required=False, max_length=200, assume_scheme="https"
    )
    public_fields = forms.MultipleChoiceField(
        label=_("Published in the public directory"),
        choices=_published_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Other contact and size fields stay visible to members and the union only."),
    )

    # Shown as fieldsets, in this order; fields a form lacks are skipped.
    groups = (
        (
            _("Identity"),
            (
                "name",
                "legal_status",
                "is_cae",
                "siren",
                "siret",
                "naf",
                "federation",
                "origin",
                "creation_date",
                "is_active",
            ),
        ),
        (_("Presentation"), ("description", "website")),
        (_("Contact"), ("contact_email", "phone", "address", "postcode", "commune")),
        (_("Size"), ("headcount", "associates_count", "employee_associates_count")),
        # A checkbox group is its own fieldset: no second legend around it.
        (None, ("public_fields",)),
    )

    class Meta:
        model = Cooperative
        fields: tuple[str, ...] = (
            "description",
            "website",
            "contact_email",
            "phone",
            "address",
            "postcode",
            "commune",
            "headcount",
            "associates_count",
            "employee_associates_count",
            "public_fields",
        )
        widgets: dict[str, forms.Widget] = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.commune_id:
            self.initial["commune"] = self.instance.commune

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.groups
            if any(name in self.fields for name in names)
        ]

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data.get("phone", "").strip()
        # What people type: « 04 78 12 34 56 », « 04.78.12.34.56 », « +33 (0)4 78 12 34 56 ».
        digits = re.sub(r"[\s.\-()/]", "", phone)
        if phone and not _PHONE.match(digits):
            raise ValidationError(
                _("A phone number holds digits only (and +, spaces, dots or dashes)."),
                code="invalid_phone",
            )
        return phone

    def clean_postcode(self) -> str:
        postcode: str = self.cleaned_data.get("postcode", "").replace(" ", "")
        if postcode and not _POSTCODE.match(postcode):
            raise ValidationError(_("A postcode has five digits."), code="invalid_postcode")
        return postcode

    def clean_public_fields(self) -> list[str]:
        # Stored in a fixed order so that re-saving unchanged choices is not a change.
        chosen = set(self.cleaned_data.get("public_fields") or ())
        return [name for name in PUBLISHABLE_FIELDS if name in chosen]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._clean_commune(cleaned)
        headcount = cleaned.get("headcount")
        employee_associates = cleaned.get("employee_associates_count")
        associates = cleaned.get("associates_count")
        if headcount is not None and employee_associates is not None:
            if employee_associates > headcount:
                self.add_error(
                    "employee_associates_count",
                    ValidationError(
                        _("There cannot be more employee-associates than employees."),
                        code="too_many_employee_associates",
                    ),
                )
            elif associates is not None and employee_associates > associates:
                self.add_error(
                    "employee_associates_count",
                    ValidationError(
                        _("Employee-associates are associates: there cannot be more of them."),
                        code="too_many_employee_associates",
                    ),
                )
        return cleaned

    def _clean_commune(self, cleaned: dict[str, Any]) -> None:
        # The typed text never reaches the model: either a Commune replaces it, or nothing.
        text = (cleaned.pop("commune", None) or "").strip()
        if "commune" in self.errors or "postcode" in self.errors:
            return
        if not {"commune", "postcode"} & set(self.changed_data):
            cleaned["commune"] = self.instance.commune if self.instance.commune_id else None
        elif not text:
            cleaned["commune"] = None
        else:
            try:
                cleaned["commune"] = find_commune(text, cleaned.get("postcode", ""))
            except ValidationError as error:
                self.add_error("commune", error)


def find_commune(text: str, postcode: str) -> Commune:
    """The one commune ``text`` names (an INSEE code, or a name in ``postcode``)."""
    if _INSEE_CODE.match(text.upper()):
        commune = Commune.objects.filter(pk=text.upper()).first()
        if commune is None:
            raise ValidationError(_("No commune has this INSEE code."), code="unknown_commune")
        if postcode and postcode not in commune.postcode_list:
            raise ValidationError(
                _("This commune does not have the postcode given above."), code="postcode_mismatch"
            )
        return commune
    if not postcode:
        raise ValidationError(
            _("Enter the postcode too, or the commune's INSEE code."), code="postcode_required"
        )
    wanted = _folded(text)
    matches = [
        commune
        for commune in Commune.objects.with_postcode(postcode)
        if postcode in commune.postcode_list and _folded(commune.name) == wanted
    ]
    if not matches:
        raise ValidationError(
            _("No commune of this name has this postcode."), code="unknown_commune"
        )
    if len(matches) > 1:
        raise ValidationError(
            _("Several communes match: enter the INSEE code."), code="ambiguous_commune"
        )
    return matches[0]


class CooperativeIdentityForm(CooperativeForm):
    """The union's staff also set the identity: status, registration numbers, membership."""

    # Wider than the columns: the spaces and dots people type are removed in clean_*.
    siren = forms.CharField(label=_field_label("siren"), max_length=20)
    siret = forms.CharField(label=_field_label("siret"), max_length=24)
    naf = NafInput()

    class Meta(CooperativeForm.Meta):
        fields = (
            "name",
            "legal_status",
            "is_cae",
            "siren",
            "siret",
            "naf",
            "federation",
            "origin",
            "creation_date",
            "is_active",
            *CooperativeForm.Meta.fields,
        )
        widgets = {
            **CooperativeForm.Meta.widgets,
            "creation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.naf_id:
            self.initial["naf"] = self.instance.naf_id

    def clean_siren(self) -> str:
        return normalize_company_id(self.cleaned_data["siren"], 9)

    def clean_siret(self) -> str:
        return normalize_company_id(self.cleaned_data["siret"], 14)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        siren, siret = cleaned.get("siren"), cleaned.get("siret")
        if siren and siret and not siret.startswith(siren):
            self.add_error(
                "siret",
                ValidationError(
                    _("The SIRET must start with the SIREN."),
                    code="siret_not_of_siren",
                ),
            )
        return cleaned


class CooperativeFilterForm(forms.Form):
    """The list's filters, read from the query string; invalid values are simply ignored."""

    family = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Family.choices],
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        empty_label=_("All"),
    )

    def apply(self, cooperatives: Any) -> Any:
        if not self.is_valid():
            return cooperatives
        if family := self.cleaned_data.get("family"):
            cooperatives = cooperatives.of_family(family)
        if sector := self.cleaned_data.get("sector"):
            cooperatives = cooperatives.filter(sector=sector)
        return cooperatives
