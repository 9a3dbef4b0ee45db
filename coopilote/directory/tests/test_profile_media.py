"""Photos and testimonials of a cooperative, managed by its editors: uploads are checked and
re-encoded, and nothing can be attached to another cooperative."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from coopilote.core.models import AuditEvent
from coopilote.directory import models as directory_models
from coopilote.directory import profile
from coopilote.directory.models import Photo
from coopilote.members.tests.helpers import client_as


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_file(fmt: str = "JPEG", size: tuple[int, int] = (2400, 1200), **save: Any) -> bytes:
    out = io.BytesIO()
    mode = "1" if fmt == "PNG-1" else "RGB"
    Image.new(mode, size, 1 if mode == "1" else (180, 40, 60)).save(
        out, "PNG" if fmt == "PNG-1" else fmt, **save
    )
    return out.getvalue()


def upload(client, world, content: bytes, name: str = "photo.jpg", **data: Any):
    url = reverse("directory:photos", args=[world.cooperative.pk])
    fields = {"kind": "photo", "alt_text": "Illustration : l’atelier", "caption": ""} | data
    return client.post(url, fields | {"image": SimpleUploadedFile(name, content)})


def test_an_upload_is_reencoded_to_a_jpeg_of_1600_pixels_without_exif(world, client, media):
    exif = Image.Exif()
    exif[0x010F] = "Appareil"  # Make
    exif[0x010E] = "Prise au 12 rue des Tanneurs, 45.76N 4.83E"  # ImageDescription
    content = image_file("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(content)).getexif()
    response = upload(client_as(client, world, "referent"), world, content)
    assert response.status_code == 302
    photo = Photo.objects.get(cooperative=world.cooperative)
    assert (photo.width, photo.height) == (1600, 800)
    stored = Image.open(photo.image.path)
    assert stored.format == "JPEG" and not stored.getexif() and "exif" not in stored.info
    assert photo.image.name == f"cooperatives/{world.cooperative.pk}/{photo.pk}.jpg"
    assert AuditEvent.objects.filter(action="photo.add", object_id=str(photo.pk)).exists()


def test_png_and_webp_are_accepted_and_stored_as_jpeg(world, client):
    referent = client_as(client, world, "referent")
    for fmt in ("PNG", "WEBP"):
        assert upload(referent, world, image_file(fmt, (300, 200)), f"x.{fmt}").status_code == 302
    assert {Image.open(p.image.path).format for p in Photo.objects.all()} == {"JPEG"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (image_file("GIF", (50, 50)), "Seules les images JPEG, PNG et WebP"),
        (b"%PDF-1.4 not an image", "n’est pas une image lisible"),
        (image_file("PNG-1", (8000, 6000)), "trop de pixels"),
    ],
    ids=["gif", "not-an-image", "decompression-bomb"],
)
def test_bad_uploads_are_refused_with_a_french_message(world, client, content, message):
    response = upload(client_as(client, world, "referent"), world, content, alt_text="Garde")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Garde" in response.content.decode()  # the alt text typed is kept
    assert not Photo.objects.exists()


def test_a_file_over_5_mb_is_refused_before_being_opened(world, client, monkeypatch):
    monkeypatch.setattr(profile, "MAX_UPLOAD_BYTES", 1000)
    response = upload(client_as(client, world, "referent"), world, image_file("PNG", (400, 400)))
    assert "trop volumineux" in response.content.decode()
    assert not Photo.objects.exists()


def test_the_alt_text_is_required(world, client):
    response = upload(client_as(client, world, "referent"), world, image_file(), alt_text="")
    assert response.status_code == 200 and not Photo.objects.exists()


def test_a_photo_cannot_be_attached_to_another_cooperative(world, client):
    other = world.other_cooperative
    response = upload(
        client_as(client, world, "referent"),
        world,
        image_file(),
        cooperative=str(other.pk),
        is_published="false",
        position="99",
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.cooperative == world.cooperative and photo.is_published
    assert photo.position == 0


def test_deleting_a_photo_removes_its_file_and_is_audited(
    world, client, django_capture_on_commit_callbacks
):
    referent = client_as(client, world, "referent")
    upload(referent, world, image_file())
    photo = Photo.objects.get()
    path = photo.image.path
    with django_capture_on_commit_callbacks(execute=True):
        response = referent.post(reverse("directory:photo_delete", args=[photo.pk]))
    assert response.status_code == 302 and not Photo.objects.exists()
    assert AuditEvent.objects.filter(action="photo.delete", object_id=str(photo.pk)).exists()
    assert not os.path.exists(path)


def test_another_cooperatives_referent_cannot_delete_a_photo(world, client):
    photo = Photo.objects.create(
        cooperative=world.cooperative, image="x.jpg", alt_text="A", width=1, height=1
    )
    client_as(client, world, "other_coop_referent")
    assert client.post(reverse("directory:photo_delete", args=[photo.pk])).status_code == 403
    assert Photo.objects.filter(pk=photo.pk).exists()


def filled_testimonial(**data: Any) -> dict[str, Any]:
    return {
        "author_name": "Léa Martin",
        "author_role": "associée",
        "text": "Travailler ici, c’est décider ensemble.",
        "consent": "on",
    } | data


def test_a_testimonial_needs_the_consent_of_the_person_quoted(world, client):
    url = reverse("directory:testimonials", args=[world.cooperative.pk])
    referent = client_as(client, world, "referent")
    response = referent.post(url, filled_testimonial(consent=""))
    assert response.status_code == 200 and "consentement" in response.content.decode()
    assert "décider ensemble" in response.content.decode()  # nothing typed is lost
    assert referent.post(url, filled_testimonial()).status_code == 302
    testimonial = directory_models.Testimonial.objects.get()
    assert testimonial.consent and testimonial.cooperative == world.cooperative
    assert AuditEvent.objects.filter(action="testimonial.add").exists()


def test_a_testimonial_cannot_be_attached_elsewhere_or_hidden_by_post(world, client):
    url = reverse("directory:testimonials", args=[world.cooperative.pk])
    client_as(client, world, "staff").post(
        url, filled_testimonial(cooperative=str(world.other_cooperative.pk), is_published="")
    )
    testimonial = directory_models.Testimonial.objects.get()
    assert testimonial.cooperative == world.cooperative and testimonial.is_published


def test_an_editor_deletes_a_testimonial(world, client):
    testimonial = directory_models.Testimonial.objects.create(
        cooperative=world.cooperative, author_name="Léa", text="Oui."
    )
    url = reverse("directory:testimonial_delete", args=[testimonial.pk])
    assert client_as(client, world, "member").post(url).status_code == 403
    assert client_as(client, world, "referent").post(url).status_code == 302
    assert not directory_models.Testimonial.objects.exists()
