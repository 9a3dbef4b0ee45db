"""Answers in rounds: the rules every consent round shares (decisions and elections)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Answer, ConsentDecision, DecisionVersion, Round
from coopilote.governance.services import rounds
from coopilote.governance.tests.factories import RoleFactory, mandate
from coopilote.members.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def consent_round(board, **values) -> Round:
    body, people = board
    proposal = ConsentDecision.objects.create(
        body=body, title="Budget participatif", author=people[0]
    )
    version = DecisionVersion.objects.create(
        proposal=proposal, number=1, text="Affecter 5 % du budget.", living_effect="Neutre."
    )
    return Round.objects.create(proposal=proposal, version=version, kind="consent", **values)


def test_an_objection_needs_a_reason_and_a_risk(board):
    round_ = consent_round(board)
    member = board[1][1]
    with pytest.raises(rounds.RoundError, match="motif et le risque"):
        rounds.answer(round_, member, "objection", text="Je m’y oppose.")
    with pytest.raises(rounds.RoundError):
        rounds.answer(round_, member, "objection", risk="Trésorerie")
    assert not round_.answers.exists()


def test_a_member_answers_once_per_consent_round_the_last_answer_counts(board):
    round_ = consent_round(board)
    member = board[1][1]
    rounds.answer(round_, member, "concern", text="Et la trésorerie ?", actor=member.user)
    rounds.answer(round_, member, "consent", actor=member.user)
    assert list(round_.answers.values_list("kind", flat=True)) == ["consent"]
    assert AuditEvent.objects.filter(action="governance.answer").count() == 2


def test_people_outside_the_body_cannot_answer(board):
    with pytest.raises(rounds.RoundError):
        rounds.answer(consent_round(board), PersonFactory(), "consent")


def test_no_answer_after_the_deadline_or_once_closed(board):
    late = consent_round(board, deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(rounds.RoundError):
        rounds.answer(late, board[1][0], "consent")
    closed = rounds.close(consent_round(board), actor=None)
    with pytest.raises(rounds.RoundError):
        rounds.answer(closed, board[1][0], "consent")


def test_a_question_is_refused_in_a_consent_round(board):
    with pytest.raises(rounds.RoundError):
        rounds.answer(consent_round(board), board[1][0], "question", text="Pourquoi ?")


def test_the_representative_of_the_living_objects_as_such(board):
    body, people = board
    living = RoleFactory(body=body, name="Représentant·e du vivant", represents_the_living=True)
    mandate(living, [people[2]])
    round_ = consent_round(board)
    voice = rounds.answer(round_, people[2], "objection", text="Haies", risk="Biodiversité")
    other = rounds.answer(round_, people[3], "objection", text="Coût", risk="Trésorerie")
    assert voice.for_the_living and not other.for_the_living


def test_the_facilitator_records_answers_in_a_meeting(board):
    round_ = consent_round(board, in_meeting=True)
    facilitator, member = board[1][0], board[1][1]
    given = rounds.answer(round_, member, "consent", recorded_by=facilitator)
    assert given.recorded_by == facilitator


def test_outcome_consents_only_without_objection(board):
    round_ = consent_round(board)
    people = board[1]
    for person in people[:4]:
        rounds.answer(round_, person, "consent")
    result = rounds.outcome(round_)
    assert result["consented"] and result["consent"] == 4
    assert [p.pk for p in result["missing"]] == [people[4].pk]
    rounds.answer(round_, people[4], "objection", text="Trop tôt", risk="Équipe épuisée")
    assert not rounds.outcome(round_)["consented"]
    assert Answer.objects.filter(round=round_).count() == 5


def test_an_asynchronous_round_waits_for_its_deadline_or_every_member(board):
    people = board[1]
    round_ = consent_round(board, deadline=timezone.now() + datetime.timedelta(days=1))
    rounds.answer(round_, people[0], "consent")
    assert rounds.waiting_for_answers(round_)
    for person in people[1:]:
        rounds.answer(round_, person, "consent")
    assert not rounds.waiting_for_answers(round_)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(1))
    late = consent_round(board, deadline=timezone.now() - datetime.timedelta(minutes=1))
    assert not rounds.waiting_for_answers(late)  # the deadline passed: close on what was said
    assert not rounds.waiting_for_answers(consent_round(board, in_meeting=True))


def test_a_consent_decision_waits_for_the_deadline_or_every_member(board):
    from coopilote.governance.services import consent

    people = board[1]
    proposal = consent.create(
        board[0], people[0], title="Budget", text="5 %.", living_effect="Sobre."
    )
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(
        proposal, "consent", deadline=timezone.now() + datetime.timedelta(days=1)
    )
    consent.give_answer(proposal, round_, people[0], "consent")
    review = timezone.localdate() + datetime.timedelta(days=180)
    with pytest.raises(consent.ConsentError):
        consent.decide(proposal, review_on=review)
    round_.refresh_from_db()
    assert round_.closed_at is None
    proposal.refresh_from_db()
    assert proposal.stage == ConsentDecision.Stage.CONSENT


# --- minimum participation of asynchronous rounds -----------------------------------------------


def past(round_: Round) -> Round:
    """The deadline passes (set straight in the database, read back)."""
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(1))
    round_.refresh_from_db()
    return round_


def test_past_its_deadline_an_asynchronous_round_consents_only_with_its_minimum(board):
    people = board[1]
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    round_ = consent_round(board, deadline=tomorrow, min_answers_percent=50)
    for person in people[:2]:
        rounds.answer(round_, person, "consent")
    result = rounds.outcome(past(round_))
    assert not result["consented"] and not result["minimum_reached"]
    assert not result["objections"]  # nobody objected: too few spoke, that is all
    assert result["participation"] == rounds.Participation(answered=2, members=5, required=3)
    Round.objects.filter(pk=round_.pk).update(deadline=tomorrow)
    rounds.answer(round_, people[2], "concern", text="Et le budget ?")
    result = rounds.outcome(past(round_))
    assert result["consented"] and result["minimum_reached"]


def test_a_round_held_in_a_meeting_has_no_minimum(board):
    round_ = consent_round(board, in_meeting=True, min_answers_percent=80)
    rounds.answer(round_, board[1][0], "consent", recorded_by=board[1][1])
    result = rounds.outcome(round_)
    assert result["consented"]
    assert result["participation"].required is None


def test_rounds_opened_before_minimums_existed_keep_their_result(board):
    """The migration gives them 0: past the deadline, one answer still decided them."""
    round_ = consent_round(board, deadline=timezone.now() + datetime.timedelta(days=1))
    assert round_.min_answers_percent == 0
    rounds.answer(round_, board[1][0], "consent")
    assert rounds.outcome(past(round_))["consented"]


def test_the_minimum_is_a_share_of_the_members_rounded_up(union):
    from coopilote.governance.tests.factories import union_board

    board = union_board(union, 13)
    round_ = consent_round(board, deadline=timezone.now() + datetime.timedelta(1))
    round_.min_answers_percent = 50
    members = set(range(13))
    counted = rounds.participation(round_, answered={0}, members=members)
    assert counted.required == 7 and not counted.reached  # half of 13 asks for 7, not 6
    round_.min_answers_percent = 0
    assert rounds.participation(round_, answered=set(), members=members).required is None


def test_the_minimum_is_counted_against_the_members_when_the_round_closed(board):
    """Seats change after the round: its figures stay those it was decided on."""
    from coopilote.members.models import BodySeat

    body, people = board
    round_ = consent_round(board, deadline=timezone.now() + datetime.timedelta(1))
    Round.objects.filter(pk=round_.pk).update(min_answers_percent=50)
    for person in people[:3]:
        rounds.answer(round_, person, "consent")
    closed = rounds.close(round_, actor=None)
    assert closed.members_at_close == 5
    for newcomer in PersonFactory.create_batch(3):
        BodySeat.objects.create(body=body, person=newcomer, title="Membre")
    result = rounds.outcome(closed)
    assert result["participation"] == rounds.Participation(answered=3, members=5, required=3)
    assert result["consented"]


def test_only_an_asynchronous_consent_round_keeps_a_minimum():
    assert rounds.min_answers_percent("consent", False, 60) == 60
    assert rounds.min_answers_percent("consent", True, 60) == 0  # the meeting records everyone
    assert rounds.min_answers_percent("reactions", False, 60) == 0  # reactions decide nothing
    for wrong in (-1, 101):
        with pytest.raises(rounds.RoundError, match="de 0 à 100"):
            rounds.min_answers_percent("consent", False, wrong)


def test_the_participation_reads_in_french():
    from django.utils import translation

    with translation.override("fr"):
        assert rounds.Participation(1, 13, 7).label == "1 réponse sur 13 (minimum 7)"
        assert rounds.Participation(7, 13, 7).label == "7 réponses sur 13 (minimum 7)"
        assert rounds.Participation(4, 5).label == "4 réponses sur 5"
