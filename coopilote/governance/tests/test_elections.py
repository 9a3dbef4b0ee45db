"""Elections without candidates: sealed nominations, reveal, changes, proposal, consent, mandate."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Election, Mandate, Nomination, Round
from coopilote.governance.services import elections as services
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

TODAY = datetime.date.today


def nominate_all(election: Election, people, nominees, step_reason="Pour son écoute.") -> None:
    for person, nominee in zip(people, nominees, strict=True):
        services.nominate(election, person, nominee, step_reason if nominee else "")


def to_proposal(election: Election, people, staff) -> Election:
    nominate_all(election, people, [people[1], people[0], people[1], people[2], None])
    services.reveal(staff.user, election)
    return services.close_changes(staff.user, election)


# --- the workflow -----------------------------------------------------------------------------


def test_the_whole_election_elects_a_co_presidency_with_one_co_held_mandate(board, staff, election):
    _body, people = board
    assert election.term_end == datetime.date(
        election.term_start.year + 2, election.term_start.month, election.term_start.day
    ) - datetime.timedelta(days=1)
    nominate_all(election, people, [people[1], people[0], people[1], people[2], None])
    services.reveal(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.CHANGE
    # people[4] changes their "no one" to people[0]; the others keep their first nomination.
    services.nominate(election, people[4], people[0], "Après avoir entendu les raisons.")
    assert Nomination.objects.filter(election=election, step="change").count() == 1
    services.close_changes(staff.user, election)
    proposal = services.propose(staff.user, election, people[:2], "Les plus nommées.")
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT
    assert proposal.round.kind == Round.Kind.CONSENT and proposal.round.election == election
    for person in people:
        services.answer(election, person, "consent")
    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.ELECTED
    elected = Mandate.objects.get(election=election)
    assert set(elected.holders.all()) == set(people[:2])
    assert (elected.start, elected.end) == (election.term_start, election.term_end)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "governance.election_start",
        "governance.nominate",
        "governance.election_reveal",
        "governance.election_propose",
        "governance.answer",
        "governance.election_elected",
        "governance.mandate_create",
    } <= actions


def test_an_objection_sends_the_election_back_to_a_new_proposal_and_keeps_every_round(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Première proposition.")
    services.answer(
        election, people[3], "objection", text="Déjà trésorière.", risk="Cumul des mandats"
    )
    services.answer(election, people[4], "consent")
    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.PROPOSAL
    assert not Mandate.objects.filter(election=election).exists()
    services.propose(staff.user, election, [people[1], people[2]], "Seconde proposition.")
    services.answer(election, people[3], "consent")
    services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.ELECTED
    assert election.consent_rounds.count() == 2 and election.proposals.count() == 2
    record = services.election_record(election, None)
    assert [len(p.answers) for p in record.proposals] == [2, 1]
    assert record.proposals[0].outcome["objections"]
    assert set(record.mandate.holders.all()) == {people[1], people[2]}


def test_the_elected_term_replaces_the_current_mandate_on_its_first_day(board, staff, election):
    people = board[1]
    old = mandate(election.role, people[3:5], start=TODAY() - datetime.timedelta(days=700))
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Relève.")
    services.answer(election, people[0], "consent")
    services.close_round(staff.user, election)
    old.refresh_from_db()
    assert old.ended_on == election.term_start
    assert Mandate.objects.filter(election=election).exists()


def test_in_a_meeting_the_facilitator_records_nominations_and_answers(board, staff, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Rigoureuse.", recorded_by=staff)
    assert Nomination.objects.get().recorded_by == staff
    services.reveal(staff.user, election)
    services.close_changes(staff.user, election)
    services.propose(staff.user, election, people[:2], "Proposition.", in_meeting=True)
    answer = services.answer(election, people[2], "consent", recorded_by=staff)
    assert answer.recorded_by == staff and answer.round.in_meeting


# --- bad paths --------------------------------------------------------------------------------


def test_no_nomination_after_the_round_closed_or_after_its_deadline(board, staff, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Oui.")
    services.reveal(staff.user, election)
    services.close_changes(staff.user, election)
    with pytest.raises(services.ElectionError):
        services.nominate(election, people[2], people[1], "Trop tard.")
    late_role = RoleFactory(body=board[0], name="Trésorerie")
    late = services.start(
        staff.user,
        late_role,
        staff,
        TODAY(),
        deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(services.ElectionError):
        services.nominate(late, people[0], people[1], "Après l’échéance.")
    assert not late.nominations.exists()


def test_nominating_someone_outside_the_body_or_from_outside_is_refused(board, election):
    people = board[1]
    outsider = PersonFactory()
    with pytest.raises(services.ElectionError):
        services.nominate(election, people[0], outsider, "Une personne extérieure.")
    with pytest.raises(services.ElectionError):
        services.nominate(election, outsider, people[0], "Je ne siège pas.")
    with pytest.raises(services.ElectionError):
        services.nominate(election, people[0], people[1], "  ")  # a nomination gives a reason
    assert not election.nominations.exists()


def test_an_objection_without_a_reason_or_a_risk_is_refused(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.")
    with pytest.raises(services.ElectionError):
        services.answer(election, people[3], "objection", text="Non.")
    with pytest.raises(services.ElectionError):
        services.answer(election, people[3], "objection", risk="Cumul.")
    with pytest.raises(services.ElectionError):
        services.answer(election, PersonFactory(), "consent")  # not a member
    assert not election.consent_rounds.get().answers.exists()


def test_the_facilitator_proposes_exactly_as_many_members_as_the_role_has_holders(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    for wrong in ([people[0]], people[:3], [people[0], people[0]], [people[0], PersonFactory()]):
        with pytest.raises(services.ElectionError):
            services.propose(staff.user, election, wrong, "Proposition.")
    with pytest.raises(services.ElectionError):
        services.propose(staff.user, election, people[:2], "")  # a reason
    assert not election.consent_rounds.exists()


def test_steps_happen_in_order(board, staff, election):
    people = board[1]
    with pytest.raises(services.ElectionError):
        services.reveal(staff.user, election)  # nobody has nominated
    with pytest.raises(services.ElectionError):
        services.propose(staff.user, election, people[:2], "Trop tôt.")
    with pytest.raises(services.ElectionError):
        services.answer(election, people[0], "consent")
    with pytest.raises(services.ElectionError):
        services.close_round(staff.user, election)
    with pytest.raises(services.ElectionError):
        services.start(staff.user, election.role, staff, TODAY())  # one at a time per role
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.")
    with pytest.raises(services.ElectionError):
        services.close_round(staff.user, election)  # nobody has answered


# --- pages ------------------------------------------------------------------------------------


def test_nominations_stay_hidden_until_revealed_even_from_members(board, staff, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Sa rigueur budgétaire légendaire.")
    url = reverse("governance:election", args=[election.pk])
    for viewer in (people[2], staff):
        html = client_of(viewer).get(url).content.decode()
        assert "Sa rigueur budgétaire légendaire." not in html
    own = client_of(people[0]).get(url)
    assert own.context["record"].own.nominee == people[1]
    assert not own.context["record"].nominations
    services.reveal(staff.user, election)
    html = client_of(people[2]).get(url).content.decode()
    assert "Sa rigueur budgétaire légendaire." in html


def test_members_nominate_and_answer_through_the_pages(board, staff, election):
    people = board[1]
    member = client_of(people[0])
    response = member.post(
        reverse("governance:election_nominate", args=[election.pk]),
        {"nominee": str(people[1].pk), "reason": "Disponible.", "nominator": str(people[3].pk)},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominator == people[0]  # the extra field is ignored
    facilitator = client_of(staff)
    assert (
        facilitator.post(
            reverse("governance:election_nominate_for", args=[election.pk]),
            {"meeting-nominator": str(people[2].pk), "meeting-nominee": "", "meeting-reason": ""},
        ).status_code
        == 302
    )
    assert Nomination.objects.get(nominator=people[2]).recorded_by == staff
    facilitator.post(reverse("governance:election_reveal", args=[election.pk]))
    facilitator.post(reverse("governance:election_close_changes", args=[election.pk]))
    facilitator.post(
        reverse("governance:election_propose", args=[election.pk]),
        {"people": [str(people[0].pk), str(people[1].pk)], "reason": "Nommées."},
    )
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT
    member.post(reverse("governance:election_answer", args=[election.pk]), {"kind": "consent"})
    facilitator.post(
        reverse("governance:election_answer_for", args=[election.pk]),
        {
            "meeting-person": str(people[1].pk),
            "meeting-kind": "concern",
            "meeting-text": "Charge de travail.",
        },
    )
    facilitator.post(reverse("governance:election_close_round", args=[election.pk]))
    election.refresh_from_db()
    assert election.stage == Election.Stage.ELECTED
    record = client_of(people[4]).get(reverse("governance:election", args=[election.pk]))
    assert record.status_code == 200
    assert record.context["record"].mandate is not None


def test_a_non_member_cannot_nominate_or_answer_through_the_pages(board, staff, election):
    outsider = PersonFactory(user=UserFactory())
    response = client_of(outsider).post(
        reverse("governance:election_nominate", args=[election.pk]),
        {"nominee": str(board[1][0].pk), "reason": "Intrus."},
    )
    assert response.status_code == 403
    assert not election.nominations.exists()
    response = client_of(board[1][0]).post(
        reverse("governance:election_reveal", args=[election.pk])
    )
    assert response.status_code == 403


def test_the_election_form_starts_an_election_for_a_role_of_the_body(board, staff):
    body = board[0]
    role = RoleFactory(body=body, name="Coprésidence", holders=2)
    response = client_of(staff).post(
        reverse("governance:election_create", args=[body.pk]),
        {
            "role": str(role.pk),
            "facilitator": str(staff.pk),
            "term_start": TODAY().isoformat(),
            "stage": "elected",
        },
    )
    assert response.status_code == 302
    election = Election.objects.get()
    assert election.role == role and election.stage == Election.Stage.NOMINATION
    other_role = RoleFactory(name="Ailleurs")
    response = client_of(staff).post(
        reverse("governance:election_create", args=[body.pk]),
        {"role": str(other_role.pk), "facilitator": str(staff.pk), "term_start": "2030-01-01"},
    )
    assert response.status_code == 200 and Election.objects.count() == 1


def test_no_answer_after_the_consent_round_s_deadline(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(
        staff.user,
        election,
        people[:2],
        "Proposition.",
        deadline=timezone.now() - datetime.timedelta(seconds=1),
    )
    with pytest.raises(services.ElectionError):
        services.answer(election, people[0], "consent")
    assert not election.consent_rounds.get().answers.exists()


def test_a_cancelled_election_takes_no_more_nominations_nor_steps(board, staff, election):
    people = board[1]
    services.cancel(staff.user, election)
    assert election.stage == Election.Stage.CANCELLED
    with pytest.raises(services.ElectionError):
        services.nominate(election, people[0], people[1], "Trop tard.")
    with pytest.raises(services.ElectionError):
        services.cancel(staff.user, election)
    assert election.abilities(staff.user)["facilitate"] is False
    # The role is free for a new election.
    assert services.start(staff.user, election.role, staff, TODAY()).pk != election.pk


# --- review: sealing, privacy, deadlines ---------------------------------------------------------


def test_cancelling_before_the_reveal_keeps_the_nominations_sealed(board, staff, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Sa rigueur budgétaire légendaire.")
    services.cancel(staff.user, election)
    url = reverse("governance:election", args=[election.pk])
    for viewer in (people[2], staff):
        response = client_of(viewer).get(url)
        assert "Sa rigueur budgétaire légendaire." not in response.content.decode()
        assert response.context["record"].nominations == []
        assert response.context["record"].tally == []
    assert election.revealed_at is None


def test_the_audit_log_does_not_unseal_a_nomination(board, staff, election):
    people = board[1]
    people[1].last_name = "Nominée-Scellée"
    people[1].save()
    services.nominate(election, people[0], people[1], "Sa rigueur.", actor=people[0].user)
    logged = AuditEvent.objects.get(action="governance.nominate")
    assert "Nominée-Scellée" not in logged.object_repr
    assert "Nominée-Scellée" not in str(logged.summary)


def test_a_cooperative_body_s_election_is_not_found_from_another_cooperative(union, staff):
    cooperative = CooperativeFactory(union=union)
    circle = BodyFactory(union=union, cooperative=cooperative, kind=Body.Kind.CIRCLE)
    members = seated(circle, 2)
    role = RoleFactory(body=circle, name="Premier lien")
    election = services.start(staff.user, role, members[0], TODAY())
    url = reverse("governance:election", args=[election.pk])
    associate = MembershipFactory(
        cooperative=cooperative, role=r.ASSOCIATE, person__user=UserFactory()
    ).person
    other = MembershipFactory(
        cooperative=CooperativeFactory(union=union), role=r.REFERENT, person__user=UserFactory()
    ).person
    assert client_of(members[1]).get(url).status_code == 200
    assert client_of(associate).get(url).status_code == 200
    assert client_of(other).get(url).status_code == 404
    nominate = reverse("governance:election_nominate", args=[election.pk])
    answer = client_of(other).post(nominate, {"nominee": str(members[0].pk), "reason": "Oui."})
    assert answer.status_code == 404 and not election.nominations.exists()
    body_page = client_of(other).get(reverse("governance:body", args=[circle.pk]))
    assert election not in body_page.context["elections"]


def test_a_past_deadline_is_refused_when_revealing(board, staff, election):
    services.nominate(election, board[1][0], board[1][1], "Oui.")
    past = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    response = client_of(staff).post(
        reverse("governance:election_reveal", args=[election.pk]),
        {"deadline": past.strftime("%Y-%m-%dT%H:%M")},
    )
    # The confirmation comes back with the refusal next to the deadline field, as typed.
    assert response.status_code == 200
    assert "governance/confirm.html" in [t.name for t in response.templates]
    assert response.context["form"].errors["deadline"]
    assert response.context["form"]["deadline"].value() == past.strftime("%Y-%m-%dT%H:%M")
    election.refresh_from_db()
    assert election.stage == Election.Stage.NOMINATION and election.revealed_at is None


def test_an_asynchronous_consent_round_is_not_closed_before_its_deadline(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(
        staff.user,
        election,
        people[:2],
        "Proposition.",
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
    services.answer(election, people[0], "consent")
    with pytest.raises(services.ElectionError):  # the others may still object
        services.close_round(staff.user, election)
    election.refresh_from_db()
    assert election.stage == Election.Stage.CONSENT and not Mandate.objects.exists()
    for person in people[1:]:
        services.answer(election, person, "consent")
    services.close_round(staff.user, election)
    assert election.stage == Election.Stage.ELECTED


def test_the_facilitator_never_overwrites_what_a_member_gave_themself(board, staff, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Sa rigueur.")
    with pytest.raises(services.ElectionError):
        services.nominate(election, people[0], people[2], "Dit en séance.", recorded_by=staff)
    assert election.nominations.get(nominator=people[0]).nominee == people[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", in_meeting=True)
    services.answer(election, people[3], "objection", text="Cumul.", risk="Charge.")
    with pytest.raises(services.ElectionError):
        services.answer(election, people[3], "consent", recorded_by=staff)
    assert election.consent_rounds.get().answers.get(person=people[3]).kind == "objection"


def test_answers_are_recorded_for_members_only_in_a_meeting_round(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(
        staff.user,
        election,
        people[:2],
        "Proposition.",
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
    with pytest.raises(services.ElectionError):
        services.answer(election, people[3], "consent", recorded_by=staff)
    assert not election.consent_rounds.get().answers.exists()


def test_a_refused_nomination_keeps_the_chosen_person(board, election):
    """No reason given: refused, and the form comes back with the person still chosen."""
    member, nominee = board[1][0], board[1][1]
    response = client_of(member).post(
        reverse("governance:election_nominate", args=[election.pk]),
        {"nominee": str(nominee.pk), "reason": ""},
    )
    assert response.status_code == 200
    form = response.context["nomination_form"]
    assert form.errors and str(form["nominee"].value()) == str(nominee.pk)
    assert not election.nominations.exists()


def test_a_reason_is_a_few_paragraphs_not_a_document():
    """A 100,000-character reason was accepted, and one unbroken word widened the page."""
    from coopilote.governance.forms.consent import MAX_ANSWER
    from coopilote.governance.forms.elections import AnswerForm, NominationForm
    from coopilote.members.models import Person

    long = "x" * (MAX_ANSWER + 1)
    nomination = NominationForm({"reason": long}, people=Person.objects.none())
    assert "reason" in nomination.errors
    answer = AnswerForm({"kind": "objection", "text": long, "risk": long})
    assert {"text", "risk"} <= set(answer.errors)
    assert NominationForm({"reason": "x" * MAX_ANSWER}, people=Person.objects.none()).is_valid()
