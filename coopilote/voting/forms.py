"""Poll forms: creating a poll, grading its options, checking a receipt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


def ungraded_refusal(ungraded: Sequence[Any], lowest: str) -> ValidationError:
    """A majority-judgment ballot with options left ungraded, refused until confirmed: each would
    count as the lowest grade (polls' ``VoteForm``, assemblies' ``BallotForm``)."""
    return ValidationError(
        ngettext(
            "You left %(count)s option without a grade: %(options)s. It would count as "
            "“%(lowest)s”, and your ballot has not been cast yet. Grade it, or confirm "
            "below.",
            "You left %(count)s options without a grade: %(options)s. They would count "
            "as “%(lowest)s”, and your ballot has not been cast yet. Grade them, or "
            "confirm below.",
            len(ungraded),
        )
        % {
            "count": len(ungraded),
            "options": ", ".join(_("“%(label)s”") % {"label": option.label} for option in ungraded),
            "lowest": lowest,
        },
        code="ungraded",
    )


def confirm_ungraded_label(lowest: str) -> str:
    return _("I confirm: the options I left without a grade count as “%(lowest)s”.") % {
        "lowest": lowest
    }


class VoteForm(forms.Form):
    """One group of radio buttons per option.

    An option left ungraded counts as the lowest grade, the harshest: a click missed in a long
    list would reject an option without its voter knowing. So a ballot with ungraded options is
    refused until its voter confirms it — ``blank`` when no option is graded at all (a deliberate
    ballot without grades, counted in the turnout: not named « vote blanc », which in France
    counts apart and weighs against nothing), ``confirm_ungraded`` when some are. Both boxes are
    shown only once needed (``asks_blank``, ``asks_confirmation``)."""

    blank = forms.BooleanField(label=_("I cast a ballot without any grade"), required=False)
    confirm_ungraded = forms.BooleanField(required=False)

    def __init__(self, poll: Poll, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.options = list(poll.options.all())
        self.lowest = poll.grade_label(0)
        self.fields["blank"].help_text = _(
            "Your ballot counts in the turnout; as any option left without a grade, each option "
            "counts on it as “%(lowest)s”."
        ) % {"lowest": self.lowest}
        self.fields["confirm_ungraded"].label = confirm_ungraded_label(self.lowest)
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:  # a grade off the scale: that error first
            return data
        ungraded = [option for option in self.options if data.get(option_field(option.pk)) is None]
        if len(ungraded) == len(self.options):
            if not data.get("blank"):
                raise ValidationError(
                    _(
                        "You chose no grade: your ballot has not been cast. Grade the options, "
                        "or tick “I cast a ballot without any grade” below."
                    ),
                    code="empty_ballot",
                )
        elif data.get("blank"):
            raise ValidationError(
                _(
                    "You ticked “I cast a ballot without any grade” but chose grades: your "
                    "ballot has not been cast. Untick the box to cast these grades."
                ),
                code="blank_with_grades",
            )
        elif ungraded and not data.get("confirm_ungraded"):
            raise ungraded_refusal(ungraded, self.lowest)
        return data

    def _asks(self, name: str, code: str) -> bool:
        return self.is_bound and (self.has_error(NON_FIELD_ERRORS, code) or bool(self[name].data))

    def asks_blank(self) -> bool:
        return self._asks("blank", "empty_ballot")

    def asks_confirmation(self) -> bool:
        return self._asks("confirm_ungraded", "ungraded")

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
