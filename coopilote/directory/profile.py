"""The human side of a cooperative's page: what the page reads, and the traceable writes
(photos, testimonials, suggested corrections), one transaction and one audit row each.

Callers check abilities first (views with ``get_object_for``); these functions only make the
change consistent and traceable.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from coopilote.accounts.views import client_ip
from coopilote.core import ratelimit
from coopilote.core.audit import record
from coopilote.directory import jsonld, notifications
from coopilote.directory.models import CorrectionSuggestion, Photo, Testimonial
from coopilote.directory.models.profile import CorrectionQuerySet
from coopilote.members import roles as r
from coopilote.members.models import Cooperative
from coopilote.members.roles import roles_of

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Checked on the header, before decoding: a tiny PNG can declare billions of pixels.
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

# Anonymous suggested corrections per client IP and per hour (counted in the shared cache).
CORRECTION_LIMIT = 5
MEMBER_CORRECTION_LIMIT = 20
CORRECTION_WINDOW_SECONDS = 3600


# Reads


def page_context(request: HttpRequest, cooperative: Cooperative) -> dict[str, Any]:
    """What the cooperative's page shows beyond its identity: a fixed number of queries."""
    photos = list(cooperative.photos.published())
    return {
        "labels": list(cooperative.labels.all()),
        "photos": photos,
        "testimonials": list(cooperative.testimonials.published()),
        "posts": list(cooperative.posts.open().order_by("kind", "title")),
        "jsonld": jsonld.script(
            jsonld.organization(cooperative, request.build_absolute_uri, photos)
        ),
    }


def reviewable_corrections(user: Any) -> CorrectionQuerySet:
    """Suggestions on the cooperatives the user edits (as union staff, referent or manager)."""
    roles = roles_of(user)
    corrections = CorrectionSuggestion.objects.select_related("cooperative__union")
    if roles.is_admin:
        return corrections
    edited = [key for key, held in roles.cooperatives.items() if held & r.EDITOR_ROLES]
    return corrections.filter(
        Q(cooperative__union_id__in=roles.managed_union_ids()) | Q(cooperative_id__in=edited)
    )


def may_review_corrections(user: Any) -> bool:
    roles = roles_of(user)
    return roles.is_union_staff or any(
        held & r.EDITOR_ROLES for held in roles.cooperatives.values()
    )


# Images


def reencode(upload: Any) -> ContentFile[bytes]:
    """A JPEG of at most MAX_SIDE pixels a side, without EXIF (GPS) or any other metadata."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."), code="too_large")
    try:
        with Image.open(upload) as opened:
            if opened.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("Only JPEG, PNG and WebP images are accepted."), code="bad_format"
                )
            if opened.width * opened.height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels (at most 40 megapixels)."),
                    code="too_many_pixels",
                )
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("This file is not a readable image (JPEG, PNG or WebP)."), code="unreadable"
        ) from exc
    if image.mode in {"RGBA", "LA", "P"}:
        # Transparent areas become white rather than black in the JPEG.
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


# Writes


def add_photo(
    actor: Any,
    cooperative: Cooperative,
    image: ContentFile[bytes],
    *,
    alt_text: str,
    kind: str = Photo.Kind.PHOTO,
    caption: str = "",
) -> Photo:
    with transaction.atomic():
        last = cooperative.photos.aggregate(last=Max("position"))["last"]
        photo = Photo(
            cooperative=cooperative,
            kind=kind,
            alt_text=alt_text,
            caption=caption,
            position=0 if last is None else last + 1,
        )
        photo.image.save("photo.jpg", image, save=False)
        photo.save()
        record(actor, "photo.add", photo, cooperative=str(cooperative.pk))
    return photo


def delete_photo(actor: Any, photo: Photo) -> None:
    name, storage = photo.image.name or "", photo.image.storage
    with transaction.atomic():
        record(actor, "photo.delete", photo, cooperative=str(photo.cooperative_id))
        photo.delete()
        if name:
            # The file goes only once the row is gone for good.
            transaction.on_commit(lambda: storage.delete(name))


def add_testimonial(actor: Any, cooperative: Cooperative, form: Any) -> Testimonial:
    assert form.is_valid()
    with transaction.atomic():
        testimonial: Testimonial = form.save(commit=False)
        testimonial.cooperative = cooperative
        testimonial.save()
        record(actor, "testimonial.add", testimonial, cooperative=str(cooperative.pk))
    return testimonial


def delete_testimonial(actor: Any, testimonial: Testimonial) -> None:
    with transaction.atomic():
        record(
            actor, "testimonial.delete", testimonial, cooperative=str(testimonial.cooperative_id)
        )
        testimonial.delete()


def take_correction_slot(request: HttpRequest) -> bool:
    """Count one suggestion, per IP for visitors and per account for members (a whole office
    may share one address); False past the hourly limit. Members are limited too, more
    loosely: each suggestion e-mails the cooperative's reviewers."""
    if request.user.is_authenticated:
        ident, limit = f"user:{request.user.pk}", MEMBER_CORRECTION_LIMIT
    else:
        ident, limit = client_ip(request) or "unknown", CORRECTION_LIMIT
    return ratelimit.take("directory_correction", ident, limit, CORRECTION_WINDOW_SECONDS)


def suggest_correction(
    actor: Any, cooperative: Cooperative, form: Any, *, base_url: str = ""
) -> CorrectionSuggestion:
    """Store the suggestion; once committed, its reviewers are told by e-mail."""
    assert form.is_valid()
    with transaction.atomic():
        suggestion: CorrectionSuggestion = form.save(commit=False)
        suggestion.cooperative = cooperative
        suggestion.author = actor if getattr(actor, "is_authenticated", False) else None
        suggestion.status = CorrectionSuggestion.Status.PENDING
        suggestion.save()
        record(actor, "correction.suggest", suggestion, cooperative=str(cooperative.pk))
        # Robust: a mail server down must not turn a stored suggestion into an error page
        # (the visitor would send it again); the queue shows it anyway, and the failure is
        # logged.
        transaction.on_commit(
            lambda: notifications.correction_suggested(suggestion, base_url), robust=True
        )
    return suggestion


def review_correction(actor: Any, suggestion: CorrectionSuggestion, status: str) -> None:
    assert status in {CorrectionSuggestion.Status.APPLIED, CorrectionSuggestion.Status.REJECTED}
    with transaction.atomic():
        suggestion.status = status
        suggestion.reviewed_by = actor
        suggestion.reviewed_at = timezone.now()
        suggestion.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        record(actor, "correction.review", suggestion, fields=["status"], status=status)
