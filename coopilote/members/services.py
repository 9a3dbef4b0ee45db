"""Writes on cooperatives and memberships: one transaction and one audit row each.

Callers check abilities first (views with ``get_object_for``, the admin with its permissions);
these functions only make the change consistent and traceable.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone

from coopilote.core.audit import record
from coopilote.core.models import SectorMapping
from coopilote.members import roles as r
from coopilote.members.models import Cooperative, Membership, Person

_ROLES = {value for value, _label in r.COOPERATIVE_ROLES}


def _model_fields(form: forms.ModelForm[Cooperative]) -> dict[str, str]:
    """Form field name -> column attribute, for the form's fields that are model fields."""
    names = {field.name: field.attname for field in Cooperative._meta.concrete_fields}
    return {name: names[name] for name in form.fields if name in names}


def update_cooperative(
    actor: Any, cooperative: Cooperative, form: forms.ModelForm[Cooperative]
) -> Cooperative:
    """Save a valid cooperative form; the sector follows the NAF code.

    ``form.is_valid()`` has already copied the data onto ``cooperative``, so what changed is
    found by comparing with the stored row rather than trusting ``form.changed_data``
    (which flags "6201Z" against "62.01Z", or re-ordered checkboxes).
    """
    assert form.instance is cooperative and form.is_valid()
    attnames = _model_fields(form)
    with transaction.atomic():
        before = (
            Cooperative.objects.select_for_update()
            .filter(pk=cooperative.pk)
            .values(*attnames.values())
            .get()
        )
        form.save(commit=False)
        changed = [
            name for name, att in attnames.items() if before[att] != getattr(cooperative, att)
        ]
        if "naf" in changed:
            sector = SectorMapping.objects.sector_for(cooperative.naf)
            if sector != cooperative.sector:
                cooperative.sector = sector
                changed.append("sector")
        if changed:
            # Only the changed columns: a concurrent edit of other fields is not overwritten.
            cooperative.save(update_fields=[*changed, "updated_at"])
            record(actor, "cooperative.update", cooperative, fields=changed)
    return cooperative


def create_cooperative(actor: Any, form: forms.ModelForm[Cooperative]) -> Cooperative:
    assert form.is_valid()
    with transaction.atomic():
        cooperative: Cooperative = form.save(commit=False)
        cooperative.sector = SectorMapping.objects.sector_for(cooperative.naf)
        cooperative.save()
        form.save_m2m()
        record(actor, "cooperative.create", cooperative)
    return cooperative


def add_membership(
    actor: Any,
    cooperative: Cooperative,
    person: Person,
    role: str,
    activity: str = "",
    *,
    start: datetime.date | None = None,
) -> Membership:
    """Give ``person`` a role in ``cooperative``; an ended membership in that role is reopened."""
    if role not in _ROLES:
        raise ValueError(f"Unknown cooperative role: {role!r}")
    if activity and role != r.ENTREPRENEUR:
        raise ValueError("Only a CAE entrepreneur-employee has an activity of their own.")
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            person=person,
            cooperative=cooperative,
            role=role,
            defaults={"activity": activity, "start": start or timezone.localdate()},
        )
        if not created:
            membership.activity = activity or membership.activity
            membership.start = start or membership.start
            membership.end = None
            membership.save(update_fields=["activity", "start", "end", "updated_at"])
        record(actor, "membership.add", membership, role=role, reopened=not created)
    _forget(person)
    return membership


def end_membership(
    actor: Any, membership: Membership, *, end: datetime.date | None = None
) -> Membership:
    """End a role, kept for history. ``end`` is the last day: the role lasts through it."""
    with transaction.atomic():
        membership.end = end or timezone.localdate()
        membership.save(update_fields=["end", "updated_at"])
        record(actor, "membership.end", membership, role=membership.role, fields=["end"])
    _forget(membership.person)
    return membership


def delete_membership(actor: Any, membership: Membership) -> None:
    """Erase a membership recorded by mistake (a real departure is ``end_membership``)."""
    with transaction.atomic():
        record(actor, "membership.delete", membership, role=membership.role)
        membership.delete()
    _forget(membership.person)


def _forget(person: Person) -> None:
    # The roles cached on this user object are stale now (another request recomputes anyway).
    if person.user_id and "user" in person._state.fields_cache:
        r.forget_roles(person.user)
