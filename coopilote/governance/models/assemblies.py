"""General assemblies of cooperatives: colleges with statutory weights, the roll, proxies,
resolutions voted by simple majority, qualified majority or majority judgment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.governance.models.mandates import manages_body
from coopilote.members.roles import roles_of

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
        return f"{self.name} ({self.weight} %)"

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": True, "change": manages_body(user, self.body)}


class Assembly(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        OPEN = "open", _("voting open")
        CLOSED = "closed", _("closed")

    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="assemblies", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
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
        return {
            "view": manage or on_roll or roles.oversees_union(self.body.union_id),
            "vote": on_roll,
            "manage": manage,
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
