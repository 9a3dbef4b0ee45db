"""Forms of the rules area. Mass assignment is prevented by explicit fields: the author, the
base version, the status and the decision links are never form fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.governance.models import (
    Accountability,
    Amendment,
    Assembly,
    Resolution,
    RuleDocument,
)
from coopilote.members.models import Body

TEXTAREA = {"rows": 14}


class RuleDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleDocument.Kind.choices)
    body = forms.ModelChoiceField(
        label=_("Body it governs"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("Its amendments are decided by consent in this body."),
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Start each article on its own line: « Article 1 — Purpose »."),
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, union: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.of_union(union).order_by("name")  # type: ignore[attr-defined]


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ("title", "article", "text", "rationale")
        labels = {"title": _("Title"), "text": _("Amended text")}
        help_texts = {
            "article": _(
                "Optional: the article you change (« Article 4 »). Then write only its new "
                "wording below; an article not in the text is added at the end."
            ),
            "text": _("The whole amended text, or only the new wording of the article above."),
        }
        widgets = {
            "text": forms.Textarea(attrs=TEXTAREA),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }


class RebaseForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ("article", "text")
        labels = {"text": _("Amended text")}
        help_texts = AmendmentForm.Meta.help_texts
        widgets = {"text": forms.Textarea(attrs=TEXTAREA)}


class DecisionForm(forms.Form):
    CONSENT, ASSEMBLY = "consent", "assembly"

    way = forms.ChoiceField(
        label=_("Decided by"),
        widget=forms.RadioSelect,
        choices=[
            (CONSENT, _("consent in the body the document governs")),
            (ASSEMBLY, _("a resolution of a general assembly")),
        ],
    )
    living_effect = forms.CharField(
        label=_("Voice of the living"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Expected effect on the planet, the living and nature (consent decision)."),
    )
    assembly = forms.ModelChoiceField(
        label=_("General assembly"), queryset=Assembly.objects.none(), required=False
    )
    method = forms.ChoiceField(
        label=_("Voting method"),
        choices=[
            (Resolution.Method.SIMPLE, Resolution.Method.SIMPLE.label),
            (Resolution.Method.QUALIFIED, Resolution.Method.QUALIFIED.label),
        ],
        initial=Resolution.Method.SIMPLE,
        required=False,
    )

    def __init__(self, *args: Any, assemblies: Any, has_body: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assembly"].queryset = assemblies  # type: ignore[attr-defined]
        if not has_body:
            self.fields["way"].choices = [  # type: ignore[attr-defined]
                choice
                for choice in self.fields["way"].choices  # type: ignore[attr-defined]
                if choice[0] != self.CONSENT
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("way") == self.ASSEMBLY and data.get("assembly") is None:
            self.add_error("assembly", _("Choose the general assembly."))
        return data


class CompareForm(forms.Form):
    """The two versions to compare (GET)."""

    a = forms.IntegerField(label=_("From version"), min_value=1)
    b = forms.IntegerField(label=_("To version"), min_value=1)


class AccountabilityForm(forms.ModelForm):
    class Meta:
        model = Accountability
        fields = (
            "domain",
            "decides",
            "executes",
            "accountable",
            "reports_to",
            "rule",
            "rule_article",
        )

    def __init__(self, *args: Any, union: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = RuleDocument.objects.in_union(union)  # type: ignore[attr-defined]
