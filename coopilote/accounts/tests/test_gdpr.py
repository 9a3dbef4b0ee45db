"""GDPR: download my data (mine only) and ask for its erasure (once)."""

import json

from django.urls import reverse

from coopilote.accounts import services
from coopilote.accounts.models import ErasureRequest
from coopilote.core.models import AuditEvent
from coopilote.members.tests.factories import UserFactory

EXPORT = reverse("accounts:export")
ERASURE = reverse("accounts:erasure")


def export(client, user):
    client.force_login(user)
    return client.get(EXPORT)


def test_the_export_is_a_json_attachment_named_mes_donnees_coopilote(client, person):
    response = export(client, person.user)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-coopilote.json"'
    assert "no-store" in response["Cache-Control"]


def test_the_export_needs_a_login(client, db):
    assert client.get(EXPORT).status_code == 302


def test_the_export_contains_my_data_memberships_roles_and_seats(client, world):
    data = json.loads(export(client, world.user("referent")).content)
    referent = world.people["referent"]
    assert data["user"]["email"] == referent.user.email
    assert data["person"]["first_name"] == referent.first_name
    assert data["person"]["phone"] == referent.phone
    assert [m["cooperative"]["name"] for m in data["memberships"]] == ["Menuiserie des Monts"]
    assert data["memberships"][0]["role"] == "referent"
    staff = json.loads(export(client, world.user("staff")).content)
    assert staff["union_roles"][0]["union"]["name"] == "Union régionale Auvergne-Rhône-Alpes"
    board = json.loads(export(client, world.user("board")).content)
    assert board["board_seats"][0]["title"] == "Administrateur·rice"
    assert "password" not in json.dumps(data)


def test_the_export_contains_nobody_elses_data(client, world):
    content = export(client, world.user("referent")).content.decode()
    for role, other in world.people.items():
        if role != "referent":
            assert str(other.pk) not in content
            assert other.user.email not in content


def test_a_login_without_a_person_exports_its_login_only(client, db):
    data = json.loads(export(client, UserFactory(email="technique@exemple.fr")).content)
    assert data["user"]["email"] == "technique@exemple.fr"
    assert data["person"] is None


def test_asking_for_erasure_needs_a_post(client, person):
    client.force_login(person.user)
    assert client.get(ERASURE).status_code == 302  # sent to the page above
    assert not ErasureRequest.objects.exists()


def test_an_erasure_request_is_recorded_once_while_pending(client, person):
    client.force_login(person.user)
    first = client.post(ERASURE, {"reason": "Je quitte la coopérative."})
    second = client.post(ERASURE, {"reason": "Encore."})
    assert first.url == second.url == reverse("accounts:account")
    erasure = ErasureRequest.objects.get()
    assert (erasure.person, erasure.status, erasure.reason) == (
        person,
        ErasureRequest.Status.PENDING,
        "Je quitte la coopérative.",
    )
    assert AuditEvent.objects.by_action("erasure_request.create").count() == 1
    # The page now says the request is pending instead of offering the form again.
    assert f'action="{ERASURE}"' not in client.get(reverse("accounts:account")).content.decode()


def test_the_erasure_audit_row_keeps_neither_the_reason_nor_the_name(client, person):
    client.force_login(person.user)
    client.post(ERASURE, {"reason": "Camille Bérard s’en va."})
    event = AuditEvent.objects.by_action("erasure_request.create").get()
    assert event.actor == person.user
    assert "Bérard" not in f"{event.object_repr} {event.summary}"


def test_a_new_request_may_follow_a_refused_one(client, person, world):
    client.force_login(person.user)
    client.post(ERASURE)
    services.refuse_erasure_request(world.user("admin"), ErasureRequest.objects.get())
    client.post(ERASURE)
    assert sorted(ErasureRequest.objects.values_list("status", flat=True)) == [
        "pending",
        "refused",
    ]


def test_a_too_long_reason_is_refused_next_to_its_field(client, person):
    client.force_login(person.user)
    response = client.post(ERASURE, {"reason": "x" * 2001})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert not ErasureRequest.objects.exists()
