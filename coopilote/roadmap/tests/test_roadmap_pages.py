"""The public roadmap page, its open data, and the board's forms."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext

from coopilote.conftest import World
from coopilote.core.templatetags.french import french_date
from coopilote.roadmap.models import Action, Roadmap, Subscription
from coopilote.roadmap.services import update_action, update_progress
from coopilote.roadmap.tests.factories import (
    add_action,
    closed_poll,
    proposal,
    roadmap_for,
    seed_congress,
)
from coopilote.voting import services as voting

pytestmark = pytest.mark.django_db

PROGRESS = re.compile(r'<progress id="progress-([\w-]+)" value="(\d+)"')


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def _page_figures(html: str) -> dict[str, int]:
    return {key: int(value) for key, value in PROGRESS.findall(html)}


def _filled_roadmap(world: World, actions: int = 3) -> Roadmap:
    """A published roadmap of ``actions`` actions: a parent with two milestones, then single
    actions, each from a proposal, with a progress."""
    congress = seed_congress(world)
    roadmap = roadmap_for(world)
    proposals = list(congress.proposals.order_by("theme__number", "number"))
    parent = add_action(roadmap, "Parent", [proposals[0]])
    for index, value in enumerate((100, 30)):
        update_progress(None, add_action(roadmap, f"Jalon {index}", parent=parent), value)
    for index in range(actions - 3):
        action = add_action(roadmap, f"Action {index}", [proposals[1 + index % 30]])
        update_progress(None, action, (index * 7) % 101)
    return roadmap


@pytest.mark.parametrize(
    ("role", "published", "status"),
    [
        ("anonymous", True, 200),
        ("member", True, 200),
        ("other_union_staff", True, 200),
        ("anonymous", False, 404),
        ("member", False, 404),
        ("other_union_staff", False, 404),
        ("confederation", False, 200),
        ("staff", False, 200),
        ("board", False, 200),
    ],
)
def test_everyone_reads_a_published_roadmap_and_only_its_writers_and_the_confederation_a_draft(
    world: World, role: str, published: bool, status: int
) -> None:
    roadmap = roadmap_for(world, published=published)
    response = _client(world, role).get(roadmap.get_absolute_url())
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "edits"),
    [
        ("anonymous", False),
        ("member", False),
        ("confederation", False),
        ("other_union_staff", False),
        ("staff", True),
        ("board", True),
        ("admin", True),
    ],
)
def test_only_the_union_s_board_and_staff_see_the_editing_buttons(
    world: World, role: str, edits: bool
) -> None:
    roadmap = roadmap_for(world)
    html = _client(world, role).get(roadmap.get_absolute_url()).content.decode()
    assert (reverse("roadmap:action_create", args=[roadmap.pk]) in html) is edits
    assert (reverse("roadmap:roadmap_edit", args=[roadmap.pk]) in html) is edits


def test_each_action_shows_its_proposals_their_congress_and_the_published_vote_result(
    world: World,
) -> None:
    congress = seed_congress(world)
    first, second = proposal(congress, "La publication"), proposal(congress, "L’amélioration")
    poll = closed_poll(world, congress, [first, second], [2, 6])
    roadmap = roadmap_for(world)
    add_action(roadmap, "Rapport sur la démocratie", [first])
    html = _client(world, "anonymous").get(roadmap.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert first.text in html and congress.name in html
    row = next(r for r in voting.results(poll) if r.option.source_id == str(first.pk))
    assert (row.rank, row.grade_label) == (2, "Passable")
    ranked = gettext("Members’ vote: rank %(rank)s of %(total)s, majority grade “%(grade)s”")
    assert ranked % {"rank": 2, "total": 2, "grade": "Passable"} in html


def test_the_page_filters_by_status_and_by_theme_of_the_source_proposals(world: World) -> None:
    congress = seed_congress(world)
    roadmap = roadmap_for(world)
    doing = roadmap.statuses.get(name="En cours")
    add_action(roadmap, "Démocratie", [proposal(congress, "La publication")], status=doing)
    add_action(roadmap, "Écologie", [proposal(congress, "Renforcer le fonds")])
    client = _client(world, "anonymous")
    by_status = client.get(roadmap.get_absolute_url(), {"status": doing.pk}).content.decode()
    assert ">Démocratie</a>" in by_status and ">Écologie</a>" not in by_status
    theme = proposal(congress, "Renforcer le fonds").theme
    by_theme = client.get(roadmap.get_absolute_url(), {"theme": theme.pk}).content.decode()
    assert ">Écologie</a>" in by_theme and ">Démocratie</a>" not in by_theme
    ignored = client.get(roadmap.get_absolute_url(), {"status": "nope"}).content.decode()
    assert ">Démocratie</a>" in ignored and ">Écologie</a>" in ignored


def test_actions_past_their_due_date_are_flagged_counted_and_filterable(world: World) -> None:
    import datetime

    from django.utils import timezone

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    roadmap = roadmap_for(world)
    done = roadmap.statuses.get(name="Réalisée")
    add_action(roadmap, "Oubliée", due=yesterday)
    add_action(roadmap, "Bouclée", due=yesterday, status=done)
    add_action(roadmap, "À venir", due=timezone.localdate() + datetime.timedelta(days=30))
    client = _client(world, "anonymous")
    html = client.get(roadmap.get_absolute_url()).content.decode()
    badge = pgettext("action", "Overdue")
    summary = ngettext(
        "%(total)s action is past its due date.", "%(total)s actions are past their due date.", 1
    ) % {"total": 1}
    assert summary in html
    # Once beside the action, once in the timeline, once in the summary: never for the others.
    assert html.count(f'status-late">{badge}<') == 3
    late_only = client.get(roadmap.get_absolute_url(), {"late": "1"}).content.decode()
    assert ">Oubliée</a>" in late_only
    assert ">Bouclée</a>" not in late_only and ">À venir</a>" not in late_only
    document = json.loads(
        client.get(reverse("roadmap:roadmap_data", args=[roadmap.pk, "json"])).content
    )
    flags = {a["title"]: a["overdue"] for axis in document["axes"] for a in axis["actions"]}
    assert flags == {"Oubliée": True, "Bouclée": False, "À venir": False}


def test_the_timeline_groups_actions_by_quarter(world: World) -> None:
    import datetime

    roadmap = roadmap_for(world)
    add_action(roadmap, "Printemps", due=datetime.date(2026, 5, 12))
    add_action(roadmap, "Sans échéance")
    html = _client(world, "anonymous").get(roadmap.get_absolute_url()).content.decode()
    assert gettext("Q%(number)s %(year)s") % {"number": 2, "year": 2026} in html
    assert gettext("No due date") in html


@pytest.mark.parametrize("role", ["anonymous", "board"])
def test_the_page_runs_the_same_number_of_queries_for_3_or_30_actions(
    world: World, role: str, django_assert_num_queries
) -> None:
    congress = seed_congress(world)
    closed_poll(world, congress, list(congress.proposals.all()[:3]), [6, 3, 1])
    roadmap = _filled_roadmap(world, actions=3)
    client = _client(world, role)
    client.get(roadmap.get_absolute_url())  # warm the session and the roles
    with CaptureQueriesContext(connection) as few:
        response = client.get(roadmap.get_absolute_url())
    assert len(_page_figures(response.content.decode())) == 3 + 2 + 1  # actions, axes, roadmap
    parent = Action.objects.get(title="Parent")
    for index in range(27):
        add_action(
            roadmap,
            f"Autre {index}",
            list(congress.proposals.all()[index : index + 2]),
            parent=parent if index % 5 == 0 else None,
        )
    with django_assert_num_queries(len(few)):
        response = client.get(roadmap.get_absolute_url())
    assert len(_page_figures(response.content.decode())) == 30 + 2 + 1


def test_the_open_data_carries_the_same_numbers_as_the_page(world: World) -> None:
    roadmap = _filled_roadmap(world, actions=6)
    client = _client(world, "anonymous")
    page = _page_figures(client.get(roadmap.get_absolute_url()).content.decode())
    response = client.get(reverse("roadmap:roadmap_data", args=[roadmap.pk, "json"]))
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)

    def walk(actions: list[dict]) -> dict[str, int]:
        found: dict[str, int] = {}
        for action in actions:
            found[action["id"]] = action["progress"]
            found |= walk(action["milestones"])
        return found

    figures = {key: page[key] for key in page if key not in {"roadmap"}}
    actions = {a: v for axis in document["axes"] for a, v in walk(axis["actions"]).items()}
    assert actions == {key: value for key, value in figures.items() if key in actions}
    assert len(actions) == 6
    assert document["progress"] == page["roadmap"]
    axes = {str(axis.pk): axis.title for axis in roadmap.axes.all()}
    assert {axes[key]: page[key] for key in axes} == {
        axis["title"]: axis["progress"] for axis in document["axes"]
    }
    parent = next(a for a in document["axes"][0]["actions"] if a["title"] == "Parent")
    assert parent["progress"] == 65 and parent["progress_entered"] is False
    assert parent["proposals"][0]["reference"] == "1.1"

    body = client.get(reverse("roadmap:roadmap_data", args=[roadmap.pk, "csv"])).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    by_title = {row["Action"]: int(row["Avancement (%)"]) for row in rows}
    assert by_title["Parent"] == 65 and by_title["Jalon 0"] == 100
    assert len(rows) == 6


def test_the_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(world: World) -> None:
    roadmap = roadmap_for(world)
    add_action(roadmap, '=HYPERLINK("http://evil.example","clic")')
    body = (
        _client(world, "anonymous")
        .get(reverse("roadmap:roadmap_data", args=[roadmap.pk, "csv"]))
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body and ";=HYPERLINK" not in body


def test_the_board_turns_a_proposal_into_an_action_from_the_proposal_page(world: World) -> None:
    congress = seed_congress(world)
    source = proposal(congress, "Créer un dispositif de parrainage")
    roadmap = roadmap_for(world)
    client = _client(world, "board")
    proposal_page = client.get(source.get_absolute_url()).content.decode()
    link = f"{reverse('roadmap:action_create', args=[roadmap.pk])}?proposals={source.pk}"
    assert link.replace("&", "&amp;") in proposal_page
    form = client.get(link).content.decode()
    assert f'value="{source.pk}"' in form and "checked" in form
    response = client.post(
        reverse("roadmap:action_create", args=[roadmap.pk]),
        {
            "title": "Parrainage territorial",
            "axis": roadmap.axes.first().pk,
            "proposals": [source.pk],
            "owner_kind": "staff",
            "scope": "regional",
            "status": roadmap.statuses.first().pk,
            "weight": 1,
        },
    )
    action = Action.objects.get(title="Parrainage territorial")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert "Parrainage territorial" in client.get(source.get_absolute_url()).content.decode()
    assert (
        source.text in _client(world, "anonymous").get(action.get_absolute_url()).content.decode()
    )


def test_a_parent_action_s_page_offers_no_progress_field_and_refuses_a_posted_one(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Parent")
    leaf = add_action(roadmap, "Jalon", parent=parent)
    client = _client(world, "board")
    assert 'name="progress"' not in client.get(parent.get_absolute_url()).content.decode()
    assert 'name="progress"' in client.get(leaf.get_absolute_url()).content.decode()
    refused = client.post(reverse("roadmap:action_progress", args=[parent.pk]), {"progress": 50})
    assert refused.status_code == 400
    accepted = client.post(reverse("roadmap:action_progress", args=[leaf.pk]), {"progress": 50})
    assert accepted.status_code == 302
    assert "50 %" in client.get(parent.get_absolute_url()).content.decode()
    # No note: the log says what changed, in the reader's language.
    logged = gettext("Progress set to %(progress)s %%.") % {"progress": 50}
    assert logged in client.get(leaf.get_absolute_url()).content.decode()


def test_a_member_follows_then_stops_following_a_roadmap(world: World) -> None:
    roadmap = roadmap_for(world)
    client = _client(world, "member")
    url = reverse("roadmap:roadmap_subscribe", args=[roadmap.pk])
    page = client.get(roadmap.get_absolute_url()).content.decode()
    assert gettext("Follow (e-mail digest)") in page
    client.post(url, {"follow": "1"})
    client.post(url, {"follow": "1"})
    assert Subscription.objects.filter(person=world.people["member"]).count() == 1
    assert gettext("Stop following") in client.get(roadmap.get_absolute_url()).content.decode()
    client.post(url, {"follow": "0"})
    assert not Subscription.objects.exists()


def test_the_board_creates_a_roadmap_with_its_axes(world: World) -> None:
    client = _client(world, "board")
    response = client.post(
        reverse("roadmap:roadmap_create"),
        {
            "title": "Feuille de route 2026",
            "congress": seed_congress(world).pk,
            "axes": "Démocratie\n\nÉcologie\n",
            "intro": "",
        },
    )
    roadmap = Roadmap.objects.get()
    assert response["Location"] == roadmap.get_absolute_url()
    assert [axis.title for axis in roadmap.axes.all()] == ["Démocratie", "Écologie"]
    assert roadmap.union == world.union and not roadmap.published


def _status_form(roadmap: Roadmap, extra: dict[str, str], delete: str | None = None) -> dict:
    statuses = list(roadmap.statuses.all())
    data = {
        "form-TOTAL_FORMS": str(len(statuses) + 1),
        "form-INITIAL_FORMS": str(len(statuses)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, status in enumerate(statuses):
        data |= {
            f"form-{index}-id": str(status.pk),
            f"form-{index}-name": status.name,
            f"form-{index}-order": str(status.order),
            f"form-{index}-colour": status.colour,
        }
        if status.is_done:
            data[f"form-{index}-is_done"] = "on"
        if status.name == delete:
            data[f"form-{index}-DELETE"] = "on"
    # The empty form as a browser sends it: its default order and colour.
    last = len(statuses)
    blank = {"name": "", "order": "0", "colour": "status-todo"}
    data |= {f"form-{last}-{key}": value for key, value in (blank | extra).items()}
    return data


def test_the_board_adds_a_status_and_cannot_delete_one_in_use(world: World) -> None:
    roadmap = roadmap_for(world)
    add_action(roadmap, "Action")  # uses « À lancer »
    client = _client(world, "board")
    url = reverse("roadmap:roadmap_statuses", args=[roadmap.pk])
    added = client.post(
        url, _status_form(roadmap, {"name": "Abandonnée", "order": "9", "colour": "status-dropped"})
    )
    assert added.status_code == 302
    assert roadmap.statuses.filter(name="Abandonnée", colour="status-dropped").exists()
    refused = client.post(url, _status_form(roadmap, {}, delete="À lancer"))
    assert refused.status_code == 200
    in_use = gettext("“%(name)s” is the status of an action: it cannot be deleted.")
    assert in_use % {"name": "À lancer"} in refused.content.decode()
    assert roadmap.statuses.filter(name="À lancer").exists()
    removed = client.post(url, _status_form(roadmap, {}, delete="En pause"))
    assert removed.status_code == 302
    assert not roadmap.statuses.filter(name="En pause").exists()


def test_the_board_publishes_a_draft_and_adds_an_axis(world: World) -> None:
    roadmap = roadmap_for(world, published=False)
    client = _client(world, "board")
    response = client.post(
        reverse("roadmap:roadmap_edit", args=[roadmap.pk]),
        {
            "title": "Feuille de route 2026",
            "congress": roadmap.congress_id,
            "intro": "",
            "published": "on",
        },
    )
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.published and roadmap.title == "Feuille de route 2026"
    client.post(reverse("roadmap:roadmap_add_axis", args=[roadmap.pk]), {"title": "Formation"})
    assert list(roadmap.axes.values_list("title", flat=True))[-1] == "Formation"
    assert _client(world, "anonymous").get(roadmap.get_absolute_url()).status_code == 200


def test_a_milestone_s_page_shows_the_proposals_it_carries_out_through_its_parent(
    world: World,
) -> None:
    congress = seed_congress(world)
    source = proposal(congress, "La publication")
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Rapport annuel", [source])
    milestone = add_action(roadmap, "Collecte des données", parent=parent)
    nested = add_action(roadmap, "Questionnaire", parent=milestone)
    none = gettext("This action does not come from a congress proposal.")
    through = gettext(
        'Through the action <a href="%(url)s">%(title)s</a>, which this milestone is part of:'
    )
    for page in (milestone, nested):
        html = _client(world, "anonymous").get(page.get_absolute_url()).content.decode()
        assert source.text in html and source.get_absolute_url() in html
        assert through % {"url": parent.get_absolute_url(), "title": "Rapport annuel"} in html
        assert none not in html
    # Named by the milestone itself, a proposal is listed once, without the inherited line.
    update_action(None, milestone, proposals=[source])
    html = _client(world, "anonymous").get(milestone.get_absolute_url()).content.decode()
    assert html.count(source.get_absolute_url()) == 1 and "Rapport annuel</a>," not in html
    # A milestone of an action born of no proposal still says so.
    lone = add_action(roadmap, "Jalon isolé", parent=add_action(roadmap, "Sans source"))
    assert none in _client(world, "anonymous").get(lone.get_absolute_url()).content.decode()


def _action_form(action: Action, **changes: object) -> dict[str, object]:
    """What the edit form posts back unchanged, with ``changes``."""
    data: dict[str, object] = {
        "title": action.title,
        "axis": action.axis_id,
        "description": action.description,
        "proposals": [p.pk for p in action.proposals.all()],
        "owner_kind": action.owner_kind,
        "scope": action.scope,
        "start": action.start.isoformat() if action.start else "",
        "due": action.due.isoformat() if action.due else "",
        "status": action.status_id,
        "weight": action.weight,
    }
    data.update(changes)
    return data


def test_the_form_refuses_a_milestone_due_after_its_parent_beside_the_due_date(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", due=datetime.date(2026, 6, 30))
    response = _client(world, "board").post(
        reverse("roadmap:action_create", args=[roadmap.pk]),
        {
            "title": "Bilan tardif",
            "axis": roadmap.axes.first().pk,
            "parent": parent.pk,
            "owner_kind": "staff",
            "scope": "regional",
            "due": "2026-07-15",
            "status": roadmap.statuses.first().pk,
            "weight": 1,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["due"]
    assert form.errors["due"] == [
        gettext(
            "A milestone cannot be due after the action it is part of: "
            "“%(action)s” is due on %(date)s."
        )
        % {"action": "Campagne", "date": french_date(datetime.date(2026, 6, 30), "j F Y")}
    ]
    html = response.content.decode()
    assert 'value="2026-07-15"' in html and 'value="Bilan tardif"' in html
    assert not parent.children.exists()


def test_the_form_refuses_moving_a_parent_s_due_date_before_a_milestone_s(world: World) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", due=datetime.date(2026, 6, 30))
    add_action(roadmap, "Bilan", parent=parent, due=datetime.date(2026, 6, 15))
    client = _client(world, "board")
    url = reverse("roadmap:action_edit", args=[parent.pk])
    response = client.post(url, _action_form(parent, due="2026-05-31"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["due"] and "Bilan" in errors["due"][0]
    assert 'value="2026-05-31"' in response.content.decode()
    parent.refresh_from_db()
    assert parent.due == datetime.date(2026, 6, 30)
    assert client.post(url, _action_form(parent, due="2026-06-15")).status_code == 302


def test_pages_still_work_when_stored_dates_already_break_the_milestone_rule(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    parent = add_action(roadmap, "Campagne", due=datetime.date(2026, 6, 30))
    milestone = add_action(roadmap, "Bilan", parent=parent, due=datetime.date(2026, 6, 1))
    Action.objects.filter(pk=milestone.pk).update(
        start=datetime.date(2026, 8, 1), due=datetime.date(2026, 9, 30)
    )
    milestone.refresh_from_db()
    client = _client(world, "board")
    for url in (
        roadmap.get_absolute_url(),
        parent.get_absolute_url(),
        milestone.get_absolute_url(),
        reverse("roadmap:action_edit", args=[parent.pk]),
        reverse("roadmap:action_edit", args=[milestone.pk]),
        reverse("roadmap:roadmap_data", args=[roadmap.pk, "json"]),
        reverse("roadmap:roadmap_data", args=[roadmap.pk, "csv"]),
    ):
        assert client.get(url).status_code == 200, url
    # Changing something else than the dates involved is still accepted.
    url = reverse("roadmap:action_edit", args=[milestone.pk])
    assert client.post(url, _action_form(milestone, title="Bilan final")).status_code == 302
    url = reverse("roadmap:action_edit", args=[parent.pk])
    assert client.post(url, _action_form(parent, title="Grande campagne")).status_code == 302
