"""Factories for every test that needs people, cooperatives and unions."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from coopilote.accounts.models import User
from coopilote.core.models import Commune, Department, Region
from coopilote.members import roles as r
from coopilote.members.models import (
    Body,
    BodySeat,
    Cooperative,
    Membership,
    Person,
    Union,
    UnionRole,
)
from coopilote.members.validators import luhn_ok

PASSWORD = "mot-de-passe-de-test"


def valid_siret(n: int) -> str:
    """A deterministic valid SIRET (Luhn on SIREN and SIRET) for the n-th cooperative."""
    base = f"{(n * 7919) % 10**8:08d}"
    siren = next(base + str(d) for d in range(10) if luhn_ok(base + str(d)))
    nic_base = f"{(n % 9999) + 1:04d}"
    return next(siren + nic_base + str(d) for d in range(10) if luhn_ok(siren + nic_base + str(d)))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "84"
    name = "Auvergne-Rhône-Alpes"


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "69"
    name = "Rhône"
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = "69123"
    name = "Lyon"
    department = factory.SubFactory(DepartmentFactory)
    population = 522250
    postcodes = "69001 69002 69003"
    latitude = 45.758
    longitude = 4.835


class UnionFactory(DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"Union régionale des Scop et des Scic n°{n}")
    short_name = factory.Sequence(lambda n: f"URSCOP {n}")
    slug = factory.Sequence(lambda n: f"ur-{n}")
    kind = Union.Kind.REGIONAL


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda p: p.user.email if p.user else "")
    user = factory.SubFactory(UserFactory)


class CooperativeFactory(DjangoModelFactory):
    class Meta:
        model = Cooperative

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"Coopérative n°{n}")
    legal_status = "scop_sarl"
    siret = factory.Sequence(valid_siret)
    siren = factory.LazyAttribute(lambda c: c.siret[:9])
    commune = factory.SubFactory(CommuneFactory)
    postcode = "69001"
    headcount = 8
    associates_count = 6
    employee_associates_count = 5
    description = "Une coopérative de test."
    contact_email = "contact@coop.exemple.fr"
    public_fields = factory.LazyFunction(lambda: ["website"])


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    role = r.EMPLOYEE


class UnionRoleFactory(DjangoModelFactory):
    class Meta:
        model = UnionRole

    union = factory.SubFactory(UnionFactory)
    person = factory.SubFactory(PersonFactory)
    role = UnionRole.Role.STAFF


def board_member(union: Union, **person: Any) -> Person:
    """A person seated on the union's board (CA)."""
    body, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.BOARD,
        defaults={"name": "Conseil d’administration"},
    )
    seat_holder = PersonFactory(**person)
    BodySeat.objects.create(body=body, person=seat_holder, title="Administrateur·rice")
    return seat_holder
