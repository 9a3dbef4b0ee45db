"""Suggest a correction: anyone writes (robots and floods are stopped), those who edit the
cooperative review it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coopilote.core.models import AuditEvent
from coopilote.directory.models import CorrectionSuggestion
from coopilote.directory.profile import CORRECTION_LIMIT, MEMBER_CORRECTION_LIMIT
from coopilote.members.tests.factories import CooperativeFactory
from coopilote.members.tests.helpers import client_as


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def suggest(client, target, remote_addr: str = "127.0.0.1", **data: Any):
    url = reverse("directory:suggest_correction", args=[target.pk])
    fields = {
        "field_name": "contact",
        "message": "Le numéro de téléphone a changé.",
        "author_email": "",
    }
    return client.post(url, fields | data, REMOTE_ADDR=remote_addr)


def test_an_anonymous_visitor_suggests_a_correction(world, client):
    response = suggest(client, world.cooperative, author_email="voisin@exemple.fr")
    assert response.status_code == 302
    assert response["Location"] == world.cooperative.get_absolute_url()
    suggestion = CorrectionSuggestion.objects.get()
    assert suggestion.cooperative == world.cooperative and suggestion.author is None
    assert suggestion.author_email == "voisin@exemple.fr" and suggestion.field_name == "contact"
    event = AuditEvent.objects.get(action="correction.suggest")
    assert "voisin@exemple.fr" not in str(event.summary)


def test_a_post_cannot_choose_the_cooperative_the_status_or_the_author(world, client):
    suggest(
        client_as(client, world, "member"),
        world.cooperative,
        cooperative=str(world.other_cooperative.pk),
        status="applied",
        author=str(world.user("admin").pk),
    )
    suggestion = CorrectionSuggestion.objects.get()
    assert suggestion.cooperative == world.cooperative
    assert suggestion.status == CorrectionSuggestion.Status.PENDING
    assert suggestion.author == world.user("member")


def test_the_honeypot_thanks_a_robot_and_stores_nothing(world, client):
    response = suggest(client, world.cooperative, nickname="Buy cheap pills")
    assert response.status_code == 302
    assert not CorrectionSuggestion.objects.exists()


def test_an_empty_message_is_refused_in_french(world, client):
    response = suggest(client, world.cooperative, message="")
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()


def test_anonymous_suggestions_are_limited_per_ip_and_hour(world, client):
    for _ in range(CORRECTION_LIMIT):
        assert suggest(client, world.cooperative).status_code == 302
    response = suggest(client, world.cooperative, message="Encore une correction.")
    assert response.status_code == 429
    assert "Encore une correction." in response.content.decode()  # the text is not lost
    assert CorrectionSuggestion.objects.count() == CORRECTION_LIMIT
    # Another address is not blocked, nor is a logged-in member behind the same one.
    assert suggest(client, world.cooperative, remote_addr="192.0.2.9").status_code == 302
    assert suggest(client_as(client, world, "member"), world.cooperative).status_code == 302


def test_a_member_s_suggestions_are_limited_per_account_more_loosely(world, client):
    """Each suggestion e-mails the reviewers: a logged-in member cannot flood them either."""
    member = client_as(client, world, "member")
    for _ in range(MEMBER_CORRECTION_LIMIT):
        assert suggest(member, world.cooperative).status_code == 302
    assert suggest(member, world.cooperative).status_code == 429
    assert CorrectionSuggestion.objects.count() == MEMBER_CORRECTION_LIMIT
    # The visitors behind the same address keep their own allowance.
    assert suggest(Client(), world.cooperative).status_code == 302


def test_a_cooperative_that_left_cannot_be_corrected_by_outsiders(world, client):
    gone = CooperativeFactory(union=world.union, is_active=False)
    assert suggest(client, gone).status_code == 404


def test_reviewers_see_the_pending_suggestions_of_their_cooperatives_only(world, client):
    CorrectionSuggestion.objects.create(cooperative=world.cooperative, message="Ici")
    CorrectionSuggestion.objects.create(cooperative=world.other_cooperative, message="Là-bas")
    CorrectionSuggestion.objects.create(
        cooperative=world.cooperative, message="Déjà vue", status="rejected"
    )
    url = reverse("directory:corrections")
    for role, sees, hidden in [
        ("staff", "Ici", "Là-bas"),
        ("referent", "Ici", "Là-bas"),
        ("other_union_staff", "Là-bas", "Ici"),
        ("other_coop_referent", "Là-bas", "Ici"),
    ]:
        client.logout()
        html = client_as(client, world, role).get(url).content.decode()
        assert f"<p>{sees}</p>" in html and f"<p>{hidden}</p>" not in html, role
        assert "Déjà vue" not in html
    client.logout()
    assert client_as(client, world, "member").get(url).status_code == 403


def test_a_suggestion_without_a_section_shows_none_and_a_french_date(world, client):
    import datetime

    from django.utils import timezone

    suggestion = CorrectionSuggestion.objects.create(cooperative=world.cooperative, message="Ici")
    CorrectionSuggestion.objects.filter(pk=suggestion.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 5))
    )
    html = client_as(client, world, "staff").get(reverse("directory:corrections")).content.decode()
    assert "Choisir" not in html
    assert "1er décembre 2026, 09:05" in html


def test_a_reviewer_marks_a_suggestion_applied_with_an_audit_row(world, client):
    suggestion = CorrectionSuggestion.objects.create(cooperative=world.cooperative, message="X")
    url = reverse("directory:correction_review", args=[suggestion.pk])
    response = client_as(client, world, "referent").post(url, {"status": "applied"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "applied" and suggestion.reviewed_by == world.user("referent")
    assert suggestion.reviewed_at is not None
    assert AuditEvent.objects.filter(action="correction.review", object_id=str(suggestion.pk))


def test_a_review_with_an_unknown_status_changes_nothing(world, client):
    suggestion = CorrectionSuggestion.objects.create(cooperative=world.cooperative, message="X")
    url = reverse("directory:correction_review", args=[suggestion.pk])
    client_as(client, world, "staff").post(url, {"status": "pending"})
    suggestion.refresh_from_db()
    assert suggestion.status == "pending" and suggestion.reviewed_by is None
