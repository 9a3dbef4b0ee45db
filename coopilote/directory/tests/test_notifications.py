"""A suggested correction tells those who review it, by e-mail once it is stored: the union's
staff and the cooperative's referents and managers, each alone, in French, with a link to the
queue — never the suggester's address, and nothing for what was not stored."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coopilote.directory import profile
from coopilote.directory.forms_profile import CorrectionForm
from coopilote.directory.models import CorrectionSuggestion
from coopilote.directory.profile import CORRECTION_LIMIT
from coopilote.members import roles as r
from coopilote.members.models import UnionRole
from coopilote.members.tests.factories import (
    MembershipFactory,
    PersonFactory,
    UnionRoleFactory,
    UserFactory,
)
from coopilote.members.tests.helpers import client_as

MESSAGE = "Le numéro de téléphone a changé : c’est désormais le 04 72 00 00 00."
SUGGESTER = "voisin@exemple.fr"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def suggest(client, cooperative, remote_addr: str = "127.0.0.1", **data: Any):
    url = reverse("directory:suggest_correction", args=[cooperative.pk])
    fields = {"field_name": "contact", "message": MESSAGE, "author_email": SUGGESTER}
    return client.post(url, fields | data, REMOTE_ADDR=remote_addr)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def everything_sent() -> str:
    parts = []
    for message in mail.outbox:
        parts += [message.subject, message.body, *(str(a[0]) for a in message.alternatives)]
        parts += [*message.to, *message.cc, *message.bcc, *message.reply_to]
    return "\n".join(parts)


def test_the_union_staff_and_the_referent_each_get_a_french_e_mail_once_it_is_stored(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert suggest(client, world.cooperative).status_code == 302

    assert recipients() == sorted([world.people["staff"].email, world.people["referent"].email])
    assert all(len(message.to) == 1 for message in mail.outbox)  # no one sees the others
    message = mail.outbox[0]
    assert message.subject == "Une correction est proposée pour Menuiserie des Monts"
    queue = "http://testserver" + reverse("directory:corrections")
    page = "http://testserver" + world.cooperative.get_absolute_url()
    assert queue in message.body and page in message.body
    assert MESSAGE in message.body and "Coordonnées" in message.body
    assert "attend une réponse" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{queue}"' in str(html)
    assert "c’est désormais le 04 72 00 00 00" in str(html)


def test_a_suggestion_without_a_section_names_none(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative, field_name="", author_email="")
    assert mail.outbox and "Ce qui est inexact" not in everything_sent()
    assert "attend une réponse" not in everything_sent()  # no address was left


def test_a_long_suggestion_is_quoted_as_an_excerpt(
    world, client, django_capture_on_commit_callbacks
):
    long = "Début de la correction. " + "Détail sans fin. " * 100 + "FIN DU TEXTE"
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative, message=long)
    body = mail.outbox[0].body
    assert "Début de la correction." in body and "…" in body and "FIN DU TEXTE" not in body


def test_the_suggesters_address_is_in_no_e_mail(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative)
    assert mail.outbox and SUGGESTER not in everything_sent()


def test_no_one_outside_the_cooperative_and_its_union_is_written_to(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.other_cooperative)
    assert recipients() == sorted(
        [world.people["other_union_staff"].email, world.people["other_coop_referent"].email]
    )


def test_managers_and_union_administrators_review_too(
    world, client, django_capture_on_commit_callbacks
):
    manager = MembershipFactory(cooperative=world.cooperative, role=r.MANAGER).person
    administrator = UnionRoleFactory(union=world.union, role=UnionRole.Role.ADMINISTRATOR).person
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative)
    assert {manager.email, administrator.email} <= set(recipients())


def test_only_current_reviewers_with_a_login_are_written_to(
    world, client, django_capture_on_commit_callbacks
):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    former = MembershipFactory(cooperative=world.cooperative, role=r.REFERENT, end=yesterday)
    no_login = PersonFactory(user=None, email="sans-compte@exemple.fr")
    MembershipFactory(cooperative=world.cooperative, role=r.REFERENT, person=no_login)
    blocked = PersonFactory(user=UserFactory(is_active=False))
    UnionRoleFactory(union=world.union, person=blocked)
    erased = PersonFactory(anonymized_at=timezone.now())
    UnionRoleFactory(union=world.union, person=erased)
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative)
    assert recipients() == sorted([world.people["staff"].email, world.people["referent"].email])
    assert former.person.email not in recipients()


def test_a_reviewer_suggesting_on_their_own_cooperative_is_not_written_to(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client_as(client, world, "referent"), world.cooperative)
    assert recipients() == [world.people["staff"].email]


def test_nothing_is_sent_before_the_commit_nor_after_a_rollback(
    world, django_capture_on_commit_callbacks
):
    form = CorrectionForm({"field_name": "contact", "message": MESSAGE})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile.suggest_correction(None, world.cooperative, form)
    assert not mail.outbox  # not committed yet
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        profile.suggest_correction(None, world.cooperative, form)
        raise RuntimeError("the request failed after the suggestion")
    assert not mail.outbox


@pytest.mark.parametrize(
    "data",
    [{"message": ""}, {"nickname": "Buy cheap pills"}],
    ids=["invalid form", "robot"],
)
def test_nothing_is_sent_for_what_is_not_stored(
    world, client, django_capture_on_commit_callbacks, data
):
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative, **data)
    assert not CorrectionSuggestion.objects.exists() and not mail.outbox


def test_nothing_is_sent_when_the_rate_limit_refuses(
    world, client, django_capture_on_commit_callbacks
):
    for _ in range(CORRECTION_LIMIT):
        suggest(client, world.cooperative)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert suggest(client, world.cooperative).status_code == 429
    assert not mail.outbox


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def test_a_mail_server_down_keeps_the_suggestion_and_logs_the_failure(
    world, client, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        assert suggest(client, world.cooperative).status_code == 302
    assert CorrectionSuggestion.objects.count() == 1
    # The kind of failure, never its text (it may hold addresses).
    assert "refused (ConnectionRefusedError)" in caplog.text


def test_the_subject_writes_the_name_as_it_is_not_html_escaped(
    world, client, django_capture_on_commit_callbacks
):
    world.cooperative.name = "Dupont & Fils l’atelier d'Ernest"
    world.cooperative.save()
    with django_capture_on_commit_callbacks(execute=True):
        suggest(client, world.cooperative)
    assert mail.outbox[0].subject == (
        "Une correction est proposée pour Dupont & Fils l’atelier d'Ernest"
    )
    assert "Dupont & Fils l’atelier d'Ernest" in mail.outbox[0].body


def test_one_round_of_e_mails_per_cooperative_and_hour_whatever_the_addresses(
    world, client, django_capture_on_commit_callbacks
):
    """Visitors from many addresses cannot fill the staff's inboxes: the queue has the rest."""
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            assert suggest(client, world.cooperative, f"192.0.2.{number}").status_code == 302
        assert suggest(client, world.other_cooperative, "192.0.2.9").status_code == 302
    assert CorrectionSuggestion.objects.count() == 4
    mine = [m for m in mail.outbox if world.cooperative.name in m.subject]
    assert len(mine) == 2  # the staff and the referent, once
    assert any(world.other_cooperative.name in m.subject for m in mail.outbox)
