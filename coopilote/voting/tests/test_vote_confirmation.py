"""No ballot is cast by mistake: an empty ballot is a blank vote only once its voter says so, and a
ballot with ungraded options (which count as the lowest grade) only once its voter confirms."""

import html

import pytest
from django.urls import reverse

from coopilote.core.models import AuditEvent
from coopilote.voting.models import Ballot, BallotGrade, Participation
from coopilote.voting.tests.conftest import client_as, option_ids


@pytest.fixture
def voter(world, client):
    return client_as(client, world, "member")


def vote(voter, poll, data):
    """The response, and its page with French no-break spaces read as spaces."""
    response = voter.post(reverse("voting:vote", args=[poll.pk]), data)
    return response, html.unescape(response.content.decode()).replace("\u00a0", " ")


def nothing_cast(poll):
    return not Participation.objects.filter(poll=poll).exists() and not Ballot.objects.exists()


def test_the_vote_page_offers_no_blank_box_nor_confirmation_before_it_is_needed(open_poll, voter):
    page = voter.get(reverse("voting:vote", args=[open_poll.pk])).content.decode()
    assert 'name="blank"' not in page
    assert 'name="confirm_ungraded"' not in page


def test_an_empty_ballot_is_not_cast_the_page_says_nothing_was_chosen_and_offers_a_blank_vote(
    open_poll, voter
):
    audit_before = AuditEvent.objects.count()
    response, page = vote(voter, open_poll, {})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Vous n’avez choisi aucune mention : votre bulletin n’a pas été déposé." in page
    assert 'name="blank"' in page and "Je dépose un bulletin sans aucune mention" in page
    assert "receipt" not in response.context
    assert nothing_cast(open_poll)
    assert AuditEvent.objects.count() == audit_before


def test_a_confirmed_blank_vote_is_cast_and_counts_in_the_turnout(open_poll, voter):
    response, page = vote(voter, open_poll, {"blank": "on"})
    assert response.status_code == 200
    assert response.context["receipt"] in page
    assert Participation.objects.filter(poll=open_poll).count() == 1
    ballot = Ballot.objects.get(poll=open_poll)
    # As it always did: every option counts as the lowest grade on a blank ballot.
    assert sorted(BallotGrade.objects.filter(ballot=ballot).values_list("grade", flat=True)) == [
        0,
        0,
        0,
    ]


def test_the_blank_box_does_not_cast_a_ballot_that_holds_grades(open_poll, voter):
    first, _second, _third = option_ids(open_poll)
    response, page = vote(voter, open_poll, {"blank": "on", f"option_{first}": "4"})
    assert response.status_code == 200
    assert (
        "Vous avez coché « Je dépose un bulletin sans aucune mention » mais choisi des mentions"
        in page
    )
    assert nothing_cast(open_poll)


def test_a_partly_graded_ballot_is_not_cast_until_its_voter_confirms_the_lowest_grade(
    open_poll, voter
):
    first, second, third = option_ids(open_poll)
    ungraded = open_poll.options.get(pk=third).label
    response, page = vote(voter, open_poll, {f"option_{first}": "6", f"option_{second}": "2"})
    assert response.status_code == 200
    assert (
        f"Vous avez laissé 1 option sans mention : « {ungraded} ». "
        "Elle compterait comme « À rejeter »"
    ) in page
    assert 'name="confirm_ungraded"' in page
    assert nothing_cast(open_poll)
    # The grades already chosen are kept for the second try.
    assert response.context["form"]["option_" + str(first)].value() == "6"

    confirmed, _page = vote(
        voter,
        open_poll,
        {f"option_{first}": "6", f"option_{second}": "2", "confirm_ungraded": "on"},
    )
    assert "receipt" in confirmed.context
    grades = dict(BallotGrade.objects.values_list("option_id", "grade"))
    assert grades == {first: 6, second: 2, third: 0}


def test_a_fully_graded_ballot_needs_no_confirmation(open_poll, voter):
    response, _page = vote(voter, open_poll, {f"option_{pk}": "3" for pk in option_ids(open_poll)})
    assert "receipt" in response.context
    assert Participation.objects.filter(poll=open_poll).count() == 1
