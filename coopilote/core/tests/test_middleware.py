"""A form's address opened as a page goes to the page the form belongs to, with a message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.core.middleware import page_above
from coopilote.governance.tests.conventions_fixtures import make_convention

pytestmark = pytest.mark.django_db


def test_a_get_on_a_form_address_goes_to_its_page_and_says_nothing_was_sent(world):
    convention = make_convention(world.union)
    client = Client()
    client.force_login(world.user("staff"))
    publish = reverse("governance:convention_publish", kwargs={"pk": convention.pk})
    response = client.get(publish, follow=True)
    assert response.redirect_chain == [(convention.get_absolute_url(), 302)]
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Cette adresse ne fait que recevoir un formulaire\u00a0: rien n’a été envoyé d’ici."
    ]
    convention.refresh_from_db()
    assert convention.status == "signup"  # nothing published


def test_the_api_keeps_its_405(db):
    response = Client().post(reverse("directory_api:cooperatives"))
    assert response.status_code == 405
    assert Client().delete(reverse("directory_api:cooperatives")).status_code == 405


def test_the_page_above_is_the_nearest_address_served():
    assert page_above("/annuaire/nimporte/quoi/") == "/annuaire/"
    assert page_above("/nulle-part/") == "/"
