"""The staff page: search the register, preview, tick, create or update (nothing from the POST)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.conftest import World
from coopilote.core.models import AuditEvent
from coopilote.directory.tests.registry_fakes import (
    SAS_SIREN,
    SCOP_SIREN,
    UNKNOWN_SIREN,
    FakeOpener,
    http_error,
    install,
    result_of,
)
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import CommuneFactory, CooperativeFactory

URL = reverse("directory:registry")
APPLY = reverse("directory:registry_apply")


def login(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


@pytest.fixture
def staff(world: World) -> Client:
    CommuneFactory(code="69383", name="Lyon 3e Arrondissement", postcodes="69003")
    return login(world, "staff")


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_empty_page_asks_nothing_of_the_register(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    opener = install(monkeypatch, FakeOpener())
    response = staff.get(URL)
    assert response.status_code == 200
    assert opener.requests == []


def test_a_search_with_neither_siren_nor_category_explains_what_is_needed(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    opener = install(monkeypatch, FakeOpener())
    response = staff.get(URL, {"departement": "69"})
    assert "Saisissez un SIREN, ou une catégorie juridique et un département." in (
        response.content.decode()
    )
    assert opener.requests == []


def test_a_siren_search_previews_a_new_cooperative_to_tick(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener())
    response = staff.get(URL, {"siren": "412 345 670"})
    html = response.content.decode()
    assert "MENUISERIE DES MONTS" in html
    assert "Nouvelle coopérative" in html
    assert f'name="siren" value="{SCOP_SIREN}"' in html
    assert not Cooperative.objects.filter(siren=SCOP_SIREN).exists()


def test_a_category_search_is_paged_like_the_register(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    opener = install(monkeypatch, FakeOpener())
    first = staff.get(URL, {"categorie": "5458", "departement": "69"})
    assert len(first.context["rows"]) == 25
    assert "page=2" in first.content.decode()
    second = staff.get(URL, {"categorie": "5458", "departement": "69", "page": "2"})
    assert len(second.context["rows"]) == 2
    assert [opener.query(i)["page"] for i in range(2)] == ["1", "2"]


def test_a_time_out_shows_a_french_message_instead_of_failing(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener(TimeoutError("timed out")))
    response = staff.get(URL, {"siren": SCOP_SIREN})
    assert response.status_code == 200
    assert "Le registre n’a pas répondu à temps (délai de 10 s dépassé)." in (
        response.content.decode()
    )


def test_ticking_creates_the_cooperative_in_the_staffs_union(
    world: World, staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener())
    query = f"siren={SCOP_SIREN}"
    response = staff.post(APPLY, {"siren": [SCOP_SIREN], "query": query}, follow=True)
    assert response.redirect_chain[0][0] == f"{URL}?{query}"
    cooperative = Cooperative.objects.get(siren=SCOP_SIREN)
    assert cooperative.union == world.union
    assert "1 coopérative créée, 0 mise à jour, 0 déjà à jour." in messages_of(response)


def test_posted_identity_fields_and_union_change_nothing(
    world: World, staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener())
    staff.post(
        APPLY,
        {
            "siren": [SCOP_SIREN],
            "name": "Nom forgé",
            "union": str(world.other_union.pk),
            "legal_status": "scic_sa",
            "address": "1 rue forgée",
            "description": "Forgée",
            "is_active": "false",
        },
    )
    cooperative = Cooperative.objects.get(siren=SCOP_SIREN)
    assert cooperative.name == "MENUISERIE DES MONTS"
    assert cooperative.union == world.union
    assert cooperative.legal_status == "scop_sarl"
    assert cooperative.address == "12 RUE DES ARTISANS"
    assert cooperative.description == ""
    assert cooperative.is_active is True


def test_a_refresh_by_post_keeps_what_the_union_wrote(
    world: World, staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener())
    siret = result_of("siren_scop_sarl.json")["siege"]["siret"]
    cooperative = CooperativeFactory(
        union=world.union, siren=SCOP_SIREN, siret=siret, description="La nôtre."
    )
    staff.post(APPLY, {"siren": [SCOP_SIREN], "description": "Forgée", "name": "Forgé"})
    cooperative.refresh_from_db()
    assert cooperative.description == "La nôtre."
    assert cooperative.name == "MENUISERIE DES MONTS"  # the register's name (other words)
    assert cooperative.address == "12 RUE DES ARTISANS"


def test_an_error_of_the_register_during_apply_creates_nothing_and_says_so(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener(http_error(503)))
    response = staff.post(APPLY, {"siren": [SCOP_SIREN]}, follow=True)
    assert not Cooperative.objects.filter(siren=SCOP_SIREN).exists()
    assert messages_of(response) == [
        "Le registre est indisponible (erreur 503). Réessayez plus tard."
    ]  # and no « 0 coopérative créée » beside it


def test_unknown_and_ambiguous_companies_are_reported_not_created(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener())
    response = staff.post(APPLY, {"siren": [UNKNOWN_SIREN, SAS_SIREN]}, follow=True)
    messages = " ".join(messages_of(response))
    assert f"{UNKNOWN_SIREN}\u00a0: introuvable dans le registre." in messages
    assert "LES CHARPENTIERS ASSOCIES" in messages and "créez-la à la main" in messages
    assert not Cooperative.objects.filter(siren__in=[UNKNOWN_SIREN, SAS_SIREN]).exists()


def test_an_invalid_siren_is_refused_before_asking_the_register(
    staff: Client, monkeypatch: pytest.MonkeyPatch
):
    opener = install(monkeypatch, FakeOpener())
    response = staff.post(APPLY, {"siren": ["123456789"]}, follow=True)
    assert opener.requests == []
    assert any("SIREN valide" in message for message in messages_of(response))


@pytest.mark.parametrize("role", ["member", "referent", "board", "confederation"])
def test_people_who_do_not_run_a_regional_union_cannot_create(
    world: World, role: str, monkeypatch: pytest.MonkeyPatch
):
    opener = install(monkeypatch, FakeOpener())
    response = login(world, role).post(APPLY, {"siren": [SCOP_SIREN]})
    assert response.status_code == 403
    assert opener.requests == []
    assert not Cooperative.objects.filter(siren=SCOP_SIREN).exists()
    assert not AuditEvent.objects.filter(action="cooperative.create").exists()
