"""General-assembly forms: each with explicit fields (no mass assignment)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core.widgets import LOCAL_DATETIME, DateInput, DateTimeInput
from coopilote.governance.models import Assembly, College, Resolution, RuleDocument, Voter
from coopilote.governance.models.assemblies import ResolutionBallot, ResolutionParticipation
from coopilote.governance.services.assemblies import closing_refusal
from coopilote.members.models import Body, Person
from coopilote.voting.forms import confirm_ungraded_label, ungraded_refusal

MAX_OPTION = 200


class CollegesForm(forms.Form):
    lines = forms.CharField(
        label=_("Colleges"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One college a line: its name, a semicolon, its statutory weight in percent "
            "(e.g. “Salariés ; 40”). The weights must add up to 100 %."
        ),
    )

    def clean_lines(self) -> list[tuple[str, Decimal]]:
        parsed = []
        for line in self.cleaned_data["lines"].splitlines():
            if not line.strip():
                continue
            name, sep, weight = line.rpartition(";")
            try:
                value = Decimal(weight.strip().rstrip("%").strip().replace(",", "."))
            except InvalidOperation:
                value = None
            if not sep or not name.strip() or value is None or not value.is_finite():
                raise ValidationError(
                    _("“%(line)s” is not a college: write its name, a semicolon and its weight."),
                    code="bad_line",
                    params={"line": line.strip()},
                )
            parsed.append((" ".join(name.split()), value.quantize(Decimal("0.01"))))
        return parsed

    @staticmethod
    def initial_for(body: Body) -> str:
        return "\n".join(
            f"{college.name} ; {college.weight.normalize():f}"
            for college in College.objects.filter(body=body).order_by("-weight", "name")
        )


class AssemblyForm(forms.ModelForm):
    """Prepares an assembly, then changes it while it is prepared (``fixed_body``: its roll and
    colleges belong to its body, which no longer changes)."""

    class Meta:
        model = Assembly
        fields = [
            "body",
            "title",
            "held_on",
            "starts_at",
            "place",
            "closes_at",
            "quorum",
            "proxy_cap",
            "secret",
        ]
        widgets = {
            "held_on": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": DateTimeInput(),
        }

    def __init__(
        self, bodies: QuerySet[Body], *args: Any, fixed_body: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = bodies
        field.label = _("Body")
        if fixed_body:
            field.disabled = True
            field.empty_label = None
        closes = self.fields["closes_at"]
        assert isinstance(closes, forms.DateTimeField)
        closes.input_formats = [LOCAL_DATETIME]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held_on, closes_at = data.get("held_on"), data.get("closes_at")
        if held_on is not None and closes_at is not None:
            problem = closing_refusal(held_on, data.get("starts_at"), closes_at, timezone.now())
            if problem is not None:
                self.add_error("closes_at", problem)
        return data


class VoterForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Member"))
    college = forms.ModelChoiceField(
        queryset=College.objects.none(), label=_("College"), required=False
    )

    def __init__(self, assembly: Assembly, people: list[Person], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        on_roll = set(assembly.voters.values_list("person_id", flat=True))
        person = self.fields["person"]
        college = self.fields["college"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(college, forms.ModelChoiceField)
        person.queryset = Person.objects.filter(
            pk__in=[p.pk for p in people if p.pk not in on_roll]
        ).order_by("last_name", "first_name")
        college.queryset = College.objects.filter(body_id=assembly.body_id)
        college.required = college.queryset.exists()


class ResolutionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text of the resolution"), widget=forms.Textarea)
    method = forms.ChoiceField(
        label=_("Voting method"), choices=Resolution.Method.choices, widget=forms.RadioSelect
    )
    threshold = forms.DecimalField(
        label=_("Qualified majority (% of votes cast)"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("66.67"),
        required=False,
        help_text=_("For a qualified majority only; 66.67 stands for two thirds."),
    )
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For a majority judgment only: one option a line, at least two."),
    )
    rule = forms.ModelChoiceField(
        queryset=RuleDocument.objects.none(),
        label=_("Rule that allows the decision"),
        required=False,
    )
    rule_article = forms.CharField(label=_("Article"), max_length=60, required=False)

    def __init__(self, assembly: Assembly, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.queryset = RuleDocument.objects.filter(union_id=assembly.body.union_id)

    def clean_options(self) -> list[str]:
        labels = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        labels = [label for label in labels if label]
        if any(len(label) > MAX_OPTION for label in labels):
            raise ValidationError(
                _("An option may not exceed %(max)s characters."),
                code="option_too_long",
                params={"max": MAX_OPTION},
            )
        if len(set(labels)) != len(labels):
            raise ValidationError(_("Two options have the same label."), code="duplicate_option")
        return labels


def _roll_choices(assembly: Assembly) -> QuerySet[Voter]:
    return assembly.voters.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )


class ProxyForm(forms.Form):
    """A voter gives their own proxy: only the holder is chosen."""

    holder = forms.ModelChoiceField(queryset=Voter.objects.none(), label=_("Proxy holder"))

    def __init__(self, assembly: Assembly, giver: Voter, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holder = self.fields["holder"]
        assert isinstance(holder, forms.ModelChoiceField)
        holder.queryset = _roll_choices(assembly).exclude(pk=giver.pk)


class RecordedProxyForm(forms.Form):
    """The body's manager records a paper proxy: giver and holder. Those who have voted are not
    offered as givers: their proxy would come too late (``give_proxy`` refuses it anyway)."""

    giver = forms.ModelChoiceField(
        queryset=Voter.objects.none(),
        label=_("Giver"),
        error_messages={
            "invalid_choice": _(
                "Choose a member of the roll who has not voted: once someone has voted, they "
                "can no longer give a proxy."
            )
        },
    )
    holder = forms.ModelChoiceField(queryset=Voter.objects.none(), label=_("Proxy holder"))

    def __init__(self, assembly: Assembly, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        giver = self.fields["giver"]
        holder = self.fields["holder"]
        assert isinstance(giver, forms.ModelChoiceField)
        assert isinstance(holder, forms.ModelChoiceField)
        voted = ResolutionParticipation.objects.filter(voter__assembly=assembly).values("voter")
        giver.queryset = _roll_choices(assembly).exclude(pk__in=voted)
        holder.queryset = _roll_choices(assembly)


def option_field(pk: Any) -> str:
    return f"option_{pk}"


class BallotForm(forms.Form):
    """For, against or abstention; or one grade per option for a majority judgment.

    A majority-judgment ballot with options left ungraded waits for its voter's confirmation,
    as a poll's does: each would count as the lowest grade. One with no grade at all is refused:
    it would reject every option in the voter's name, and whether a blank ballot counts is the
    assembly's statutes' business (under the 1947 law, blank votes are not votes cast) — a
    member who wishes to express nothing simply does not vote."""

    def __init__(self, resolution: Resolution, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resolution = resolution
        self.options = []
        if resolution.method == Resolution.Method.MAJORITY_JUDGMENT:
            self.options = list(resolution.options.all())
            self.lowest = resolution.grades[0]
            self.fields["confirm_ungraded"] = forms.BooleanField(
                label=confirm_ungraded_label(self.lowest), required=False
            )
            choices = list(enumerate(resolution.grades))
            for option in self.options:
                self.fields[option_field(option.pk)] = forms.TypedChoiceField(
                    label=option.label,
                    choices=choices,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )
        else:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your vote"),
                choices=ResolutionBallot.Choice.choices,
                widget=forms.RadioSelect,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.options or self.errors:
            return data
        ungraded = [option for option in self.options if data.get(option_field(option.pk)) is None]
        if len(ungraded) == len(self.options):
            raise ValidationError(
                _(
                    "You chose no grade: your ballot has not been cast. Give each option the "
                    "grade you think it deserves."
                ),
                code="empty_ballot",
            )
        if ungraded and not data.get("confirm_ungraded"):
            raise ungraded_refusal(ungraded, self.lowest)
        return data

    def asks_confirmation(self) -> bool:
        return (
            bool(self.options)
            and self.is_bound
            and (
                self.has_error(NON_FIELD_ERRORS, "ungraded") or bool(self["confirm_ungraded"].data)
            )
        )

    def grades(self) -> dict[Any, int | None]:
        return {
            option.pk: self.cleaned_data.get(option_field(option.pk)) for option in self.options
        }

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(option, self[option_field(option.pk)]) for option in self.options]
