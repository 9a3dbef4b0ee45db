"""Forms of the register: roles, mandates (one or several holders), early ends, declarations.

Every form lists its fields explicitly: extra POST fields are ignored.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.widgets import DateInput
from coopilote.governance.models import Role
from coopilote.members.models import Body, Person


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = [
            "name",
            "purpose",
            "term_months",
            "holders",
            "link",
            "linked_circle",
            "represents_the_living",
        ]

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holders"].widget.attrs["min"] = 1
        self.fields["term_months"].widget.attrs["min"] = 1
        circles = self.fields["linked_circle"]
        circles.queryset = Body.objects.filter(parent=body).order_by("name")  # type: ignore[attr-defined]
        if not circles.queryset.exists():  # type: ignore[attr-defined]
            del self.fields["link"]
            del self.fields["linked_circle"]

    def clean_holders(self) -> int:
        value = int(self.cleaned_data["holders"])
        if value < 1:
            raise ValidationError(_("At least one person holds a role."))
        return value

    def clean_term_months(self) -> int:
        value = int(self.cleaned_data["term_months"])
        if value < 1:
            raise ValidationError(_("A term lasts at least one month."))
        return value


class MandateForm(forms.Form):
    holders = PeopleChoice(
        label=_("Holders"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick several people for a co-held mandate (up to the role's holders)."),
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    end = forms.DateField(
        label=_("End of term"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the role's term from the start."),
    )
    note = forms.CharField(label=_("Note"), max_length=250, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holders"].queryset = people  # type: ignore[attr-defined]
        self.fields["start"].initial = timezone.localdate()


class EndMandateForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ends on"),
        widget=DateInput(),
        help_text=_("From this day on, the holders no longer hold the role."),
    )
    note = forms.CharField(label=_("Why"), max_length=250, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate() + datetime.timedelta(days=1)


class DeclarationForm(forms.Form):
    person = PersonChoice(label=_("Holder"), queryset=Person.objects.none())
    interests = forms.CharField(
        label=_("Interests"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Other mandates, shareholdings, family or business links that may matter."),
    )
    nothing_to_declare = forms.BooleanField(label=_("Nothing to declare"), required=False)

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        if len(people) == 1:
            field.initial = people[0].pk
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool((data.get("interests") or "").strip()) == bool(data.get("nothing_to_declare")):
            raise ValidationError(
                _("Describe your interests, or tick “nothing to declare” — one or the other."),
                code="one_or_the_other",
            )
        return data
