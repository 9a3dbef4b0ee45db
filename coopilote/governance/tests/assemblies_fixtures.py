"""Builders of the general-assembly tests: a Scic's GA with colleges, its roll, an open vote."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from coopilote.governance.models import Assembly, Resolution, Voter
from coopilote.governance.services import assemblies as services
from coopilote.members import roles as r
from coopilote.members.models import Body, Cooperative, Person, Union
from coopilote.members.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

SCIC_COLLEGES = [
    ("Salariés", Decimal(40)),
    ("Usagers", Decimal(30)),
    ("Collectivités", Decimal(20)),
    ("Soutiens", Decimal(10)),
]


def scic(union: Union, name: str = "Scic L’Épicerie des Pentes") -> Cooperative:
    return CooperativeFactory(union=union, name=name, legal_status="scic_sas")


def general_assembly(cooperative: Cooperative) -> Body:
    body, _created = Body.objects.get_or_create(
        union=cooperative.union,
        cooperative=cooperative,
        kind=Body.Kind.GENERAL_ASSEMBLY,
        defaults={"name": "Assemblée générale"},
    )
    return body


def member(cooperative: Cooperative, role: str = r.ASSOCIATE) -> Person:
    person: Person = MembershipFactory(
        cooperative=cooperative, role=role, person=PersonFactory(user=UserFactory())
    ).person
    return person


def make_assembly(
    body: Body,
    sizes: dict[str, int] | None = None,
    *,
    colleges: list[tuple[str, Decimal]] | None = None,
    secret: bool = False,
    quorum: Decimal = Decimal(25),
    proxy_cap: int = 2,
) -> tuple[Assembly, dict[str, list[Voter]]]:
    """A draft assembly of ``body`` whose roll holds ``sizes[college]`` members of each college
    (key "" when the body has no colleges)."""
    if colleges:
        services.set_colleges(None, body, colleges)
    assembly = services.create_assembly(
        None,
        body,
        title="Assemblée générale ordinaire 2026",
        held_on=timezone.localdate(),
        closes_at=timezone.now() + datetime.timedelta(days=2),
        quorum=quorum,
        proxy_cap=proxy_cap,
        secret=secret,
    )
    roll: dict[str, list[Voter]] = {}
    for name, count in (sizes or {"": 3}).items():
        college = body.colleges.get(name=name) if name else None
        roll[name] = [
            services.add_voter(None, assembly, member(body.cooperative), college)
            if body.cooperative
            else services.add_voter(None, assembly, PersonFactory(user=UserFactory()), college)
            for _ in range(count)
        ]
    return assembly, roll


def resolution(assembly: Assembly, method: str = "simple", **kwargs: Any) -> Resolution:
    return services.add_resolution(
        None,
        assembly,
        title=kwargs.pop("title", "Approbation des comptes"),
        text=kwargs.pop("text", "L’assemblée approuve les comptes de l’exercice."),
        method=method,
        **kwargs,
    )


def vote_all(res: Resolution, voters: list[Voter], choices: list[str]) -> list[str]:
    return [
        services.cast_vote(voter.person, res, choice=choice)
        for voter, choice in zip(voters, choices, strict=True)
    ]
