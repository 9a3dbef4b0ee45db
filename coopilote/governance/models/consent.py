"""Consent decisions (sociocracy): a proposal, its versions, its rounds and each member's answers.

Rounds are shared with elections without candidates, whose last step is a consent round too.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.governance.models.mandates import manages_body
from coopilote.members.roles import roles_of


def body_abilities(user: Any, body: Any) -> dict[str, bool]:
    """What a user may do in a body's decisions: members take part, the staff run them."""
    roles = roles_of(user)
    manage = manages_body(user, body)
    member = roles.sits_in(body.pk)
    return {"view": True, "take_part": member, "facilitate": manage, "propose": member or manage}


def reads_body(user: Any, body: Any, base: dict[str, bool]) -> bool:
    """The union's own bodies decide in the open; a cooperative's bodies show only to its
    people, to their own members and managers, and to those who oversee its union (so the
    decisions and elections of one cooperative never reach another: a 404 for them)."""
    if body.cooperative_id is None:
        return True
    roles = roles_of(user)
    return (
        base["take_part"]
        or base["facilitate"]
        or bool(roles.in_cooperative(body.cooperative_id))
        or roles.oversees_union(body.union_id)
    )


class ConsentDecisionQuerySet(models.QuerySet["ConsentDecision"]):
    def visible_in_union(self, union: Any, user: Any) -> ConsentDecisionQuerySet:
        """The union's own bodies' proposals, and those of the cooperative bodies the user may
        read (same rule as ``ConsentDecision.abilities``)."""
        roles = roles_of(user)
        mine = self.filter(body__union=union)
        if roles.oversees_union(union.pk) or roles.is_admin:
            return mine
        return mine.filter(
            models.Q(body__cooperative=None)
            | models.Q(body__in=roles.bodies)
            | models.Q(body__cooperative__in=list(roles.cooperatives))
        )

    def for_listing(self) -> ConsentDecisionQuerySet:
        return self.select_related("body__cooperative", "facilitator").annotate(
            version_count=models.Max("versions__number")
        )

    def decided(self) -> ConsentDecisionQuerySet:
        return self.filter(stage=ConsentDecision.Stage.DECIDED).order_by("-decided_on", "title")


class ConsentDecision(BaseModel):
    class Stage(models.TextChoices):
        CLARIFYING = "clarifying", _("clarifying questions")
        REACTIONS = "reactions", _("reactions")
        CONSENT = "consent", _("consent round")
        INTEGRATION = "integration", _("integration of objections")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", pgettext_lazy("proposal", "withdrawn")

    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    facilitator = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("facilitator"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default="clarifying")
    # The rule (internal rules, statutes...) that allows this body to take this decision.
    rule = models.ForeignKey(
        "governance.RuleDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("rule that allows the decision"),
    )
    rule_article = models.CharField(_("article"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)

    objects = ConsentDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:proposal_detail", kwargs={"pk": self.pk})

    def abilities(self, user: Any) -> dict[str, bool]:
        """The union's own bodies decide in the open; a cooperative's bodies, for its people.

        The facilitator is the union's staff (or the cooperative's managers), or the body member
        named facilitator of this proposal; the author may edit its title, rule and voice of the
        living while it is discussed.
        """
        base = body_abilities(user, self.body)
        if not reads_body(user, self.body, base):
            return dict.fromkeys([*base, "change", "set_facilitator"], False)
        roles = roles_of(user)
        person = roles.person_id
        facilitate = base["facilitate"] or (
            person is not None and person == self.facilitator_id and base["take_part"]
        )
        author = person is not None and person == self.author_id
        return {
            **base,
            "facilitate": facilitate,
            "change": facilitate or author,
            "set_facilitator": base["facilitate"],
        }


class DecisionVersion(BaseModel):
    """Each amended text is kept: objections are integrated into a new version."""

    proposal = models.ForeignKey(
        ConsentDecision,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("proposal"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("proposal"))
    living_effect = models.TextField(
        _("voice of the living"),
        blank=True,
        help_text=_("Expected effect on the planet, the living and nature."),
    )
    change_note = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="one_proposal_version")
        ]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.proposal.abilities(user)


class Round(BaseModel):
    """One round of a proposal or of an election, asynchronous (deadline) or in a meeting."""

    class Kind(models.TextChoices):
        CLARIFYING = "clarifying", _("clarifying questions")
        REACTIONS = "reactions", _("reactions")
        CONSENT = "consent", _("consent round")

    proposal = models.ForeignKey(
        ConsentDecision, on_delete=models.CASCADE, null=True, blank=True, related_name="rounds"
    )
    version = models.ForeignKey(
        DecisionVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="rounds"
    )
    election = models.ForeignKey(
        "governance.Election",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consent_rounds",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    in_meeting = models.BooleanField(_("during a meeting"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The share of the body's members (0-100) who must answer an asynchronous consent round for
    # its silence to count as consent: chosen when the round opens and kept on it, so that a later
    # habit of the body never rewrites a past round. 0, no minimum: rounds held in a meeting (the
    # facilitator records everyone present; the meeting has its own quorum), questions and
    # reactions (they decide nothing), and the rounds opened before minimums existed — their
    # results stand as they were counted then.
    min_answers_percent = models.PositiveSmallIntegerField(
        _("minimum participation (percent of the members)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    # How many members sat in the body when the round closed. The minimum is counted against the
    # people who could answer until the end (a member who left could not, one who joined could),
    # and keeping the figure keeps a closed round's participation as it was counted, whatever the
    # seats become. Empty for rounds closed before it was kept: the current members stand in.
    members_at_close = models.PositiveSmallIntegerField(
        _("members when the round closed"), null=True, blank=True
    )
    # Of them, how many had answered: answers of people who had left by then do not count.
    answered_at_close = models.PositiveSmallIntegerField(
        _("members who had answered when the round closed"), null=True, blank=True
    )
    # When the members who had not answered were reminded of the deadline (once per round).
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, election__isnull=True)
                | models.Q(proposal__isnull=True, election__isnull=False),
                name="round_of_proposal_or_election",
            ),
            models.CheckConstraint(
                condition=models.Q(min_answers_percent__lte=100),
                name="round_min_answers_percent_at_most_100",
            ),
        ]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.proposal or self.election}"

    @property
    def body(self) -> Any:
        return (self.proposal or self.election).body  # type: ignore[union-attr]

    def abilities(self, user: Any) -> dict[str, bool]:
        base = body_abilities(user, self.body)
        return base if reads_body(user, self.body, base) else dict.fromkeys(base, False)


class Answer(BaseModel):
    """A member's answer in a round: a question, a reaction, or consent / concern / objection."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("clarifying question")
        REACTION = "reaction", _("reaction")
        CONSENT = "consent", _("consent")
        CONCERN = "concern", _("concern")
        OBJECTION = "objection", _("objection")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    kind = models.CharField(_("answer"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text / reason"), blank=True)
    risk = models.TextField(_("risk named by the objection"), blank=True)
    # The objection speaks for the living: its author holds a "representative of the living" role.
    for_the_living = models.BooleanField(_("voice of the living"), default=False)
    # Set when the facilitator records the answer during a meeting.
    recorded_by = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    integrated = models.BooleanField(_("integrated"), default=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.round.abilities(user)
