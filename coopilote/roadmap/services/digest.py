"""Following a roadmap: subscribe, unsubscribe, and the e-mail digest of its updates.

``send_digests`` (``manage.py send_roadmap_digest``, by cron) writes one e-mail per subscriber
holding the updates logged since their previous digest (or since they subscribed), then moves
their mark forward. Nothing new, no e-mail. A roadmap taken offline sends nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopilote.core import audit, mail
from coopilote.core.mail import render_subject
from coopilote.members.roles import roles_of
from coopilote.roadmap.models import ActionUpdate, Roadmap, Subscription
from coopilote.roadmap.services.people import person_of


def subscribe(actor: Any, roadmap: Roadmap) -> Subscription:
    person = person_of(actor)
    if person is None:
        raise ValidationError(_("Only a person known to the union can follow a roadmap."))
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(person=person, roadmap=roadmap)
        if created:
            audit.record(actor, "roadmap.subscribe", subscription, roadmap=str(roadmap.pk))
    return subscription


def unsubscribe(actor: Any, roadmap: Roadmap) -> bool:
    person = person_of(actor)
    if person is None:
        return False
    with transaction.atomic():
        subscription = Subscription.objects.filter(person=person, roadmap=roadmap).first()
        if subscription is None:
            return False
        audit.record(actor, "roadmap.unsubscribe", subscription, roadmap=str(roadmap.pk))
        subscription.delete()
    return True


def is_subscribed(user: Any, roadmap: Roadmap) -> bool:
    person_id = roles_of(user).person_id
    return (
        person_id is not None
        and Subscription.objects.filter(person_id=person_id, roadmap=roadmap).exists()
    )


def _since(subscription: Subscription) -> datetime.datetime:
    return subscription.last_sent_at or subscription.created_at


def send_digests(*, now: datetime.datetime | None = None, base_url: str = "") -> int:
    """One e-mail per subscriber with something new; returns how many were sent."""
    now = now or timezone.now()
    subscriptions = list(
        Subscription.objects.filter(roadmap__published=True, person__anonymized_at=None)
        .exclude(person__email="")
        .select_related("person", "roadmap")
        .order_by("roadmap_id", "created_at")
    )
    by_roadmap: dict[Any, list[Subscription]] = defaultdict(list)
    for subscription in subscriptions:
        by_roadmap[subscription.roadmap_id].append(subscription)
    base = (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    messages: list[EmailMessage] = []
    sent_to: list[Subscription] = []
    for group in by_roadmap.values():
        roadmap = group[0].roadmap
        earliest = min(_since(subscription) for subscription in group)
        updates = list(
            ActionUpdate.objects.filter(
                action__axis__roadmap=roadmap, created_at__gt=earliest, created_at__lte=now
            )
            .select_related("action", "author")
            .order_by("date", "created_at")
        )
        for subscription in group:
            mine = [update for update in updates if update.created_at > _since(subscription)]
            if not mine:
                continue
            messages.append(_message(subscription, roadmap, mine, base))
            sent_to.append(subscription)
    if not messages:
        return 0
    with transaction.atomic():
        sent = mail.send(messages)
        Subscription.objects.filter(pk__in=[s.pk for s in sent_to]).update(last_sent_at=now)
        for roadmap_id, group in by_roadmap.items():
            count = sum(1 for s in sent_to if s.roadmap_id == roadmap_id)
            if count:
                audit.record(None, "roadmap.digest", group[0].roadmap, recipients=count)
    return int(sent)


def _message(
    subscription: Subscription, roadmap: Roadmap, updates: list[ActionUpdate], base: str
) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": subscription.person,
            "roadmap": roadmap,
            "updates": updates,
            "link": base + roadmap.get_absolute_url(),
        }
        subject = render_subject("roadmap/email/digest_subject.txt", context)
        body = render_to_string("roadmap/email/digest.txt", context)
    return EmailMessage(subject, body, None, [subscription.person.email])
