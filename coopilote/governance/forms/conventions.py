"""Forms of the citizen conventions: the convention, a category and its quotas, the public
sign-up (with consent and a honeypot), the import, the seed's sources and their values."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.spreadsheet import FORMULA_STARTS
from coopilote.core.widgets import LOCAL_DATETIME, DateTimeInput
from coopilote.governance.models import Category, Convention
from coopilote.governance.services.conventions.setup import CONVENTION_FIELDS

MAX_IMPORT_BYTES = 2_000_000
MIN_LOTTERY, MAX_LOTTERY = 100, 10_000
_QUOTA_LINE = re.compile(r"^(?P<value>[^;]+?)\s*;\s*(?P<min>\d+)\s*;\s*(?P<max>\d+)$")


class ConventionForm(forms.ModelForm[Convention]):
    class Meta:
        model = Convention
        fields = list(CONVENTION_FIELDS)
        widgets = {
            "question": forms.Textarea(attrs={"rows": 4}),
            "signup_closes_at": DateTimeInput(),
        }
        help_texts = {
            "panel_size": _("How many people sit on the panel."),
            "lottery_size": _("The lottery's numbered panels; the seed picks one of them."),
            "signup_closes_at": _("Optional: the public form closes then."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        closes = self.fields["signup_closes_at"]
        assert isinstance(closes, forms.DateTimeField)
        closes.input_formats = [LOCAL_DATETIME]

    def clean_signup_closes_at(self) -> Any:
        closes = self.cleaned_data.get("signup_closes_at")
        changed = "signup_closes_at" in self.changed_data
        if closes is not None and changed and closes <= timezone.now():
            raise ValidationError(_("This closing date is already past."), code="past")
        return closes

    def clean_panel_size(self) -> int:
        size = int(self.cleaned_data["panel_size"])
        if size < 1:
            raise ValidationError(_("At least one seat."), code="too_small")
        return size

    def clean_lottery_size(self) -> int:
        # Few panels make a coarse lottery (probabilities in steps of 1/m), and one panel is no
        # lottery at all: the seed would choose nothing. 1,000 is the published default.
        size = int(self.cleaned_data["lottery_size"])
        if not MIN_LOTTERY <= size <= MAX_LOTTERY:
            raise ValidationError(_("Between 100 and 10,000 panels."), code="lottery_size")
        return size


class CategoryForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_(
            "Short, without spaces or accents (e.g. genre, age): the column name in the files."
        ),
    )
    label = forms.CharField(label=pgettext_lazy("wording", "Label"), max_length=80)
    quotas = forms.CharField(
        label=_("Values and quotas"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One value a line: value;minimum;maximum (e.g. « femme;6;8 »)."),
    )

    def __init__(self, *args: Any, category: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if category is not None:
            self.fields["key"].disabled = True
            self.initial.setdefault("key", category.key)
            self.initial.setdefault("label", category.label)
            self.initial.setdefault(
                "quotas",
                "\n".join(f"{f.value};{f.minimum};{f.maximum}" for f in category.features.all()),
            )

    def clean_quotas(self) -> list[tuple[str, int, int]]:
        quotas: list[tuple[str, int, int]] = []
        seen: set[str] = set()
        for number, raw in enumerate(self.cleaned_data["quotas"].splitlines(), start=1):
            line = " ".join(raw.split())
            if not line:
                continue
            match = _QUOTA_LINE.match(line)
            if match is None:
                raise ValidationError(
                    _("Line %(line)d: expected value;minimum;maximum."),
                    code="quota_line",
                    params={"line": number},
                )
            value = match["value"]
            low, high = int(match["min"]), int(match["max"])
            if value.startswith(FORMULA_STARTS) or len(value) > 80:
                raise ValidationError(
                    _(
                        "Line %(line)d: a value starts with a letter or a digit "
                        "(80 characters at most)."
                    ),
                    code="quota_value",
                    params={"line": number},
                )
            if low > high:
                raise ValidationError(
                    _("Line %(line)d: the minimum exceeds the maximum."),
                    code="quota_order",
                    params={"line": number},
                )
            if value.lower() in seen:
                raise ValidationError(
                    _("Line %(line)d: « %(value)s » twice."),
                    code="quota_twice",
                    params={"line": number, "value": value},
                )
            seen.add(value.lower())
            quotas.append((value, low, high))
        if not quotas:
            raise ValidationError(_("Give at least one value."), code="no_value")
        return quotas


class SignupForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=_(
            "I agree that the union processes these data to constitute the pool and draw the "
            "panel, as explained above."
        ),
        required=True,
        error_messages={
            "required": _(
                "Tick this box to agree to the processing of your data: without it, "
                "we cannot add you to the pool."
            )
        },
    )
    # Honeypot: hidden from people by CSS (and from screen readers), filled in by robots.
    nickname = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self, *args: Any, categories: list[tuple[Category, list[str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.category_keys: list[str] = []
        for category, values in categories:
            name = f"category_{category.key}"
            self.fields[name] = forms.ChoiceField(
                label=category.label,
                choices=[("", _("— choose —")), *((value, value) for value in values)],
            )
            self.category_keys.append(category.key)
        # The honeypot last, the consent just before it.
        for name in ("consent", "nickname"):
            self.fields[name] = self.fields.pop(name)

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("nickname"))

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"category_{key}"] for key in self.category_keys}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: prénom, nom, email, then one column per category (its key or its label); "
            "separated by commas or semicolons, UTF-8."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "The people in this file agreed to the processing of their data for this convention."
        ),
        required=True,
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."), code="too_large")
        content = b"".join(upload.chunks())
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text."), code="encoding") from None


class AnnounceForm(forms.Form):
    label = forms.CharField(
        label=_("Source of the value"),
        max_length=200,
        help_text=_(
            "E.g. « Dice rolled at the general assembly of 12 March », "
            "« EuroMillions draw of Friday 14 March »."
        ),
    )
    commitment = forms.CharField(
        label=_("Commitment (sealed contribution)"),
        max_length=64,
        required=False,
        help_text=_(
            "Optional: the SHA-256 of the value and its salt, published now, revealed later."
        ),
    )
    expected_at = forms.DateTimeField(
        label=_("Value known on (future public value)"),
        widget=DateTimeInput(),
        input_formats=[LOCAL_DATETIME],
        required=False,
        help_text=_(
            "For a value nobody knows yet, such as a lottery's result: the date and time it is "
            "published. While it is unknown, a sealed contribution that is never revealed can "
            "be set aside."
        ),
    )


class RevealForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=200)
    salt = forms.CharField(
        label=_("Salt"),
        max_length=64,
        required=False,
        help_text=_("For a sealed contribution only (no colon)."),
    )
