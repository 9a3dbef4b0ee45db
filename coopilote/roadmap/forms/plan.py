"""Forms of the roadmap, its actions, the letter and the prioritisation vote."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopilote.core.widgets import LOCAL_DATETIME, DateInput, DateTimeInput
from coopilote.members.models import Body, Person
from coopilote.roadmap.forms.congress import ProposalChoices
from coopilote.roadmap.models import (
    ACTIVE_STATUSES,
    Action,
    ActionStatus,
    Congress,
    Letter,
    Proposal,
    Roadmap,
)
from coopilote.roadmap.services.milestones import date_errors

MAX_NOTE = 4000


class RoadmapForm(forms.ModelForm):
    axes = forms.CharField(
        label=_("Axes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One axis a line; more can be added later."),
    )

    class Meta:
        model = Roadmap
        fields = ["title", "congress", "intro", "published"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, union: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.in_union(union)  # type: ignore[attr-defined]
        if not self.instance._state.adding:
            del self.fields["axes"]

    def clean_axes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["axes"].splitlines() if line.strip()]


class AxisForm(forms.Form):
    title = forms.CharField(label=_("New axis"), max_length=200)


class StatusForm(forms.ModelForm):
    class Meta:
        model = ActionStatus
        fields = ["name", "order", "is_done", "colour"]


StatusFormSet = forms.modelformset_factory(ActionStatus, form=StatusForm, extra=1, can_delete=True)


def pilots(union: Any) -> Any:
    """People who may lead an action: the union's staff and the members of its bodies."""
    return (
        Person.objects.active()
        .filter(Q(union_roles__union=union) | Q(body_seats__body__union=union))
        .distinct()
        .order_by("last_name", "first_name")
    )


class ActionForm(forms.ModelForm):
    proposals = ProposalChoices(
        label=_("Source proposals"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "axis",
            "parent",
            "description",
            "proposals",
            "owner_kind",
            "owner_body",
            "owner_person",
            "scope",
            "start",
            "due",
            "status",
            "weight",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "owner_kind": forms.RadioSelect,
            "scope": forms.RadioSelect,
            "start": DateInput(),
            "due": DateInput(),
        }

    def __init__(self, *args: Any, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        fields: Any = self.fields
        fields["axis"].queryset = roadmap.axes.all()
        fields["axis"].empty_label = None
        parents = Action.objects.in_roadmap(roadmap).order_by("axis__order", "order")
        editing = not self.instance._state.adding
        if editing:
            parents = parents.exclude(pk=self.instance.pk).exclude(parent=self.instance)
        fields["parent"].queryset = parents
        fields["parent"].required = False
        fields["parent"].help_text = _("Leave empty for a main action; choose one for a milestone.")
        proposals = Proposal.objects.filter(congress__union=roadmap.union_id)
        if roadmap.congress_id:
            proposals = proposals.filter(congress_id=roadmap.congress_id)
        fields["proposals"].queryset = (
            proposals.filter(Q(status__in=ACTIVE_STATUSES) | Q(actions=self.instance.pk))
            .distinct()
            .select_related("theme")
            .in_document_order()
            if editing
            else proposals.active().select_related("theme").in_document_order()
        )
        fields["owner_body"].queryset = Body.objects.filter(union=roadmap.union_id)
        fields["owner_person"].queryset = pilots(roadmap.union_id)
        fields["status"].queryset = roadmap.statuses.all()
        fields["status"].empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("owner_kind")
        if kind == Action.Owner.BODY and not data.get("owner_body"):
            self.add_error("owner_body", _("Choose the body that leads the action."))
        if kind == Action.Owner.PERSON and not data.get("owner_person"):
            self.add_error("owner_person", _("Choose the person who leads the action."))
        start, due = data.get("start"), data.get("due")
        if start and due and due < start:
            self.add_error("due", _("The due date comes before the start date."))
        elif not self.has_error("start") and not self.has_error("due"):
            # The service's rule, shown beside the dates it concerns.
            if "parent" in self.fields:
                parent_id = data["parent"].pk if data.get("parent") else None
            else:
                parent_id = self.instance.parent_id
            stored = None if self.instance._state.adding else self.instance
            errors = date_errors(
                self.roadmap, parent_id=parent_id, action=stored, start=start, due=due
            )
            for name, message in errors.items():
                self.add_error(name, message)
        return data


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("News of the action"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class LetterForm(forms.ModelForm):
    signatory_lines = forms.CharField(
        label=_("Signatories"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: “First name Last name — title”. They sign side by side."),
    )

    class Meta:
        model = Letter
        fields = [
            "recipient",
            "recipient_address",
            "subject",
            "salutation",
            "introduction",
            "conclusion",
            "place",
            "date",
            "published",
        ]
        widgets = {
            "recipient_address": forms.Textarea(attrs={"rows": 3}),
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "conclusion": forms.Textarea(attrs={"rows": 5}),
            "date": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatory_lines"].initial = "\n".join(
            f"{entry['name']} — {entry['title']}" if entry["title"] else entry["name"]
            for entry in self.instance.signatory_list
        )

    def clean_signatory_lines(self) -> list[dict[str, str]]:
        signatories = []
        for line in self.cleaned_data["signatory_lines"].splitlines():
            if not line.strip():
                continue
            name, _dash, title = line.partition("—")
            signatories.append({"name": name.strip(), "title": title.strip()})
        if len(signatories) > 4:
            raise forms.ValidationError(_("Four signatories at most fit side by side."))
        return signatories


class PrioritiseForm(forms.Form):
    title = forms.CharField(label=_("Title of the vote"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=DateTimeInput(), input_formats=[LOCAL_DATETIME]
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=DateTimeInput(), input_formats=[LOCAL_DATETIME]
    )
    proposals = ProposalChoices(
        label=_("Proposals to prioritise"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = (  # type: ignore[attr-defined]
            Proposal.objects.in_congress(congress)
            .active()
            .select_related("theme")
            .in_document_order()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The vote must close after it opens."))
        if len(data.get("proposals") or ()) == 1:
            self.add_error("proposals", _("Choose at least two proposals to prioritise."))
        return data
