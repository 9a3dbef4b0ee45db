"""Demo data of the register: the union's general assembly, its CA's and bureau's roles, nested
circles with their double links, a working group; current, co-held and past mandates;
declarations of interests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from faker import Faker

from coopilote.governance.models import InterestDeclaration, Mandate, Role
from coopilote.governance.services.mandates import add_months, term_end
from coopilote.members.demo.unions import board_people
from coopilote.members.models import Body, BodySeat, Person

CO_PRESIDENCY = "Co-présidence"


def _role(body: Body, name: str, **values: Any) -> Role:
    role, _ = Role.objects.get_or_create(body=body, name=name, defaults=values)
    return role


def _mandate(
    role: Role, holders: list[Person], start: datetime.date, end: datetime.date | None = None
) -> Mandate:
    end = end or term_end(role, start)
    held = Mandate.objects.create(role=role, start=start, end=end)
    held.holders.set(holders)
    return held


def _declare(mandate: Mandate, person: Person, interests: str = "") -> None:
    InterestDeclaration.objects.create(
        mandate=mandate,
        person=person,
        interests=interests,
        nothing_to_declare=not interests,
        declared_on=mandate.start + datetime.timedelta(days=20),
    )


def _seat(body: Body, people: list[Person], title: str = "Membre") -> None:
    BodySeat.objects.bulk_create(
        [BodySeat(body=body, person=person, title=title) for person in people],
        ignore_conflicts=True,
    )


def load(context: Any) -> None:
    union = context.union
    if union is None:
        return
    fake = Faker("fr_FR")
    fake.seed_instance(context.rng.random())
    today = timezone.localdate()
    board = Body.objects.get(union=union, cooperative=None, kind=Body.Kind.BOARD)
    bureau = Body.objects.filter(union=union, cooperative=None, kind=Body.Kind.BUREAU).first()
    people = board_people(union)
    if len(people) < 8:
        return
    jean, *others = people

    # The CA: a co-presidency (its last term just ended: an election is under way), a treasurer,
    # a secretary.
    copresidency = _role(
        board,
        CO_PRESIDENCY,
        holders=2,
        term_months=36,
        purpose="Représenter l’Union, animer le conseil d’administration, signer ensemble les "
        "engagements de l’Union.",
    )
    _mandate(
        copresidency,
        [jean, others[0]],
        add_months(today, -36),
        today - datetime.timedelta(days=1),
    )
    _mandate(
        copresidency,
        [others[5], others[6]],
        add_months(today, -72),
        add_months(today, -36) - datetime.timedelta(days=1),
    )
    treasury = _role(
        board,
        "Trésorerie",
        term_months=36,
        purpose="Suivre le budget, présenter les comptes à l’assemblée générale.",
    )
    held = _mandate(treasury, [others[1]], today - datetime.timedelta(days=420))
    _declare(held, others[1])
    secretary = _role(
        board, "Secrétariat", term_months=36, purpose="Tenir les procès-verbaux et le registre."
    )
    held = _mandate(secretary, [others[2]], today - datetime.timedelta(days=300))
    _declare(held, others[2], "Administration bénévole de la Scic Énergies citoyennes du Rhône.")
    if bureau is not None:
        delegation = _role(
            bureau,
            "Animation du bureau",
            holders=2,
            term_months=12,
            purpose="Préparer l’ordre du jour du CA et suivre ses décisions.",
        )
        held = _mandate(delegation, [others[1], others[2]], today - datetime.timedelta(days=90))
        _declare(held, others[1])

    # The general assembly and its tellers (a co-held role).
    assembly, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.GENERAL_ASSEMBLY,
        defaults={"name": "Assemblée générale"},
    )
    tellers = _role(assembly, "Scrutateurs", holders=2, term_months=12)
    _mandate(tellers, [others[4], others[7]], today - datetime.timedelta(days=60))

    # Sociocratic circles: a coordination circle and two circles within it, double-linked.
    newcomers = Person.objects.bulk_create(
        Person(first_name=fake.first_name(), last_name=fake.last_name()) for _ in range(8)
    )
    coordination, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.CIRCLE,
        name="Cercle de coordination",
        defaults={"purpose": "Coordonner les cercles de l’Union entre deux conseils."},
    )
    training, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.CIRCLE,
        name="Cercle accompagnement et formation",
        defaults={
            "parent": coordination,
            "purpose": "Accompagner les coopératives et organiser les formations.",
        },
    )
    transmission, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.CIRCLE,
        name="Cercle transmission d’entreprises",
        defaults={
            "parent": coordination,
            "purpose": "Aider les salariés à reprendre leur entreprise en Scop.",
        },
    )
    _seat(coordination, [others[0], others[4], newcomers[0], newcomers[1], newcomers[4]])
    _seat(training, [newcomers[0], newcomers[1], newcomers[2], newcomers[3]])
    _seat(transmission, [newcomers[4], newcomers[5], newcomers[6]])
    start = today - datetime.timedelta(days=200)
    for circle, lead, rep in (
        (training, newcomers[0], newcomers[1]),
        (transmission, newcomers[4], None),
    ):
        short = circle.name.replace("Cercle ", "")
        lead_role = _role(
            coordination,
            f"Premier lien — {short}",
            link=Role.Link.LEAD,
            linked_circle=circle,
            term_months=24,
        )
        _mandate(lead_role, [lead], start)
        rep_role = _role(
            coordination,
            f"Second lien — {short}",
            link=Role.Link.REP,
            linked_circle=circle,
            term_months=24,
        )
        if rep is not None:
            _mandate(rep_role, [rep], start)
        facilitation = _role(circle, "Facilitation", term_months=12)
        _mandate(facilitation, [newcomers[2] if circle == training else newcomers[5]], start)
    _mandate(_role(coordination, "Facilitation", term_months=12), [newcomers[4]], start)

    # A working group, piloted by two people together.
    group, _ = Body.objects.get_or_create(
        union=union,
        cooperative=None,
        kind=Body.Kind.WORKING_GROUP,
        name="Groupe de travail Scic et collectivités",
        defaults={"purpose": "Outiller les collectivités qui entrent au capital d’une Scic."},
    )
    _seat(group, [others[5], newcomers[7], newcomers[3]])
    pilots = _role(group, "Co-pilotage", holders=2, term_months=12)
    held = _mandate(pilots, [others[5], newcomers[7]], today - datetime.timedelta(days=45))
    _declare(held, newcomers[7], "Mandat municipal : délégation à l’économie sociale et solidaire.")
    context.say("Gouvernance : registre des organes et des mandats.")
