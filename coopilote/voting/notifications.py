"""E-mails to the electorate: the poll opens, a reminder before closing, the results.

One message per elector, addressed to them alone, so no recipient learns who else was written
to — which matters for reminders, sent only to those who have not voted yet.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from coopilote.core import mail
from coopilote.core.mail import render_subject
from coopilote.voting.models import Elector, Participation, Poll


def _link(poll: Poll, base_url: str) -> str:
    base = base_url or getattr(settings, "SITE_URL", "")
    return base.rstrip("/") + reverse("voting:poll", args=[poll.pk])


def _send(poll: Poll, electors: Any, template: str, extra: dict[str, Any], base_url: str) -> int:
    addresses = sorted(
        {
            email
            for email in electors.filter(person__anonymized_at=None)
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        }
    )
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"poll": poll, "link": _link(poll, base_url), **extra}
        subject = render_subject(f"voting/email/{template}_subject.txt", context)
        body = render_to_string(f"voting/email/{template}.txt", context)
    return mail.send([EmailMessage(subject, body, None, [address]) for address in addresses])


def poll_opened(poll: Poll, base_url: str = "") -> int:
    return _send(poll, Elector.objects.filter(poll=poll), "opened", {}, base_url)


def poll_closed(poll_id: Any, base_url: str = "") -> int:
    from coopilote.voting.tally import results

    poll = Poll.objects.get(pk=poll_id)
    extra = {"results": results(poll)}
    return _send(poll, Elector.objects.filter(poll=poll), "results", extra, base_url)


def remind_non_voters(poll: Poll, base_url: str = "") -> int:
    voters = Participation.objects.filter(poll=poll).values("person_id")
    electors = Elector.objects.filter(poll=poll).exclude(person_id__in=voters)
    return _send(poll, electors, "reminder", {}, base_url)
