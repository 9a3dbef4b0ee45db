"""'Mon compte': my data, my cooperatives and roles, nobody else's."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from coopilote.accounts.tests.conftest import shown
from coopilote.core.models import AuditEvent
from coopilote.members import roles as r
from coopilote.members.models import UnionRole
from coopilote.members.tests.factories import MembershipFactory, UserFactory

ACCOUNT = reverse("accounts:account")


def page(client, user):
    client.force_login(user)
    return client.get(ACCOUNT).content.decode()


def test_the_account_page_needs_a_login(client, db):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={ACCOUNT}"


def test_the_account_page_lists_my_cooperatives_with_my_roles_and_links(client, world):
    member = world.people["member"]
    MembershipFactory(person=member, cooperative=world.cooperative, role=r.EMPLOYEE)
    html = page(client, member.user)
    url = reverse("members:cooperative", args=[world.cooperative.pk])
    assert f'<a href="{url}">Menuiserie des Monts</a>' in html
    roles = dict(r.COOPERATIVE_ROLES)
    assert f"{shown(roles[r.ASSOCIATE])}, {shown(roles[r.EMPLOYEE])}" in html
    assert html.count("<h1>") == 1


@pytest.mark.parametrize("role", ["member", "staff", "board", "confederation", "admin"])
def test_the_account_page_shows_only_my_cooperatives(client, world, role):
    html = page(client, world.user(role))
    assert "Atelier du Canal" not in html
    if role != "member":
        assert "Menuiserie des Monts" not in html


def test_the_account_page_shows_my_union_roles_and_board_seats(client, world):
    staff_page = page(client, world.user("staff"))
    staff_role = shown(UnionRole.Role.STAFF.label)
    assert f"{staff_role} — Union régionale Auvergne-Rhône-Alpes" in staff_page
    board_page = page(client, world.user("board"))
    assert "Conseil d’administration" in board_page
    assert "Administrateur·rice" in board_page


def test_a_login_without_a_person_still_has_an_account_page(client, db):
    user = UserFactory(email="technique@exemple.fr")
    html = page(client, user)
    assert "technique@exemple.fr" in html
    assert shown(_("No person record is linked to this login.")) in html


def test_i_update_my_name_and_phone_and_an_audit_row_names_the_fields(client, person):
    client.force_login(person.user)
    response = client.post(
        ACCOUNT, {"first_name": "Camille", "last_name": "Bérard-Moreau", "phone": "04 72 00 00 00"}
    )
    assert response.url == ACCOUNT
    person.refresh_from_db()
    assert (person.last_name, person.phone) == ("Bérard-Moreau", "04 72 00 00 00")
    event = AuditEvent.objects.for_object(person).by_action("person.update_data").get()
    assert event.actor == person.user
    assert event.summary == {"fields": ["last_name", "phone"]}


def test_saving_unchanged_data_writes_no_audit_row(client, person):
    client.force_login(person.user)
    client.post(
        ACCOUNT, {"first_name": "Camille", "last_name": "Bérard", "phone": "06 12 34 56 78"}
    )
    assert not AuditEvent.objects.exists()


def test_the_data_form_ignores_every_field_it_does_not_show(client, world, person):
    other = world.people["member"]
    other_values = (other.user_id, other.email, other.first_name)
    client.force_login(person.user)
    client.post(
        ACCOUNT,
        {
            "first_name": "Camille",
            "last_name": "Bérard",
            "phone": "",
            "user": other.user_id,
            "anonymized_at": "2020-01-01 00:00",
            "email": other.email,
            "id": other.pk,
            "pk": other.pk,
            "person": other.pk,
        },
    )
    person.refresh_from_db()
    other.refresh_from_db()
    assert person.user.email == "camille.berard@exemple.fr"
    assert person.email == "camille.berard@exemple.fr"
    assert person.anonymized_at is None
    assert person.phone == ""
    assert (other.user_id, other.email, other.first_name) == other_values


def test_invalid_data_is_refused_with_errors_tied_to_their_fields(client, person):
    client.force_login(person.user)
    response = client.post(ACCOUNT, {"first_name": "", "last_name": "Bérard", "phone": "<b>"})
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("first_name", "phone"):
        assert f'aria-describedby="id_{field}_error"' in html
        assert f'<ul class="errorlist" id="id_{field}_error">' in html
    assert 'aria-invalid="true"' in html
    person.refresh_from_db()
    assert person.first_name == "Camille"
