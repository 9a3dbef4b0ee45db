"""Small helpers shared by the members tests."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.test import Client

from coopilote.core.models import NafCode, Sector, SectorMapping


def client_as(client: Client, world: Any, role: str) -> Client:
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def naf_tree() -> dict[str, Any]:
    """Two NAF sub-classes in two sectors, mapped the way the union's taxonomy does."""
    digital = Sector.objects.create(slug="numerique", name="Numérique", order=1)
    building = Sector.objects.create(slug="btp", name="BTP", order=2)
    SectorMapping.objects.create(naf_prefix="J", sector=digital)
    SectorMapping.objects.create(naf_prefix="F", sector=building)
    section_j = NafCode.objects.create(code="J", label="Information", level="section", section="J")
    section_f = NafCode.objects.create(code="F", label="Construction", level="section", section="F")
    software = NafCode.objects.create(
        code="62.01Z",
        label="Programmation informatique",
        level="subclass",
        section="J",
        parent=section_j,
    )
    joinery = NafCode.objects.create(
        code="43.32A",
        label="Travaux de menuiserie",
        level="subclass",
        section="F",
        parent=section_f,
    )
    return {"digital": digital, "building": building, "software": software, "joinery": joinery}


def referent_data(cooperative, **changes):
    """What the referent's form posts when nothing is touched, plus ``changes``."""
    data = {
        "description": cooperative.description,
        "website": cooperative.website,
        "contact_email": cooperative.contact_email,
        "phone": cooperative.phone,
        "address": cooperative.address,
        "postcode": cooperative.postcode,
        "commune": cooperative.commune.name if cooperative.commune else "",
        "headcount": cooperative.headcount,
        "associates_count": cooperative.associates_count,
        "employee_associates_count": cooperative.employee_associates_count,
        "public_fields": list(cooperative.public_fields),
    }
    data.update(changes)
    return data


def identity_data(cooperative, **changes):
    data = referent_data(cooperative)
    data.update(
        {
            key: value
            for key, value in model_to_dict(cooperative).items()
            if key in {"name", "legal_status", "siren", "siret", "origin"}
        }
    )
    data.update({"is_active": "on", "naf": cooperative.naf_id or ""})
    data.update(changes)
    return data
