"""Anonymizing a person: identity wiped, login dead, memberships kept for the statistics."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coopilote.accounts import services
from coopilote.accounts.models import ErasureRequest, LoginFailure
from coopilote.accounts.signals import person_anonymized
from coopilote.accounts.tests.conftest import add_failures
from coopilote.conftest import ROLES
from coopilote.core.models import AuditEvent
from coopilote.members import roles as r
from coopilote.members.models import Cooperative, Membership
from coopilote.members.tests.factories import PASSWORD, MembershipFactory


@pytest.fixture
def member(world, person):
    MembershipFactory(person=person, cooperative=world.cooperative, role=r.ENTREPRENEUR)
    return person


def test_anonymizing_wipes_names_and_contacts(world, member):
    services.anonymize_person(world.user("admin"), member)
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.email, member.phone) == (
        "Personne",
        "anonymisée",
        "",
        "",
    )
    assert member.anonymized_at is not None
    assert member.user is None


def test_anonymizing_kills_and_detaches_the_login(client, world, member):
    user = member.user
    services.anonymize_person(world.user("admin"), member)
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.startswith("anonyme-") and user.email.endswith("@invalid")
    client.post(
        reverse("accounts:login"), {"email": "camille.berard@exemple.fr", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_two_anonymized_logins_get_distinct_placeholders(world, member):
    people = [member, world.people["member"]]
    users = [person.user for person in people]
    for person in people:
        services.anonymize_person(world.user("admin"), person)
    for user in users:
        user.refresh_from_db()
    assert users[0].email != users[1].email
    assert Membership.objects.filter(person__anonymized_at__isnull=False).count() == 2


def test_anonymizing_ends_the_persons_open_sessions(client, world, member):
    client.force_login(member.user)
    services.anonymize_person(world.user("admin"), member)
    assert client.get(reverse("accounts:account")).status_code == 302


def test_anonymizing_keeps_memberships_so_counts_stay_right(world, member):
    def counts():
        coop = Cooperative.objects.with_entrepreneur_count().get(pk=world.cooperative.pk)
        return coop.memberships.count(), coop.entrepreneur_count

    before = counts()
    services.anonymize_person(world.user("admin"), member)
    assert counts() == before == (3, 1)


def test_anonymizing_leaves_no_old_value_in_the_audit_log(client, world, member):
    client.force_login(member.user)
    client.post(reverse("accounts:erasure"), {"reason": "Camille Bérard, 06 12 34 56 78"})
    services.anonymize_person(world.user("admin"), member)
    event = AuditEvent.objects.by_action("person.anonymize").get()
    assert event.object_repr == "Personne anonymisée"
    assert sorted(event.summary["fields"]) == [
        "anonymized_at",
        "email",
        "first_name",
        "last_name",
        "phone",
        "user",
    ]
    log = json.dumps(
        [(e.object_repr, e.summary) for e in AuditEvent.objects.all()], ensure_ascii=False
    )
    for old in ("Camille", "Bérard", "camille.berard@exemple.fr", "06 12 34 56 78"):
        assert old not in log


def test_anonymizing_closes_pending_erasure_requests_and_drops_their_reason(world, member):
    services.request_erasure(member.user, member, reason="Camille s’en va")
    admin = world.user("admin")
    services.anonymize_person(admin, member)
    erasure = ErasureRequest.objects.get()
    assert (erasure.status, erasure.processed_by, erasure.reason) == ("done", admin, "")
    assert erasure.processed_at is not None


def test_anonymizing_deletes_the_failed_logins_holding_the_address(world, member):
    add_failures(2, email="camille.berard@exemple.fr")
    add_failures(1, email="autre@exemple.fr")
    services.anonymize_person(world.user("admin"), member)
    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["autre@exemple.fr"]


def test_anonymizing_twice_is_harmless(world, member):
    services.anonymize_person(world.user("admin"), member)
    services.anonymize_person(world.user("admin"), member)
    assert AuditEvent.objects.by_action("person.anonymize").count() == 1


def test_other_apps_wipe_their_data_in_the_same_transaction(world, member):
    def refuse(sender, person, actor, **kwargs):
        raise RuntimeError("another app failed")

    person_anonymized.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            services.anonymize_person(world.user("admin"), member)
    finally:
        person_anonymized.disconnect(refuse)
    member.refresh_from_db()
    assert member.first_name == "Camille"
    assert member.user.is_active


@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
def test_only_a_superuser_may_anonymize(world, member, role):
    with pytest.raises(PermissionDenied):
        services.anonymize_person(world.user(role), member)
    member.refresh_from_db()
    assert member.anonymized_at is None


def test_a_person_cannot_anonymize_themselves_without_being_superuser(world, member):
    with pytest.raises(PermissionDenied):
        services.anonymize_person(member.user, member)
