"""E-mails: a subject on one line that keeps French typography's no-break spaces; an outbox
written with the action and sent by the worker, a refused message tried again, nothing of the
e-mails left in the database once sent."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from coopilote.core import mail
from coopilote.core.mail import render_subject
from coopilote.core.models import OutgoingMail


def test_a_subject_is_one_line_and_keeps_the_no_break_spaces(tmp_path, settings):
    (tmp_path / "subject.txt").write_text(
        "{% autoescape off %}Dernier jour\u00a0: {{ title }}\n{% endautoescape %}\n",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": True},
    ]
    title = "Atelier\n  «\u00a0Dupont & Fils\u00a0»"
    assert render_subject("subject.txt", {"title": title}) == (
        "Dernier jour\u00a0: Atelier «\u00a0Dupont & Fils\u00a0»"
    )


# --- delivery by the worker -------------------------------------------------------------------

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER = ("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def message(to: str, html: str = "") -> EmailMultiAlternatives:
    made = EmailMultiAlternatives("Vote ouvert\u00a0: budget", "Bonjour,", None, [to])
    if html:
        made.attach_alternative(html, "text/html")
    return made


class Undone(Exception):
    pass


# The worker closes its connection when done: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_e_mails_leave_through_the_worker_once_the_action_is_committed(settings):
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    # An action rolled back sends nothing: its e-mails were handed over inside it.
    with pytest.raises(Undone), transaction.atomic():
        mail.send([message("ines@example.org")])
        raise Undone
    call_command(*WORKER, verbosity=0)
    assert django_mail.outbox == []

    with transaction.atomic():
        assert (
            mail.send([message("ines@example.org", "<p>Bonjour</p>"), message("li@example.org")])
            == 2
        )
    assert django_mail.outbox == []  # the request sent nothing itself
    call_command(*WORKER, verbosity=0)
    sent = {m.to[0]: m for m in django_mail.outbox}
    assert sorted(sent) == ["ines@example.org", "li@example.org"]
    first = sent["ines@example.org"]
    assert first.subject == "Vote ouvert\u00a0: budget" and first.body == "Bonjour,"
    assert first.from_email == settings.DEFAULT_FROM_EMAIL
    assert first.alternatives == [("<p>Bonjour</p>", "text/html")]
    assert sent["li@example.org"].alternatives == []


@pytest.mark.django_db(transaction=True)
def test_the_back_end_in_force_when_written_delivers_them(settings):
    """The demo's seed writes with a silent back end: its invented people get nothing, even
    when the worker later runs with the real one."""
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    mail.send([message("ines@example.org")])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    django_mail.outbox = []
    call_command(*WORKER, verbosity=0)
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_a_long_list_is_handed_over_in_batches_of_keys_only(settings):
    settings.TASKS = DATABASE
    from django_tasks_db.models import DBTaskResult

    assert mail.send([message(f"membre{n}@example.org") for n in range(250)]) == 250
    results = list(DBTaskResult.objects.all())
    assert sorted(len(result.args_kwargs["args"][0]) for result in results) == [50, 100, 100]
    # The task holds the outbox's keys: no address, no text.
    assert not any("@" in str(result.args_kwargs) for result in results)
    assert OutgoingMail.objects.count() == 250


class Refusing(locmem.EmailBackend):
    """A mail server that refuses the addresses in ``REFUSED``, then takes them back."""

    REFUSED: set[str] = set()

    def send_messages(self, messages):
        for sent in messages:
            if set(sent.to) & self.REFUSED:
                raise smtplib.SMTPRecipientsRefused({})
        return super().send_messages(messages)


REFUSING = f"{__name__}.Refusing"


def run_due_tasks() -> None:
    """The worker, as if the retry's delay had passed."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    call_command(*WORKER, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_refused_message_does_not_stop_the_others_and_is_tried_again(settings):
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = REFUSING
    django_mail.outbox = []
    Refusing.REFUSED = {"li@example.org"}
    mail.send([message("ines@example.org"), message("li@example.org"), message("ana@example.org")])
    call_command(*WORKER, verbosity=0)
    assert sorted(m.to[0] for m in django_mail.outbox) == ["ana@example.org", "ines@example.org"]
    waiting = OutgoingMail.objects.get()
    assert waiting.to == ["li@example.org"] and waiting.attempts == 1
    assert waiting.last_error == "SMTPRecipientsRefused"

    Refusing.REFUSED = set()  # the server is back
    run_due_tasks()
    assert sorted(m.to[0] for m in django_mail.outbox) == [
        "ana@example.org",
        "ines@example.org",
        "li@example.org",
    ]
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_message_refused_every_time_is_given_up_and_logged(settings, caplog):
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = REFUSING
    Refusing.REFUSED = {"li@example.org"}
    mail.send([message("li@example.org")])
    call_command(*WORKER, verbosity=0)
    for _ in mail.RETRY_AFTER_MINUTES:
        run_due_tasks()
    assert not OutgoingMail.objects.exists()
    given_up = [r for r in caplog.records if "given up" in r.getMessage()]
    assert len(given_up) == 1
    assert "li@example.org" not in given_up[0].getMessage()
    Refusing.REFUSED = set()


def test_what_the_outbox_cannot_carry_is_refused_rather_than_dropped():
    with_copy = EmailMultiAlternatives("Objet", "Texte", None, ["a@example.org"], cc=["b@x.org"])
    with pytest.raises(ValueError):
        mail._outgoing(with_copy)
    attached = message("a@example.org")
    attached.attach("ordre-du-jour.pdf", b"%PDF", "application/pdf")
    with pytest.raises(ValueError):
        mail._outgoing(attached)
