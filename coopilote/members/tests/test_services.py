"""Writes on cooperatives and memberships: consistent, and traced in the audit log."""

import datetime

import pytest
from django.utils import timezone

from coopilote.accounts.models import User
from coopilote.core.models import AuditEvent
from coopilote.members import roles as r
from coopilote.members.forms import CooperativeForm, CooperativeIdentityForm
from coopilote.members.models import Membership
from coopilote.members.roles import roles_of
from coopilote.members.services import (
    add_membership,
    delete_membership,
    end_membership,
    update_cooperative,
)
from coopilote.members.tests.factories import PersonFactory
from coopilote.members.tests.helpers import identity_data, naf_tree, referent_data


def test_the_sector_is_recomputed_when_the_naf_code_changes(world):
    tree = naf_tree()
    staff = world.user("staff")
    form = CooperativeIdentityForm(
        identity_data(world.cooperative, naf="62.01Z"), instance=world.cooperative
    )
    assert form.is_valid(), form.errors
    update_cooperative(staff, world.cooperative, form)
    world.cooperative.refresh_from_db()
    assert world.cooperative.sector == tree["digital"]
    event = AuditEvent.objects.by_action("cooperative.update").get()
    assert event.summary == {"fields": ["naf", "sector"]}


def test_clearing_the_naf_code_clears_the_sector(world):
    tree = naf_tree()
    world.cooperative.naf, world.cooperative.sector = tree["software"], tree["digital"]
    world.cooperative.save()
    form = CooperativeIdentityForm(
        identity_data(world.cooperative, naf=""), instance=world.cooperative
    )
    assert form.is_valid(), form.errors
    update_cooperative(world.user("staff"), world.cooperative, form)
    world.cooperative.refresh_from_db()
    assert world.cooperative.sector is None


def test_the_same_naf_typed_differently_is_no_change(world):
    tree = naf_tree()
    world.cooperative.naf = tree["software"]
    world.cooperative.save()
    form = CooperativeIdentityForm(
        identity_data(world.cooperative, naf="6201z"), instance=world.cooperative
    )
    assert form.is_valid(), form.errors
    update_cooperative(world.user("staff"), world.cooperative, form)
    assert not AuditEvent.objects.exists()


def test_an_update_only_writes_the_changed_columns(world):
    form = CooperativeForm(
        referent_data(world.cooperative, description="Neuve"), instance=world.cooperative
    )
    assert form.is_valid()
    # Meanwhile, the union renames the cooperative: the referent's save must not undo it.
    type(world.cooperative).objects.filter(pk=world.cooperative.pk).update(name="Nom officiel")
    update_cooperative(world.user("referent"), world.cooperative, form)
    world.cooperative.refresh_from_db()
    assert (world.cooperative.name, world.cooperative.description) == ("Nom officiel", "Neuve")


def test_adding_a_membership_gives_the_role_and_is_audited(world):
    person = PersonFactory()
    membership = add_membership(
        world.user("staff"), world.cooperative, person, r.ENTREPRENEUR, "Graphisme"
    )
    assert membership.activity == "Graphisme" and membership.end is None
    assert roles_of(person.user).in_cooperative(world.cooperative.pk) == {r.ENTREPRENEUR}
    event = AuditEvent.objects.by_action("membership.add").get()
    assert event.summary == {"role": r.ENTREPRENEUR, "reopened": False}


def test_adding_an_ended_role_again_reopens_it(world):
    person = world.people["member"]
    membership = person.memberships.get()
    end_membership(world.user("staff"), membership, end=datetime.date(2020, 1, 1))
    again = add_membership(world.user("staff"), world.cooperative, person, r.ASSOCIATE)
    assert again.pk == membership.pk and again.end is None
    assert Membership.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(("role", "activity"), [("pope", ""), (r.ASSOCIATE, "Graphisme")])
def test_a_membership_needs_a_known_role_and_an_activity_only_for_entrepreneurs(
    world, role, activity
):
    with pytest.raises(ValueError):
        add_membership(world.user("staff"), world.cooperative, PersonFactory(), role, activity)
    assert not AuditEvent.objects.exists()


def test_ending_a_membership_keeps_it_and_takes_the_role_away(world):
    person = world.people["referent"]
    membership = person.memberships.get()
    assert world.cooperative.abilities(person.user)["change"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    end_membership(world.user("staff"), membership, end=yesterday)
    membership.refresh_from_db()
    assert membership.end == yesterday
    fresh_login = User.objects.get(pk=person.user_id)  # roles are computed once per request
    assert not world.cooperative.abilities(fresh_login)["change"]
    event = AuditEvent.objects.by_action("membership.end").get()
    assert event.summary == {"role": r.REFERENT, "fields": ["end"]}


def test_deleting_a_membership_is_audited(world):
    membership = world.people["member"].memberships.get()
    pk = membership.pk
    delete_membership(world.user("admin"), membership)
    assert not Membership.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.by_action("membership.delete").get().object_id == str(pk)


def test_a_membership_ended_today_lasts_through_today(world):
    membership = world.people["referent"].memberships.get()
    end_membership(world.user("staff"), membership)
    assert membership.end == timezone.localdate()
    assert Membership.objects.current().filter(pk=membership.pk).exists()
