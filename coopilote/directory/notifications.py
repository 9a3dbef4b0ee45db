"""E-mails the directory sends as something happens (the board's digest, sent by cron, is in
``board_digest.py``): a suggested correction tells those who review it that it waits.

One message per reviewer, addressed to them alone, as the polls' e-mails are: the union's staff
and the cooperative's referents do not learn one another's addresses. The suggester's address
never goes into the e-mail: it stays in the queue, behind a login.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from coopilote.core import mail, ratelimit

# The module, not its names: the forms import ``profile``, which imports this module.
from coopilote.directory import forms_profile
from coopilote.directory.models import CorrectionSuggestion
from coopilote.members import roles as r
from coopilote.members.models import Cooperative, Membership, Person, UnionRole

EXCERPT_CHARS = 300
MAIL_WINDOW_SECONDS = 3600


def correction_reviewers(cooperative: Cooperative, *, except_user: Any = None) -> list[str]:
    """The addresses of the people whose queue shows the cooperative's suggestions: staff and
    administrators of its union, its current referents and managers (``reviewable_corrections``
    gives them the same rights). Only people with an active login: the queue needs one.

    The platform's superusers see every queue but are not written to for each suggestion: the
    union answers for its cooperatives.
    """
    staff = UnionRole.objects.filter(
        union_id=cooperative.union_id, role__in=[r.STAFF, r.ADMINISTRATOR]
    ).values("person_id")
    editors = (
        Membership.objects.current()
        .filter(cooperative=cooperative, role__in=r.EDITOR_ROLES)
        .values("person_id")
    )
    people = (
        Person.objects.active()
        .filter(Q(pk__in=staff) | Q(pk__in=editors), user__is_active=True)
        .exclude(email="")
    )
    if except_user is not None and except_user.pk is not None:
        # Whoever suggests a correction to a page they review knows it already.
        people = people.exclude(user=except_user)
    addresses: dict[str, str] = {}
    for email in people.order_by("email").values_list("email", flat=True):
        addresses.setdefault(email.casefold(), email)
    return list(addresses.values())


def correction_suggested(suggestion: CorrectionSuggestion, base_url: str = "") -> int:
    """Tell the cooperative's reviewers that a suggestion waits; how many e-mails were sent.

    At most one round of e-mails per cooperative and per hour: visitors from many addresses
    could otherwise fill the staff's inboxes; the queue shows every suggestion anyway, and the
    e-mail says to look there."""
    cooperative = suggestion.cooperative
    to = correction_reviewers(cooperative, except_user=suggestion.author)
    if not to:
        return 0
    if not ratelimit.take("correction_mail", str(cooperative.pk), 1, MAIL_WINDOW_SECONDS):
        return 0
    base = (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    # The empty choice is the form's "Choose…", not a section.
    field = suggestion.field_name
    section = dict(forms_profile.SECTIONS).get(field, "") if field else ""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "cooperative": cooperative,
            "section": section,
            "excerpt": Truncator(suggestion.message).chars(EXCERPT_CHARS),
            "awaits_answer": bool(suggestion.author_email),
            "queue_url": base + reverse("directory:corrections"),
            "page_url": base + cooperative.get_absolute_url(),
        }
        template = "directory/email/correction_suggested"
        # A cooperative's name may hold a line break; a header may not.
        subject = mail.render_subject(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    messages = []
    for address in to:
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return mail.send(messages)
