"""Bodies and mandates: roles, co-held mandates, early ends, declarations, the public register."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import InterestDeclaration, Mandate, Role
from coopilote.governance.services import mandates as services
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.factories import BodyFactory, RoleFactory, mandate, union_board
from coopilote.members.models import Body
from coopilote.members.tests.factories import (
    PersonFactory,
    UnionFactory,
    UnionRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


@pytest.fixture
def copresidency(board) -> Role:
    return RoleFactory(body=board[0], name="Coprésidence", holders=2)


# --- services ---------------------------------------------------------------------------------


def test_a_co_held_mandate_has_several_holders_up_to_the_role_s_number(board, copresidency, staff):
    _body, people = board
    held = services.record_mandate(staff.user, copresidency, people[:2], TODAY())
    assert set(held.holders.all()) == set(people[:2])
    assert held.end == services.term_end(copresidency, TODAY())
    assert AuditEvent.objects.filter(action="governance.mandate_create", object_id=str(held.pk))
    with pytest.raises(services.MandateError):
        services.record_mandate(staff.user, copresidency, people[2:5], TODAY())


def test_a_role_is_never_held_by_more_people_than_it_has_holders(board, copresidency, staff):
    people = board[1]
    services.record_mandate(staff.user, copresidency, people[:1], TODAY())
    services.record_mandate(staff.user, copresidency, people[1:2], TODAY())  # 2 of 2
    with pytest.raises(services.MandateError):
        services.record_mandate(staff.user, copresidency, people[2:3], TODAY())
    assert Mandate.objects.filter(role=copresidency).count() == 2


def test_the_same_person_twice_or_no_one_is_refused(board, copresidency, staff):
    person = board[1][0]
    with pytest.raises(services.MandateError):
        services.record_mandate(staff.user, copresidency, [person, person], TODAY())
    with pytest.raises(services.MandateError):
        services.record_mandate(staff.user, copresidency, [], TODAY())
    assert not Mandate.objects.exists()


def test_ending_a_mandate_early_frees_the_role(board, staff):
    role = RoleFactory(body=board[0], name="Trésorerie", holders=1)
    held = mandate(role, board[1][:1], start=TODAY() - datetime.timedelta(days=100))
    services.end_mandate(staff.user, held, TODAY(), "Démission")
    held.refresh_from_db()
    assert held.ended_on == TODAY() and held.note == "Démission"
    assert not Mandate.objects.current().filter(pk=held.pk).exists()
    assert Mandate.objects.past().filter(pk=held.pk).exists()
    with pytest.raises(services.MandateError):
        services.end_mandate(staff.user, held, TODAY())  # already ended
    successor = services.record_mandate(staff.user, role, board[1][1:2], TODAY())
    assert Mandate.objects.current().get(role=role) == successor


def test_a_mandate_cannot_end_before_it_starts_or_after_its_term(board, staff):
    held = mandate(RoleFactory(body=board[0]), board[1][:1])
    with pytest.raises(services.MandateError):
        services.end_mandate(staff.user, held, held.start)
    with pytest.raises(services.MandateError):
        services.end_mandate(staff.user, held, held.end + datetime.timedelta(days=1))


def test_a_declaration_is_interests_or_nothing_to_declare_by_a_holder(board, copresidency):
    people = board[1]
    held = mandate(copresidency, people[:2])
    with pytest.raises(services.MandateError):
        services.declare_interests(None, held, people[0])  # neither
    with pytest.raises(services.MandateError):
        services.declare_interests(None, held, people[0], interests="x", nothing_to_declare=True)
    with pytest.raises(services.MandateError):
        services.declare_interests(None, held, people[3], nothing_to_declare=True)  # not a holder
    services.declare_interests(None, held, people[0], interests="Gérante de la Scop Bois & Co")
    services.declare_interests(None, held, people[0], nothing_to_declare=True)  # replaces
    declaration = InterestDeclaration.objects.get(mandate=held, person=people[0])
    assert declaration.nothing_to_declare and declaration.interests == ""


def test_a_link_role_belongs_to_the_parent_of_the_circle_it_links(union, staff):
    parent = BodyFactory(union=union, name="Cercle général")
    child = BodyFactory(union=union, name="Cercle formation", parent=parent)
    other = BodyFactory(union=union, name="Cercle isolé")
    role = services.save_role(
        staff.user, parent, {"name": "Premier lien", "link": "lead", "linked_circle": child}
    )
    assert role.body == parent and role.linked_circle == child
    with pytest.raises(services.MandateError):
        services.save_role(
            staff.user, other, {"name": "Second lien", "link": "rep", "linked_circle": child}
        )
    with pytest.raises(services.MandateError):
        services.save_role(staff.user, parent, {"name": "Lien", "link": "rep"})


def test_holder_names_read_as_a_sentence(board, copresidency):
    a, b = (
        PersonFactory(first_name="Anne", last_name="Arnaud"),
        PersonFactory(first_name="Bruno", last_name="Bernard"),
    )
    held = mandate(copresidency, [b, a])
    assert held.holder_names() in {"Anne Arnaud and Bruno Bernard", "Anne Arnaud et Bruno Bernard"}


# --- the register -----------------------------------------------------------------------------


def test_the_register_is_public_and_shows_co_held_mandates_and_declarations(union, board):
    body, people = board
    role = RoleFactory(body=body, name="Coprésidence", holders=2)
    held = mandate(role, people[:2])
    services.declare_interests(None, held, people[0], interests="Associée de la Scop Lumière")
    past = mandate(
        RoleFactory(body=body, name="Trésorerie"),
        people[2:3],
        start=TODAY() - datetime.timedelta(days=900),
    )
    response = Client().get(reverse("governance:register"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coprésidence" in html
    assert str(people[0]) in html and str(people[1]) in html
    assert held.holder_names() in html  # both names in one sentence: co-held
    assert "Associée de la Scop Lumière" in html
    assert str(people[2]) in html and past.end < TODAY()


def test_the_register_nests_circles_and_shows_their_double_links(union, staff):
    general = BodyFactory(union=union, kind=Body.Kind.CIRCLE, name="Cercle général")
    child = BodyFactory(union=union, kind=Body.Kind.CIRCLE, name="Cercle formation", parent=general)
    lead = services.save_role(
        staff.user, general, {"name": "Premier lien", "link": "lead", "linked_circle": child}
    )
    holder = PersonFactory(first_name="Lina", last_name="Lien")
    mandate(lead, [holder])
    entries = services.register(union)
    names = [e.body.name for e in entries]
    assert names.index("Cercle général") < names.index("Cercle formation")
    child_entry = next(e for e in entries if e.body == child)
    assert child_entry.depth == 1 and [link.role for link in child_entry.links] == [lead]
    html = Client().get(reverse("governance:register")).content.decode()
    assert "Lina Lien" in html


def test_the_register_shows_only_the_current_union_s_bodies(union, board):
    other = UnionFactory(name="Union régionale Occitanie")
    other_body, other_people = union_board(other, 2)
    mandate(RoleFactory(body=other_body, name="Secret occitan"), other_people[:1])
    mandate(RoleFactory(body=board[0], name="Présidence AURA"), board[1][:1])
    staff = UnionRoleFactory(union=union, person__user=UserFactory()).person
    html = client_of(staff).get(reverse("governance:register")).content.decode()
    assert "Présidence AURA" in html
    assert "Secret occitan" not in html and str(other_people[0]) not in html


def test_the_register_s_queries_do_not_grow_with_the_data(
    union, board, django_assert_max_num_queries
):
    body, people = board
    for index in range(6):
        role = RoleFactory(body=body, name=f"Rôle {index}", holders=2)
        held = mandate(role, people[:2])
        services.declare_interests(None, held, people[0], nothing_to_declare=True)
    staff = UnionRoleFactory(union=union, person__user=UserFactory()).person
    client = client_of(staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("governance:register")).status_code == 200


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("staff", 302), ("member", 403), ("outsider", 403)])
def test_only_the_union_s_staff_record_mandates(board, copresidency, staff, who, status):
    _body, people = board
    person = {"staff": staff, "member": people[0], "outsider": PersonFactory()}[who]
    response = client_of(person).post(
        reverse("governance:mandate_create", args=[copresidency.pk]),
        {"holders": [str(people[0].pk), str(people[1].pk)], "start": TODAY().isoformat()},
    )
    assert response.status_code == status
    assert Mandate.objects.filter(role=copresidency).count() == (1 if status == 302 else 0)


def test_the_mandate_form_refuses_more_holders_than_the_role_allows(board, copresidency, staff):
    people = board[1]
    response = client_of(staff).post(
        reverse("governance:mandate_create", args=[copresidency.pk]),
        {"holders": [str(p.pk) for p in people[:3]], "start": TODAY().isoformat()},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Mandate.objects.exists()


def test_the_role_form_ignores_extra_fields(board, staff):
    body = board[0]
    other = BodyFactory()
    response = client_of(staff).post(
        reverse("governance:role_create", args=[body.pk]),
        {"name": "Secrétariat", "term_months": 24, "holders": 1, "body": str(other.pk), "id": "x"},
    )
    assert response.status_code == 302
    role = Role.objects.get(name="Secrétariat")
    assert role.body == body


def test_a_holder_declares_their_own_interests_and_not_someone_else_s(board, copresidency):
    people = board[1]
    held = mandate(copresidency, people[:2])
    url = reverse("governance:declaration", args=[held.pk])
    client = client_of(people[0])
    response = client.post(url, {"person": str(people[1].pk), "nothing_to_declare": "on"})
    assert response.status_code == 200  # not a choice for them
    assert not InterestDeclaration.objects.exists()
    response = client.post(url, {"person": str(people[0].pk), "interests": "Élue municipale"})
    assert response.status_code == 302
    assert InterestDeclaration.objects.get().person == people[0]
    assert client_of(people[3]).get(url).status_code == 403  # not a holder


def test_staff_file_a_declaration_for_a_holder_and_end_a_mandate(board, copresidency, staff):
    people = board[1]
    held = mandate(copresidency, people[:2])
    client = client_of(staff)
    response = client.post(
        reverse("governance:declaration", args=[held.pk]),
        {"person": str(people[1].pk), "nothing_to_declare": "on"},
    )
    assert response.status_code == 302
    assert InterestDeclaration.objects.get().person == people[1]
    ended_on = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        reverse("governance:mandate_end", args=[held.pk]),
        {"ended_on": ended_on.isoformat(), "note": "Départ en retraite", "end": "2000-01-01"},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.ended_on == ended_on and held.end != datetime.date(2000, 1, 1)
    assert (
        client_of(people[0])
        .post(reverse("governance:mandate_end", args=[held.pk]), {"ended_on": ended_on.isoformat()})
        .status_code
        == 403
    )


def test_the_body_page_shows_the_double_link_from_the_parent(union, staff):
    general = BodyFactory(union=union, kind=Body.Kind.CIRCLE, name="Cercle général")
    child = BodyFactory(union=union, kind=Body.Kind.CIRCLE, name="Cercle formation", parent=general)
    rep = services.save_role(
        staff.user, general, {"name": "Second lien", "link": "rep", "linked_circle": child}
    )
    mandate(rep, [PersonFactory(first_name="Rémi", last_name="Relais")])
    response = Client().get(reverse("governance:body", args=[child.pk]))
    assert response.status_code == 200
    assert "Rémi Relais" in response.content.decode()


def test_only_a_holder_or_the_staff_is_offered_to_file_a_declaration(union, board, staff):
    """The register links « file a declaration » where following it would not end in a 403."""
    body, people = board
    held = mandate(RoleFactory(body=body, name="Trésorerie"), [people[0]])
    link = reverse("governance:declaration", args=[held.pk])
    register = reverse("governance:register")
    session = {"current_union": str(union.pk)}

    def page_of(person):
        client = client_of(person)
        store = client.session
        store.update(session)
        store.save()
        return client.get(register).content.decode()

    assert link in page_of(people[0])
    assert link in page_of(staff)
    assert link not in page_of(people[1])
    assert client_of(people[1]).get(link).status_code == 403
