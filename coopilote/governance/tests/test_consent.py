"""Consent decisions, service level: the whole path of a proposal and every guard of its stages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Answer, ConsentDecision, Round, RuleDocument
from coopilote.governance.services import consent
from coopilote.governance.services.consent import ConsentError
from coopilote.governance.services.rounds import RoundError
from coopilote.governance.tests.factories import RoleFactory, mandate
from coopilote.members.tests.factories import PersonFactory, UnionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def later(hours: int = 48) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def new_proposal(
    board, living_effect: str = "Moins de trajets en voiture.", **values
) -> ConsentDecision:
    body, people = board
    return consent.create(
        body,
        people[0],
        title="Tenir un CA sur deux en visioconférence",
        text="Le CA se réunit un mois sur deux en visioconférence.",
        living_effect=living_effect,
        facilitator=people[1],
        **values,
    )


def through_reactions(proposal: ConsentDecision) -> None:
    consent.start_round(proposal, "clarifying", deadline=later())
    consent.start_round(proposal, "reactions", in_meeting=True)


def test_the_whole_path_from_questions_to_a_decision_with_an_integrated_objection(board):
    body, people = board
    living = RoleFactory(body=body, name="Représentant·e du vivant", represents_the_living=True)
    mandate(living, [people[4]])
    rule = RuleDocument.objects.create(
        union=body.union, body=body, kind="internal_rules", title="Règlement intérieur du CA"
    )
    proposal = new_proposal(board, rule=rule, rule_article="art. 7")
    assert proposal.stage == "clarifying" and proposal.versions.count() == 1

    questions = consent.start_round(proposal, "clarifying", deadline=later())
    consent.give_answer(proposal, questions, people[2], "question", text="Quel outil ?")
    reactions = consent.start_round(proposal, "reactions", deadline=later())
    questions.refresh_from_db()
    assert questions.closed_at is not None
    consent.give_answer(proposal, reactions, people[3], "reaction", text="Bonne idée.")

    first = consent.start_round(proposal, "consent", deadline=later())
    proposal.refresh_from_db()
    assert proposal.stage == "consent"
    consent.give_answer(proposal, first, people[1], "consent")
    consent.give_answer(proposal, first, people[2], "concern", text="La convivialité ?")
    living_objection = consent.give_answer(
        proposal,
        first,
        people[4],
        "objection",
        text="Les serveurs ont aussi une empreinte.",
        risk="Déplacer l’impact sans le réduire.",
    )
    assert living_objection.for_the_living
    with pytest.raises(ConsentError):
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=365))

    consent.close_round(proposal)
    proposal.refresh_from_db()
    assert proposal.stage == "integration"
    with pytest.raises(ConsentError):  # the objection is not integrated yet
        consent.start_round(proposal, "consent", deadline=later())

    v2 = consent.amend(
        proposal,
        text="Le CA se réunit un mois sur deux en visioconférence, sur un outil libre hébergé "
        "en France.",
        living_effect="Moins de trajets ; hébergement sobre.",
        change_note="Outil libre et hébergement sobre (objection de la représentante du vivant).",
        integrated=[living_objection.pk],
    )
    assert v2.number == 2
    living_objection.refresh_from_db()
    assert living_objection.integrated

    second = consent.start_round(proposal, "consent", in_meeting=True)
    assert second.version == v2
    facilitator = people[1]
    for person in people:
        consent.give_answer(proposal, second, person, "consent", recorded_by=facilitator)
    decided = consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=365))
    assert decided.stage == "decided"
    assert decided.decided_on == TODAY()
    assert decided.review_on == TODAY() + datetime.timedelta(days=365)
    second.refresh_from_db()
    assert second.closed_at is not None
    # The version history is kept: v1 still holds its text, rounds point to their version.
    texts = list(proposal.versions.order_by("number").values_list("number", "text"))
    assert texts[0] == (1, "Le CA se réunit un mois sur deux en visioconférence.")
    assert texts[1][0] == 2 and "outil libre" in texts[1][1]
    assert first.version.number == 1
    assert list(ConsentDecision.objects.decided()) == [decided]
    with pytest.raises(consent.ConsentError, match="déjà décidée"):  # a second click
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=365))
    actions = set(
        AuditEvent.objects.filter(object_id=str(proposal.pk)).values_list("action", flat=True)
    )
    assert {
        "governance.proposal_create",
        "governance.proposal_round_open",
        "governance.proposal_integration",
        "governance.proposal_amend",
        "governance.proposal_decide",
    } <= actions


def test_an_objection_without_reason_or_risk_is_refused(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later())
    with pytest.raises(RoundError):
        consent.give_answer(proposal, round_, board[1][2], "objection", text="Non.")
    with pytest.raises(RoundError):
        consent.give_answer(proposal, round_, board[1][2], "objection", risk="Trésorerie")
    assert not round_.answers.exists()


def test_the_consent_round_needs_the_voice_of_the_living(board):
    proposal = new_proposal(board, living_effect="")
    through_reactions(proposal)
    with pytest.raises(ConsentError):
        consent.start_round(proposal, "consent", deadline=later())
    proposal.refresh_from_db()
    assert proposal.stage == "reactions"
    assert not proposal.rounds.filter(kind="consent").exists()
    consent.update(
        proposal,
        title=proposal.title,
        living_effect="Aucun effet notable ; moins de papier.",
        rule=None,
        rule_article="",
    )
    assert consent.start_round(proposal, "consent", deadline=later()).kind == "consent"


def test_blank_voice_of_the_living_in_spaces_does_not_count(board):
    proposal = new_proposal(board, living_effect="   ")
    through_reactions(proposal)
    with pytest.raises(ConsentError):
        consent.start_round(proposal, "consent", deadline=later())


def test_a_late_answer_is_refused_by_the_database_clock(board):
    proposal = new_proposal(board)
    round_ = consent.start_round(proposal, "clarifying", deadline=later())
    # The deadline passes: set it in the past straight in the database.
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(1))
    round_.refresh_from_db()
    with pytest.raises(RoundError):
        consent.give_answer(proposal, round_, board[1][2], "question", text="Encore ouvert ?")
    assert not round_.answers.exists()


def test_a_deadline_in_the_past_or_no_mode_is_refused(board):
    proposal = new_proposal(board)
    with pytest.raises(ConsentError):
        consent.start_round(proposal, "clarifying", deadline=timezone.now() - datetime.timedelta(1))
    with pytest.raises(ConsentError):
        consent.start_round(proposal, "clarifying")
    assert not proposal.rounds.exists()


def test_someone_outside_the_body_cannot_answer(board):
    proposal = new_proposal(board)
    round_ = consent.start_round(proposal, "clarifying", deadline=later())
    with pytest.raises(RoundError):
        consent.give_answer(proposal, round_, PersonFactory(), "question", text="Et moi ?")
    assert not round_.answers.exists()


def test_no_decision_while_an_objection_of_the_current_round_stands(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, board[1][0], "consent")
    consent.give_answer(
        proposal, round_, board[1][3], "objection", text="Coût", risk="Budget dépassé"
    )
    with pytest.raises(ConsentError):
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=180))
    proposal.refresh_from_db()
    assert proposal.stage == "consent" and proposal.decided_on is None


def test_the_objector_may_withdraw_the_objection_before_the_round_closes(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, board[1][3], "objection", text="Coût", risk="Budget")
    consent.give_answer(proposal, round_, board[1][3], "consent")
    decided = consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=180))
    assert decided.stage == "decided"


def test_a_decision_needs_a_review_date_after_it(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, board[1][0], "consent")
    with pytest.raises(ConsentError):
        consent.decide(proposal, review_on=None)
    with pytest.raises(ConsentError):
        consent.decide(proposal, review_on=TODAY())
    proposal.refresh_from_db()
    assert proposal.stage == "consent"


def test_a_decision_needs_at_least_one_answer_and_a_consent_round(board):
    proposal = new_proposal(board)
    with pytest.raises(ConsentError):  # still at clarifying questions
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90))
    through_reactions(proposal)
    consent.start_round(proposal, "consent", in_meeting=True)
    with pytest.raises(ConsentError):
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90))


def test_rounds_follow_the_order_of_the_method(board):
    proposal = new_proposal(board)
    with pytest.raises(ConsentError):  # no consent round straight from questions
        consent.start_round(proposal, "consent", deadline=later())
    through_reactions(proposal)
    with pytest.raises(ConsentError):  # no going back to questions
        consent.start_round(proposal, "clarifying", deadline=later())


def test_a_new_consent_round_needs_an_amended_version_after_objections(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    objection = consent.give_answer(
        proposal, round_, board[1][2], "objection", text="Coût", risk="Budget"
    )
    consent.close_round(proposal)
    with pytest.raises(ConsentError):  # same version, objection standing
        consent.start_round(proposal, "consent", in_meeting=True)
    with pytest.raises(ConsentError):  # an amended version must say what changed
        consent.amend(proposal, text="Autre texte", living_effect="Neutre", change_note="")
    with pytest.raises(ConsentError):  # and change something
        version = consent.current_version(proposal)
        consent.amend(
            proposal,
            text=version.text,
            living_effect=version.living_effect,
            change_note="Rien",
            integrated=[objection.pk],
        )
    objection.refresh_from_db()
    assert not objection.integrated and proposal.versions.count() == 1


def test_only_the_last_consent_rounds_objections_can_be_marked_integrated(board):
    proposal = new_proposal(board)
    other = new_proposal(board)
    through_reactions(other)
    other_round = consent.start_round(other, "consent", in_meeting=True)
    foreign = consent.give_answer(other, other_round, board[1][2], "objection", text="A", risk="B")
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, board[1][2], "objection", text="Coût", risk="Budget")
    consent.close_round(proposal)
    with pytest.raises(ConsentError):
        consent.amend(
            proposal,
            text="Nouveau",
            living_effect="Neutre",
            change_note="x",
            integrated=[foreign.pk],
        )
    foreign.refresh_from_db()
    assert not foreign.integrated


def test_no_amendment_while_a_round_is_open_nor_after_the_decision(board):
    proposal = new_proposal(board)
    consent.start_round(proposal, "clarifying", deadline=later())
    with pytest.raises(ConsentError):
        consent.amend(proposal, text="Nouveau", living_effect="Neutre", change_note="x")
    consent.close_round(proposal)
    version = consent.amend(proposal, text="Nouveau", living_effect="Neutre", change_note="Précisé")
    assert version.number == 2
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, board[1][0], "consent")
    consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90))
    with pytest.raises(ConsentError):
        consent.amend(proposal, text="Après coup", living_effect="Neutre", change_note="x")
    assert proposal.versions.count() == 2


def test_meeting_answers_only_in_meeting_rounds(board):
    proposal = new_proposal(board)
    round_ = consent.start_round(proposal, "clarifying", deadline=later())
    with pytest.raises(ConsentError):
        consent.give_answer(
            proposal, round_, board[1][2], "question", text="?", recorded_by=board[1][1]
        )
    assert not round_.answers.exists()


def test_withdrawn_proposal_closes_its_round_and_stays_withdrawn(board):
    proposal = new_proposal(board)
    round_ = consent.start_round(proposal, "clarifying", deadline=later())
    consent.withdraw(proposal)
    round_.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.stage == "withdrawn" and round_.closed_at is not None
    with pytest.raises(ConsentError):
        consent.start_round(proposal, "reactions", deadline=later())
    with pytest.raises(ConsentError):
        consent.withdraw(proposal)


def test_the_facilitator_and_the_rule_must_belong_to_the_body_and_its_union(board):
    body, people = board
    with pytest.raises(ConsentError):
        consent.create(body, people[0], title="T", text="X", facilitator=PersonFactory())
    foreign_rule = RuleDocument.objects.create(
        union=UnionFactory(), kind="statutes", title="Statuts d’une autre union"
    )
    with pytest.raises(ConsentError):
        consent.create(body, people[0], title="T", text="X", rule=foreign_rule)
    assert not ConsentDecision.objects.exists()


def test_the_voice_of_the_living_changes_in_place_only_before_the_consent_round(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    consent.give_answer(proposal, round_, board[1][2], "objection", text="Coût", risk="Budget")
    consent.close_round(proposal)
    with pytest.raises(ConsentError):
        consent.update(
            proposal, title="Nouveau titre", living_effect="Autre", rule=None, rule_article=""
        )
    assert consent.current_version(proposal).living_effect == "Moins de trajets en voiture."


def test_the_diff_between_versions_is_escaped_and_marks_changes():
    html = consent.inline_diff("Budget de 5 % <b>voté</b>", "Budget de 3 % <b>voté</b> en 2026")
    assert "<del>5</del>" in html and "<ins>3</ins>" in html
    assert "<ins> en 2026</ins>" in html or "<ins>en 2026</ins>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_the_decision_register_lists_decided_proposals_only(board):
    decided = new_proposal(board)
    through_reactions(decided)
    round_ = consent.start_round(decided, "consent", in_meeting=True)
    consent.give_answer(decided, round_, board[1][0], "consent")
    consent.decide(decided, review_on=TODAY() + datetime.timedelta(days=30))
    new_proposal(board)
    assert [p.pk for p in ConsentDecision.objects.decided()] == [decided.pk]
    assert Answer.objects.filter(round=round_).count() == 1


def test_the_same_round_is_not_opened_twice(board):
    proposal = new_proposal(board)
    consent.start_round(proposal, "clarifying", deadline=later())
    assert consent.next_round_kinds(proposal) == ["reactions"]
    with pytest.raises(ConsentError):
        consent.start_round(proposal, "clarifying", in_meeting=True)
    assert proposal.rounds.count() == 1


def test_an_asynchronous_round_is_not_cut_short_while_members_may_still_answer(board):
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later())
    consent.give_answer(proposal, round_, board[1][0], "consent")
    with pytest.raises(ConsentError):
        consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90))
    for person in board[1][1:]:
        consent.give_answer(proposal, round_, person, "consent")
    assert consent.decide(proposal, review_on=TODAY() + datetime.timedelta(days=90)).stage == (
        "decided"
    )
