"""A form's address opened as a page goes to the page the form belongs to, with a message."""

from __future__ import annotations

import pytest
from django.http import HttpResponseNotAllowed
from django.test import Client, RequestFactory
from django.urls import reverse

from coopilote.core.middleware import form_address_redirect, page_above
from coopilote.governance.tests.conventions_fixtures import make_convention

pytestmark = pytest.mark.django_db


def test_a_get_on_a_form_address_goes_to_its_page_and_says_nothing_was_sent(world):
    convention = make_convention(world.union, status="draft")
    client = Client()
    client.force_login(world.user("staff"))
    # Opening sign-up: a form's address only (publishing asks first, on a page of its own).
    opening = reverse("governance:convention_open", kwargs={"pk": convention.pk})
    response = client.get(opening, follow=True)
    assert response.redirect_chain == [(convention.get_absolute_url(), 302)]
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Cette adresse ne fait que recevoir un formulaire\u00a0: rien n’a été envoyé d’ici."
    ]
    convention.refresh_from_db()
    assert convention.status == "draft"  # nothing opened


def test_the_api_keeps_its_405():
    """A program gets the status it asked for, not a page meant for people."""
    request = RequestFactory().get("/api/cooperatives")
    refused = form_address_redirect(lambda request: HttpResponseNotAllowed(["POST"]))
    assert refused(request).status_code == 405


def test_a_head_request_is_redirected_without_a_message(world):
    client = Client()
    client.force_login(world.user("staff"))
    response = client.head(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not list(client.get(reverse("accounts:account")).context["messages"])


def test_the_page_above_is_the_nearest_address_served():
    assert page_above("/annuaire/nimporte/quoi/") == "/annuaire/"
    assert page_above("/nulle-part/") == "/"
