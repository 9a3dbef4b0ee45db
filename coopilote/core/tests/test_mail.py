"""An e-mail subject is one line, and keeps French typography's no-break spaces."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction

from coopilote.core import mail
from coopilote.core.mail import render_subject


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
def test_a_long_list_is_handed_over_in_batches(settings):
    settings.TASKS = DATABASE
    from django_tasks_db.models import DBTaskResult

    assert mail.send([message(f"membre{n}@example.org") for n in range(250)]) == 250
    sizes = sorted(len(result.args_kwargs["args"][0]) for result in DBTaskResult.objects.all())
    assert sizes == [50, 100, 100]
