from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopilote.roadmap.models import Congress, Proposal, Scope
from coopilote.roadmap.services.proposals import MAX_COMMENT

MAX_UPLOAD = 2 * 1024 * 1024


def _read_upload(upload: Any) -> bytes:
    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("The file is too large (2 MB at most)."))
    return b"".join(upload.chunks())


class CongressImportForm(forms.Form):
    file = forms.FileField(
        label=_("Text file"),
        required=False,
        help_text=_("Plain text, UTF-8. Or paste the text below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("Congress text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    name = forms.CharField(
        label=_("Congress name"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to name it after its date."),
    )
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            data["source"] = _read_upload(upload)
        elif data.get("text", "").strip():
            data["source"] = data["text"]
        else:
            raise forms.ValidationError(_("Choose a file or paste the text."))
        return data


class ProposalChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Proposal) -> str:
        return f"{obj.reference} — {obj.text}"


class MergeForm(forms.Form):
    proposals = ProposalChoices(
        label=_("Proposals to merge"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(
        label=_("Text of the merged proposal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = (  # type: ignore[attr-defined]
            Proposal.objects.in_congress(congress)
            .active()
            .select_related("theme")
            .in_document_order()
        )

    def clean_proposals(self) -> Any:
        chosen = self.cleaned_data["proposals"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least two proposals to merge."))
        return chosen


class SplitForm(forms.Form):
    parts = forms.CharField(
        label=_("New proposals, one per line"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_parts(self) -> list[str]:
        parts = [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
        if len(parts) < 2:
            raise forms.ValidationError(_("Give at least two parts, one per line."))
        return parts


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, widget=forms.RadioSelect)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )


class TableImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (UTF-8, semicolons) or XLSX, with the export's columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> bytes:
        return _read_upload(self.cleaned_data["file"])
