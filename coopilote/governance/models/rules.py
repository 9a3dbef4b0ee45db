"""Versioned internal rules and charters, their amendments, and the accountability register."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.members.roles import Roles, roles_of


def member_of_union(roles: Roles, union_id: Any) -> bool:
    """A person of the union: its staff or board, or someone in one of its cooperatives."""
    if roles.person_id is None:
        return False
    if roles.belongs_to_union(union_id):
        return True
    if not roles.cooperatives:
        return False
    from coopilote.members.models import Cooperative

    return Cooperative.objects.filter(pk__in=roles.cooperatives, union_id=union_id).exists()


class RuleDocumentQuerySet(models.QuerySet["RuleDocument"]):
    def in_union(self, union: Any) -> RuleDocumentQuerySet:
        return self.filter(union=union)


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

    objects = RuleDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["union", "title"]
        verbose_name = _("rule document")
        verbose_name_plural = _("rule documents")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        manage = roles.manages_union(self.union_id)
        # Rules are public; the union's people (its cooperatives' members, its staff and
        # board) propose amendments and discuss them; its staff send them to a decision.
        member = member_of_union(roles, self.union_id)
        return {"view": True, "amend": member, "comment": member, "change": manage}

    def current_version(self) -> RuleVersion | None:
        return self.versions.order_by("-number").first()


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
        WITHDRAWN = "withdrawn", pgettext_lazy("amendment", "withdrawn")

    document = models.ForeignKey(RuleDocument, on_delete=models.CASCADE, related_name="amendments")
    base_version = models.ForeignKey(
        RuleVersion, on_delete=models.PROTECT, related_name="amendments"
    )
    title = models.CharField(_("title"), max_length=200)
    # The article it changes ("Article 4"): its text then replaces that article only.
    article = models.CharField(_("article"), max_length=60, blank=True)
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
        "governance.ConsentDecision",
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

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PROPOSED, self.Status.IN_DECISION)

    def abilities(self, user: Any) -> dict[str, bool]:
        document = self.document.abilities(user)
        roles = roles_of(user)
        author = roles.person_id is not None and roles.person_id == self.author_id
        staff = document["change"]
        return {
            "view": True,
            "comment": document["comment"] and self.is_open,
            "decide": staff and self.status == self.Status.PROPOSED,
            "settle": staff and self.status == self.Status.IN_DECISION,
            # While proposed, the author (or the staff) rewrites it freely. Once sent to a
            # decision, its wording is what is being decided: only the staff may move an
            # article's decided wording, unchanged, onto a newer version (see services.rebase).
            "rebase": ((staff or author) and self.status == self.Status.PROPOSED)
            or (staff and self.status == self.Status.IN_DECISION and bool(self.article)),
            # Once sent to a decision, only the staff, and only after it ended (services).
            "withdraw": ((staff or author) and self.status == self.Status.PROPOSED)
            or (staff and self.status == self.Status.IN_DECISION),
        }


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


class AccountabilityQuerySet(models.QuerySet["Accountability"]):
    def in_union(self, union: Any) -> AccountabilityQuerySet:
        return self.filter(union=union)


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

    objects = AccountabilityQuerySet.as_manager()

    class Meta:
        ordering = ["union", "domain"]
        verbose_name = _("accountability")
        verbose_name_plural = _("accountabilities")

    def __str__(self) -> str:
        return self.domain

    def abilities(self, user: Any) -> dict[str, bool]:
        return {"view": True, "change": union_rule_abilities(user, self.union_id)["change"]}


def union_rule_abilities(user: Any, union_id: Any) -> dict[str, bool]:
    """What a user may do with a union's rules as a whole (create a document, a register line)."""
    roles = roles_of(user)
    return {"change": roles.manages_union(union_id)}
