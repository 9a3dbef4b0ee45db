"""The board's demo data: about one post per six cooperatives, deterministic, with matches."""

from __future__ import annotations

import io

import pytest

from coopilote.core.models import Sector
from coopilote.core.seeding import DemoContext
from coopilote.directory import demo_board
from coopilote.directory.board import suggestions_for
from coopilote.directory.models import Post
from coopilote.directory.tests.conftest import coop


def context(seed: int = 7) -> DemoContext:
    return DemoContext(scale="region", seed=seed, password="x", stdout=io.StringIO())


@pytest.fixture
def sixty(db: None) -> None:
    building = Sector.objects.create(slug="btp", name="BTP", order=1)
    for number in range(60):
        coop(f"Coopérative {number:02d}", city="69123" if number % 2 else "69266", sector=building)


def snapshot() -> list[tuple[str, str, str]]:
    return sorted(Post.objects.values_list("cooperative__name", "kind", "title"))


def test_the_demo_posts_about_one_post_per_six_cooperatives(sixty):
    demo_board.load(context())
    needs = Post.objects.needs().count()
    assert 10 <= Post.objects.count() <= 20
    assert needs >= 1
    assert all(post.description for post in Post.objects.all())


def test_the_demo_is_deterministic_and_not_duplicated(sixty):
    demo_board.load(context())
    first = snapshot()
    demo_board.load(context())
    assert snapshot() == first
    Post.objects.all().delete()
    demo_board.load(context())
    assert snapshot() == first


def test_some_demo_needs_have_an_offer_that_answers_them(sixty):
    demo_board.load(context())
    answered = [
        need
        for need in Post.objects.open().needs().for_listing()
        if any(s.post is not None for s in suggestions_for(need))
    ]
    assert answered
