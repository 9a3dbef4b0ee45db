"""Forms of a cooperative's photos, testimonials and suggested corrections.

Each lists its fields: the cooperative always comes from the URL, never from the POST.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.directory import profile
from coopilote.directory.models import CorrectionSuggestion, Photo, Testimonial


class PhotoForm(forms.ModelForm[Photo]):
    # Not the model's ImageField: the upload is checked and re-encoded before it is stored.
    image = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB; resized to 1600 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["kind", "alt_text", "caption"]
        help_texts = {
            "alt_text": _("What the image shows, for people who cannot see it (required)."),
        }

    def clean_image(self) -> ContentFile[bytes]:
        return profile.reencode(self.cleaned_data["image"])


class TestimonialForm(forms.ModelForm[Testimonial]):
    class Meta:
        model = Testimonial
        fields = ["author_name", "author_role", "text", "consent"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        consent = self.fields["consent"]
        consent.required = True
        consent.error_messages["required"] = _(
            "A testimonial is published only with the consent of the person quoted."
        )


# What a visitor may point at; stored in ``field_name`` (the section of the page).
SECTIONS = [
    ("", _("Choose…")),
    ("identity", _("Identity (name, status, SIRET)")),
    ("activity", _("Activity and sector")),
    ("contact", _("Contact details")),
    ("description", _("Description")),
    ("photos", _("Photos or testimonials")),
    ("other", _("Something else")),
]


class CorrectionForm(forms.ModelForm[CorrectionSuggestion]):
    field_name = forms.ChoiceField(label=_("What is wrong"), choices=SECTIONS, required=False)
    # Honeypot: hidden from people by CSS (and from screen readers), filled in by robots.
    nickname = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = CorrectionSuggestion
        fields = ["field_name", "message", "author_email"]
        labels = {"message": _("The correction")}
        help_texts = {
            "message": _("What is wrong on the page, and what it should say."),
            "author_email": _("Only the union sees it, to answer you."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("nickname"))


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (CorrectionSuggestion.Status.APPLIED, pgettext_lazy("suggestion", "applied")),
            (CorrectionSuggestion.Status.REJECTED, pgettext_lazy("suggestion", "rejected")),
        ]
    )
