"""A union's congress: its themes, sub-groups and proposals, as members discuss them.

Proposals are public. Members comment; the union's staff and board import the congress text,
confirm each proposal's scope (regional, national or both), merge and split proposals; merges
and splits keep links both ways so a proposal's history is never lost.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of
from coopilote.roadmap import congress_text


class Scope(models.TextChoices):
    REGIONAL = congress_text.REGIONAL, _("regional")
    NATIONAL = congress_text.NATIONAL, _("national")
    BOTH = "both", _("regional and national")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    RETAINED = "retained", _("retained")
    MERGED = "merged", _("merged")
    SPLIT = "split", _("split")
    ARCHIVED = "archived", _("archived")


# Proposals still under discussion: the only ones that may be merged or split.
ACTIVE_STATUSES = (Status.SUBMITTED, Status.RETAINED)


def union_abilities(user: Any, union_id: Any) -> dict[str, bool]:
    """What ``user`` may do with the congresses of one union (shared by every model here)."""
    roles = roles_of(user)
    manage = roles.manages_union(union_id) or roles.sits_on_board(union_id)
    return {
        "view": True,
        "comment": manage or _is_member_of(roles, union_id),
        "import": manage,
        "change": manage,
        "merge": manage,
        "split": manage,
        "confirm_scope": manage,
        "export": True,
        "delete": roles.is_admin,
    }


def _is_member_of(roles: Any, union_id: Any) -> bool:
    if not roles.cooperatives:
        return False
    from coopilote.members.models import Cooperative

    return Cooperative.objects.filter(pk__in=roles.cooperatives.keys(), union_id=union_id).exists()


class CongressQuerySet(models.QuerySet["Congress"]):
    def in_union(self, union: Any) -> CongressQuerySet:
        return self.filter(union=union)

    def for_listing(self) -> CongressQuerySet:
        return self.select_related("union").annotate(
            proposal_count=models.Count(
                "proposals", filter=models.Q(proposals__status__in=ACTIVE_STATUSES)
            )
        )


class Congress(BaseModel):
    union = models.ForeignKey(
        "members.Union",
        on_delete=models.PROTECT,
        related_name="congresses",
        verbose_name=_("union"),
    )
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)

    objects = CongressQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        constraints = [
            # Re-importing the same text finds its congress again by name.
            models.UniqueConstraint(fields=["union", "name"], name="one_congress_name_per_union")
        ]
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:congress", args=[self.pk])

    @property
    def intro_paragraphs(self) -> list[str]:
        return [line for line in self.intro.split("\n") if line]

    def abilities(self, user: Any) -> dict[str, bool]:
        return union_abilities(user, self.union_id)


class Workshop(BaseModel):
    """A congress workshop; the themes it produced point to it when the union records it."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("congress")
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["number", "name"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.name


class Theme(BaseModel):
    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="themes", verbose_name=_("congress")
    )
    workshop = models.ForeignKey(
        Workshop,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="themes",
        verbose_name=_("workshop"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=congress_text.MAX_TITLE)
    lead = models.TextField(_("lead line"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="one_theme_per_number")
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class SubGroup(BaseModel):
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="sub_groups", verbose_name=_("theme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=congress_text.MAX_TITLE)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "number"], name="one_sub_group_per_number")
        ]
        verbose_name = _("sub-group")
        verbose_name_plural = _("sub-groups")

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def active(self) -> ProposalQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_congress(self, congress: Any) -> ProposalQuerySet:
        return self.filter(congress=congress)

    def with_scope(self, scope: str) -> ProposalQuerySet:
        return self.filter(scope=scope)

    def imported(self) -> ProposalQuerySet:
        return self.filter(origin=Proposal.Origin.IMPORT)

    def in_document_order(self) -> ProposalQuerySet:
        return self.order_by("theme__order", "theme__number", "number")

    def for_page(self) -> ProposalQuerySet:
        return self.select_related("congress__union", "theme", "sub_group")

    def for_export(self) -> ProposalQuerySet:
        return self.select_related("theme", "sub_group").in_document_order()


class Proposal(BaseModel):
    class Origin(models.TextChoices):
        IMPORT = "import", _("congress text")
        MERGE = "merge", _("merge")
        SPLIT = "split", _("split")
        TABLE = "table", _("spreadsheet")

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("congress")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("theme")
    )
    sub_group = models.ForeignKey(
        SubGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("sub-group"),
    )
    # Position in its theme, sub-groups included: "2.5" is the fifth proposal of theme 2.
    number = models.PositiveSmallIntegerField(_("number"))
    # The bullet exactly as the union wrote it: typographic apostrophes, "·", guillemets.
    text = models.TextField(_("text"))
    sub_items = models.JSONField(_("sub-items"), default=list, blank=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.REGIONAL
    )
    suggested_scope = models.CharField(
        _("suggested scope"), max_length=10, choices=Scope.choices, default=Scope.REGIONAL
    )
    scope_reason = models.CharField(_("why this scope was suggested"), max_length=200, blank=True)
    scope_confirmed = models.BooleanField(_("scope confirmed"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.IMPORT
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order", "theme__number", "number"]
        indexes = [models.Index(fields=["congress", "status"])]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:proposal", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.theme.number}.{self.number}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def abilities(self, user: Any) -> dict[str, bool]:
        abilities = union_abilities(user, self.congress.union_id)
        # History stays as it was: a merged or split proposal is not merged or split again.
        abilities["merge"] = abilities["merge"] and self.is_active
        abilities["split"] = abilities["split"] and self.is_active
        return abilities


class ProposalLink(BaseModel):
    """``source`` was merged or split into ``result``: read forwards and backwards."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("merge")
        SPLIT = "split", _("split")

    source = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="links_out",
        verbose_name=pgettext_lazy("proposal link", "source"),
    )
    result = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="links_in",
        verbose_name=pgettext_lazy("proposal link", "result"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "result"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("result")), name="link_not_to_itself"
            ),
        ]
        verbose_name = _("proposal link")
        verbose_name_plural = _("proposal links")

    def __str__(self) -> str:
        return f"{self.source} → {self.result} ({self.get_kind_display()})"


class CommentQuerySet(models.QuerySet["Comment"]):
    def for_page(self) -> CommentQuerySet:
        return self.select_related("author").order_by("created_at")


class Comment(BaseModel):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    # Kept when the author erases their data: the person row is anonymized, not deleted.
    author = models.ForeignKey(
        "members.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=4000)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author} — {self.proposal}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.proposal.abilities(user)
