"""Versioned internal rules and charters, their amendments, and the accountability register."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of


class RuleDocument(BaseModel):
    class Kind(models.TextChoices):
        INTERNAL_RULES = "internal_rules", _("internal rules")
        CHARTER = "charter", _("charter")
        STATUTES = "statutes", _("statutes")

    union = models.ForeignKey(
        "members.Union", on_delete=models.CASCADE, related_name="rule_documents"
    )
    body = models.ForeignKey(
        "members.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_documents",
        verbose_name=_("body it governs"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["union", "title"]
        verbose_name = _("rule document")
        verbose_name_plural = _("rule documents")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        manage = roles.manages_union(self.union_id)
        # Rules are public; the union's members may propose amendments.
        return {
            "view": True,
            "amend": manage or roles.belongs_to_union(self.union_id) or bool(roles.cooperatives),
            "change": manage,
        }


class RuleVersion(BaseModel):
    document = models.ForeignKey(RuleDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))
    amendment = models.OneToOneField(
        "governance.Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resulting_version",
        verbose_name=_("amendment"),
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_rule_version")
        ]
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.document.abilities(user)


class Amendment(BaseModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        IN_DECISION = "in_decision", _("in decision")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    document = models.ForeignKey(RuleDocument, on_delete=models.CASCADE, related_name="amendments")
    base_version = models.ForeignKey(
        RuleVersion, on_delete=models.PROTECT, related_name="amendments"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("amended text"))
    rationale = models.TextField(_("rationale"))
    author = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default="proposed"
    )
    # Decided by a consent decision (§2) or a general-assembly resolution (§4).
    proposal = models.OneToOneField(
        "governance.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment",
    )
    resolution = models.OneToOneField(
        "governance.Resolution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.document.abilities(user)


class AmendmentComment(BaseModel):
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.amendment.abilities(user)


class Accountability(BaseModel):
    """Who decides, who executes, who is accountable, to whom — one line per domain."""

    union = models.ForeignKey(
        "members.Union", on_delete=models.CASCADE, related_name="accountabilities"
    )
    domain = models.CharField(_("domain"), max_length=150)
    decides = models.CharField(_("who decides"), max_length=200)
    executes = models.CharField(_("who executes"), max_length=200)
    accountable = models.CharField(_("who is accountable"), max_length=200)
    reports_to = models.CharField(_("to whom"), max_length=200)
    rule = models.ForeignKey(
        RuleDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountabilities",
        verbose_name=_("rule"),
    )
    rule_article = models.CharField(_("article"), max_length=60, blank=True)

    class Meta:
        ordering = ["union", "domain"]
        verbose_name = _("accountability")
        verbose_name_plural = _("accountabilities")

    def __str__(self) -> str:
        return self.domain

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": True, "change": roles_of(user).manages_union(self.union_id)}
