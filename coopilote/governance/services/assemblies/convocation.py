"""The convocation: every member on the assembly's roll is written to with its date, place and
agenda (the resolutions), how to vote online and how to give a proxy.

The statutes set the notice (often fifteen days before the assembly, by letter or by e-mail
for the members who agreed to it); the platform says how many days are left, it does not
decide whether that is enough. A member without an e-mail address is named apart: the union
convenes them another way. Sent again, the convocation replaces the last one (an agenda
changed while the assembly is prepared).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopilote.core import mail
from coopilote.core.audit import record
from coopilote.governance import notifications
from coopilote.governance.models import Assembly
from coopilote.governance.services.assemblies.common import AssemblyError
from coopilote.members.models import Person

# What the convocation tells the members: a change to one of these after it went out asks for
# it to be sent again.
CONVENED_FIELDS = ("title", "held_on", "starts_at", "place", "closes_at", "proxy_cap", "secret")
# The notice most cooperatives' statutes ask for: below it, the page warns (it never refuses).
USUAL_NOTICE_DAYS = 15


@dataclass(frozen=True)
class Recipients:
    people: list[Person]
    # On the roll but not to be written to: no address, or their personal data erased.
    unreachable: list[Person]

    @property
    def without_address(self) -> int:
        return len(self.unreachable)


def recipients(assembly: Assembly) -> Recipients:
    """The roll's members who can be written to, and those who cannot."""
    people = list(
        Person.objects.filter(pk__in=assembly.voters.values("person_id")).order_by(
            "last_name", "first_name"
        )
    )
    reachable: list[Person] = []
    unreachable: list[Person] = []
    for person in people:
        (reachable if notifications.reachable(person) else unreachable).append(person)
    return Recipients(reachable, unreachable)


def convene_refusal(assembly: Assembly, found: Recipients) -> str | None:
    """Why the convocation cannot go out (None when it can): the page says it before any button,
    ``convene`` refuses for the same reasons under its lock."""
    if assembly.status == Assembly.Status.CLOSED:
        return _("This assembly is over: there is nobody left to convene.")
    if not assembly.resolutions.exists():
        return _("Add the resolutions first: they are the convocation's agenda.")
    if not found.people and not found.unreachable:
        return _("The roll is empty: add the voters first.")
    if not found.people:
        return _("Nobody on the list of voters has an e-mail address: convene them another way.")
    return None


def notice_days(assembly: Assembly, today: datetime.date | None = None) -> int:
    return (assembly.held_on - (today or timezone.localdate())).days


def convene(actor: Any, assembly: Assembly, *, link: str) -> int:
    """E-mail the convocation to the roll (``link``: the assembly's page); how many were sent."""
    with transaction.atomic():
        locked = (
            Assembly.objects.select_for_update(of=("self",))
            .select_related("body__cooperative", "body__union")
            .get(pk=assembly.pk)
        )
        found = recipients(locked)
        refusal = convene_refusal(locked, found)
        if refusal is not None:
            raise AssemblyError(refusal)
        messages = _messages(locked, found.people, link)
        mail.send(messages)
        Assembly.objects.filter(pk=locked.pk).update(
            convened_at=Now(), convened_count=len(messages), updated_at=Now()
        )
        record(
            actor,
            "governance.assembly_convene",
            locked,
            fields=["convened_at", "convened_count"],
            recipients=len(messages),
            without_address=found.without_address,
            notice_days=notice_days(locked),
        )
    assembly.refresh_from_db()
    return len(messages)


def _messages(assembly: Assembly, people: list[Person], link: str) -> list[EmailMessage]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "assembly": assembly,
            "body": assembly.body,
            # Named by its cooperative (or union): the body's name repeats the assembly's.
            "organisation": assembly.body.cooperative or assembly.body.union,
            "resolutions": list(assembly.resolutions.order_by("number")),
            "link": link,
            "closes_at": timezone.localtime(assembly.closes_at),
        }
        subject = mail.render_subject("governance/email/convocation_subject.txt", context)
        body = render_to_string("governance/email/convocation.txt", context)
    # One message each: the roll is not handed to every member in the To: line.
    addresses: dict[str, str] = {}
    for person in people:
        addresses.setdefault(person.email.casefold(), person.email)
    return [EmailMessage(subject, body, None, [address]) for address in addresses.values()]
