"""What every e-mail of the platform shares: a one-line subject, and delivery by the worker.

E-mails are written to an outbox (``OutgoingMail``) and sent by the background worker
(django-tasks, ``manage.py db_worker``) rather than by the request: opening a poll writes to
hundreds of electors, and an SMTP server that is slow or down must neither hold the page nor
undo what the person did. Written inside the action's transaction, the e-mails and their task
leave only if it commits, and are delivered even if the web process dies next. A message the
server refuses is tried again later, a few times; one sent is deleted from the outbox.

With ``TASKS_BACKEND=immediate`` (the tests, a demo without a worker) the task runs at once,
inside the transaction: there, an action rolled back afterwards has already sent its e-mails.
The password-reset e-mail does not come here: its link must not wait in the database.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from coopilote.core.models import OutgoingMail

logger = logging.getLogger(__name__)

# Line breaks and ASCII blanks only: str.split() would also take the no-break spaces French
# typography puts before « : ? ! » and inside « », and the subject would break at the colon.
_BLANKS = re.compile(r"[ \t\r\n\f\v]+")
# Messages per task: one SMTP connection each.
BATCH = 100
# When a refused message is tried again, after its n-th failure: within a few hours, a mail
# server back from an outage gets them all; after the last, the message is given up (logged).
RETRY_AFTER_MINUTES = (1, 10, 60, 240)


def render_subject(template: str, context: dict[str, Any]) -> str:
    """A subject on one line, as a header must be (a title may hold a line break)."""
    return _BLANKS.sub(" ", render_to_string(template, context)).strip()


def _outgoing(message: EmailMessage) -> OutgoingMail:
    # What the outbox keeps: anything else would be silently lost on the way.
    if message.cc or message.bcc or message.reply_to or message.extra_headers:
        raise ValueError("cc, bcc, reply_to and extra headers do not go through the outbox")
    if message.attachments:
        raise ValueError("attachments do not go through the outbox")
    alternatives = getattr(message, "alternatives", [])
    html = [str(content) for content, mimetype in alternatives if mimetype == "text/html"]
    if len(html) != len(alternatives):
        raise ValueError("only an HTML alternative goes through the outbox")
    return OutgoingMail(
        subject=str(message.subject),
        body=str(message.body),
        html=html[0] if html else "",
        from_email=message.from_email,
        to=list(message.to),
    )


def _message(row: OutgoingMail) -> EmailMessage:
    message = EmailMultiAlternatives(row.subject, row.body, row.from_email, row.to)
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def send(messages: Sequence[EmailMessage]) -> int:
    """Write ``messages`` to the outbox and hand them to the worker; how many."""
    backend = str(settings.EMAIL_BACKEND)
    rows = OutgoingMail.objects.bulk_create([_outgoing(message) for message in messages])
    keys = [str(row.pk) for row in rows]
    for start in range(0, len(keys), BATCH):
        deliver.enqueue(keys[start : start + BATCH], backend)
    return len(keys)


@task()
def deliver(keys: list[str], backend: str) -> int:
    """Send the outbox's messages ``keys`` one by one, through the mail back end in force when
    they were written (the demo's seed writes with a silent one); how many left. A refused
    message does not stop the others: it is tried again later (``RETRY_AFTER_MINUTES``)."""
    rows = list(OutgoingMail.objects.filter(pk__in=keys))
    sent = 0
    failed: list[OutgoingMail] = []
    with get_connection(backend) as connection:
        for row in rows:
            try:
                connection.send_messages([_message(row)])
            except Exception as error:
                row.attempts += 1
                row.last_error = type(error).__name__[:100]
                failed.append(row)
            else:
                row.delete()
                sent += 1
    if failed:
        _retry(failed, backend)
    return sent


def _retry(failed: list[OutgoingMail], backend: str) -> None:
    OutgoingMail.objects.bulk_update(failed, ["attempts", "last_error"])
    again = [row for row in failed if row.attempts <= len(RETRY_AFTER_MINUTES)]
    given_up = [row for row in failed if row.attempts > len(RETRY_AFTER_MINUTES)]
    if given_up:
        # The subject and the kind of failure, never the addresses.
        for row in given_up:
            logger.error(
                "e-mail given up after %s attempts (%s): %s",
                row.attempts,
                row.last_error,
                row.subject,
            )
        OutgoingMail.objects.filter(pk__in=[row.pk for row in given_up]).delete()
    if not again:
        return
    if not deliver.get_backend().supports_defer:
        # Without a worker to come back later (the immediate back end), a refusal is final.
        kinds = ", ".join(sorted({row.last_error for row in again}))
        logger.error("%s e-mails refused (%s), not retried without a worker", len(again), kinds)
        OutgoingMail.objects.filter(pk__in=[row.pk for row in again]).delete()
        return
    attempts = min(row.attempts for row in again)
    later = timezone.now() + datetime.timedelta(minutes=RETRY_AFTER_MINUTES[attempts - 1])
    deliver.using(run_after=later).enqueue([str(row.pk) for row in again], backend)
