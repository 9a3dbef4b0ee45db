"""Elections without candidates: the minimum participation of their asynchronous consent round.

Below it, silence is not consent: nobody is elected, nobody is turned down, and the facilitator
puts the same proposal to a new round that asks at least as much.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Election, Mandate, Round
from coopilote.governance.services import elections as services
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.factories import RoleFactory
from coopilote.governance.tests.test_elections import to_proposal
from coopilote.members.models import BodySeat

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def in_two_days() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=2)


def deadline_passes(election: Election) -> None:
    Round.objects.filter(election=election, closed_at=None).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_one_answer_out_of_thirteen_elects_nobody_and_the_same_proposal_goes_to_a_new_round(
    union, staff
):
    """The walk-through's case: past the deadline, silence is not consent below the minimum."""
    from coopilote.governance.tests.factories import union_board

    body, people = union_board(union, 13)
    role = RoleFactory(body=body, name="Coprésidence", holders=2)
    election = services.start(staff.user, role, staff, TODAY())
    to_proposal(election, people[:5], staff)
    services.propose(staff.user, election, people[:2], "Les plus nommées.", deadline=in_two_days())
    first = services.current_round(election)
    assert first.min_answers_percent == 50 and not first.in_meeting
    services.answer(election, people[5], "consent")
    deadline_passes(election)

    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT  # not elected, not sent back either
    assert not Mandate.objects.filter(election=election).exists()
    assert set(election.proposed.all()) == set(people[:2])  # the proposal stands
    assert services.current_round(election) is None
    missed = AuditEvent.objects.get(action="governance.election_minimum_missed")
    assert missed.summary["answered"] == 1 and missed.summary["required"] == 7
    record = services.election_record(election, None)
    (item,) = record.proposals
    assert item.minimum_missed and str(item.participation.label) == ("1 réponse sur 13 (minimum 7)")

    services.reopen_round(staff.user, election, deadline=in_two_days())
    second = services.current_round(election)
    assert second.pk != first.pk and second.min_answers_percent == 50
    assert set(second.election_proposal.people.all()) == set(people[:2])
    assert second.election_proposal.reason == "Les plus nommées."
    for person in people[5:12]:
        services.answer(election, person, "consent")
    deadline_passes(election)
    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.ELECTED
    assert set(Mandate.objects.get(election=election).holders.all()) == set(people[:2])
    record = services.election_record(election, None)
    assert [(p.number, p.reopened) for p in record.proposals] == [(1, False), (1, True)]
    assert record.proposals[1].outcome["consented"]


def test_an_objection_still_counts_below_the_minimum(board, staff, election):
    """Too few answers, but one objects: the objection sends the election back, as always."""
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", deadline=in_two_days())
    services.answer(election, people[3], "objection", text="Cumul.", risk="Charge de travail.")
    deadline_passes(election)
    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.PROPOSAL and not election.proposed.exists()


def test_a_consent_round_past_its_deadline_without_any_answer_closes_without_electing(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", deadline=in_two_days())
    deadline_passes(election)
    services.close_round(staff.user, election)  # not stuck on "nobody has answered"
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT and services.current_round(election) is None


def test_the_facilitator_chooses_the_minimum_and_a_meeting_needs_none(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    with pytest.raises(services.ElectionError, match="de 0 à 100"):
        services.propose(
            staff.user, election, people[:2], "P.", deadline=in_two_days(), min_answers_percent=120
        )
    services.propose(
        staff.user, election, people[:2], "P.", deadline=in_two_days(), min_answers_percent=20
    )
    services.answer(election, people[0], "consent")
    deadline_passes(election)
    services.close_round(staff.user, election)
    assert election.stage == Election.Stage.ELECTED  # 1 of 5 reaches 20 %


def test_a_consent_round_without_a_deadline_is_held_in_a_meeting(board, staff, election):
    """As the page does: else the round would escape both its deadline and its minimum."""
    people = board[1]
    to_proposal(election, people, staff)
    proposal = services.propose(staff.user, election, people[:2], "P.", min_answers_percent=80)
    assert proposal.round.in_meeting and proposal.round.min_answers_percent == 0


def test_a_new_consent_round_opens_only_after_a_missed_minimum(board, staff, election):
    people = board[1]
    with pytest.raises(services.ElectionError):  # nomination round
        services.reopen_round(staff.user, election, deadline=in_two_days())
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "P.", deadline=in_two_days())
    with pytest.raises(services.ElectionError):  # a round is open
        services.reopen_round(staff.user, election, deadline=in_two_days())
    services.answer(election, people[0], "consent")
    deadline_passes(election)
    services.close_round(staff.user, election)
    with pytest.raises(services.ElectionError, match="futur"):
        services.reopen_round(
            staff.user, election, deadline=timezone.now() - datetime.timedelta(hours=1)
        )
    assert election.consent_rounds.count() == 1
    services.reopen_round(staff.user, election)  # in a meeting this time
    assert services.current_round(election).in_meeting


def test_the_facilitator_reopens_the_consent_round_through_the_pages(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    facilitator = client_of(staff)
    local = "%Y-%m-%dT%H:%M"
    response = facilitator.post(
        reverse("governance:election_propose", args=[election.pk]),
        {
            "people": [str(people[0].pk), str(people[1].pk)],
            "reason": "Nommées.",
            "deadline": timezone.localtime(in_two_days()).strftime(local),
            "min_answers_percent": "60",
        },
    )
    assert response.status_code == 302
    assert services.current_round(election).min_answers_percent == 60
    client_of(people[4]).post(
        reverse("governance:election_answer", args=[election.pk]), {"kind": "consent"}
    )
    url = reverse("governance:election", args=[election.pk])
    assert "1 réponse sur 5 (minimum 3)" in facilitator.get(url).content.decode()
    deadline_passes(election)

    closed = facilitator.post(
        reverse("governance:election_close_round", args=[election.pk]), follow=True
    )
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT and not Mandate.objects.exists()
    html = closed.content.decode()
    assert "Personne n’est élu" in html and "1 réponse sur 5 (minimum 3)" in html
    assert closed.context["reopen_form"]["min_answers_percent"].value() == 60  # as the last
    reopen = reverse("governance:election_reopen_round", args=[election.pk])
    assert client_of(people[0]).post(reopen).status_code == 403  # members do not facilitate
    refused = facilitator.post(reopen, {"min_answers_percent": "150"})
    assert refused.status_code == 200 and refused.context["reopen_form"].errors
    lower = facilitator.post(
        reopen,
        {"deadline": timezone.localtime(in_two_days()).strftime(local), "min_answers_percent": 0},
    )
    assert lower.status_code == 200 and lower.context["reopen_form"].errors  # not below 60
    assert election.consent_rounds.count() == 1
    response = facilitator.post(
        reopen, {"deadline": timezone.localtime(in_two_days()).strftime(local)}
    )
    assert response.status_code == 302
    again = services.current_round(election)
    assert again is not None and again.min_answers_percent == 60  # left empty: the last one's
    assert set(again.election_proposal.people.all()) == {people[0], people[1]}


def test_a_proposal_whose_person_has_left_is_void_instead_of_put_to_a_new_round(
    board, staff, election
):
    """Else the facilitator would re-open the round and elect someone who no longer sits."""
    body, people = board
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Nommées.", deadline=in_two_days())
    deadline_passes(election)
    services.close_round(staff.user, election)  # no answer: nothing decided
    BodySeat.objects.filter(body=body, person=people[0]).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.reopen_round(staff.user, election, deadline=in_two_days()) is None
    election.refresh_from_db()
    assert election.stage == Election.Stage.PROPOSAL and not election.proposed.exists()
    assert AuditEvent.objects.filter(action="governance.election_proposal_void").exists()
    assert services.current_round(election) is None


def test_the_page_says_a_void_proposal_must_be_made_again(board, staff, election):
    body, people = board
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Nommées.", deadline=in_two_days())
    deadline_passes(election)
    services.close_round(staff.user, election)
    BodySeat.objects.filter(body=body, person=people[1]).delete()
    response = client_of(staff).post(
        reverse("governance:election_reopen_round", args=[election.pk]),
        {"deadline": timezone.localtime(in_two_days()).strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "ne siège plus dans cette instance" in response.content.decode()
    assert response.context["propose_form"] is not None


def test_a_round_with_no_minimum_and_no_answer_still_closes_past_its_deadline(
    board, staff, election
):
    """0 %: nothing to reach, but nobody answered — it must not stay open for ever, nor elect."""
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(
        staff.user, election, people[:2], "Nommées.", deadline=in_two_days(), min_answers_percent=0
    )
    deadline_passes(election)
    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT and not Mandate.objects.exists()
    assert services.reopen_round(staff.user, election, deadline=in_two_days()) is not None


def test_a_new_round_asks_at_least_what_the_missed_one_asked_and_the_audit_says_it(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(
        staff.user, election, people[:2], "Nommées.", deadline=in_two_days(), min_answers_percent=60
    )
    deadline_passes(election)
    services.close_round(staff.user, election)
    with pytest.raises(services.ElectionError, match="au moins la part de réponses"):
        services.reopen_round(staff.user, election, deadline=in_two_days(), min_answers_percent=10)
    services.reopen_round(staff.user, election, in_meeting=True)  # a meeting has everyone
    proposed = AuditEvent.objects.get(action="governance.election_propose")
    reopened = AuditEvent.objects.get(action="governance.election_round_reopen")
    assert proposed.summary["min_answers_percent"] == 60
    assert reopened.summary["min_answers_percent"] == 0


def test_answers_of_people_who_left_before_the_close_do_not_count(board, staff, election):
    body, people = board
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Nommées.", deadline=in_two_days())
    for person in people[:3]:
        services.answer(election, person, "consent")
    BodySeat.objects.filter(body=body, person__in=people[1:3]).delete()
    deadline_passes(election)
    services.close_round(staff.user, election)  # 1 answer of 3 members left: minimum 2
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT and not Mandate.objects.exists()
    (item,) = services.election_record(election, None).proposals
    assert str(item.participation.label) == "1 réponse sur 3 (minimum 2)"


def test_past_the_deadline_the_election_page_offers_no_answer_form(board, staff, election):
    """Nor, in an asynchronous round, the facilitator's form to record answers given aloud."""
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Nommées.", deadline=in_two_days())
    url = reverse("governance:election", args=[election.pk])
    before = client_of(people[3]).get(url).context
    assert before["answer_form"] is not None
    assert "record_answer_form" not in client_of(staff).get(url).context
    deadline_passes(election)
    after = client_of(people[3]).get(url)
    assert "answer_form" not in after.context
    assert "L’échéance est passée" in after.content.decode()


def test_the_facilitator_closes_an_asynchronous_round_once_its_deadline_has_passed(
    board, staff, election
):
    """While it runs: neither the close form nor the re-open form; past it: the close form."""
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Nommées.", deadline=in_two_days())
    url = reverse("governance:election", args=[election.pk])
    close = reverse("governance:election_close_round", args=[election.pk])
    running = client_of(staff).get(url)
    assert running.context["can_close"] is False and "reopen_form" not in running.context
    assert close not in running.content.decode()
    deadline_passes(election)
    due = client_of(staff).get(url)
    assert due.context["can_close"] is True and close in due.content.decode()
    assert "reopen_form" not in due.context
    client_of(staff).post(close)
    assert "reopen_form" in client_of(staff).get(url).context  # no answer: a new round
