"""Elections without candidates (sociocratic): nominations, changes, a proposal, consent."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.governance.models.consent import body_abilities, reads_body
from coopilote.members.roles import roles_of


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
    # When the facilitator revealed the nominations; None: they are still sealed (also after a
    # cancellation during the nomination round, which must not unseal them).
    revealed_at = models.DateTimeField(_("nominations revealed at"), null=True, blank=True)
    # The deadline of the nomination round whose reminder has been sent: a new deadline brings
    # a new reminder, the same one is never reminded twice (the change round has none).
    reminded_deadline = models.DateTimeField(_("deadline already reminded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("election without candidates")
        verbose_name_plural = _("elections without candidates")

    def __str__(self) -> str:
        return f"{self.role} — {self.body}"

    def abilities(self, user: Any) -> dict[str, bool]:
        """Members take part; the union's staff or the named facilitator run the election.

        Nominations stay sealed until the facilitator reveals them: before that, nobody (not
        even the facilitator) reads them — only each member's own.
        """
        base = body_abilities(user, self.body)
        roles = roles_of(user)
        facilitator = base["facilitate"] or (
            roles.person_id is not None and roles.person_id == self.facilitator_id
        )
        if not (reads_body(user, self.body, base) or facilitator):
            return dict.fromkeys(("view", "take_part", "facilitate", "see_nominations"), False)
        open_ = self.stage not in (self.Stage.ELECTED, self.Stage.CANCELLED)
        return {
            "view": True,
            "take_part": base["take_part"] and open_,
            "facilitate": facilitator and open_,
            "see_nominations": self.nominations_revealed,
        }

    @property
    def nominations_revealed(self) -> bool:
        """Revealed by the facilitator; the later stages imply it (rows set straight to a later
        stage, as in fixtures, count as revealed), a cancellation does not."""
        return self.revealed_at is not None or self.stage in (
            self.Stage.CHANGE,
            self.Stage.PROPOSAL,
            self.Stage.CONSENT,
            self.Stage.ELECTED,
        )


class ElectionProposal(BaseModel):
    """The facilitator's proposal: as many people as the role has holders, and why. Each new
    proposal (after objections) is kept, with the consent round it opened; a consent round
    reopened after a missed minimum participation puts the same people and reason again."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("election")
    )
    round = models.OneToOneField(
        "governance.Round",
        on_delete=models.CASCADE,
        related_name="election_proposal",
        verbose_name=_("consent round"),
    )
    people = models.ManyToManyField(
        "members.Person", related_name="+", verbose_name=_("proposed people")
    )
    reason = models.TextField(_("why the facilitator proposes them"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("facilitator's proposal")
        verbose_name_plural = _("facilitator's proposals")

    def __str__(self) -> str:
        return f"{self.election} — {self.created_at:%d/%m/%Y}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.election.abilities(user)


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
        # Never the nominee: this text is copied into the audit log, which must not unseal it.
        return f"{self.nominator} ({self.get_step_display()})"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.election.abilities(user)
