"""Forms of consent decisions. Plain forms with explicit fields: the stage, the body, the dates of
a decision and the author are never taken from a POST (they are set by ``services.consent``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.widgets import LOCAL_DATETIME, DateInput, DateTimeInput
from coopilote.governance.models import Answer, ConsentDecision, Round, RuleDocument
from coopilote.governance.services import rounds
from coopilote.members.models import Body, Person

# A reason, an answer or a risk: a few paragraphs, not a document (nor a page-wide word).
MAX_ANSWER = 3000


# What the members receive for a round held at a distance (``notifications``).
REMINDED = _(
    "The members get an e-mail when the round opens, and those who have not answered a "
    "reminder the day before the deadline."
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}".strip() or str(obj)


def _members(body: Body) -> Any:
    return Person.objects.filter(pk__in=[p.pk for p in rounds.members_of(body)]).order_by(
        "last_name", "first_name"
    )


def _rules(body: Body) -> Any:
    return RuleDocument.objects.filter(union_id=body.union_id).order_by("title")


LIVING_HELP = _(
    "The expected effect on the planet, the living and nature. Required before the consent round."
)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea)
    living_effect = forms.CharField(
        label=_("Voice of the living"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=LIVING_HELP,
    )
    rule = forms.ModelChoiceField(
        label=_("Rule that allows the decision"),
        queryset=RuleDocument.objects.none(),
        required=False,
        help_text=_("The statutes, internal rules or charter that give this body the decision."),
        empty_label=_("Not in the platform: name it in the article"),
    )
    rule_article = forms.CharField(
        label=_("Article"),
        max_length=60,
        required=False,
        help_text=_("e.g. “art. 12” — or name the rule here if it is not in the platform."),
    )
    facilitator = PersonChoiceField(
        label=_("Facilitator"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("A member of the body; without one, the union's staff facilitate."),
        empty_label=_("No one: the union's staff facilitate"),
    )

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule_field: Any = self.fields["rule"]
        rule_field.queryset = _rules(body)
        facilitator_field: Any = self.fields["facilitator"]
        facilitator_field.queryset = _members(body)


class ProposalEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    living_effect = forms.CharField(
        label=_("Voice of the living"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=LIVING_HELP,
    )
    rule = forms.ModelChoiceField(
        label=_("Rule that allows the decision"),
        queryset=RuleDocument.objects.none(),
        required=False,
        empty_label=_("Not in the platform: name it in the article"),
    )
    rule_article = forms.CharField(label=_("Article"), max_length=60, required=False)

    def __init__(self, proposal: ConsentDecision, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule_field: Any = self.fields["rule"]
        rule_field.queryset = _rules(proposal.body)


class FacilitatorForm(forms.Form):
    facilitator = PersonChoiceField(
        label=_("Facilitator"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("No one: the union's staff facilitate"),
    )

    def __init__(self, proposal: ConsentDecision, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["facilitator"]
        field.queryset = _members(proposal.body)


def min_answers_field() -> forms.IntegerField:
    """The minimum participation of an asynchronous consent round (decisions and elections)."""
    return forms.IntegerField(
        label=_("Minimum participation (percent of the members)"),
        min_value=0,
        max_value=100,
        required=False,
        initial=rounds.DEFAULT_MIN_ANSWERS_PERCENT,
        help_text=_(
            "Asynchronous round only: the share of the body's members who must answer before "
            "the deadline. Below it, silence does not count as consent and nothing is decided. "
            "Half of the members by default; 0: no minimum."
        ),
    )


class MinimumParticipation(forms.Form):
    """A consent round's minimum participation. After a round on the same proposal, the new one
    asks at least that round's share (``floor``): the field starts there, refuses less, and
    means it when left empty — the decision and election forms behave alike."""

    def __init__(self, *args: Any, floor: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.floor = floor
        field = self.fields.get("min_answers_percent")
        if floor is None or not isinstance(field, forms.IntegerField):
            return
        field.initial = floor
        field.min_value = floor
        field.validators.append(MinValueValidator(floor))
        field.widget.attrs["min"] = str(floor)
        field.help_text = _(
            "Asynchronous round only: the share of the body's members who must answer before "
            "the deadline. At least %(floor)s %%, as the last consent round on this proposal."
        ) % {"floor": floor}

    def clean_min_answers_percent(self) -> int:
        # Left empty, the field means the value it showed.
        value = self.cleaned_data.get("min_answers_percent")
        if value is None:
            return rounds.DEFAULT_MIN_ANSWERS_PERCENT if self.floor is None else self.floor
        return int(value)


class RoundForm(MinimumParticipation):
    kind = forms.ChoiceField(choices=Round.Kind.choices, widget=forms.HiddenInput)
    in_meeting = forms.BooleanField(
        label=_("During a meeting: the facilitator records the answers given aloud"),
        required=False,
    )
    deadline = forms.DateTimeField(
        label=_("Deadline (asynchronous round)"),
        widget=DateTimeInput(),
        input_formats=[LOCAL_DATETIME],
        required=False,
        help_text=REMINDED,
    )
    min_answers_percent = min_answers_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        if kind != Round.Kind.CONSENT:
            # Questions and reactions decide nothing: no minimum to ask for.
            del self.fields["min_answers_percent"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("in_meeting"):
            deadline = data.get("deadline")
            if not deadline:
                self.add_error(
                    "deadline", _("Give a deadline, or hold the round during a meeting.")
                )
            elif deadline <= timezone.now():
                # Beside the field, with what was typed kept (the service checks it again).
                self.add_error("deadline", _("The deadline must be in the future."))
        return data


def answer_choices(round_: Round) -> list[tuple[str, Any]]:
    allowed = rounds.ALLOWED[Round.Kind(round_.kind)]
    return [(value, label) for value, label in Answer.Kind.choices if value in allowed]


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Your answer"), choices=(), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Text, or the reason of the objection"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    risk = forms.CharField(
        label=_("Risk the objection names for the body"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("An objection must give its reason and the risk it names."),
    )

    def __init__(self, round_: Round, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field: Any = self.fields["kind"]
        kind_field.choices = answer_choices(round_)
        if len(kind_field.choices) == 1:
            kind_field.initial = kind_field.choices[0][0]
            kind_field.widget = forms.HiddenInput()
            self.fields["text"].label = _("Your question or reaction")
        if round_.kind != Round.Kind.CONSENT:
            del self.fields["risk"]


class RecordForm(AnswerForm):
    """The facilitator types the answer a member gives aloud during a meeting."""

    person = PersonChoiceField(label=_("Member"), queryset=Person.objects.none())

    field_order = ["person", "kind", "text", "risk"]

    def __init__(self, round_: Round, *args: Any, **kwargs: Any) -> None:
        super().__init__(round_, *args, **kwargs)
        assert round_.proposal is not None
        field: Any = self.fields["person"]
        field.queryset = _members(round_.proposal.body)
        self.fields["kind"].label = _("Answer")


class ObjectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.first_name} {obj.person.last_name} — {obj.text}"


class AmendForm(forms.Form):
    text = forms.CharField(label=_("Amended proposal"), widget=forms.Textarea(attrs={"rows": 10}))
    living_effect = forms.CharField(
        label=_("Voice of the living"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=LIVING_HELP,
    )
    change_note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}))
    integrated = ObjectionChoiceField(
        label=_("Objections this version integrates"),
        queryset=Answer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, objections: list[Answer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["integrated"]
        if objections:
            field.queryset = Answer.objects.filter(
                pk__in=[a.pk for a in objections]
            ).select_related("person")
        else:
            del self.fields["integrated"]


class DecideForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput(), initial=timezone.localdate
    )
    review_on = forms.DateField(label=_("Review date"), widget=DateInput())
