"""What every e-mail of the platform shares: a one-line subject, and delivery by the worker.

E-mails are handed to the background worker (django-tasks, ``manage.py db_worker``) rather than
sent by the request: opening a poll writes to hundreds of electors, and an SMTP server that is
slow or down must neither hold the page (nor time it out half-way through the list) nor undo
what the person did. Handed over inside a transaction, the task is written with it: a rolled
back action sends nothing, a committed one is delivered even if the web process dies next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django_tasks import task

# Line breaks and ASCII blanks only: str.split() would also take the no-break spaces French
# typography puts before « : ? ! » and inside « », and the subject would break at the colon.
_BLANKS = re.compile(r"[ \t\r\n\f\v]+")
# Messages per task: one SMTP connection each, and a failure retried on a small batch.
BATCH = 100


def render_subject(template: str, context: dict[str, Any]) -> str:
    """A subject on one line, as a header must be (a title may hold a line break)."""
    return _BLANKS.sub(" ", render_to_string(template, context)).strip()


def _payload(message: EmailMessage) -> dict[str, Any]:
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": next((str(c) for c, mimetype in alternatives if mimetype == "text/html"), ""),
    }


def _message(payload: dict[str, Any]) -> EmailMessage:
    message = EmailMultiAlternatives(
        payload["subject"], payload["body"], payload["from_email"], payload["to"]
    )
    if payload["html"]:
        message.attach_alternative(payload["html"], "text/html")
    return message


@task()
def deliver(payloads: list[dict[str, Any]], backend: str) -> int:
    """Send messages prepared by ``send``, through the mail back end in force when they were
    written (the demo's seed writes with a silent one: its invented people get nothing)."""
    messages = [_message(payload) for payload in payloads]
    return int(get_connection(backend).send_messages(messages) or 0)


def send(messages: Sequence[EmailMessage]) -> int:
    """Hand ``messages`` to the worker; how many were handed over."""
    backend = str(settings.EMAIL_BACKEND)
    payloads = [_payload(message) for message in messages]
    for start in range(0, len(payloads), BATCH):
        deliver.enqueue(payloads[start : start + BATCH], backend)
    return len(payloads)
