"""Governance practices shared between cooperatives: sheets, comments, « we tried it too »."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.members.roles import ASSOCIATE, EDITOR_ROLES, roles_of

# Who may say « we tried it too » for their cooperative.
TRIAL_ROLES = EDITOR_ROLES | {ASSOCIATE}
# What the search reads (the sheet's own words).
SEARCHED_FIELDS = ("title", "context", "actions", "worked", "did_not_work", "tools")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, no accents, no ligatures, single spaces: « Coprésidence » → « copresidence »;
    the same on PostgreSQL and SQLite, since the sheet stores its folded words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[-'’]", " ", bare).split())


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
        return self.filter(published=True, cooperative__is_active=True)

    def editable_by(self, user: Any) -> PracticeSheetQuerySet:
        """The sheets ``user`` may edit: their cooperatives' (referent, manager), and every
        sheet of the unions they manage."""
        roles = roles_of(user)
        if roles.is_admin:
            return self
        mine = [pk for pk, held in roles.cooperatives.items() if held & EDITOR_ROLES]
        return self.filter(
            models.Q(cooperative_id__in=mine)
            | models.Q(cooperative__union_id__in=roles.managed_union_ids())
        )

    def matching(self, text: str) -> PracticeSheetQuerySet:
        """Every word of ``text`` in the sheet's words or its tags, accents and case aside.

        Tags are matched by their slug (already folded), so « sociocratie » finds a sheet tagged
        « Sociocratie » whose text never says the word.
        """
        result = self
        for word in fold(text).split()[:10]:
            tagged = PracticeSheet.tags.through.objects.filter(practicetag__slug__contains=word)
            result = result.filter(
                models.Q(search_text__contains=word)
                | models.Q(pk__in=tagged.values("practicesheet_id"))
            )
        return result

    def for_listing(self) -> PracticeSheetQuerySet:
        return (
            self.select_related("cooperative", "cooperative__commune")
            .prefetch_related("tags")
            .annotate(trial_count=models.Count("trials", distinct=True))
        )


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
    published = models.BooleanField(pgettext_lazy("sheet", "published"), default=True)
    # The folded words of SEARCHED_FIELDS, kept by save(): accent-insensitive search anywhere.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = PracticeSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("practice sheet")
        verbose_name_plural = _("practice sheets")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join(getattr(self, name) for name in SEARCHED_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        edit = roles.manages_union(self.cooperative.union_id) or bool(
            roles.in_cooperative(self.cooperative_id) & EDITOR_ROLES
        )
        visible = (self.published and self.cooperative.is_active) or edit
        return {
            "view": visible,
            "change": edit,
            "comment": visible and roles.person_id is not None,
            "tried": visible and self.published and bool(trial_cooperative_ids(roles, self)),
        }


def trial_cooperative_ids(roles: Any, sheet: PracticeSheet) -> list[Any]:
    """The other cooperatives for which this person may say « we tried it too »."""
    return [
        pk
        for pk, held in roles.cooperatives.items()
        if held & TRIAL_ROLES and pk != sheet.cooperative_id
    ]


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
