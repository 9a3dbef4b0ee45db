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
    assert [entry.url_name for entry in manifest.menu] == [
        "roadmap:congress_list",
        "roadmap:roadmap_list",
    ]
    assert manifest.demo_data == "coopilote.roadmap.demo.load"
    assert manifest.extra["description"]


def test_the_demo_votes_builds_a_published_roadmap_from_the_ranking_and_writes_the_letter(
    world: World,
) -> None:
    import time

    from coopilote.members import roles as r
    from coopilote.members.tests.factories import MembershipFactory
    from coopilote.roadmap import progress, reading
    from coopilote.roadmap.models import Action, Letter, Roadmap
    from coopilote.roadmap.services import letter_body
    from coopilote.voting import services as voting
    from coopilote.voting.models import Poll

    for _ in range(30):
        MembershipFactory(cooperative=world.cooperative, role=r.ASSOCIATE, person__user=None)
    out = StringIO()
    started = time.perf_counter()
    load(SimpleNamespace(union=world.union, stdout=out, rng=random.Random(7)))
    assert time.perf_counter() - started < 10

    poll = Poll.objects.get()  # no demo login in this world: no open vote
    assert poll.status == "closed" and poll.is_published
    ranking = voting.results(poll)
    assert len(ranking) == 37 and (poll.results_snapshot or {})["ballots"] == 30
    roadmap = Roadmap.objects.get()
    assert roadmap.published and roadmap.congress == Congress.objects.get()
    assert [axis.title for axis in roadmap.axes.all()][-1].startswith("Plaidoyer")
    actions = Action.objects.in_roadmap(roadmap)
    assert actions.count() == 12 and actions.filter(parent=None).count() == 9
    ranked = [Proposal.objects.get(pk=row.option.source_id) for row in ranking]
    best = next(proposal for proposal in ranked if proposal.scope == "regional")
    parent = actions.get(proposals=best)
    assert parent.children.count() == 3 and parent.progress is None
    data = reading.load(roadmap)
    assert 0 < data.tree.percent < 100
    assert data.tree.node(parent.pk).progress == progress.weighted_mean(
        (child.weight, child.progress) for child in data.tree.node(parent.pk).children
    )
    assert actions.filter(scope="advocacy").count() == 3
    assert all(axis.nodes for axis in data.tree.axes)  # every axis has an action
    letter = Letter.objects.get()
    assert letter.published and str(letter.date) == "2026-11-26"
    assert sum(len(section.items) for section in letter_body(letter)) == 8
    assert "30 ballots" in out.getvalue()


def test_the_demo_is_deterministic(world: World) -> None:
    from coopilote.members import roles as r
    from coopilote.members.tests.factories import MembershipFactory
    from coopilote.roadmap.models import Action

    for index in range(12):
        MembershipFactory(
            cooperative=world.cooperative,
            role=r.ASSOCIATE,
            person__user=None,
            person__last_name=f"Membre {index:02d}",
        )
    load(SimpleNamespace(union=world.union, stdout=StringIO(), rng=random.Random(3)))
    first = list(
        Action.objects.order_by("axis__order", "order", "title").values_list("title", "progress")
    )
    from coopilote.roadmap.models import Roadmap
    from coopilote.voting.models import Poll

    Roadmap.objects.all().delete()
    Poll.objects.all().delete()
    Congress.objects.all().delete()
    load(SimpleNamespace(union=world.union, stdout=StringIO(), rng=random.Random(3)))
    again = list(
        Action.objects.order_by("axis__order", "order", "title").values_list("title", "progress")
    )
    assert first == again


def test_at_national_scale_two_more_regions_import_the_congress_for_the_national_view(
    world: World,
) -> None:
    from coopilote.members.tests.factories import UnionFactory
    from coopilote.roadmap.national import national_themes, normalise

    UnionFactory(name="Union régionale Bretagne")
    load(
        SimpleNamespace(
            union=world.union, stdout=StringIO(), rng=random.Random(1), scale="national"
        )
    )
    assert Congress.objects.count() == 3
    themes = {theme.key: theme for theme in national_themes()}
    assert themes[normalise("Transition écologique")].union_count == 3
    assert sum(theme.proposal_count for theme in themes.values()) == 8 * 3 - 1
