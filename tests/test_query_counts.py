"""No page's number of SQL queries grows with the data it shows (no N+1 anywhere).

Each page is fetched with some data, the data it lists is multiplied, and it is fetched
again: the number of queries must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopilote.conftest import World
from coopilote.members import roles as r
from coopilote.members.tests.factories import CooperativeFactory, MembershipFactory
from tests.test_authorization_matrix import congress, poll


def more_cooperatives(world: World) -> None:
    for _ in range(12):
        cooperative = CooperativeFactory(union=world.union, is_cae=True)
        MembershipFactory(cooperative=cooperative, role=r.ENTREPRENEUR, activity="graphiste")


def more_members(world: World) -> None:
    for role in (r.ASSOCIATE, r.EMPLOYEE, r.ENTREPRENEUR) * 4:
        MembershipFactory(cooperative=world.cooperative, role=role, activity="photographe")
    for _ in range(5):
        MembershipFactory(
            person=world.people["referent"],
            role=r.ASSOCIATE,
            cooperative=CooperativeFactory(union=world.union),
        )


def more_comments(world: World) -> None:
    from coopilote.roadmap.services import add_comment

    for proposal in congress(world).proposals.all()[:3]:
        for _ in range(4):
            add_comment(world.user("member"), proposal, "D’accord avec cette proposition.")


def more_polls(world: World) -> None:
    for _ in range(4):
        poll(world, "closed")


def more_directory(world: World) -> None:
    from coopilote.directory.services import refresh_entries

    more_cooperatives(world)
    refresh_entries()


CASES: list[tuple[str, str, Callable[[World], dict[str, Any]], Callable[[World], None]]] = [
    ("core:home", "anonymous", lambda w: {}, more_cooperatives),
    ("members:list", "staff", lambda w: {}, more_cooperatives),
    ("members:list", "anonymous", lambda w: {}, more_cooperatives),
    ("members:cooperative", "staff", lambda w: {"pk": w.cooperative.pk}, more_members),
    ("members:cooperative", "anonymous", lambda w: {"pk": w.cooperative.pk}, more_members),
    ("accounts:account", "referent", lambda w: {}, more_members),
    ("roadmap:congress", "member", lambda w: {"pk": congress(w).pk}, more_comments),
    (
        "roadmap:proposal",
        "member",
        lambda w: {"pk": congress(w).proposals.order_by("theme__number", "number")[0].pk},
        more_comments,
    ),
    ("voting:list", "staff", lambda w: {}, more_polls),
    ("voting:results", "member", lambda w: {"pk": poll(w, "closed").pk}, more_polls),
    ("directory:search", "anonymous", lambda w: {}, more_directory),
    ("directory:search", "member", lambda w: {}, more_directory),
    ("directory:export_csv", "anonymous", lambda w: {}, more_directory),
    ("directory:export_xlsx", "anonymous", lambda w: {}, more_directory),
    ("directory_api:cooperatives", "anonymous", lambda w: {}, more_directory),
]


# --- governance ------------------------------------------------------------------------------


def _board(world: World) -> Any:
    from coopilote.governance.tests.factories import union_board

    return union_board(world.union, 3)


def more_mandates(world: World) -> None:
    from coopilote.governance.models import InterestDeclaration, Role
    from coopilote.governance.tests.factories import BodyFactory, mandate, seated

    body, people = _board(world)
    circle = BodyFactory(union=world.union, parent=body, name="Cercle transition")
    seated(circle, 2)
    for index in range(3):
        role = Role.objects.create(body=body, name=f"Rôle {Role.objects.count()}", holders=2)
        held = mandate(role, people[:2])
        InterestDeclaration.objects.create(
            person=people[index % 2], mandate=held, nothing_to_declare=True
        )


def more_proposals(world: World) -> None:
    from coopilote.governance.services import consent, rounds

    body, people = _board(world)
    for _ in range(3):
        proposal = consent.create(
            body, people[0], title="Une proposition", text="Le texte.", living_effect="Neutre."
        )
        round_ = consent.start_round(proposal, "clarifying", in_meeting=True, actor=None)
        rounds.answer(round_, people[1], "question", text="Pourquoi ?", recorded_by=people[0])


def more_elections(world: World) -> None:
    import datetime

    from coopilote.governance.models import Role
    from coopilote.governance.services import elections

    body, people = _board(world)
    for _ in range(2):
        role = Role.objects.create(body=body, name=f"Rôle {Role.objects.count()}", holders=2)
        elections.start(None, role, people[0], datetime.date.today())


def more_rules(world: World) -> None:
    import datetime

    from coopilote.governance.models import Accountability
    from coopilote.governance.services import rules

    body, people = _board(world)
    for _ in range(3):
        document = rules.create_document(
            None,
            world.union,
            title="Règlement",
            kind="internal_rules",
            body=body,
            text="Article 1\nLe conseil se réunit.",
            adopted_on=datetime.date(2025, 12, 1),
        )
        rules.propose_amendment(
            None,
            document,
            people[0],
            title="Amendement",
            text="Il se réunit souvent.",
            rationale="Rythme.",
        )
        Accountability.objects.create(
            union=world.union,
            domain="Budget",
            decides="CA",
            executes="Équipe",
            accountable="Direction",
            reports_to="AG",
            rule=document,
        )


def more_practices(world: World) -> None:
    from coopilote.governance.models import PracticeSheet, PracticeTag

    tag, _ = PracticeTag.objects.get_or_create(slug="sociocratie", defaults={"name": "Sociocratie"})
    for _ in range(3):
        sheet = PracticeSheet.objects.create(
            cooperative=world.cooperative,
            author=world.people["referent"],
            title="Fiche",
            context="Contexte",
            actions="Actions",
        )
        sheet.tags.add(tag)


def more_conventions(world: World) -> None:
    from coopilote.governance.models import Category, Convention, Feature

    for _ in range(3):
        convention = Convention.objects.create(
            union=world.union,
            title="Convention",
            question="Quelle transition ?",
            panel_size=4,
            status=Convention.Status.SIGNUP,
        )
        category = Category.objects.create(convention=convention, key="genre", label="Genre")
        Feature.objects.create(category=category, value="femme", minimum=1, maximum=3)


CASES += [
    ("governance:register", "anonymous", lambda w: {}, more_mandates),
    ("governance:register", "staff", lambda w: {}, more_mandates),
    ("governance:proposal_list", "board", lambda w: {}, more_proposals),
    ("governance:election_list", "staff", lambda w: {}, more_elections),
    ("governance:rule_list", "anonymous", lambda w: {}, more_rules),
    ("governance:accountability", "anonymous", lambda w: {}, more_rules),
    ("governance:practice_list", "member", lambda w: {}, more_practices),
    ("members:cooperative", "anonymous", lambda w: {"pk": w.cooperative.pk}, more_practices),
    ("governance:convention_list", "anonymous", lambda w: {}, more_conventions),
]


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("name", "role", "kwargs", "grow"), CASES, ids=[f"{name}-{role}" for name, role, _, _ in CASES]
)
def test_the_page_makes_as_many_queries_with_more_data(world, name, role, kwargs, grow):
    client = Client()
    if world.user(role) is not None:
        client.force_login(world.user(role))
    url = reverse(name, kwargs=kwargs(world))
    grow(world)  # some data first: going from none to one may rightly add a query
    count_queries(client, url)  # warm the session and per-process caches
    before = count_queries(client, url)
    grow(world)
    after = count_queries(client, url)
    assert after == before, f"{url} as {role}: {before} queries, then {after} with more data"
