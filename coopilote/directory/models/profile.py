"""What a cooperative shows of itself beyond its identity: labels, photos, testimonials; and
what visitors tell the union when a page is wrong (suggested corrections)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopilote.core.models import BaseModel


class Label(BaseModel):
    """A recognised commitment ("engagée dans la transition écologique"), a directory filter."""

    slug = models.SlugField(_("identifier"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    cooperatives = models.ManyToManyField(
        "members.Cooperative", blank=True, related_name="labels", verbose_name=_("cooperatives")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("quality mark", "label")
        verbose_name_plural = pgettext_lazy("quality mark", "labels")

    def __str__(self) -> str:
        return self.name


class PublishedQuerySet(models.QuerySet[Any]):
    def published(self) -> PublishedQuerySet:
        return self.filter(is_published=True)


class CooperativeContent:
    """What a cooperative publishes about itself (photos, testimonials): seen by everyone who
    sees the cooperative once published, by its editors always; managed by its editors."""

    cooperative: Any
    is_published: bool

    def abilities(self, user: Any) -> dict[str, bool]:
        cooperative = self.cooperative.abilities(user)
        return {
            "view": (self.is_published and cooperative["view"]) or cooperative["change"],
            "change": cooperative["change"],
            "delete": cooperative["change"],
        }


def photo_path(instance: Photo, filename: str) -> str:
    # The stored name is ours (the visitor's file name never reaches the disk).
    return f"cooperatives/{instance.cooperative_id}/{instance.id}.jpg"


class Photo(CooperativeContent, BaseModel):
    """A photo or a portrait; re-encoded on upload (no EXIF, bounded size)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        PORTRAIT = "portrait", _("portrait")

    cooperative = models.ForeignKey(
        "members.Cooperative", on_delete=models.CASCADE, related_name="photos"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHOTO)
    image = models.ImageField(
        _("image"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        _("description for people who cannot see the image"), max_length=250
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("shown on the public page"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt_text


class Testimonial(CooperativeContent, BaseModel):
    """Someone of the cooperative, in their own words (published with their consent)."""

    cooperative = models.ForeignKey(
        "members.Cooperative", on_delete=models.CASCADE, related_name="testimonials"
    )
    author_name = models.CharField(_("name shown"), max_length=120)
    author_role = models.CharField(_("role shown"), max_length=120, blank=True)
    text = models.TextField(_("testimonial"), max_length=2000)
    consent = models.BooleanField(_("the person agreed to publication"), default=False)
    is_published = models.BooleanField(_("shown on the public page"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self) -> str:
        return self.author_name


class CorrectionQuerySet(models.QuerySet["CorrectionSuggestion"]):
    def pending(self) -> CorrectionQuerySet:
        return self.filter(status=CorrectionSuggestion.Status.PENDING)


class CorrectionSuggestion(BaseModel):
    """ "Suggest a correction": anyone writes; the cooperative's union reviews."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        APPLIED = "applied", pgettext_lazy("suggestion", "applied")
        REJECTED = "rejected", pgettext_lazy("suggestion", "rejected")

    cooperative = models.ForeignKey(
        "members.Cooperative", on_delete=models.CASCADE, related_name="corrections"
    )
    field_name = models.CharField(_("what is wrong"), max_length=40, blank=True)
    message = models.TextField(_("the correction"), max_length=2000)
    author_email = models.EmailField(_("your e-mail (optional)"), blank=True)
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {self.message[:40]}"
