"""Forms of the practice sheets. Explicit fields: the cooperative of a sheet is chosen among the
author's own when it is written and never changes; the author is never a field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coopilote.governance.models import PracticeSheet, PracticeTag
from coopilote.members.models import Cooperative
from coopilote.members.roles import EDITOR_ROLES, roles_of

SHEET_FIELDS = (
    "title",
    "context",
    "actions",
    "worked",
    "did_not_work",
    "tools",
    "contact",
    "tags",
    "published",
)


def writable_cooperatives(user: Any) -> QuerySet[Cooperative]:
    """Active cooperatives ``user`` writes sheets for: theirs as referent or manager, and
    those of the unions they manage."""
    roles = roles_of(user)
    if not roles.authenticated or roles.person_id is None:
        return Cooperative.objects.none()
    cooperatives = Cooperative.objects.active()
    if roles.is_admin:
        return cooperatives
    mine = [pk for pk, held in roles.cooperatives.items() if held & EDITOR_ROLES]
    return cooperatives.filter(Q(pk__in=mine) | Q(union_id__in=roles.managed_union_ids()))


class PracticeSheetForm(forms.ModelForm):
    class Meta:
        model = PracticeSheet
        fields: tuple[str, ...] = SHEET_FIELDS
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 6}),
            "worked": forms.Textarea(attrs={"rows": 4}),
            "did_not_work": forms.Textarea(attrs={"rows": 4}),
            "tools": forms.Textarea(attrs={"rows": 3}),
            "tags": forms.CheckboxSelectMultiple,
        }
        # Explicit msgid: the bare "title" of other catalogues means a person's role.
        labels = {"title": _("Title")}
        help_texts = {
            "contact": _("Who to ask: a name, a role, an e-mail address — public."),
            "published": _("Unpublished, the sheet is seen only by your cooperative and union."),
        }


class PracticeSheetCreateForm(PracticeSheetForm):
    cooperative = forms.ModelChoiceField(
        label=_("Cooperative"), queryset=Cooperative.objects.none(), empty_label=None
    )

    class Meta(PracticeSheetForm.Meta):
        fields = ("cooperative", *SHEET_FIELDS)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = writable_cooperatives(user).order_by("name")  # type: ignore[attr-defined]


class PracticeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        queryset=PracticeTag.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All tags"),
    )

    def apply(self, sheets: QuerySet[PracticeSheet]) -> QuerySet[PracticeSheet]:
        if not self.is_valid():
            return sheets
        if self.cleaned_data["q"]:
            sheets = sheets.matching(self.cleaned_data["q"])  # type: ignore[attr-defined]
        if self.cleaned_data["tag"] is not None:
            sheets = sheets.filter(tags=self.cleaned_data["tag"])
        return sheets


class TrialForm(forms.Form):
    cooperative = forms.ModelChoiceField(
        label=_("Our cooperative"), queryset=Cooperative.objects.none(), empty_label=None
    )
    note = forms.CharField(
        label=_("How it went"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, cooperatives: QuerySet[Cooperative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = cooperatives  # type: ignore[attr-defined]
