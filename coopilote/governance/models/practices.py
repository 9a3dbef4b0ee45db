"""Governance practices shared between cooperatives: sheets, comments, « we tried it too »."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopilote.core.models import BaseModel
from coopilote.members.roles import EDITOR_ROLES, roles_of


class PracticeTag(models.Model):
    slug = models.SlugField(primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class PracticeSheetQuerySet(models.QuerySet["PracticeSheet"]):
    def published(self) -> PracticeSheetQuerySet:
        return self.filter(published=True)


class PracticeSheet(BaseModel):
    cooperative = models.ForeignKey(
        "members.Cooperative",
        on_delete=models.CASCADE,
        related_name="practice_sheets",
        verbose_name=_("cooperative"),
    )
    author = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"))
    actions = models.TextField(_("what we did"))
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    tools = models.TextField(_("tools"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    tags = models.ManyToManyField(PracticeTag, blank=True, related_name="sheets")
    published = models.BooleanField(_("published"), default=True)

    objects = PracticeSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("practice sheet")
        verbose_name_plural = _("practice sheets")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        edit = roles.manages_union(self.cooperative.union_id) or bool(
            roles.in_cooperative(self.cooperative_id) & EDITOR_ROLES
        )
        return {
            "view": self.published or edit,
            "change": edit,
            "comment": roles.authenticated and roles.person_id is not None,
            "tried": bool(roles.cooperatives) and self.published,
        }


class PracticeComment(BaseModel):
    sheet = models.ForeignKey(PracticeSheet, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:40]

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.sheet.abilities(user)


class PracticeTrial(BaseModel):
    """« We tried it too »: another cooperative says it applied the practice, with a note."""

    sheet = models.ForeignKey(PracticeSheet, on_delete=models.CASCADE, related_name="trials")
    cooperative = models.ForeignKey(
        "members.Cooperative", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("how it went"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "cooperative"], name="one_trial_per_coop")
        ]
        verbose_name = _("« we tried it too »")
        verbose_name_plural = _("« we tried it too »")

    def __str__(self) -> str:
        return f"{self.cooperative} — {self.sheet}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.sheet.abilities(user)
