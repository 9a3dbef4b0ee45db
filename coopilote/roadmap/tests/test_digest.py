"""Following a roadmap: one e-mail per subscriber with the updates since their last digest."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import ngettext

from coopilote.conftest import World
from coopilote.roadmap.models import Subscription
from coopilote.roadmap.services import (
    add_update,
    send_digests,
    subscribe,
    update_progress,
    update_roadmap,
)
from coopilote.roadmap.tests.factories import add_action, roadmap_for

pytestmark = pytest.mark.django_db


def test_each_subscriber_gets_one_e_mail_with_the_updates_since_their_last_digest(
    world: World,
) -> None:
    roadmap = roadmap_for(world)
    action = add_action(roadmap, "Observatoire de la démocratie")
    subscribe(world.user("member"), roadmap)
    update_progress(world.user("board"), action, 20, "Cahier des charges rédigé.")
    subscribe(world.user("referent"), roadmap)  # joins after the first update
    add_update(world.user("board"), action, "Premier comité de pilotage.")

    assert send_digests(base_url="https://coopilote.exemple") == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    member = by_address[world.people["member"].email]
    referent = by_address[world.people["referent"].email]
    assert "Cahier des charges rédigé." in member.body
    assert "Premier comité de pilotage." in member.body
    assert "Cahier des charges rédigé." not in referent.body
    assert "Premier comité de pilotage." in referent.body
    updates = ("%(title)s: %(total)s update", "%(title)s: %(total)s updates")

    def subject(total: int) -> str:
        # One line, with French typography's no-break spaces kept (« Feuille de route » :).
        return str(ngettext(*updates, total) % {"title": roadmap.title, "total": total})

    assert subject(2) in member.subject and subject(1) in referent.subject
    assert f"https://coopilote.exemple{roadmap.get_absolute_url()}" in member.body

    mail.outbox.clear()
    assert send_digests() == 0 and not mail.outbox  # nothing new since
    add_update(None, action, "Deuxième comité.")
    assert send_digests() == 2
    assert all("Premier comité" not in message.body for message in mail.outbox)


def test_a_roadmap_taken_offline_sends_no_digest(world: World) -> None:
    roadmap = roadmap_for(world)
    action = add_action(roadmap, "Action")
    subscribe(world.user("member"), roadmap)
    add_update(None, action, "Nouvelle.")
    update_roadmap(None, roadmap, published=False)
    assert send_digests() == 0
    assert Subscription.objects.get().last_sent_at is None


def test_the_command_sends_the_digests(world: World) -> None:
    roadmap = roadmap_for(world)
    action = add_action(roadmap, "Action")
    subscribe(world.user("member"), roadmap)
    add_update(None, action, "Nouvelle.", date=datetime.date(2026, 2, 3))
    out = StringIO()
    call_command("send_roadmap_digest", stdout=out)
    assert "1 résumé" in out.getvalue()
    (message,) = mail.outbox
    assert "3 février 2026" in message.body  # written in the site's language
    sent_at = Subscription.objects.get().last_sent_at
    assert sent_at is not None and sent_at <= timezone.now()
