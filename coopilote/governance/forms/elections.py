"""Forms of the election without candidates. Each lists its fields: extra POST fields are
ignored, and the people offered are the body's members (the service checks again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coopilote.core.widgets import LOCAL_DATETIME, DateInput, DateTimeInput
from coopilote.governance.forms.consent import (
    MAX_ANSWER,
    MinimumParticipation,
    min_answers_field,
)
from coopilote.governance.forms.mandates import PeopleChoice, PersonChoice
from coopilote.governance.models import Answer, Election, Role
from coopilote.members.models import Person


def deadline_field(help_text: Any = None) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=DateTimeInput(),
        input_formats=[LOCAL_DATETIME],
        help_text=help_text or _("Empty: the round stays open until the facilitator closes it."),
    )


class FutureDeadline(forms.Form):
    """A round's deadline, when given, lies in the future (a past one would close it at once)."""

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class ElectionForm(FutureDeadline):
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    facilitator = PersonChoice(label=_("Facilitator"), queryset=Person.objects.none())
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput())
    term_end = forms.DateField(
        label=_("Term ends"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the role's term from its start."),
    )
    deadline = deadline_field(
        _(
            "Deadline of the nomination round; empty: closed in a meeting. The members get an "
            "e-mail when it opens, and those who have not nominated a reminder the day before."
        )
    )

    def __init__(self, *args: Any, roles: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]
        self.fields["facilitator"].queryset = people  # type: ignore[attr-defined]
        self.fields["term_start"].initial = timezone.localdate()


# Who reads the reason, and when: sealed until the reveal, then seen at once in the change round.
REASON_HELP: dict[str, Any] = {
    Election.Stage.NOMINATION: _("Read aloud to everyone when the nominations are revealed."),
    Election.Stage.CHANGE: _(
        "Seen by everyone at once: in the change round, the nominations are no longer sealed."
    ),
}


class NominationForm(forms.Form):
    nominee = PersonChoice(
        label=_("I nominate"),
        queryset=Person.objects.none(),
        required=False,
        # Nominating no one is a choice (sealed like any other), not a field left empty.
        empty_label=_("No one (I nominate no one)"),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self, *args: Any, people: Any, stage: str = Election.Stage.NOMINATION, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = people  # type: ignore[attr-defined]
        self.fields["reason"].help_text = REASON_HELP.get(
            stage, REASON_HELP[Election.Stage.NOMINATION]
        )


class RecordedNominationForm(NominationForm):
    """The facilitator types a member's nomination during a meeting."""

    nominator = PersonChoice(label=_("Member"), queryset=Person.objects.none())
    field_order = ["nominator", "nominee", "reason"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, people=people, **kwargs)
        self.fields["nominator"].queryset = people  # type: ignore[attr-defined]
        self.fields["nominee"].empty_label = _(  # type: ignore[attr-defined]
            "No one (the member nominates no one)"
        )


class RevealForm(FutureDeadline):
    deadline = deadline_field(
        _(
            "Deadline of the change round; empty: closed in a meeting. The members get an "
            "e-mail with the nominations revealed."
        )
    )


class ProposeForm(FutureDeadline, MinimumParticipation):
    people = PeopleChoice(
        label=_("I propose"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Why"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = deadline_field(
        _(
            "Deadline of the consent round; empty: in a meeting. The members get an e-mail when "
            "it opens, and those who have not answered a reminder the day before."
        )
    )
    min_answers_percent = min_answers_field()

    def __init__(self, *args: Any, people: Any, holders: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.fields["people"].help_text = ngettext(
            "Tick exactly %(count)s person.", "Tick exactly %(count)s people.", holders
        ) % {"count": holders}


class ReopenForm(FutureDeadline, MinimumParticipation):
    """A new consent round on the same proposal, after one that missed its minimum: it asks at
    least that round's share of answers (``floor``); else the round that missed would run again
    with no minimum."""

    deadline = deadline_field(
        _(
            "Deadline of the new consent round; empty: in a meeting. The members get an e-mail "
            "when it opens, and those who have not answered a reminder the day before."
        )
    )
    min_answers_percent = min_answers_field()


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("My answer"),
        choices=[
            (Answer.Kind.CONSENT, _("consent")),
            (Answer.Kind.CONCERN, _("concern")),
            (Answer.Kind.OBJECTION, _("objection")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Reason"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for an objection, with the risk it names."),
    )
    risk = forms.CharField(
        label=_("Risk for the body"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RecordedAnswerForm(AnswerForm):
    person = PersonChoice(label=_("Member"), queryset=Person.objects.none())
    field_order = ["person", "kind", "text", "risk"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
