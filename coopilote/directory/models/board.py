"""Offers and needs between cooperatives: the intercooperation board."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel, Commune, Department, NafCode, Sector


class PostKind(models.TextChoices):
    OFFER = "offer", _("offer")
    NEED = "need", _("need")


class PostCategory(models.TextChoices):
    SUBCONTRACTING = "subcontracting", _("subcontracting")
    CO_CONTRACTING = "co_contracting", _("co-contracting")
    ACCOUNTING = "accounting", _("shared accounting")
    HR = "hr", _("shared human resources")
    IT = "it", _("shared IT")
    PREMISES = "premises", _("premises")
    VEHICLES = "vehicles", _("vehicles")
    PURCHASING = "purchasing", _("group purchasing")
    EQUIPMENT = "equipment", _("equipment")
    SKILLS = "skills", _("skills")


# The support functions the congress wants shared between cooperatives (theme 8).
SUPPORT_FUNCTIONS = (
    PostCategory.ACCOUNTING,
    PostCategory.HR,
    PostCategory.IT,
    PostCategory.PREMISES,
    PostCategory.VEHICLES,
    PostCategory.PURCHASING,
)

# Categories that may answer one another, ranked below the same category (any other category is
# not suggested at all). Subcontracting and co-contracting are two ways of doing a client's work
# together; a van or a cherry picker is posted under vehicles or under equipment alike. The
# support functions stay apart: a need for shared accounting wants accountants, not IT.
RELATED_CATEGORIES: tuple[frozenset[str], ...] = (
    frozenset({PostCategory.SUBCONTRACTING, PostCategory.CO_CONTRACTING}),
    frozenset({PostCategory.EQUIPMENT, PostCategory.VEHICLES}),
)


class PostQuerySet(models.QuerySet["Post"]):
    def open(self, today: datetime.date | None = None) -> PostQuerySet:
        """Published, not closed, and not past its end date."""
        today = today or timezone.localdate()
        return self.filter(closed_at__isnull=True, cooperative__is_active=True).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )

    def offers(self) -> PostQuerySet:
        return self.filter(kind=PostKind.OFFER)

    def needs(self) -> PostQuerySet:
        return self.filter(kind=PostKind.NEED)

    def for_listing(self) -> PostQuerySet:
        return self.select_related(
            "cooperative__commune__department", "sector", "department", "commune"
        )


class Post(BaseModel):
    """An offer or a need posted by a cooperative, for the other cooperatives."""

    cooperative = models.ForeignKey(
        "members.Cooperative",
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("cooperative"),
    )
    kind = models.CharField(_("offer or need"), max_length=10, choices=PostKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=PostCategory.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("sector")
    )
    naf = models.ForeignKey(
        NafCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("NAF code"),
        limit_choices_to={"level": NafCode.Level.SUBCLASS},
    )
    # Where the offer or need is: a département, or a commune (then its département too).
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("département")
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("commune")
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(pgettext_lazy("post", "closed at"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "closed_at", "created_at"])]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        cooperative = self.cooperative.abilities(user)
        return {
            "view": cooperative["view"] and (self.closed_at is None or cooperative["change"]),
            "change": cooperative["change"],
            "close": cooperative["change"],
        }


class PostDelivery(BaseModel):
    """A post already sent to a cooperative in a digest: the digest never sends it twice."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="deliveries")
    cooperative = models.ForeignKey(
        "members.Cooperative", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "post"], name="one_delivery_per_post")
        ]
        verbose_name = _("post sent in a digest")
        verbose_name_plural = _("posts sent in digests")

    def __str__(self) -> str:
        return f"{self.post_id} → {self.cooperative_id}"
