"""The poll pages: status codes per role, the vote form, the receipt shown once, the results."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coopilote.conftest import ROLES
from coopilote.voting import services
from coopilote.voting.models import Ballot, Participation, Poll, Status
from coopilote.voting.tests.conftest import client_as, option_ids


def url(name, poll=None):
    return reverse(f"voting:{name}", args=[poll.pk] if poll else [])


def assert_accessible(html):
    assert html.count("<h1") == 1
    assert not re.search(r"\sstyle=", html), "the CSP forbids style attributes"
    assert "<script" not in html.split("</head>", 1)[1]


VIEW_OPEN = {"member", "referent", "staff", "board", "confederation", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_the_open_poll_page_is_for_the_union_and_its_electors(world, open_poll, client, role):
    response = client_as(client, world, role).get(url("poll", open_poll))
    assert response.status_code == (200 if role in VIEW_OPEN else 404)
    if response.status_code == 200:
        html = response.content.decode()
        assert_accessible(html)
        assert 'id="secrecy-title"' in html  # what the secrecy covers, and what it does not


@pytest.mark.parametrize("role", ROLES)
def test_the_poll_list_shows_what_each_role_may_see(world, draft, client, role):
    response = client_as(client, world, role).get(url("list"))
    assert response.status_code == 200
    # The confederation's current union is the confederation itself until it switches.
    assert (draft.title in response.content.decode()) == (role in {"staff", "board", "admin"})


# Staff of another union (and of the confederation) create polls too, in their own union.
CREATE = {
    "anonymous": 302,
    "staff": 200,
    "board": 200,
    "admin": 200,
    "other_union_staff": 200,
    "confederation": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_and_board_create_polls(world, client, role):
    response = client_as(client, world, role).get(url("create"))
    assert response.status_code == CREATE.get(role, 403)


def test_a_poll_is_created_in_the_current_union_of_its_author(world, client):
    client_as(client, world, "other_union_staff")
    response = client.get(url("create"))
    assert response.context["union"] == world.other_union


def test_the_create_form_makes_a_draft_with_one_option_a_line(world, client):
    client_as(client, world, "staff")
    response = client.post(
        url("create"),
        {
            "title": "Priorités 2026",
            "description": "",
            "opens_at": "2030-01-10T09:00",
            "closes_at": "2030-01-20T18:00",
            "options": "Premier choix\n\n  Deuxième   choix  \n",
            "electorate": "members",
            "elector_emails": "",
        },
    )
    poll = Poll.objects.get(title="Priorités 2026")
    assert response.status_code == 302 and response["Location"] == url("poll", poll)
    assert list(poll.options.values_list("label", flat=True)) == ["Premier choix", "Deuxième choix"]
    assert poll.status == Status.DRAFT and poll.created_by == world.user("staff")


def test_a_poll_closing_in_the_past_is_refused_it_could_never_open(world, client):
    client_as(client, world, "staff")
    response = client.post(
        url("create"),
        {
            "title": "Priorités 2020",
            "opens_at": "2020-01-10T09:00",
            "closes_at": "2020-01-20T18:00",
            "options": "Premier choix\nDeuxième choix",
            "electorate": "members",
        },
    )
    assert response.status_code == 200
    assert "Cette date de clôture est déjà passée." in response.content.decode()
    assert not Poll.objects.filter(title="Priorités 2020").exists()


OPEN = {"staff": 302, "board": 302, "admin": 302, "confederation": 403}


@pytest.mark.parametrize("role", ROLES)
def test_opening_a_draft(world, draft, client, role):
    response = client_as(client, world, role).post(url("open", draft))
    assert response.status_code == OPEN.get(role, 404)
    draft.refresh_from_db()
    assert (draft.electorate_frozen_at is not None) == (role in {"staff", "board", "admin"})


CLOSE = {"staff": 302, "board": 302, "admin": 302}


@pytest.mark.parametrize("role", ROLES)
def test_closing_an_open_poll(world, open_poll, client, role):
    response = client_as(client, world, role).post(url("close", open_poll))
    expected = CLOSE.get(role, 403 if role in VIEW_OPEN else 404)
    assert response.status_code == expected
    open_poll.refresh_from_db()
    assert open_poll.is_published == (role in CLOSE)


VOTE = {"member": 200, "referent": 200, "anonymous": 302}


@pytest.mark.parametrize("role", ROLES)
def test_only_electors_reach_the_vote_form(world, open_poll, client, role):
    response = client_as(client, world, role).get(url("vote", open_poll))
    assert response.status_code == VOTE.get(role, 403 if role in VIEW_OPEN else 404)


def test_the_vote_form_has_a_fieldset_per_option_with_seven_labelled_grades(
    world, open_poll, client
):
    html = client_as(client, world, "member").get(url("vote", open_poll)).content.decode()
    assert_accessible(html)
    assert html.count('<fieldset class="grades">') == 3
    for option in open_poll.options.all():
        assert f"<strong>{option.label}</strong>" in html
    assert html.count('type="radio"') == 21
    for grade in open_poll.grades:
        assert html.count(f"> {grade}</label>") == 3


def test_voting_shows_the_receipt_once_and_stores_it_nowhere(world, open_poll, client):
    client_as(client, world, "member")
    first, second, third = option_ids(open_poll)
    response = client.post(
        url("vote", open_poll),
        {f"option_{first}": "5", f"option_{second}": "2", f"option_{third}": "0"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    receipt = response.context["receipt"]
    html = response.content.decode()
    assert receipt in html
    assert f'href="{url("receipt_check", open_poll)}"' in html  # where to check it later
    assert_accessible(html)
    assert Ballot.objects.get().receipt_hash == services.receipt_hash(receipt)
    assert receipt not in str(dict(client.session))
    # Coming back: no second ballot, no receipt, a polite message.
    again = client.get(url("vote", open_poll))
    assert again.status_code == 302
    assert client.post(url("vote", open_poll), {}).status_code == 302
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1


def test_a_vote_posted_after_the_deadline_is_refused_with_a_message(world, open_poll, client):
    client_as(client, world, "member")
    form = client.get(url("vote", open_poll))
    assert form.status_code == 200
    Poll.objects.filter(pk=open_poll.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert client.post(url("vote", open_poll), {}).status_code == 403
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("role", ["member", "staff", "board", "admin"])
@pytest.mark.parametrize(
    "page", ["results", "receipt_check", "receipts", "results_csv", "results_pdf", "ballots_csv"]
)
def test_results_are_hidden_before_closing_and_the_poll_says_when(
    world, voted_poll, client, role, page
):
    response = client_as(client, world, role).get(url(page, voted_poll), follow=True)
    assert response.redirect_chain == [(url("poll", voted_poll), 302)]
    assert "publiés une fois le scrutin clos" in response.content.decode()
    assert not response.context.get("bars")


@pytest.mark.parametrize("role", ROLES)
def test_results_are_public_once_published(world, closed_poll, client, role):
    response = client_as(client, world, role).get(url("results", closed_poll))
    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible(html)
    assert html.count('<svg viewBox="0 0 1000 40"') == 3  # one merit profile per option
    assert '<rect x="0.00"' in html
    assert html.count("<summary>") == 3  # the table of counts, the text alternative


def test_the_emargement_is_shown_to_overseers_after_closing_only(world, voted_poll, client):
    client_as(client, world, "staff")
    during = client.get(url("electors", voted_poll))
    assert during.status_code == 200 and not during.context["show_votes"]
    services.close_poll(world.user("staff"), voted_poll)
    after = client.get(url("electors", voted_poll))
    voted = {person.pk for person, day in after.context["roll"] if day}
    assert voted == {world.people["member"].pk, world.people["referent"].pk}
    client.logout()
    client_as(client, world, "member")
    assert client.get(url("electors", voted_poll)).status_code == 403
