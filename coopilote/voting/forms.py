"""Poll forms: creating a poll, grading its options, checking a receipt."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.widgets import LOCAL_DATETIME, DateTimeInput
from coopilote.members.models import Person
from coopilote.voting.models import Electorate, Poll

MAX_LABEL = 300


class PollForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=DateTimeInput(), input_formats=[LOCAL_DATETIME]
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=DateTimeInput(), input_formats=[LOCAL_DATETIME]
    )
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea,
        help_text=_("One option a line, in the order voters will see them."),
    )
    electorate = forms.ChoiceField(
        label=_("Who votes"),
        choices=Electorate.choices,
        initial=Electorate.MEMBERS,
        widget=forms.RadioSelect,
        help_text=_("The list of electors is frozen when the poll opens."),
    )
    elector_emails = forms.CharField(
        label=_("Electors' e-mail addresses"),
        widget=forms.Textarea,
        required=False,
        help_text=_("For an imported list only: one address a line, of people already known."),
    )

    def clean_options(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        labels = [line for line in lines if line]
        if not labels:
            raise ValidationError(_("Give at least one option."), code="no_option")
        if any(len(label) > MAX_LABEL for label in labels):
            raise ValidationError(
                _("An option may not exceed %(max)s characters."),
                code="option_too_long",
                params={"max": MAX_LABEL},
            )
        if len(set(labels)) != len(labels):
            raise ValidationError(_("Two options have the same label."), code="duplicate_option")
        return labels

    def clean_elector_emails(self) -> list[str]:
        addresses = [line.strip().lower() for line in self.cleaned_data["elector_emails"].split()]
        for address in addresses:
            validate_email(address)
        return sorted(set(addresses))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The poll must close after it opens."))
        elif closes_at and closes_at <= timezone.now():
            # It could never be opened: a draft nobody can use.
            self.add_error("closes_at", _("This closing date is already past."))
        data["electors"] = []
        if data.get("electorate") == Electorate.LIST and "elector_emails" in data:
            data["electors"] = self._resolve(data["elector_emails"])
        return data

    def _resolve(self, addresses: list[str]) -> list[Person]:
        if not addresses:
            self.add_error("elector_emails", _("Give the electors' addresses."))
            return []
        people: list[Person] = list(
            Person.objects.active().annotate(address=Lower("email")).filter(address__in=addresses)
        )
        unknown = sorted(set(addresses) - {person.email.lower() for person in people})
        if unknown:
            self.add_error(
                "elector_emails",
                _("Nobody is known with these addresses: %(list)s.") % {"list": ", ".join(unknown)},
            )
        return people


def option_field(pk: Any) -> str:
    return f"option_{pk}"


class VoteForm(forms.Form):
    """One group of radio buttons per option; none chosen means the lowest grade."""

    def __init__(self, poll: Poll, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.options = list(poll.options.all())
        choices = list(enumerate(poll.grades))
        for option in self.options:
            self.fields[option_field(option.pk)] = forms.TypedChoiceField(
                label=option.label,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def grades(self) -> dict[Any, int | None]:
        return {
            option.pk: self.cleaned_data.get(option_field(option.pk)) for option in self.options
        }

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(option, self[option_field(option.pk)]) for option in self.options]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=80,
        help_text=_("Capitals, spaces and dashes do not matter."),
    )
