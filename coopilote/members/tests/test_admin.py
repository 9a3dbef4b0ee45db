"""The back office: every page opens, union staff stay in their union, only admins anonymize."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from coopilote.core.models import AuditEvent
from coopilote.members import roles as r
from coopilote.members.models import Membership
from coopilote.members.tests.factories import MembershipFactory, PersonFactory
from coopilote.members.tests.helpers import client_as

MODELS = ["union", "federation", "body", "unionrole", "cooperative", "person"]


def back_office_staff(world, *codenames):
    """The union's staff member, given back-office access and these model permissions."""
    user = world.user("staff")
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.parametrize("model", MODELS)
def test_every_back_office_list_and_add_page_opens_for_the_administrator(world, client, model):
    client_as(client, world, "admin")
    assert client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:members_{model}_add")).status_code == 200


@pytest.mark.parametrize(
    ("model", "obj"),
    [
        ("union", "union"),
        ("cooperative", "cooperative"),
    ],
)
def test_change_pages_open_for_the_administrator(world, client, model, obj):
    client_as(client, world, "admin")
    url = reverse(f"admin:members_{model}_change", args=[getattr(world, obj).pk])
    assert client.get(url).status_code == 200


def test_a_person_page_opens_with_their_memberships(world, client):
    client_as(client, world, "admin")
    person = world.people["referent"]
    page = client.get(reverse("admin:members_person_change", args=[person.pk])).content.decode()
    assert "Menuiserie des Monts" in page or str(world.cooperative.pk) in page


def test_the_administrator_sees_every_unions_cooperatives(world, client):
    client_as(client, world, "admin")
    page = client.get(reverse("admin:members_cooperative_changelist")).content.decode()
    assert "Menuiserie des Monts" in page and "Atelier du Canal" in page


def test_union_staff_see_their_own_unions_cooperatives_only(world, client):
    client.force_login(back_office_staff(world, "view_cooperative", "change_cooperative"))
    page = client.get(reverse("admin:members_cooperative_changelist")).content.decode()
    assert "Menuiserie des Monts" in page and "Atelier du Canal" not in page
    other = reverse("admin:members_cooperative_change", args=[world.other_cooperative.pk])
    assert client.get(other).status_code == 302  # "does not exist", back to the index


def test_union_staff_see_only_the_people_of_their_union(world, client):
    for role, name in [("referent", "Dedansunion"), ("other_coop_referent", "Horsunion")]:
        world.people[role].last_name = name
        world.people[role].save()
    client.force_login(back_office_staff(world, "view_person", "change_person"))
    page = client.get(reverse("admin:members_person_changelist")).content.decode()
    assert "Dedansunion" in page and "Horsunion" not in page


def test_a_back_office_edit_goes_through_the_service_and_is_audited(world, client):
    client.force_login(back_office_staff(world, "view_cooperative", "change_cooperative"))
    url = reverse("admin:members_cooperative_change", args=[world.cooperative.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        description="Modifiée au back office",
        public_fields='["website"]',
        union=str(world.union.pk),
        commune=world.cooperative.commune_id,
        is_active="on",
    )
    data.pop("naf", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.by_action("cooperative.update").get()
    assert event.summary == {"fields": ["description"]}


def test_the_anonymize_action_is_offered_to_superusers_only(world, client):
    client.force_login(back_office_staff(world, "view_person", "change_person"))
    staff_page = client.get(reverse("admin:members_person_changelist")).content.decode()
    assert 'value="anonymize"' not in staff_page
    client_as(client, world, "admin")
    admin_page = client.get(reverse("admin:members_person_changelist")).content.decode()
    assert 'value="anonymize"' in admin_page


def test_the_anonymize_action_calls_the_accounts_service_for_each_person(
    world, client, monkeypatch
):
    from coopilote.accounts import services

    calls = []
    monkeypatch.setattr(
        services, "anonymize_person", lambda actor, person: calls.append((actor, person))
    )
    client_as(client, world, "admin")
    chosen = [world.people["member"], world.people["no_role"]]
    response = client.post(
        reverse("admin:members_person_changelist"),
        {
            "action": "anonymize",
            "_selected_action": [str(p.pk) for p in chosen],
        },
    )
    assert response.status_code == 302
    assert {person.pk for _actor, person in calls} == {p.pk for p in chosen}
    assert all(actor == world.user("admin") for actor, _person in calls)


def test_a_staff_member_cannot_run_the_anonymize_action_by_posting_it(world, client, monkeypatch):
    from coopilote.accounts import services

    calls = []
    monkeypatch.setattr(services, "anonymize_person", lambda *args: calls.append(args))
    client.force_login(back_office_staff(world, "view_person", "change_person"))
    client.post(
        reverse("admin:members_person_changelist"),
        {
            "action": "anonymize",
            "_selected_action": [str(world.people["member"].pk)],
        },
    )
    assert calls == []


def test_a_membership_added_in_the_back_office_is_audited(world, client):
    client_as(client, world, "admin")
    person = PersonFactory()
    url = reverse("admin:members_person_change", args=[person.pk])
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": "",
        "user": str(person.user_id),
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-cooperative": str(world.cooperative.pk),
        "memberships-0-role": r.ENTREPRENEUR,
        "memberships-0-activity": "Graphisme",
        "memberships-0-start": "",
        "memberships-0-end": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    assert Membership.objects.get(person=person).activity == "Graphisme"
    assert AuditEvent.objects.by_action("membership.add").count() == 1


def test_an_activity_is_refused_for_anyone_but_an_entrepreneur(world, client):
    client_as(client, world, "admin")
    person = PersonFactory()
    url = reverse("admin:members_person_change", args=[person.pk])
    response = client.post(
        url,
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": "",
            "user": str(person.user_id),
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-cooperative": str(world.cooperative.pk),
            "memberships-0-role": r.ASSOCIATE,
            "memberships-0-activity": "Graphisme",
        },
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(person=person).exists()


def test_union_staff_see_a_persons_roles_in_their_union_only(world, client):
    person = world.people["referent"]
    MembershipFactory(person=person, cooperative=world.other_cooperative, role=r.ASSOCIATE)
    client.force_login(
        back_office_staff(
            world, "view_person", "change_person", "view_membership", "change_membership"
        )
    )
    response = client.get(reverse("admin:members_person_change", args=[person.pk]))
    shown = {
        form.instance.cooperative_id
        for form in response.context["inline_admin_formsets"][0].formset.forms
        if form.instance.pk
    }
    assert shown == {world.cooperative.pk}
