"""The demo's labels, testimonials and illustrations: bounded, abstract, deterministic."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from coopilote.core.seeding import DemoContext
from coopilote.directory import demo_profile
from coopilote.directory import models as directory_models
from coopilote.directory.models import Label, Photo
from coopilote.members.tests.factories import CooperativeFactory, MembershipFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def run(world) -> str:
    out = io.StringIO()
    context = DemoContext(scale="region", seed=7, password="x", stdout=out)
    context.union = world.union
    demo_profile.load(context)
    return out.getvalue()


def test_the_demo_illustrates_pages_within_its_image_budget(world):
    for _ in range(25):
        MembershipFactory(cooperative=CooperativeFactory(union=world.union))
    run(world)
    assert Label.objects.count() == 4
    assert Label.objects.get(slug="esus").cooperatives.exists()
    assert 0 < directory_models.Testimonial.objects.count() <= 27 // 5 + 1
    photos = list(Photo.objects.all())
    assert 0 < len(photos) <= demo_profile.MAX_IMAGES
    assert all(photo.alt_text.startswith("Illustration") for photo in photos)
    assert all(Image.open(photo.image.path).format == "JPEG" for photo in photos)


def test_running_the_demo_twice_creates_nothing_more(world):
    run(world)
    counts = (Photo.objects.count(), directory_models.Testimonial.objects.count())
    assert "rien n’est recréé" in run(world)
    assert (Photo.objects.count(), directory_models.Testimonial.objects.count()) == counts
