"""The prioritisation glue: the board puts proposals to a vote; pages show the published rank."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from coopilote.conftest import World
from coopilote.roadmap import priorities
from coopilote.roadmap.priorities import SOURCE_TYPE
from coopilote.roadmap.tests.factories import closed_poll, proposal, seed_congress
from coopilote.voting import services as voting
from coopilote.voting.models import Poll

pytestmark = pytest.mark.django_db


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_board_opens_a_prioritisation_vote_over_the_chosen_proposals(world: World) -> None:
    congress = seed_congress(world)
    chosen = [proposal(congress, "La publication"), proposal(congress, "Renforcer le fonds")]
    client = _client(world, "board")
    url = reverse("roadmap:prioritise", args=[congress.pk])
    form = client.get(url).content.decode()
    assert form.count('type="checkbox"') == 37 and form.count("checked") == 37
    now = timezone.now()
    response = client.post(
        url,
        {
            "title": "Nos priorités",
            "description": "",
            "opens_at": _local(now + datetime.timedelta(hours=1)),
            "closes_at": _local(now + datetime.timedelta(days=10)),
            "proposals": [p.pk for p in chosen],
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert poll.union == world.union and poll.status == "draft"
    options = list(poll.options.order_by("order"))
    assert [(o.source_type, o.source_id) for o in options] == [
        (SOURCE_TYPE, str(chosen[0].pk)),
        (SOURCE_TYPE, str(chosen[1].pk)),
    ]
    assert options[0].label.startswith("1.1 — La publication annuelle")


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("confederation", 403)])
def test_members_and_the_confederation_do_not_open_a_prioritisation_vote(
    world: World, role: str, status: int
) -> None:
    congress = seed_congress(world)
    response = _client(world, role).post(
        reverse("roadmap:prioritise", args=[congress.pk]), {"title": "x"}
    )
    assert response.status_code == status
    assert not Poll.objects.exists()


def test_the_vote_needs_two_proposals_and_a_closing_after_the_opening(world: World) -> None:
    congress = seed_congress(world)
    now = timezone.now()
    response = _client(world, "staff").post(
        reverse("roadmap:prioritise", args=[congress.pk]),
        {
            "title": "Nos priorités",
            "opens_at": _local(now + datetime.timedelta(days=2)),
            "closes_at": _local(now + datetime.timedelta(days=1)),
            "proposals": [proposal(congress, "La publication").pk],
        },
    )
    assert response.status_code == 200
    assert len(response.context["form"].errors) == 2
    assert not Poll.objects.exists()


def test_once_closed_the_congress_and_proposal_pages_show_the_rank_and_grade_voting_published(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    congress = seed_congress(world)
    chosen = [
        proposal(congress, "La publication"),
        proposal(congress, "L’amélioration"),
        proposal(congress, "Le développement"),
    ]
    poll = closed_poll(world, congress, chosen, [3, 6, 0])
    published = {row.option.source_id: row for row in voting.results(poll)}
    assert {key: (row.rank, row.grade_label) for key, row in published.items()} == {
        str(chosen[0].pk): (2, "Assez bien"),
        str(chosen[1].pk): (1, "Excellent"),
        str(chosen[2].pk): (3, "À rejeter"),
    }
    # The roadmap reads voting's published results and never counts the ballots itself.
    calls: list[object] = []
    real = voting.results

    def spy(poll: Poll) -> list[voting.OptionResult]:
        calls.append(poll)
        return real(poll)

    monkeypatch.setattr(voting, "results", spy)
    client = _client(world, "anonymous")
    html = client.get(congress.get_absolute_url()).content.decode()
    assert calls == [poll]
    ranked = gettext("Members’ vote: rank %(rank)s of %(total)s, majority grade “%(grade)s”")
    assert ranked % {"rank": 1, "total": 3, "grade": "Excellent"} in html
    assert ranked % {"rank": 3, "total": 3, "grade": "À rejeter"} in html
    assert reverse("voting:results", args=[poll.pk]) in html
    page = client.get(chosen[0].get_absolute_url()).content.decode()
    rank = gettext("Rank %(rank)s of %(total)s, majority grade “%(grade)s”")
    assert rank % {"rank": 2, "total": 3, "grade": "Assez bien"} in page
    assert (
        rank.split("%(rank)s")[0]
        not in client.get(proposal(congress, "La sociocratie").get_absolute_url()).content.decode()
    )


def test_an_open_vote_is_announced_but_its_results_stay_hidden_until_closing(world: World) -> None:
    congress = seed_congress(world)
    chosen = [proposal(congress, "La publication"), proposal(congress, "L’amélioration")]
    from coopilote.roadmap.services import create_prioritisation_poll

    now = timezone.now()
    poll = create_prioritisation_poll(
        world.user("staff"),
        congress,
        chosen,
        "En cours",
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(days=3),
    )
    voting.open_poll(world.user("staff"), poll)
    voting.cast_ballot(world.people["member"], poll, {})
    assert priorities.priorities_for([p.pk for p in chosen]) == {}
    html = _client(world, "member").get(congress.get_absolute_url()).content.decode()
    under_way = gettext("The vote “%(title)s” is under way until %(closes)s.")
    assert under_way.split("%(closes)s")[0] % {"title": poll.title} in html
    assert poll.get_absolute_url() in html
    assert gettext("majority grade") not in html
