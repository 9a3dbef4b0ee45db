"""A small national directory: cooperatives of several unions around Lyon, Grenoble, Marseille."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.core.models import Commune, Sector
from coopilote.directory.services import refresh_entries
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import (
    CommuneFactory,
    CooperativeFactory,
    DepartmentFactory,
    RegionFactory,
)


def commune(code: str) -> Commune:
    if code == "69123":
        return CommuneFactory()
    if code == "69383":
        return CommuneFactory(
            code="69383", name="Lyon 3e Arrondissement", latitude=45.7597, longitude=4.8422
        )
    if code == "69266":
        return CommuneFactory(code="69266", name="Villeurbanne", latitude=45.7719, longitude=4.8902)
    if code == "38185":
        return CommuneFactory(
            code="38185",
            name="Grenoble",
            latitude=45.1885,
            longitude=5.7245,
            department=DepartmentFactory(code="38", name="Isère"),
        )
    assert code == "13055"
    return CommuneFactory(
        code="13055",
        name="Marseille",
        latitude=43.2965,
        longitude=5.3698,
        department=DepartmentFactory(
            code="13",
            name="Bouches-du-Rhône",
            region=RegionFactory(code="93", name="Provence-Alpes-Côte d’Azur"),
        ),
    )


def coop(name: str, description: str = "", city: str = "69123", **fields: Any) -> Cooperative:
    fields.setdefault("commune", commune(city))
    return CooperativeFactory(name=name, description=description, **fields)


def names(response: Any) -> list[str]:
    return [cooperative.name for cooperative, _ in response.context["results"].rows]


@pytest.fixture
def find(db: None) -> Any:
    """GET the directory with these parameters (entries refreshed first) → the listed names."""

    def get(**params: Any) -> list[str]:
        refresh_entries()
        response = Client().get(reverse("directory:search"), params)
        assert response.status_code == 200
        return names(response)

    return get


@pytest.fixture
def building(db: None) -> Sector:
    return Sector.objects.create(slug="batiment", name="Bâtiment", order=1)
