"""Editing a cooperative: who may, with which form, and what cannot be slipped in."""

import pytest
from django.urls import reverse

from coopilote.conftest import ROLES
from coopilote.core.models import AuditEvent
from coopilote.members.forms import CooperativeForm, CooperativeIdentityForm
from coopilote.members.models import Cooperative, Federation
from coopilote.members.tests.factories import CooperativeFactory
from coopilote.members.tests.helpers import client_as, identity_data, naf_tree, referent_data

EDIT_STATUS = {
    "anonymous": 302,  # to the login page
    "no_role": 403,
    "member": 403,
    "referent": 200,
    "other_coop_referent": 403,
    "staff": 200,
    "other_union_staff": 403,
    "board": 403,
    "confederation": 403,
    "admin": 200,
}


def edit_url(cooperative):
    return reverse("members:cooperative_edit", args=[cooperative.pk])


@pytest.mark.parametrize("role", ROLES)
def test_only_referents_managers_and_union_staff_may_open_the_edit_page(world, client, role):
    response = client_as(client, world, role).get(edit_url(world.cooperative))
    assert response.status_code == EDIT_STATUS[role]


def test_the_anonymous_visitor_is_sent_to_log_in_first(world, client):
    response = client.get(edit_url(world.cooperative))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["other_union_staff", "other_coop_referent", "no_role"])
def test_editing_a_former_member_cooperative_of_another_union_is_a_404(world, client, role):
    world.cooperative.is_active = False
    world.cooperative.save()
    assert client_as(client, world, role).get(edit_url(world.cooperative)).status_code == 404


@pytest.mark.parametrize("role", ["member", "board", "confederation", "other_union_staff"])
def test_a_refused_post_changes_nothing(world, client, role):
    client_as(client, world, role).post(
        edit_url(world.cooperative), referent_data(world.cooperative, description="Piraté")
    )
    world.cooperative.refresh_from_db()
    assert world.cooperative.description != "Piraté"


@pytest.mark.parametrize(
    ("role", "form_class"),
    [
        ("referent", CooperativeForm),
        ("staff", CooperativeIdentityForm),
        ("admin", CooperativeIdentityForm),
    ],
)
def test_the_union_gets_the_identity_form_and_the_referent_the_short_one(
    world, client, role, form_class
):
    response = client_as(client, world, role).get(edit_url(world.cooperative))
    assert type(response.context["form"]) is form_class
    assert response.content.decode().count("<h1") == 1


def test_a_referent_updates_the_presentation_and_is_sent_back_to_the_page(world, client):
    response = client_as(client, world, "referent").post(
        edit_url(world.cooperative),
        referent_data(
            world.cooperative,
            description="Menuiserie et agencement.",
            phone="04 73 00 00 00",
            public_fields=["phone", "website"],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == world.cooperative.get_absolute_url()
    world.cooperative.refresh_from_db()
    assert world.cooperative.description == "Menuiserie et agencement."
    assert world.cooperative.public_fields == ["phone", "website"]


def test_a_referent_cannot_slip_identity_fields_into_the_post(world, client):
    before = Cooperative.objects.get(pk=world.cooperative.pk)
    response = client_as(client, world, "referent").post(
        edit_url(world.cooperative),
        referent_data(
            world.cooperative,
            description="Nouvelle description",
            union=str(world.other_union.pk),
            siret="55210055400013",
            siren="552100554",
            legal_status="scic_sas",
            is_active="",
            is_cae="on",
            name="Renommée",
            sector="btp",
            naf="62.01Z",
            id=str(world.other_cooperative.pk),
        ),
    )
    assert response.status_code == 302  # the allowed part is saved...
    after = Cooperative.objects.get(pk=world.cooperative.pk)
    assert after.description == "Nouvelle description"
    for field in (
        "union_id",
        "siret",
        "siren",
        "legal_status",
        "is_active",
        "is_cae",
        "name",
        "sector_id",
        "naf_id",
    ):  # ...and the rest is ignored
        assert getattr(after, field) == getattr(before, field), field
    assert Cooperative.objects.get(pk=world.other_cooperative.pk).description != (
        "Nouvelle description"
    )


def test_only_publishable_fields_can_be_published(world, client):
    response = client_as(client, world, "referent").post(
        edit_url(world.cooperative),
        referent_data(world.cooperative, public_fields=["website", "employee_associates_count"]),
    )
    assert "public_fields" in response.context["form"].errors


def test_an_edit_writes_one_audit_row_naming_the_changed_fields_without_their_values(world, client):
    client_as(client, world, "referent").post(
        edit_url(world.cooperative),
        referent_data(world.cooperative, phone="06 12 34 56 78", description="Autre texte"),
    )
    events = list(AuditEvent.objects.for_object(world.cooperative))
    assert len(events) == 1
    event = events[0]
    assert event.action == "cooperative.update"
    assert event.actor == world.user("referent")
    assert event.summary == {"fields": ["description", "phone"]}
    assert "06 12 34 56 78" not in str(event.summary)


def test_saving_an_untouched_form_writes_no_audit_row(world, client):
    client_as(client, world, "referent").post(
        edit_url(world.cooperative), referent_data(world.cooperative)
    )
    assert not AuditEvent.objects.for_object(world.cooperative).exists()


def test_union_staff_set_the_identity_and_the_sector_follows_the_naf_code(world, client):
    tree = naf_tree()
    federation = Federation.objects.create(name="Fédération du BTP", short_name="BTP")
    response = client_as(client, world, "staff").post(
        edit_url(world.cooperative),
        identity_data(
            world.cooperative,
            naf="4332A",
            legal_status="scop_sa",
            federation=str(federation.pk),
            siren="732 829 320",
            siret="732 829 320 00074",
            creation_date="2019-05-02",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    world.cooperative.refresh_from_db()
    assert world.cooperative.naf == tree["joinery"]
    assert world.cooperative.sector == tree["building"]
    assert world.cooperative.siret == "73282932000074"
    assert str(world.cooperative.creation_date) == "2019-05-02"
    event = AuditEvent.objects.for_object(world.cooperative).get()
    assert event.summary["fields"] == [
        "creation_date",
        "federation",
        "legal_status",
        "naf",
        "sector",
        "siren",
        "siret",
    ]


def test_a_siret_must_belong_to_the_siren(world, client):
    response = client_as(client, world, "staff").post(
        edit_url(world.cooperative),
        identity_data(
            world.cooperative,
            siren="732829320",
            siret="55210055400013",
        ),
    )
    assert response.status_code == 200
    assert "siret" in response.context["form"].errors


def test_a_siret_already_taken_by_another_cooperative_is_refused(world, client):
    other = CooperativeFactory(union=world.union)
    response = client_as(client, world, "staff").post(
        edit_url(world.cooperative),
        identity_data(
            world.cooperative,
            siren=other.siren,
            siret=other.siret,
        ),
    )
    assert "siret" in response.context["form"].errors


def test_an_unknown_naf_code_is_refused(world, client):
    naf_tree()
    response = client_as(client, world, "staff").post(
        edit_url(world.cooperative), identity_data(world.cooperative, naf="99")
    )
    assert "naf" in response.context["form"].errors


def test_an_error_is_shown_next_to_its_field_and_tied_to_it(world, client):
    response = client_as(client, world, "referent").post(
        edit_url(world.cooperative),
        referent_data(world.cooperative, headcount=3, employee_associates_count=5),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_employee_associates_count_error"' in page
    assert 'aria-describedby="id_employee_associates_count_error"' in page
    assert 'aria-invalid="true"' in page
    world.cooperative.refresh_from_db()
    assert world.cooperative.headcount == 8


def test_the_publication_choices_are_checkboxes_labelled_in_words(world, client):
    page = client_as(client, world, "referent").get(edit_url(world.cooperative)).content.decode()
    assert 'type="checkbox" name="public_fields" value="contact_email"' in page
    assert "<legend" in page


def test_get_and_post_only(world, client):
    response = client_as(client, world, "referent").put(edit_url(world.cooperative))
    assert response.status_code == 405
