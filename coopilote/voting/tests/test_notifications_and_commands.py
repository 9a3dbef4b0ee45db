"""E-mails to the electorate, the reminder cron and the recount command."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from coopilote.core.models import AuditEvent
from coopilote.voting import services
from coopilote.voting.models import BallotGrade, Poll
from coopilote.voting.tests.conftest import make_poll


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def emails_of(world, *roles):
    return sorted(world.people[role].email for role in roles)


def test_opening_writes_to_each_elector_alone(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_poll(world.user("staff"), make_poll(world), base_url="https://coop.test/")
    assert recipients() == emails_of(world, "member", "referent")
    assert all(
        len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox
    )
    assert "https://coop.test/votes/" in mail.outbox[0].body
    assert "Priorités du congrès" in mail.outbox[0].subject


def test_closing_sends_the_results(world, voted_poll, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.close_poll(world.user("staff"), voted_poll)
    assert recipients() == emails_of(world, "member", "referent")
    assert "Créer un fonds de garantie régional" in mail.outbox[0].body


def closing_tomorrow(poll):
    Poll.objects.filter(pk=poll.pk).update(closes_at=Now() + datetime.timedelta(hours=20))


def test_reminders_go_once_to_the_electors_who_have_not_voted(world, open_poll):
    services.cast_ballot(world.people["member"], open_poll, {})
    closing_tomorrow(open_poll)
    out = StringIO()
    call_command("send_poll_reminders", stdout=out)
    assert recipients() == emails_of(world, "referent")
    # The cron's output and the audit log give a count, never a name.
    for person in world.people.values():
        assert person.last_name not in out.getvalue()
    event = AuditEvent.objects.for_object(open_poll).get(action="poll.remind")
    assert event.summary == {"fields": ["reminders_sent_at"], "reminders": 1}
    call_command("send_poll_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_poll_closing_later(world, open_poll):
    call_command("send_poll_reminders", stdout=StringIO())
    assert mail.outbox == []


def test_the_recount_command_reports_agreement(closed_poll):
    out = StringIO()
    call_command("recount", str(closed_poll.pk), stdout=out)
    assert _("agreement: %(answer)s") % {"answer": _("yes")} in out.getvalue()
    assert "Créer un fonds de garantie régional" in out.getvalue()


def test_the_recount_command_fails_on_a_tampered_ballot(closed_poll):
    BallotGrade.objects.filter(ballot__poll=closed_poll, grade=0).update(grade=5)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("recount", str(closed_poll.pk), stdout=out, stderr=err)
    assert _("agreement: %(answer)s") % {"answer": _("no")} in out.getvalue()
    assert err.getvalue()


@pytest.mark.parametrize("key", ["not-a-key", "00000000-0000-0000-0000-000000000000"])
def test_the_recount_command_refuses_an_unknown_poll(db, key):
    with pytest.raises(CommandError):
        call_command("recount", key, stdout=StringIO())


def test_the_recount_command_refuses_an_unpublished_poll(voted_poll):
    with pytest.raises(CommandError):
        call_command("recount", str(voted_poll.pk), stdout=StringIO())


def test_the_publication_cron_closes_polls_past_their_deadline(world, voted_poll):
    Poll.objects.filter(pk=voted_poll.pk).update(
        opens_at=Now() - datetime.timedelta(days=2), closes_at=Now() - datetime.timedelta(hours=1)
    )
    call_command("publish_due_polls", stdout=StringIO())
    voted_poll.refresh_from_db()
    assert voted_poll.is_published
