"""The board's e-mail digest: each cooperative hears once of the new posts that concern it."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coopilote.core.models import AuditEvent, Sector
from coopilote.directory.board_digest import send_digests
from coopilote.directory.models import Post
from coopilote.directory.models.board import PostDelivery
from coopilote.directory.tests.conftest import coop
from coopilote.members import roles as r
from coopilote.members.tests.factories import MembershipFactory, PersonFactory, UserFactory

BASE = "https://coopilote.exemple.fr"


@pytest.fixture
def network(db: None) -> dict[str, Any]:
    building = Sector.objects.create(slug="batiment", name="Bâtiment", order=1)
    health = Sector.objects.create(slug="sante", name="Santé", order=2)
    joiners = coop("Menuiserie des Monts", sector=building, contact_email="")
    referent = PersonFactory(user=UserFactory(email="referente@menuiserie.fr"))
    MembershipFactory(cooperative=joiners, person=referent, role=r.REFERENT)
    MembershipFactory(cooperative=joiners, role=r.ASSOCIATE)  # an associate is not a contact
    builders = coop(
        "Bâtisseurs Villeurbannais",
        city="69266",
        sector=building,
        contact_email="contact@batisseurs.fr",
    )
    clinic = coop(
        "Clinique coopérative", city="13055", sector=health, contact_email="contact@clinique.fr"
    )
    return {"joiners": joiners, "builders": builders, "clinic": clinic}


def publish(cooperative: Any, title: str, **fields: Any) -> Post:
    fields.setdefault("kind", "need")
    fields.setdefault("category", "subcontracting")
    return Post.objects.create(cooperative=cooperative, title=title, description="", **fields)


def test_each_cooperative_receives_the_nearby_posts_of_its_trade_in_french(network):
    publish(network["builders"], "Sous-traitance menuiserie bois sur chantier à Lyon")
    publish(network["clinic"], "Besoin d’une infirmière de nuit", category="hr")

    report = send_digests(base_url=BASE)

    assert report.messages == 1
    [message] = mail.outbox
    assert message.to == ["referente@menuiserie.fr"]
    assert message.subject == (
        "Intercoopération\u00a0: 1 nouvelle annonce pour Menuiserie des Monts"
    )
    assert "Sous-traitance menuiserie bois sur chantier à Lyon" in message.body
    assert "même secteur" in message.body
    assert f"{BASE}/annuaire/echanges/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Bâtisseurs Villeurbannais" in html and "<a href=" in html


def test_running_the_digest_twice_sends_nothing_new(network):
    publish(network["builders"], "Sous-traitance menuiserie bois")
    send_digests(base_url=BASE)
    sent = len(mail.outbox)
    again = send_digests(base_url=BASE)
    assert sent == 1
    assert again.messages == 0 and len(mail.outbox) == sent
    assert PostDelivery.objects.count() == 1


def test_a_post_published_after_a_digest_comes_in_the_next_one(network):
    publish(network["builders"], "Premier besoin de menuiserie")
    send_digests(base_url=BASE)
    publish(network["builders"], "Second besoin de menuiserie")
    send_digests(base_url=BASE)
    assert len(mail.outbox) == 2
    assert "Second besoin" in mail.outbox[1].body
    assert "Premier besoin" not in mail.outbox[1].body


def test_every_digest_leaves_an_audit_row_on_its_cooperative(network):
    publish(network["builders"], "Sous-traitance menuiserie bois")
    send_digests(base_url=BASE)
    event = AuditEvent.objects.by_action("post.digest").get()
    assert event.object_id == str(network["joiners"].pk)
    assert event.summary["posts"] == 1


def test_a_shared_support_function_reaches_nearby_cooperatives_of_any_trade(network):
    publish(
        network["joiners"], "Mutualiser un poste de comptable", kind="offer", category="accounting"
    )
    send_digests(base_url=BASE)
    assert [message.to for message in mail.outbox] == [["contact@batisseurs.fr"]]


def test_closed_old_and_own_posts_are_not_sent(network):
    publish(network["builders"], "Besoin clos", closed_at=timezone.now())
    old = publish(network["builders"], "Vieux besoin")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    publish(network["joiners"], "Notre propre besoin de menuiserie")
    send_digests(base_url=BASE)
    # The builders hear of the joiners' need; the joiners hear of nothing (their own need).
    assert [message.to for message in mail.outbox] == [["contact@batisseurs.fr"]]
    assert "Notre propre besoin" in mail.outbox[0].body


def test_the_command_reports_what_it_sent(network):
    publish(network["builders"], "Sous-traitance menuiserie bois")
    out = StringIO()
    call_command("send_board_digest", "--base-url", BASE, stdout=out)
    assert "1 digests sent, 1 posts in all." in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_digest_names_the_trade_a_post_shares_with_the_cooperative(network):
    health = Sector.objects.get(slug="sante")
    nurses = coop("Soins Villeurbannais", city="69266", sector=health, contact_email="")
    building = Sector.objects.get(slug="batiment")
    # The post's own sector counts, not its cooperative's.
    publish(nurses, "Aménagement d’un cabinet infirmier", sector=building)

    send_digests(base_url=BASE)

    [message] = [message for message in mail.outbox if message.to == ["referente@menuiserie.fr"]]
    assert "même secteur (Bâtiment)" in message.body
    html, _ = message.alternatives[0]
    assert "même secteur (Bâtiment)" in html
