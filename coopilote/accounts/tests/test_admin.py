"""The back office: users by e-mail, read-only failed logins, erasure requests and their actions."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from coopilote.accounts.models import ErasureRequest, LoginFailure, User
from coopilote.accounts.tests.conftest import add_failures
from coopilote.core.models import AuditEvent
from coopilote.members.tests.factories import PersonFactory, UserFactory

ERASURES = reverse("admin:accounts_erasurerequest_changelist")


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def run_action(client, action, *erasures):
    return client.post(
        ERASURES, {"action": action, "_selected_action": [str(e.pk) for e in erasures]}
    )


def test_the_user_admin_lists_and_creates_users_by_e_mail(client, world):
    client.force_login(world.user("admin"))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    add_page = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="email"' in add_page and 'name="username"' not in add_page
    client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nouvelle.Personne@Exemple.fr",
            "usable_password": "true",
            "password1": "Une-phrase-assez-longue-1",
            "password2": "Une-phrase-assez-longue-1",
        },
    )
    assert User.objects.get(email="nouvelle.personne@exemple.fr").check_password(
        "Une-phrase-assez-longue-1"
    )


def test_the_user_admin_refuses_an_e_mail_differing_only_in_case(client, world):
    client.force_login(world.user("admin"))
    existing = world.user("member").email
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": existing.upper(),
            "usable_password": "false",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact=existing).count() == 1


def test_staff_who_edit_users_cannot_make_themselves_superuser(client, db):
    editor = staff_with("view_user", "change_user")
    client.force_login(editor)
    client.post(
        reverse("admin:accounts_user_change", args=[editor.pk]),
        {
            "email": editor.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_failed_logins_are_read_only_in_the_back_office(client, world):
    add_failures(1, email="essai@exemple.fr")
    failure = LoginFailure.objects.get()
    client.force_login(world.user("admin"))
    assert client.get(reverse("admin:accounts_loginfailure_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_loginfailure_add")).status_code == 403
    change = reverse("admin:accounts_loginfailure_change", args=[failure.pk])
    client.post(change, {"email": "autre@exemple.fr"})
    failure.refresh_from_db()
    assert failure.email == "essai@exemple.fr"


def test_the_admin_action_anonymizes_the_people_concerned(client, world):
    people = PersonFactory.create_batch(2)
    erasures = [ErasureRequest.objects.create(person=person) for person in people]
    client.force_login(world.user("admin"))
    response = run_action(client, "anonymize_people", *erasures)
    assert response.status_code == 302
    for person, erasure in zip(people, erasures, strict=True):
        person.refresh_from_db()
        erasure.refresh_from_db()
        assert person.anonymized_at is not None
        assert erasure.status == ErasureRequest.Status.DONE
    assert AuditEvent.objects.by_action("person.anonymize").count() == 2


def test_staff_who_may_change_requests_are_not_offered_the_anonymization(client, world):
    person = PersonFactory()
    erasure = ErasureRequest.objects.create(person=person)
    client.force_login(staff_with("view_erasurerequest", "change_erasurerequest"))
    assert "anonymize_people" not in client.get(ERASURES).content.decode()
    run_action(client, "anonymize_people", erasure)
    person.refresh_from_db()
    assert person.anonymized_at is None


def test_the_admin_action_refuses_pending_requests(client, world):
    erasure = ErasureRequest.objects.create(person=PersonFactory())
    client.force_login(world.user("admin"))
    run_action(client, "refuse_requests", erasure)
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.REFUSED
    assert erasure.processed_by == world.user("admin")
    assert erasure.person.anonymized_at is None


def test_erasure_requests_are_not_edited_by_hand(client, world):
    erasure = ErasureRequest.objects.create(person=PersonFactory())
    client.force_login(world.user("admin"))
    assert client.get(reverse("admin:accounts_erasurerequest_add")).status_code == 403
    client.post(
        reverse("admin:accounts_erasurerequest_change", args=[erasure.pk]), {"status": "done"}
    )
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.PENDING
