"""Elections without candidates (sociocratic): nominations, changes, a proposal, consent."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.governance.models.consent import body_abilities


class Election(BaseModel):
    class Stage(models.TextChoices):
        NOMINATION = "nomination", _("nomination round")
        CHANGE = "change", _("change round")
        PROPOSAL = "proposal", _("facilitator's proposal")
        CONSENT = "consent", _("consent round")
        ELECTED = "elected", _("elected")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="elections", verbose_name=_("body")
    )
    role = models.ForeignKey(
        "governance.Role",
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("role"),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    facilitator = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default="nomination")
    deadline = models.DateTimeField(_("deadline of the current round"), null=True, blank=True)
    # The person(s) the facilitator proposes: as many as the role has holders.
    proposed = models.ManyToManyField(
        "members.Person", blank=True, related_name="+", verbose_name=_("proposed")
    )
    proposal_reason = models.TextField(_("why the facilitator proposes them"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("election without candidates")
        verbose_name_plural = _("elections without candidates")

    def __str__(self) -> str:
        return f"{self.role} — {self.body}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return body_abilities(user, self.body)


class Nomination(BaseModel):
    """A member's nomination in the first round or the change round: a person, or no one."""

    class Step(models.TextChoices):
        NOMINATION = "nomination", _("nomination round")
        CHANGE = "change", _("change round")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    step = models.CharField(_("round"), max_length=20, choices=Step.choices)
    nominator = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    nominee = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominee (empty: no one)"),
    )
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "step", "nominator"], name="one_nomination_per_round"
            )
        ]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.nominator} → {self.nominee or '—'}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.election.abilities(user)
