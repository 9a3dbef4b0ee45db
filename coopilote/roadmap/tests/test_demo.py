"""The demo hook imports the reference congress, and skips quietly without a union."""

from __future__ import annotations

import random
from io import StringIO
from types import SimpleNamespace

import pytest

from coopilote.conftest import World
from coopilote.core.manifest import manifests
from coopilote.roadmap.demo import load
from coopilote.roadmap.models import Comment, Congress, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_imports_the_seed_congress_for_the_given_union_with_a_few_comments(
    world: World,
) -> None:
    out = StringIO()
    load(SimpleNamespace(union=world.union, stdout=out, rng=random.Random(4)))
    assert Congress.objects.get().union == world.union
    assert Proposal.objects.count() == 37
    assert Comment.objects.count() == 3
    assert "37 proposals" in out.getvalue()
    load(SimpleNamespace(union=world.union, stdout=out, rng=random.Random(4)))
    assert Proposal.objects.count() == 37 and Comment.objects.count() == 3


def test_the_demo_falls_back_to_the_first_regional_union_then_skips(world: World) -> None:
    load(object())
    assert Congress.objects.get().union.kind == "regional"


def test_the_demo_skips_without_any_union() -> None:
    out = StringIO()
    load(SimpleNamespace(stdout=out))
    assert not Congress.objects.exists()
    assert "skipped" in out.getvalue()


def test_the_manifest_declares_the_menu_entry_and_the_demo_hook() -> None:
    manifest = next(m for config, m in manifests() if config.label == "roadmap")
    assert [entry.url_name for entry in manifest.menu] == ["roadmap:congress_list"]
    assert manifest.demo_data == "coopilote.roadmap.demo.load"
    assert manifest.extra["description"]
