"""Consent decisions: the minimum participation of asynchronous consent rounds.

Past the deadline, silence counts as consent only once enough members answered; a round is not
closed early without an objection, and a new round on the same version asks at least as much.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.forms.consent import RoundForm
from coopilote.governance.models import ConsentDecision, Round
from coopilote.governance.services import consent
from coopilote.governance.services.consent import ConsentError
from coopilote.governance.services.rounds import RoundError
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.test_consent import later, new_proposal, through_reactions
from coopilote.governance.tests.test_consent_views import in_two_days, proposal_of, url

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def deadline_passes(round_: Round) -> None:
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(1))


def test_after_the_deadline_silence_is_consent_only_once_the_minimum_has_answered(board):
    """Half of the members by default: 1 answer out of 5 decides nothing; 3 do."""
    people = board[1]
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later())
    assert round_.min_answers_percent == 50
    consent.give_answer(proposal, round_, people[0], "consent")
    deadline_passes(round_)
    review = TODAY() + datetime.timedelta(days=90)
    expected = (
        "1 réponse sur 5\u00a0: il en faut au moins 3 pour décider. "
        "Ouvrez un nouveau tour de consentement."
    )
    with pytest.raises(ConsentError) as refused:
        consent.decide(proposal, review_on=review)
    assert str(refused.value) == expected
    proposal.refresh_from_db()
    round_.refresh_from_db()
    assert proposal.stage == "consent" and proposal.decided_on is None
    assert round_.closed_at is None

    # The facilitator opens a new consent round on the same version: it replaces the past one.
    again = consent.start_round(proposal, "consent", deadline=later())
    round_.refresh_from_db()
    assert round_.closed_at is not None and again.version == round_.version
    for person in people[:3]:
        consent.give_answer(proposal, again, person, "consent")
    deadline_passes(again)
    assert consent.decide(proposal, review_on=review).stage == "decided"


def test_no_answer_at_all_past_the_deadline_gives_the_figures_too(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later())
    deadline_passes(round_)
    with pytest.raises(ConsentError, match="0 réponse sur 5\u00a0: il en faut au moins 3"):
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90))


def test_the_facilitator_chooses_the_minimum_when_opening_the_consent_round(board):
    people = board[1]
    proposal = new_proposal(board)
    through_reactions(proposal)
    with pytest.raises(RoundError):
        consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=101)
    assert not proposal.rounds.filter(kind="consent").exists()
    round_ = consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=20)
    assert round_.min_answers_percent == 20
    consent.give_answer(proposal, round_, people[0], "consent")
    deadline_passes(round_)
    assert consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90)).stage == (
        "decided"
    )


def test_a_consent_round_in_a_meeting_keeps_no_minimum(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True, min_answers_percent=80)
    assert round_.min_answers_percent == 0  # the facilitator records everyone present
    consent.give_answer(proposal, round_, board[1][0], "consent", recorded_by=board[1][1])
    assert consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90)).stage == (
        "decided"
    )


def test_an_asynchronous_consent_round_closes_early_only_on_a_standing_objection(board):
    """Closed early without an objection, silence would count before the silent members had
    their time to object; with an objection, the round yields no consent anyway."""
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later())
    consent.give_answer(proposal, round_, board[1][0], "consent")
    with pytest.raises(ConsentError, match="Attendez l’échéance du tour"):
        consent.close_round(proposal)
    with pytest.raises(ConsentError, match="Attendez l’échéance du tour"):
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90))
    consent.give_answer(
        proposal, round_, board[1][1], "objection", text="Trop tôt.", risk="Perdre des voix."
    )
    consent.close_round(proposal)
    proposal.refresh_from_db()
    assert proposal.stage == "integration"


def test_a_consent_round_still_running_is_not_replaced(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    consent.start_round(proposal, "consent", deadline=later())
    proposal.refresh_from_db()
    assert "consent" not in consent.next_round_kinds(proposal)
    with pytest.raises(ConsentError, match="déjà ouvert"):
        consent.start_round(proposal, "consent", deadline=later())
    deadline_passes(proposal.rounds.get(kind="consent"))
    assert "consent" in consent.next_round_kinds(proposal)


def at_the_consent_stage(board) -> ConsentDecision:
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", in_meeting=True)
    consent.start_round(proposal, "reactions", in_meeting=True)
    return proposal


def test_the_consent_round_form_asks_for_half_of_the_members_by_default(board):
    proposal = at_the_consent_stage(board)
    page = client_of(board[1][1]).get(proposal.get_absolute_url())
    forms = {kind: form for kind, _label, form in page.context["round_forms"]}
    field = forms["consent"]["min_answers_percent"]
    assert field.value() == 50
    assert "le silence ne vaut pas consentement" in str(field.help_text)
    assert 'name="min_answers_percent"' in page.content.decode()
    # Questions and reactions decide nothing: their forms ask for no minimum.
    assert "min_answers_percent" not in RoundForm(initial={"kind": "reactions"}).fields


def test_the_facilitator_opens_an_asynchronous_consent_round_with_its_minimum(board):
    proposal = at_the_consent_stage(board)
    facilitator = client_of(board[1][1])
    opened = url("proposal_round_open", pk=proposal.pk)
    refused = facilitator.post(
        opened, {"kind": "consent", "deadline": in_two_days(), "min_answers_percent": "101"}
    )
    # Refused beside its field, with what was typed kept.
    assert refused.status_code == 200 and not proposal.rounds.filter(kind="consent").exists()
    (form,) = [f for kind, _label, f in refused.context["round_forms"] if kind == "consent"]
    assert "min_answers_percent" in form.errors and form["deadline"].value() == in_two_days()
    facilitator.post(
        opened, {"kind": "consent", "deadline": in_two_days(), "min_answers_percent": "40"}
    )
    assert proposal.rounds.get(kind="consent").min_answers_percent == 40


def test_a_consent_round_in_a_meeting_keeps_no_minimum_through_the_page(board):
    proposal = at_the_consent_stage(board)
    client_of(board[1][1]).post(
        url("proposal_round_open", pk=proposal.pk),
        {"kind": "consent", "in_meeting": "on", "min_answers_percent": "80"},
    )
    assert proposal.rounds.get(kind="consent").min_answers_percent == 0


def test_a_decision_below_the_minimum_is_refused_with_the_figures_then_a_new_round_opens(board):
    _body, people = board
    proposal = at_the_consent_stage(board)
    facilitator = client_of(people[1])
    facilitator.post(
        url("proposal_round_open", pk=proposal.pk),
        {"kind": "consent", "deadline": in_two_days(), "min_answers_percent": "50"},
    )
    round_ = proposal.rounds.get(kind="consent")
    client_of(people[3]).post(
        url("proposal_answer", pk=proposal.pk, round_pk=round_.pk), {"kind": "consent"}
    )
    page = client_of(people[4]).get(proposal.get_absolute_url()).content.decode()
    assert "Participation\u00a0: 1 réponse sur 5 (minimum 3)" in page  # while open
    Round.objects.filter(pk=round_.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )

    page = facilitator.get(proposal.get_absolute_url())
    assert page.context["minimum_missed"] and page.context["decide_form"] is None
    assert "consent" in [kind for kind, _label, _form in page.context["round_forms"]]
    review = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    decided = facilitator.post(
        url("proposal_decide", pk=proposal.pk),
        {"decided_on": datetime.date.today().isoformat(), "review_on": review},
        follow=True,
    )
    assert (
        "1 réponse sur 5\u00a0: il en faut au moins 3 pour décider. "
        "Ouvrez un nouveau tour de consentement." in decided.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.stage == "consent" and proposal.decided_on is None

    facilitator.post(
        url("proposal_round_open", pk=proposal.pk), {"kind": "consent", "deadline": in_two_days()}
    )
    round_.refresh_from_db()
    assert round_.closed_at is not None and round_.members_at_close == 5
    again = proposal.rounds.filter(kind="consent").latest("created_at")
    assert again.closed_at is None and again.min_answers_percent == 50
    page = client_of(people[4]).get(proposal.get_absolute_url()).content.decode()
    assert "Participation\u00a0: 0 réponse sur 5 (minimum 3)" in page
    assert "Participation\u00a0: 1 réponse sur 5 (minimum 3)" in page  # the past round, after


def test_a_new_round_on_the_same_version_asks_at_least_what_the_last_one_asked(board):
    """Else a round that missed its minimum would run again with none, and one answer decide."""
    proposal = new_proposal(board)
    through_reactions(proposal)
    first = consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=60)
    deadline_passes(first)
    with pytest.raises(ConsentError, match="au moins la part de réponses du précédent"):
        consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=0)
    again = consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=60)
    assert again.min_answers_percent == 60
    opened = AuditEvent.objects.filter(action="governance.proposal_round_open")
    consent_rounds = [e.summary for e in opened if e.summary["kind"] == "consent"]
    assert [summary["min_answers_percent"] for summary in consent_rounds] == [60, 60]


def test_past_the_deadline_the_page_offers_no_answer_form_and_says_why(board):
    people = board[1]
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", deadline=later())
    round_ = proposal.rounds.get()
    member = client_of(people[1])
    assert member.get(proposal.get_absolute_url()).context["answer_form"] is not None
    deadline_passes(round_)
    page = member.get(proposal.get_absolute_url())
    assert page.context["answer_form"] is None
    assert "L’échéance est passée" in page.content.decode()


def test_while_a_consent_round_waits_the_page_offers_neither_closing_nor_deciding(board):
    people = board[1]
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", deadline=later())
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(proposal, "consent", deadline=later())
    for person in people[:3]:
        consent.give_answer(proposal, round_, person, "consent")
    close = url("proposal_round_close", pk=proposal.pk)
    waiting = client_of(people[1]).get(proposal.get_absolute_url())  # the facilitator
    assert waiting.context["decide_form"] is None and close not in waiting.content.decode()
    assert "Le tour se clôt une fois son échéance passée" in waiting.content.decode()
    deadline_passes(round_)
    due = client_of(people[1]).get(proposal.get_absolute_url())
    assert due.context["decide_form"] is not None and close in due.content.decode()
    assert "Échéance passée" in due.content.decode()


def test_after_a_round_the_form_starts_at_its_minimum_and_refuses_less(board):
    proposal = at_the_consent_stage(board)
    facilitator = client_of(board[1][1])
    opened = url("proposal_round_open", pk=proposal.pk)
    facilitator.post(
        opened, {"kind": "consent", "deadline": in_two_days(), "min_answers_percent": "60"}
    )
    deadline_passes(proposal.rounds.get(kind="consent"))
    page = facilitator.get(proposal.get_absolute_url())
    (form,) = [f for kind, _label, f in page.context["round_forms"] if kind == "consent"]
    assert (
        form["min_answers_percent"].value() == 60
        and "Au moins 60" in form["min_answers_percent"].help_text
    )
    lower = facilitator.post(
        opened, {"kind": "consent", "deadline": in_two_days(), "min_answers_percent": "10"}
    )
    assert lower.status_code == 200 and proposal.rounds.filter(kind="consent").count() == 1
    facilitator.post(opened, {"kind": "consent", "deadline": in_two_days()})  # left empty
    assert proposal.rounds.filter(kind="consent").latest("created_at").min_answers_percent == 60
