"""General assemblies of cooperatives: colleges with statutory weights, the roll, proxies,
resolutions voted by simple majority, qualified majority or majority judgment."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Now
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.governance.models.mandates import manages_body
from coopilote.members.roles import roles_of
from coopilote.voting.models import default_grades
from coopilote.voting.secrecy import AnonymousBallot, Emargement

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class College(BaseModel):
    """A Scic college (employees, users, local authorities...) and its statutory weight."""

    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="colleges", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=120)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        ordering = ["body", "name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="one_college_name")]
        verbose_name = _("college")
        verbose_name_plural = _("colleges")

    def __str__(self) -> str:
        # In the page's language, as the weights the pages show: « Salariés (40,00 %) ».
        return f"{self.name} ({number_format(self.weight, 2)}\u00a0%)"

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": True, "change": manages_body(user, self.body)}


class AssemblyQuerySet(models.QuerySet["Assembly"]):
    def open_now(self) -> AssemblyQuerySet:
        """Open and before its deadline by the database clock."""
        return self.filter(status="open", closes_at__gt=Now())

    def visible_in_union(self, union: Any, user: Any) -> AssemblyQuerySet:
        """The union's assemblies ``user`` may see, in one query (same rule as ``abilities``:
        those who oversee the union, the body's managers, the people on the roll)."""
        roles = roles_of(user)
        mine = self.filter(body__union=union)
        if roles.oversees_union(union.pk):
            return mine
        managed = [pk for pk, held in roles.cooperatives.items() if held & {"manager", "referent"}]
        visible = models.Q(body__cooperative_id__in=managed)
        if roles.person_id is not None:
            on_roll = Voter.objects.filter(person_id=roles.person_id).values("assembly")
            visible |= models.Q(pk__in=on_roll)
        return mine.filter(visible)

    def for_listing(self) -> AssemblyQuerySet:
        return self.select_related("body__cooperative", "body__union").order_by("-held_on")


class Assembly(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        OPEN = "open", _("voting open")
        CLOSED = "closed", pgettext_lazy("assembly or convention", "closed")

    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="assemblies", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_(
            "The address where the members meet; empty: the assembly is held at a distance."
        ),
    )
    closes_at = models.DateTimeField(_("votes close at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    quorum = models.DecimalField(
        _("quorum (% of the roll present or represented)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(25),
        validators=PERCENT,
    )
    proxy_cap = models.PositiveSmallIntegerField(_("proxies per person at most"), default=2)
    secret = models.BooleanField(_("secret ballot with receipts"), default=False)
    # The last convocation sent to the roll, and to how many members (``convene``).
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    convened_count = models.PositiveIntegerField(_("members convened"), null=True, blank=True)

    objects = AssemblyQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        manage = manages_body(user, self.body)
        on_roll = (
            roles.person_id is not None and self.voters.filter(person_id=roles.person_id).exists()
        )
        status = self.status
        view = manage or on_roll or roles.oversees_union(self.body.union_id)
        return {
            "view": view,
            "vote": on_roll and status == self.Status.OPEN,
            "manage": manage,
            # The roll, the colleges, the resolutions change while the assembly is prepared.
            "change": manage and status == self.Status.DRAFT,
            "open": manage and status == self.Status.DRAFT,
            # The convocation goes out while the assembly is prepared or its vote is open.
            "convene": manage and status != self.Status.CLOSED,
            "close": manage and status == self.Status.OPEN,
            # Presence is marked during the meeting, proxies given until the vote ends.
            "mark_presence": manage and status != self.Status.CLOSED,
            "proxy": (manage or on_roll) and status != self.Status.CLOSED,
            # The roll and the minutes: the body's managers and the voters.
            "roll": manage or on_roll,
            "minutes": (manage or on_roll) and status == self.Status.CLOSED,
            "check_receipt": (manage or on_roll) and status == self.Status.CLOSED,
        }


class Voter(BaseModel):
    """A line of the assembly's roll: a member, their college, present or not."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="voters")
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voters",
        verbose_name=_("college"),
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assembly", "person"], name="one_roll_line")]
        verbose_name = _("voter")
        verbose_name_plural = _("voters")

    def __str__(self) -> str:
        return str(self.person)

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": self.assembly.abilities(user)["manage"], "change": False}


class Proxy(BaseModel):
    """A pouvoir: ``giver`` asks ``holder`` to vote in their name at this assembly."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    giver = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="proxy_given")
    holder = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="proxies_held")

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": self.assembly.abilities(user)["manage"], "change": False}


class Resolution(BaseModel):
    class Method(models.TextChoices):
        SIMPLE = "simple", _("simple majority")
        QUALIFIED = "qualified", _("qualified majority")
        MAJORITY_JUDGMENT = "majority_judgment", _("majority judgment")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    method = models.CharField(_("voting method"), max_length=20, choices=Method.choices)
    threshold = models.DecimalField(
        _("qualified majority (% of votes cast)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("66.67"),
        validators=PERCENT,
    )
    rule = models.ForeignKey(
        "governance.RuleDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("rule that allows the decision"),
    )
    rule_article = models.CharField(_("article"), max_length=60, blank=True)
    # Majority judgment's scale, stored as data: the minutes keep the words the voters saw.
    grades = models.JSONField(_("grades"), default=default_grades)
    result = models.JSONField(_("result"), null=True, blank=True)

    class Meta:
        ordering = ["assembly", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="one_resolution_number")
        ]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.assembly.abilities(user)


class ResolutionOption(BaseModel):
    """An alternative graded in a majority-judgment resolution."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["resolution", "label"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class ResolutionParticipation(Emargement):
    """The émargement of a resolution: this line of the roll voted, on this day, itself or through
    the holder of its proxy (``cast_by``). For a secret ballot it says nothing of the vote."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="participations"
    )
    voter = models.ForeignKey(
        Voter, on_delete=models.CASCADE, related_name="participations", verbose_name=_("voter")
    )
    cast_by = models.ForeignKey(
        Voter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proxy_votes",
        verbose_name=_("cast by the proxy holder"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "voter"], name="one_resolution_vote_per_voter"
            )
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.voter} — {self.resolution}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": self.resolution.assembly.abilities(user)["manage"]}


class ResolutionBallot(AnonymousBallot):
    """A ballot on a resolution, counted in the college of the voter whose vote it is.

    Secret ballot: no voter, no time (``voter`` stays empty). Open ballot: ``voter`` names the
    line of the roll, so that the minutes may say who voted what.
    """

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstention")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ballots")
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("college"),
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices, blank=True)
    voter = models.ForeignKey(
        Voter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="open_ballots",
        verbose_name=_("voter (open ballot only)"),
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.pk)

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": self.resolution.assembly.abilities(user)["minutes"]}


class ResolutionMark(models.Model):
    """One grade of a majority-judgment ballot for one option."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(ResolutionBallot, on_delete=models.CASCADE, related_name="marks")
    option = models.ForeignKey(ResolutionOption, on_delete=models.CASCADE, related_name="marks")
    grade = models.PositiveSmallIntegerField(_("grade"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="one_mark_per_option")
        ]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self) -> str:
        return f"{self.option}: {self.grade}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.ballot.abilities(user)
