"""Consent decisions through the pages: who may do what, forged POSTs, the happy path by HTTP."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopilote.governance.models import Answer, ConsentDecision, Round, RuleDocument
from coopilote.governance.services import consent
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.factories import BodyFactory, RoleFactory, mandate, seated
from coopilote.members import roles as r
from coopilote.members.models import Body
from coopilote.members.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


def url(name: str, **kwargs) -> str:
    return reverse(f"governance:{name}", kwargs=kwargs)


def in_two_days() -> str:
    return timezone.localtime(timezone.now() + datetime.timedelta(days=2)).strftime(LOCAL)


def proposal_of(board, living_effect: str = "Moins de papier.") -> ConsentDecision:
    body, people = board
    return consent.create(
        body,
        people[0],
        title="Publier le rapport annuel sur la démocratie",
        text="Chaque année, le CA publie un rapport sur la démocratie au travail.",
        living_effect=living_effect,
        facilitator=people[1],
    )


def test_the_whole_path_through_the_pages(board):
    body, people = board
    living = RoleFactory(body=body, name="Représentant·e du vivant", represents_the_living=True)
    mandate(living, [people[4]])
    author, facilitator = client_of(people[0]), client_of(people[1])

    response = author.post(
        url("proposal_create", body=body.pk),
        {
            "title": "Groupe de travail Jeunesse",
            "text": "Créer un groupe de travail <em>Jeunesse</em> au CA.",
            "living_effect": "",
            "rule_article": "Statuts, art. 15",
            "facilitator": str(people[1].pk),
        },
    )
    proposal = ConsentDecision.objects.get(title="Groupe de travail Jeunesse")
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.author == people[0] and proposal.facilitator == people[1]

    opened = facilitator.post(
        url("proposal_round_open", pk=proposal.pk),
        {"kind": "clarifying", "deadline": in_two_days()},
    )
    assert opened.status_code == 302
    questions = proposal.rounds.get()
    client_of(people[2]).post(
        url("proposal_answer", pk=proposal.pk, round_pk=questions.pk),
        {"kind": "question", "text": "Avec quels moyens ?"},
    )
    assert questions.answers.get().text == "Avec quels moyens ?"
    facilitator.post(
        url("proposal_round_open", pk=proposal.pk), {"kind": "reactions", "in_meeting": "on"}
    )
    facilitator.post(
        url("proposal_round_open", pk=proposal.pk), {"kind": "consent", "in_meeting": "on"}
    )
    proposal.refresh_from_db()
    assert proposal.stage == "reactions"  # refused: no voice of the living yet
    author.post(
        url("proposal_edit", pk=proposal.pk),
        {
            "title": proposal.title,
            "living_effect": "Des jeunes sensibles au vivant.",
            "rule_article": "Statuts, art. 15",
        },
    )
    facilitator.post(
        url("proposal_round_open", pk=proposal.pk), {"kind": "consent", "in_meeting": "on"}
    )
    proposal.refresh_from_db()
    assert proposal.stage == "consent"
    first = proposal.rounds.get(kind="consent")
    # In the meeting, the facilitator records the answers given aloud.
    facilitator.post(
        url("proposal_record", pk=proposal.pk, round_pk=first.pk),
        {
            "person": str(people[4].pk),
            "kind": "objection",
            "text": "Sans budget ?",
            "risk": "Épuisement",
        },
    )
    objection = first.answers.get()
    assert objection.recorded_by == people[1] and objection.for_the_living
    page = client_of(people[3]).get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert "Sans budget ?" in page.content.decode()

    facilitator.post(url("proposal_round_close", pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.stage == "integration"
    amended = facilitator.post(
        url("proposal_amend", pk=proposal.pk),
        {
            "text": "Créer un groupe de travail <em>Jeunesse</em> au CA, doté de 2 000 €.",
            "living_effect": "Des jeunes sensibles au vivant.",
            "change_note": "Un budget de 2 000 €.",
            "integrated": [str(objection.pk)],
        },
    )
    assert amended.status_code == 302
    objection.refresh_from_db()
    assert objection.integrated and proposal.versions.count() == 2
    detail = client_of(people[3]).get(proposal.get_absolute_url()).content.decode()
    assert "<ins>" in detail and "&lt;em&gt;" in detail and "<em>Jeunesse" not in detail

    facilitator.post(
        url("proposal_round_open", pk=proposal.pk), {"kind": "consent", "deadline": in_two_days()}
    )
    second = proposal.rounds.filter(kind="consent").latest("created_at")
    for person in people:
        client_of(person).post(
            url("proposal_answer", pk=proposal.pk, round_pk=second.pk), {"kind": "consent"}
        )
    assert second.answers.filter(kind="consent").count() == 5
    review = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    facilitator.post(
        url("proposal_decide", pk=proposal.pk),
        {"decided_on": datetime.date.today().isoformat(), "review_on": review},
    )
    proposal.refresh_from_db()
    assert proposal.stage == "decided" and proposal.review_on.isoformat() == review
    register = client_of(people[3]).get(url("proposal_register")).content.decode()
    assert "Groupe de travail Jeunesse" in register and "Statuts, art. 15" in register


def test_someone_outside_the_body_cannot_answer(board, union):
    proposal = proposal_of(board)
    round_ = consent.start_round(
        proposal, "clarifying", deadline=timezone.now() + datetime.timedelta(1)
    )
    outsider = MembershipFactory(
        cooperative=CooperativeFactory(union=union), role=r.ASSOCIATE, person__user=UserFactory()
    ).person
    response = client_of(outsider).post(
        url("proposal_answer", pk=proposal.pk, round_pk=round_.pk),
        {"kind": "question", "text": "Et nous ?"},
    )
    assert response.status_code == 403
    assert not round_.answers.exists()


def test_a_member_cannot_record_someone_elses_answer_nor_move_the_proposal(board):
    _body, people = board
    proposal = proposal_of(board)
    round_ = consent.start_round(proposal, "clarifying", in_meeting=True)
    member = client_of(people[3])
    recorded = member.post(
        url("proposal_record", pk=proposal.pk, round_pk=round_.pk),
        {"person": str(people[2].pk), "kind": "question", "text": "?"},
    )
    assert recorded.status_code == 403
    for name in ("proposal_round_close", "proposal_decide", "proposal_facilitator"):
        assert member.post(url(name, pk=proposal.pk)).status_code == 403
    assert member.get(url("proposal_amend", pk=proposal.pk)).status_code == 403
    assert not round_.answers.exists() and round_.closed_at is None


def test_the_staff_facilitate_without_a_seat(board, staff):
    proposal = proposal_of(board)
    response = client_of(staff).post(
        url("proposal_round_open", pk=proposal.pk), {"kind": "clarifying", "in_meeting": "on"}
    )
    assert response.status_code == 302
    assert proposal.rounds.filter(kind="clarifying", in_meeting=True).exists()


def test_forged_fields_do_not_change_stage_body_dates_or_author(board, union):
    body, people = board
    other_body = BodyFactory(union=union)
    forged = {
        "stage": "decided",
        "decided_on": "2020-01-01",
        "review_on": "2021-01-01",
        "body": str(other_body.pk),
        "author": str(people[3].pk),
        "facilitator_id": str(people[4].pk),
    }
    client = client_of(people[0])
    client.post(
        url("proposal_create", body=body.pk),
        {"title": "Parrainage", "text": "Parrainer les nouvelles Scop.", **forged},
    )
    proposal = ConsentDecision.objects.get(title="Parrainage")
    assert (proposal.stage, proposal.body, proposal.author) == ("clarifying", body, people[0])
    assert proposal.decided_on is None and proposal.review_on is None
    client.post(
        url("proposal_edit", pk=proposal.pk),
        {"title": "Parrainage territorial", "living_effect": "Neutre", **forged},
    )
    proposal.refresh_from_db()
    assert proposal.title == "Parrainage territorial"
    assert (proposal.stage, proposal.body, proposal.author) == ("clarifying", body, people[0])
    assert proposal.decided_on is None and proposal.review_on is None
    assert proposal.facilitator is None


def test_forged_answer_fields_are_ignored(board):
    _body, people = board
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", in_meeting=True)
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(
        proposal, "consent", deadline=timezone.now() + datetime.timedelta(1)
    )
    client_of(people[2]).post(
        url("proposal_answer", pk=proposal.pk, round_pk=round_.pk),
        {
            "kind": "consent",
            "person": str(people[3].pk),
            "for_the_living": "on",
            "integrated": "on",
            "recorded_by": str(people[1].pk),
        },
    )
    given = Answer.objects.get(round=round_)
    assert given.person == people[2]
    assert not given.for_the_living and not given.integrated and given.recorded_by is None


def test_an_objection_without_risk_is_refused_through_the_page(board):
    _body, people = board
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", in_meeting=True)
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(
        proposal, "consent", deadline=timezone.now() + datetime.timedelta(1)
    )
    response = client_of(people[2]).post(
        url("proposal_answer", pk=proposal.pk, round_pk=round_.pk),
        {"kind": "objection", "text": "Je m’y oppose."},
    )
    # The page comes back with the refusal next to the form, which keeps what was typed.
    assert response.status_code == 200
    assert not round_.answers.exists()
    form = response.context["answer_form"]
    assert form.non_field_errors() and form["text"].value() == "Je m’y oppose."
    assert form["kind"].value() == "objection"


def test_a_late_answer_is_refused_through_the_page(board):
    _body, people = board
    proposal = proposal_of(board)
    round_ = consent.start_round(
        proposal, "clarifying", deadline=timezone.now() + datetime.timedelta(1)
    )
    Round.objects.filter(pk=round_.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    client_of(people[2]).post(
        url("proposal_answer", pk=proposal.pk, round_pk=round_.pk),
        {"kind": "question", "text": "Trop tard ?"},
    )
    assert not round_.answers.exists()


def test_a_round_of_another_proposal_is_not_found(board):
    _body, people = board
    first, second = proposal_of(board), proposal_of(board)
    round_ = consent.start_round(second, "clarifying", in_meeting=True)
    response = client_of(people[2]).post(
        url("proposal_answer", pk=first.pk, round_pk=round_.pk),
        {"kind": "question", "text": "?"},
    )
    assert response.status_code == 404
    assert not round_.answers.exists()


def test_the_list_filters_by_body_and_stage(board, union):
    _body, people = board
    proposal = proposal_of(board)
    circle = BodyFactory(union=union, kind=Body.Kind.CIRCLE, name="Cercle Transition")
    (circle_member,) = seated(circle, 1)
    other = consent.create(circle, circle_member, title="Bilan carbone de l’UR", text="Le faire.")
    client = client_of(people[2])
    every = client.get(url("proposal_list")).context["proposals"]
    assert {p.pk for p in every} == {proposal.pk, other.pk}
    by_body = client.get(url("proposal_list"), {"body": str(circle.pk)}).context["proposals"]
    assert [p.pk for p in by_body] == [other.pk]
    consent.withdraw(other)
    by_stage = client.get(url("proposal_list"), {"stage": "withdrawn"}).context["proposals"]
    assert [p.pk for p in by_stage] == [other.pk]


def test_a_cooperatives_body_proposals_are_for_its_people_only(union):
    cooperative = CooperativeFactory(union=union)
    circle = BodyFactory(union=union, cooperative=cooperative, kind=Body.Kind.CIRCLE)
    (member,) = seated(circle, 1)
    proposal = consent.create(circle, member, title="Semaine de quatre jours", text="Essayer.")
    associate = MembershipFactory(
        cooperative=cooperative, role=r.ASSOCIATE, person__user=UserFactory()
    ).person
    stranger = PersonFactory(user=UserFactory())
    assert client_of(associate).get(proposal.get_absolute_url()).status_code == 200
    assert client_of(stranger).get(proposal.get_absolute_url()).status_code == 404
    listed = client_of(stranger).get(url("proposal_list")).context["proposals"]
    assert proposal not in listed
    seen = client_of(associate).get(url("proposal_list")).context["proposals"]
    assert proposal in seen


def test_the_list_and_the_proposal_of_the_unions_board_are_public(client, board):
    proposal = proposal_of(board)
    assert client.get(proposal.get_absolute_url()).status_code == 200
    assert client.get(url("proposal_list")).status_code == 200
    response = client.post(url("proposal_round_open", pk=proposal.pk), {"kind": "clarifying"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not proposal.rounds.exists()


def _decided_with_rounds(board) -> ConsentDecision:
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", in_meeting=True)
    consent.start_round(proposal, "reactions", in_meeting=True)
    round_ = consent.start_round(proposal, "consent", in_meeting=True)
    for person in board[1]:
        consent.give_answer(proposal, round_, person, "consent", recorded_by=board[1][1])
    consent.decide(proposal, review_on=datetime.date.today() + datetime.timedelta(days=90))
    return proposal


@pytest.mark.parametrize("name", ["proposal_list", "proposal_register", "proposal_detail"])
def test_the_pages_make_as_many_queries_with_more_data(board, name):
    client = client_of(board[1][2])
    first = _decided_with_rounds(board)
    target = first.get_absolute_url() if name == "proposal_detail" else url(name)
    with CaptureQueriesContext(connection) as before:
        assert client.get(target).status_code == 200
    for _ in range(3):
        _decided_with_rounds(board)
    if name == "proposal_detail":  # more rounds, versions and answers on the same proposal
        proposal = ConsentDecision.objects.get(pk=first.pk)
        ConsentDecision.objects.filter(pk=first.pk).update(stage="integration")
        for number in range(2, 5):
            proposal.versions.create(number=number, text=f"Texte {number}", change_note="Précisé")
            extra = Round.objects.create(
                proposal=proposal, version=proposal.versions.get(number=number), kind="reactions"
            )
            for person in board[1]:
                Answer.objects.create(round=extra, person=person, kind="reaction", text="Oui")
    with CaptureQueriesContext(connection) as after:
        assert client.get(target).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_decision_links_to_the_rule_that_allowed_it(board):
    body, people = board
    rule = RuleDocument.objects.create(
        union=body.union, body=body, kind="internal_rules", title="Règlement intérieur du CA"
    )
    proposal = consent.create(
        body, people[0], title="Calendrier", text="Six réunions.", rule=rule, rule_article="art. 2"
    )
    page = client_of(people[1]).get(proposal.get_absolute_url()).content.decode()
    assert f'href="{reverse("governance:rule_detail", kwargs={"pk": rule.pk})}"' in page
    assert "art. 2" in page


def test_opening_a_round_says_who_the_email_cannot_reach(board):
    people = board[1]
    proposal = proposal_of(board)
    people[3].email = ""
    people[3].save(update_fields=["email"])
    response = client_of(people[1]).post(
        url("proposal_round_open", pk=proposal.pk),
        {"kind": "clarifying", "deadline": in_two_days()},
        follow=True,
    )
    page = response.content.decode()
    assert "Le tour est ouvert\u00a0: 4\u00a0membres en sont prévenu·es par courriel." in page
    assert (
        f"1\u00a0membre n’a pas d’adresse électronique, à prévenir autrement\u00a0: "
        f"{people[3]}." in page
    )


def test_a_past_deadline_is_refused_beside_its_field_keeping_what_was_typed(board):
    proposal = proposal_of(board)
    consent.start_round(proposal, "clarifying", in_meeting=True)
    consent.start_round(proposal, "reactions", in_meeting=True)
    past = timezone.localtime(timezone.now() - datetime.timedelta(hours=2)).strftime(LOCAL)
    response = client_of(board[1][1]).post(
        url("proposal_round_open", pk=proposal.pk),
        {"kind": "consent", "deadline": past, "min_answers_percent": "60"},
    )
    assert response.status_code == 200  # the page again, not a redirect to a banner
    page = response.content.decode()
    assert "L’échéance doit être dans le futur." in page
    assert 'aria-invalid="true"' in page and f'value="{past}"' in page
    assert 'name="min_answers_percent" value="60"' in page
    assert not proposal.rounds.filter(kind="consent").exists()


def test_withdrawn_agrees_with_what_is_withdrawn():
    """« une proposition retirée », « un amendement retiré »: not « retiré·e » for both."""
    from django.utils import translation

    from coopilote.governance.models import Amendment

    with translation.override("fr"):
        assert str(ConsentDecision.Stage.WITHDRAWN.label) == "retirée"
        assert str(Amendment.Status.WITHDRAWN.label) == "retiré"
