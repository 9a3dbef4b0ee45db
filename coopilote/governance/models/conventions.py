"""Citizen conventions: a question, a panel drawn by lot from a volunteer pool under quotas.

The draw is verifiable: the frozen pool's SHA-256, the quotas, k, the algorithm version and the
numbered lottery panels are published first; the seed comes after, from values announced in
advance (commit-reveal), and the panel number is the seed modulo the number of panels.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel
from coopilote.members.roles import roles_of


class Convention(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        SIGNUP = "signup", _("sign-up open")
        PUBLISHED = "published", _("pool frozen and lottery published")
        DRAWN = "drawn", _("panel drawn")
        CLOSED = "closed", pgettext_lazy("assembly or convention", "closed")

    class Algorithm(models.TextChoices):
        LEXIMIN = "leximin", _("LEXIMIN (maximally fair)")
        LEGACY = "legacy", _("LEGACY (greedy)")

    union = models.ForeignKey("members.Union", on_delete=models.CASCADE, related_name="conventions")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question put to the convention"))
    panel_size = models.PositiveSmallIntegerField(_("panel size (k)"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="draft")
    algorithm = models.CharField(
        _("algorithm"), max_length=10, choices=Algorithm.choices, default="leximin"
    )
    lottery_size = models.PositiveSmallIntegerField(_("number of lottery panels (m)"), default=1000)
    signup_closes_at = models.DateTimeField(_("sign-up closes at"), null=True, blank=True)
    # What is published before the seed exists (see the module docstring).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    pool_sha256 = models.CharField(_("pool SHA-256"), max_length=64, blank=True)
    publication = models.JSONField(_("published draw data"), null=True, blank=True)
    # The end of the convention: six months later its volunteers' identities are erased
    # (``purge_conventions``, run from cron), as the sign-up form's privacy notice promises.
    closed_at = models.DateTimeField(
        pgettext_lazy("convention", "closed at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("citizen convention")
        verbose_name_plural = _("citizen conventions")

    def __str__(self) -> str:
        return self.title

    def abilities(self, user: Any) -> dict[str, bool]:
        manage = roles_of(user).manages_union(self.union_id)
        return {
            "view": manage or self.status != self.Status.DRAFT,
            "sign_up": self.signup_open(),
            "manage": manage,
            "view_pool": manage,
        }

    def signup_open(self, now: Any = None) -> bool:
        if self.status != self.Status.SIGNUP:
            return False
        if self.signup_closes_at is None:
            return True
        return bool((now or timezone.now()) < self.signup_closes_at)

    @property
    def is_published(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.DRAWN, self.Status.CLOSED}

    def get_absolute_url(self) -> str:
        return reverse("governance:convention", kwargs={"pk": self.pk})


class Category(BaseModel):
    """A category of the quotas (gender, age band, département, status...)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=80)

    class Meta:
        ordering = ["convention", "key"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "key"], name="one_category_key")
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.label

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.convention.abilities(user)


class Feature(BaseModel):
    """A value of a category and its quota: at least ``minimum``, at most ``maximum`` seats."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="features")
    value = models.CharField(_("value"), max_length=80)
    minimum = models.PositiveSmallIntegerField(_("minimum"))
    maximum = models.PositiveSmallIntegerField(_("maximum"))

    class Meta:
        ordering = ["category", "value"]
        constraints = [
            models.UniqueConstraint(fields=["category", "value"], name="one_feature_value"),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("maximum")), name="feature_min_le_max"
            ),
        ]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self) -> str:
        return f"{self.category}: {self.value} [{self.minimum}–{self.maximum}]"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.category.abilities(user)


class Volunteer(BaseModel):
    class Source(models.TextChoices):
        FORM = "form", _("sign-up form")
        IMPORT = "import", _("file import")

    class Status(models.TextChoices):
        POOL = "pool", _("in the pool")
        SELECTED = "selected", _("selected")
        DECLINED = "declined", _("declined")
        REPLACEMENT = "replacement", _("selected as a replacement")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="volunteers")
    # Stable public pseudonym: the published pool and the panels name volunteers by it alone.
    number = models.PositiveIntegerField(_("volunteer number"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    # Normalised e-mail (lower case, no dots/plus-part for known providers): deduplication.
    dedup_key = models.CharField(max_length=254, editable=False)
    features = models.JSONField(_("answers to the categories"), default=dict)
    consent_at = models.DateTimeField(_("consent to the processing given at"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="pool")

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "dedup_key"], name="one_volunteer"),
            models.UniqueConstraint(fields=["convention", "number"], name="one_volunteer_number"),
        ]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        # Pseudonymous on purpose: this is what the audit log keeps.
        return str(_("volunteer no. %(number)d") % {"number": self.number})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def abilities(self, user: Any) -> dict[str, bool]:
        manage = self.convention.abilities(user)["manage"]
        return {"view": manage, "change": manage}


class SeedContribution(BaseModel):
    """One public value the seed is made of: announced (committed) before, revealed after."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="seed_contributions"
    )
    label = models.CharField(_("source of the value"), max_length=200)
    # Set when a draw uses the value: contributions without a draw are for the next one.
    draw = models.ForeignKey(
        "Draw",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("draw"),
    )
    commitment = models.CharField(_("commitment (SHA-256)"), max_length=64, blank=True)
    value = models.CharField(_("revealed value"), max_length=200, blank=True)
    salt = models.CharField(_("salt"), max_length=64, blank=True)
    revealed_at = models.DateTimeField(_("revealed at"), null=True, blank=True)
    # A future public value (a lottery's result): when it becomes known. Until then nobody
    # knows it, which is what lets a lost sealed value be set aside without steering the seed.
    expected_at = models.DateTimeField(_("value known on"), null=True, blank=True)
    # Set aside: never revealed (a lost salt...), left out of the seed; kept for the audit.
    set_aside_at = models.DateTimeField(_("set aside on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("seed contribution")
        verbose_name_plural = _("seed contributions")

    def __str__(self) -> str:
        return self.label

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.convention.abilities(user)

    @property
    def awaits_its_date(self) -> bool:
        """A future public value whose date has not come: nothing to enter yet."""
        return self.expected_at is not None and timezone.now() < self.expected_at

    def still_unknown(self, now: datetime.datetime) -> bool:
        """A future public value nobody can know yet: announced with a date still to come."""
        return (
            not self.commitment
            and self.revealed_at is None
            and self.set_aside_at is None
            and self.expected_at is not None
            and now < self.expected_at
        )


class Draw(BaseModel):
    """A draw (the panel, or replacements for those who declined), replayable from its data."""

    class Kind(models.TextChoices):
        PANEL = "panel", _("panel")
        REPLACEMENT = "replacement", _("replacement")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="draws")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    seed = models.CharField(_("seed"), max_length=80)
    panel_number = models.PositiveIntegerField(_("panel number"))
    selected = models.JSONField(_("selected (indices in the sorted pool)"), default=list)
    data = models.JSONField(_("published data"), default=dict)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.convention} — {self.get_kind_display()} #{self.panel_number}"

    def abilities(self, user: Any) -> dict[str, bool]:
        return self.convention.abilities(user)
