"""E-mails to a body's members: a round held at a distance opens, an election asks for
nominations, and a reminder the day before the deadline to those who have not answered.

Past a consent round's deadline silence counts as consent: a member who never heard of the
round must have been written to.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from coopilote.core import mail as core_mail
from coopilote.core.models import AuditEvent, OutgoingMail
from coopilote.core.templatetags.french import french_date
from coopilote.governance import notifications
from coopilote.governance.models import Election, Round
from coopilote.governance.services import consent, elections
from coopilote.governance.services.consent import ConsentError
from coopilote.governance.tests.test_consent import later, new_proposal, through_reactions

pytestmark = pytest.mark.django_db

SITE = "https://coopilote.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs what the services leave for after the commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def opened_days_ago(model, obj, days: int = 3) -> None:
    """Opened a while ago: a round opened less than a day before its deadline gets no reminder
    (its opening e-mail came a moment before)."""
    model.objects.filter(pk=obj.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def emails_of(people) -> list[str]:
    return sorted(person.email for person in people)


# --- consent decisions ------------------------------------------------------------------------


def test_a_round_held_at_a_distance_writes_to_each_member_alone(board, on_commit):
    people = board[1]
    proposal = new_proposal(board)
    with on_commit():
        consent.start_round(proposal, "clarifying", deadline=later())
    assert sent_to() == emails_of(people)
    assert all(len(message.to) == 1 and not message.cc for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject.startswith(
        "Questions de clarification sur «\u00a0Tenir un CA sur deux en visioconférence\u00a0» "
        "jusqu’au "
    )
    assert "Posez vos questions de clarification d’ici le" in message.body
    # The body names the time zone the deadline is given in; the subject stays short.
    deadline = french_date(timezone.localtime(Round.objects.get().deadline), "l j F Y à H:i")
    assert f"d’ici le {deadline}\u00a0(heure de Paris)" in message.body
    assert deadline in message.subject and "heure" not in message.subject
    assert f"{SITE}/gouvernance/decisions/{proposal.pk}/" in message.body
    assert "&#x27;" not in message.body and "&rsquo;" not in message.body


def test_a_round_held_in_a_meeting_writes_to_nobody(board, on_commit):
    proposal = new_proposal(board)
    with on_commit():
        consent.start_round(proposal, "clarifying", in_meeting=True)
    assert mail.outbox == []


def test_the_consent_round_says_what_silence_means_and_the_minimum(board, on_commit):
    proposal = new_proposal(board)
    through_reactions(proposal)
    mail.outbox.clear()  # the questions' round wrote too
    with on_commit():
        consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=50)
    assert len(mail.outbox) == 5
    message = mail.outbox[0]
    assert message.subject.startswith(
        "Tour de consentement sur «\u00a0Tenir un CA sur deux en visioconférence\u00a0»\u00a0: "
        "répondez avant le "
    )
    assert "consentement, réserve ou objection" in message.body
    assert (
        "Sans réponse de votre part, votre silence vaut consentement, pourvu qu’au moins 3 des "
        "5 membres répondent" in message.body
    )


def test_without_a_minimum_the_consent_round_says_silence_is_consent(board, on_commit):
    proposal = new_proposal(board)
    through_reactions(proposal)
    mail.outbox.clear()
    with on_commit():
        consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=0)
    body = mail.outbox[0].body
    assert "Sans réponse de votre part, votre silence vaut consentement." in body
    assert "pourvu" not in body


def test_withdrawing_a_proposal_tells_the_members_their_round_stopped(board, on_commit):
    people = board[1]
    proposal = new_proposal(board)
    through_reactions(proposal)
    with on_commit():
        consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=50)
    mail.outbox.clear()
    with on_commit():
        consent.withdraw(proposal)
    assert sent_to() == emails_of(people)
    message = mail.outbox[0]
    assert message.subject == (
        "Proposition retirée\u00a0: «\u00a0Tenir un CA sur deux en visioconférence\u00a0»"
    )
    assert "il n’y a plus rien à répondre. Votre silence ne vaut plus consentement." in message.body
    assert f"{SITE}/gouvernance/decisions/{proposal.pk}/" in message.body


def test_withdrawing_during_questions_says_nothing_of_silence(board, on_commit):
    """Silence never counted in a round of questions or reactions."""
    proposal = new_proposal(board)
    consent.start_round(proposal, "clarifying", deadline=later())
    mail.outbox.clear()
    with on_commit():
        consent.withdraw(proposal)
    assert len(mail.outbox) == 5
    assert "il n’y a plus rien à répondre." in mail.outbox[0].body
    assert "silence" not in mail.outbox[0].body


def test_withdrawing_after_the_round_s_deadline_writes_to_nobody(board, on_commit):
    """Past its deadline the round is over for the members (their silence has counted): an
    e-mail saying « nothing left to answer, silence no longer counts » would be false."""
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later(), min_answers_percent=50)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(days=20))
    mail.outbox.clear()
    with on_commit():
        consent.withdraw(proposal)
    assert mail.outbox == []


@pytest.mark.parametrize("how", ["no round open", "round held in a meeting"])
def test_withdrawing_writes_to_nobody_who_was_not_asked_by_e_mail(board, on_commit, how):
    proposal = new_proposal(board)
    if how == "round held in a meeting":
        consent.start_round(proposal, "clarifying", in_meeting=True)
    with on_commit():
        consent.withdraw(proposal)
    assert mail.outbox == []


def test_a_refused_round_writes_to_nobody(board, on_commit):
    proposal = new_proposal(board)
    with on_commit(), pytest.raises(ConsentError):
        consent.start_round(
            proposal, "clarifying", deadline=timezone.now() - datetime.timedelta(hours=1)
        )
    assert mail.outbox == []


def test_members_without_an_address_or_anonymised_are_skipped_and_an_address_written_once(
    board, on_commit
):
    people = board[1]
    people[0].email = ""
    people[0].save()
    people[1].anonymized_at = timezone.now()
    people[1].save()
    people[3].email = people[2].email.upper()
    people[3].save()
    proposal = new_proposal(board)
    with on_commit():
        consent.start_round(proposal, "clarifying", deadline=later())
    assert sorted(a.casefold() for a in sent_to()) == sorted(
        {people[2].email.casefold(), people[4].email.casefold()}
    )


class Undone(Exception):
    pass


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_opening_s_e_mails_are_written_with_the_round(board, settings):
    """With the worker's queue: an opening rolled back leaves no e-mail to send; a committed
    one leaves them in the outbox even while the mail server refuses them."""
    settings.TASKS = DATABASE_TASKS
    proposal = new_proposal(board)
    with pytest.raises(Undone), transaction.atomic():
        consent.start_round(proposal, "clarifying", deadline=later())
        assert OutgoingMail.objects.count() == 5
        raise Undone
    assert not OutgoingMail.objects.exists() and not Round.objects.exists()

    with mock.patch.object(core_mail, "get_connection", side_effect=OSError("refused")):
        round_ = consent.start_round(proposal, "clarifying", deadline=later())
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Round.objects.filter(pk=round_.pk, closed_at=None).exists()
    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 5  # waiting to be tried again


# --- elections without candidates -------------------------------------------------------------


def test_an_election_at_a_distance_asks_each_member_for_a_nomination(board, staff, on_commit):
    from coopilote.governance.tests.factories import RoleFactory

    body, people = board
    role = RoleFactory(body=body, name="Coprésidence", holders=2)
    with on_commit():
        election = elections.start(staff.user, role, staff, datetime.date.today(), deadline=later())
    assert sent_to() == emails_of(people)
    message = mail.outbox[0]
    assert (
        message.subject
        == "Élection sans candidat (Coprésidence)\u00a0: qui proposeriez-vous\u00a0?"
    )
    assert "Proposez, d’ici le " in message.body
    assert f"{SITE}/gouvernance/elections/{election.pk}/" in message.body


def test_an_election_in_a_meeting_writes_to_nobody(election, on_commit):
    assert election.deadline is None
    with on_commit():
        elections.nominate(election, election.body.seats.first().person, None, "")
    assert mail.outbox == []


def test_revealing_the_nominations_with_a_deadline_invites_changes(board, election, on_commit):
    people = board[1]
    elections.nominate(election, people[0], people[1], "Elle connaît les dossiers.")
    with on_commit():
        elections.reveal(election.facilitator.user, election, deadline=later())
    assert sent_to() == emails_of(people)
    assert "Si vous ne changez rien, votre nomination est maintenue." in mail.outbox[0].body


def test_cancelling_an_election_tells_the_members_who_were_asked_by_e_mail(board, staff, on_commit):
    from coopilote.governance.tests.factories import RoleFactory

    body, people = board
    role = RoleFactory(body=body, name="Coprésidence", holders=2)
    election = elections.start(staff.user, role, staff, datetime.date.today(), deadline=later())
    mail.outbox.clear()
    with on_commit():
        elections.cancel(staff.user, election)
    assert sent_to() == emails_of(people)
    message = mail.outbox[0]
    assert message.subject == "Élection sans candidat (Coprésidence)\u00a0: annulée"
    assert "personne n’est élu·e" in message.body
    assert "il n’y a plus rien à répondre." in message.body
    assert "silence" not in message.body  # a nomination round: silence counted for nothing


def test_cancelling_an_election_past_its_round_s_deadline_writes_to_nobody(board, staff, on_commit):
    from coopilote.governance.tests.factories import RoleFactory

    body, _people = board
    role = RoleFactory(body=body, name="Coprésidence", holders=2)
    election = elections.start(staff.user, role, staff, datetime.date.today(), deadline=later())
    Election.objects.filter(pk=election.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    election.refresh_from_db()
    mail.outbox.clear()
    with on_commit():
        elections.cancel(staff.user, election)
    assert mail.outbox == []


def test_cancelling_an_election_held_in_a_meeting_writes_to_nobody(election, on_commit):
    with on_commit():
        elections.cancel(election.facilitator.user, election)
    assert mail.outbox == []


def test_the_consent_round_of_an_election_names_the_people_and_the_reasons(
    board, election, on_commit
):
    people = board[1]
    elections.nominate(election, people[0], people[1], "Elle connaît les dossiers.")
    elections.reveal(election.facilitator.user, election)
    elections.close_changes(election.facilitator.user, election)
    with on_commit():
        elections.propose(
            election.facilitator.user,
            election,
            [people[1], people[2]],
            "Deux regards complémentaires.",
            deadline=later(),
        )
    assert sent_to() == emails_of(people)
    body = mail.outbox[0].body
    assert f"- {people[1]}" in body and f"- {people[2]}" in body
    assert "Deux regards complémentaires." in body
    assert "pourvu qu’au moins 3 des 5 membres répondent" in body


# --- reminders --------------------------------------------------------------------------------


def test_the_day_before_the_deadline_only_the_silent_members_are_reminded_once(board):
    people = board[1]
    proposal = new_proposal(board)
    through_reactions(proposal)
    round_ = consent.start_round(proposal, "consent", deadline=later(hours=10))
    opened_days_ago(Round, round_)
    consent.give_answer(proposal, round_, people[0], "consent")
    consent.give_answer(proposal, round_, people[1], "concern", text="Le lien humain.")
    mail.outbox.clear()

    assert notifications.remind_rounds(24) == {str(round_): 3}
    assert sent_to() == emails_of(people[2:])
    assert mail.outbox[0].subject == (
        "Dernier jour pour répondre\u00a0: Tenir un CA sur deux en visioconférence"
    )
    assert "et vous n’avez pas encore répondu" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="governance.round_remind").count() == 1

    mail.outbox.clear()
    assert notifications.remind_rounds(24) == {}
    assert mail.outbox == []


@pytest.mark.parametrize(
    "how",
    ["deadline in three days", "held in a meeting", "closed", "deadline passed"],
)
def test_no_reminder_for_a_round_not_closing_within_the_day(board, how):
    proposal = new_proposal(board)
    if how == "held in a meeting":
        meeting = consent.start_round(proposal, "clarifying", in_meeting=True)
        # Even with a date in the window (a meeting round keeps none): the members are there.
        Round.objects.filter(pk=meeting.pk).update(deadline=later(hours=10))
    else:
        round_ = consent.start_round(
            proposal, "clarifying", deadline=later(hours=72 if how.endswith("days") else 10)
        )
        if how == "closed":
            consent.close_round(proposal)
        if how == "deadline passed":
            Round.objects.filter(pk=round_.pk).update(
                deadline=timezone.now() - datetime.timedelta(hours=1)
            )
    # Opened long ago, so that only ``how`` keeps the reminder away.
    Round.objects.update(created_at=timezone.now() - datetime.timedelta(days=5))
    mail.outbox.clear()
    assert notifications.remind_rounds(24) == {}
    assert mail.outbox == []


def test_the_nomination_round_reminds_who_has_nominated_nobody_yet(board, staff):
    from coopilote.governance.tests.factories import RoleFactory

    body, people = board
    role = RoleFactory(body=body, name="Présidence")
    election = elections.start(
        staff.user, role, staff, datetime.date.today(), deadline=later(hours=6)
    )
    opened_days_ago(Election, election)
    elections.nominate(election, people[0], people[1], "Elle connaît les dossiers.")
    elections.nominate(election, people[1], None, "")  # nominating no one is an answer
    mail.outbox.clear()

    assert notifications.remind_nominations(24) == {str(election): 3}
    assert sent_to() == emails_of(people[2:])
    assert mail.outbox[0].subject == "Dernier jour pour proposer quelqu’un (Présidence)"
    assert notifications.remind_nominations(24) == {}
    assert len(mail.outbox) == 3


def test_the_cron_command_says_how_many_reminders_it_sent(board):
    proposal = new_proposal(board)
    opened_days_ago(Round, consent.start_round(proposal, "clarifying", deadline=later(hours=10)))
    mail.outbox.clear()
    out = []
    call_command("send_round_reminders", stdout=mock.Mock(write=out.append))
    assert out == [
        "questions de clarification — Tenir un CA sur deux en visioconférence\u00a0: "
        "5 rappels envoyés\n"
    ]
    out.clear()
    call_command("send_round_reminders", stdout=mock.Mock(write=out.append))
    assert out == ["Aucun tour n’a besoin d’un rappel.\n"]


def test_a_round_opened_within_the_day_of_its_deadline_gets_no_second_e_mail(board):
    """Its opening e-mail said the deadline a moment ago: no « Dernier jour » right after."""
    proposal = new_proposal(board)
    consent.start_round(proposal, "clarifying", deadline=later(hours=10))
    assert len(mail.outbox) == 5
    assert notifications.remind_rounds(24) == {}
    assert len(mail.outbox) == 5
