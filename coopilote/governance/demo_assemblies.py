"""Demo general assemblies of a Scic of the demo union: four colleges (Salariés 40 %, Usagers 30 %,
Collectivités 20 %, Soutiens 10 %), a closed ordinary assembly with its results (open ballot, one
resolution adopted only thanks to the college weights, a qualified majority, a majority
judgment) and an extraordinary assembly whose secret vote is open.

The demo « associé » login (Karim Benali) becomes a supporting associate of the Scic, so that he
finds himself on the roll and can vote in the open assembly. Goes through
``services.assemblies`` like the pages do, then dates the closed assembly back in time.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from coopilote.governance.models import Assembly, College, Resolution, RuleDocument, Voter
from coopilote.governance.models.assemblies import ResolutionParticipation
from coopilote.governance.services import assemblies as services
from coopilote.members import roles as r
from coopilote.members.models import Body, Cooperative, Membership, Person

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

DEMO_ASSOCIE = "associe@demo.coopilote.fr"
COLLEGES = [
    ("Salariés", Decimal(40)),
    ("Usagers", Decimal(30)),
    ("Collectivités", Decimal(20)),
    ("Soutiens", Decimal(10)),
]
PROJECTS = [
    "Ouvrir une épicerie mobile dans les villages",
    "Rénover la chambre froide",
    "Créer un atelier de transformation des invendus",
]
# Extra members of the Scic, by college (first name, last name).
PEOPLE = {
    "Salariés": [("Margot", "Chevalier"), ("Yanis", "Haddad"), ("Claire", "Dumas")],
    "Usagers": [
        ("Bernard", "Roux"),
        ("Aïcha", "Diallo"),
        ("Hugo", "Marchand"),
        ("Louise", "Perrin"),
        ("Théo", "Blanc"),
    ],
    "Collectivités": [("Nathalie", "Girard"), ("Olivier", "Faure")],
    "Soutiens": [("Élise", "Morel"), ("Mathieu", "Lambert")],
}


def load(context: DemoContext) -> None:
    union = context.union
    cooperative = (
        Cooperative.objects.in_union(union).scic().filter(is_cae=False).order_by("name").first()
    )
    if cooperative is None:
        return
    body, _created = Body.objects.get_or_create(
        union=union,
        cooperative=cooperative,
        kind=Body.Kind.GENERAL_ASSEMBLY,
        defaults={"name": "Assemblée générale des associé·es"},
    )
    if Assembly.objects.filter(body=body).exists():
        return
    services.set_colleges(None, body, COLLEGES)
    colleges = {college.name: college for college in College.objects.filter(body=body)}
    members = _members(cooperative)
    rule = RuleDocument.objects.filter(union=union).order_by("title").first()
    closed = _closed(body, colleges, members, rule)
    _open(body, colleges, members)
    context.say(
        f"Gouvernance : AG de la Scic {cooperative.name} — 4 collèges, "
        f"{closed.resolutions.count()} résolutions votées, une AGE en cours (vote secret)."
    )


def _members(cooperative: Cooperative) -> dict[str, list[Person]]:
    """The Scic's members by college: its own people first, then the demo ones."""
    existing = list(
        Person.objects.filter(
            pk__in=Membership.objects.current().filter(cooperative=cooperative).values("person_id"),
            anonymized_at=None,
        ).order_by("last_name", "first_name")
    )
    by_college: dict[str, list[Person]] = {name: [] for name, _weight in COLLEGES}
    for person in existing[:2]:
        by_college["Salariés"].append(person)
    for college, names in PEOPLE.items():
        for first, last in names:
            person = Person.objects.create(first_name=first, last_name=last)
            Membership.objects.create(person=person, cooperative=cooperative, role=r.ASSOCIATE)
            by_college[college].append(person)
    associe = Person.objects.filter(user__email=DEMO_ASSOCIE).first()
    if associe is not None:
        Membership.objects.get_or_create(person=associe, cooperative=cooperative, role=r.ASSOCIATE)
        by_college["Soutiens"].append(associe)
    return by_college


def _roll(
    assembly: Assembly, colleges: dict[str, College], members: dict[str, list[Person]]
) -> dict[str, list[Voter]]:
    return {
        name: [services.add_voter(None, assembly, person, colleges[name]) for person in people]
        for name, people in members.items()
    }


def _seat(body: Body) -> str:
    """Where the demo's assemblies meet: at the cooperative's, in its commune."""
    commune = body.cooperative.commune if body.cooperative else None
    return f"Au siège de la coopérative, {commune.name}" if commune else ""


def _vote(res: Resolution, voters: list[Voter], choices: str) -> None:
    """``choices``: one letter per voter — p(our), c(ontre), a(bstention), -(no vote)."""
    letters = {"p": "for", "c": "against", "a": "abstain"}
    for voter, letter in zip(voters, choices, strict=False):
        if letter in letters:
            services.cast_vote(voter.person, res, choice=letters[letter])


def _closed(
    body: Body, colleges: dict[str, College], members: dict[str, list[Person]], rule: Any
) -> Assembly:
    today = timezone.localdate()
    held = today - datetime.timedelta(days=45)
    assembly = services.create_assembly(
        None,
        body,
        title=f"Assemblée générale ordinaire {held.year}",
        held_on=held,
        starts_at=datetime.time(14, 0),
        place=_seat(body),
        closes_at=timezone.now() + datetime.timedelta(hours=1),
        quorum=Decimal(25),
        proxy_cap=2,
        secret=False,
    )
    roll = _roll(assembly, colleges, members)
    accounts = services.add_resolution(
        None,
        assembly,
        title="Approbation des comptes de l’exercice",
        text="L’assemblée générale approuve les comptes de l’exercice clos et donne quitus "
        "au conseil d’administration.",
        method=Resolution.Method.SIMPLE,
        rule=rule,
        rule_article="art. 24 — assemblée générale ordinaire" if rule else "",
    )
    surplus = services.add_resolution(
        None,
        assembly,
        title="Affectation du résultat : 60 % en réserves impartageables",
        text="L’excédent est affecté pour 60 % aux réserves impartageables, pour 25 % à la "
        "participation des salarié·es et pour 15 % à la rémunération des parts sociales.",
        method=Resolution.Method.SIMPLE,
    )
    statutes = services.add_resolution(
        None,
        assembly,
        title="Modification des statuts : entrée des producteurs dans le collège Usagers",
        text="L’article 9 des statuts est modifié : les producteurs locaux fournisseurs de la "
        "Scic peuvent devenir associés au sein du collège Usagers.",
        method=Resolution.Method.QUALIFIED,
        threshold=Decimal("66.67"),
    )
    project = services.add_resolution(
        None,
        assembly,
        title="Projet prioritaire pour l’année",
        text="L’assemblée juge chacun des trois projets proposés par le conseil "
        "d’administration ; le mieux jugé sera engagé cette année.",
        method=Resolution.Method.MAJORITY_JUDGMENT,
        options=PROJECTS,
    )
    # A proxy: Louise Perrin (Usagers) gives hers to Bernard Roux.
    services.give_proxy(None, assembly, roll["Usagers"][3], roll["Usagers"][0])
    services.open_assembly(None, assembly)
    for voter in roll["Salariés"][:3] + roll["Collectivités"][:1]:
        services.set_presence(None, voter, True)
    usagers = roll["Usagers"]
    _vote(accounts, roll["Salariés"], "ppppa")
    _vote(accounts, usagers[:3] + usagers[4:], "pppa")
    services.cast_vote(usagers[0].person, accounts, choice="for", for_voter=usagers[3])
    _vote(accounts, roll["Collectivités"], "pp")
    _vote(accounts, roll["Soutiens"], "pa")
    # The headcount rejects it (6 for, 7 against); the college weights adopt it.
    _vote(surplus, roll["Salariés"], "pppp")
    _vote(surplus, usagers[:3] + usagers[4:], "cccc")
    services.cast_vote(usagers[0].person, surplus, choice="against", for_voter=usagers[3])
    _vote(surplus, roll["Collectivités"], "pc")
    _vote(surplus, roll["Soutiens"], "pc")
    _vote(statutes, roll["Salariés"], "ppcp")
    _vote(statutes, usagers[:3] + usagers[4:], "ppcp")
    services.cast_vote(usagers[0].person, statutes, choice="for", for_voter=usagers[3])
    _vote(statutes, roll["Collectivités"], "pp")
    _vote(statutes, roll["Soutiens"], "ca")
    options = dict(project.options.values_list("label", "pk"))
    mobile, froid, atelier = (options[label] for label in PROJECTS)
    grades = {
        "Salariés": [(5, 3, 4), (4, 4, 5), (6, 2, 4), (3, 4, 5)],
        "Usagers": [(5, 2, 3), (6, 3, 3), (4, 4, 2), (5, 1, 4)],
        "Collectivités": [(6, 2, 3), (5, 3, 5)],
        "Soutiens": [(3, 3, 6), (4, 2, 5)],
    }
    for name, marks in grades.items():
        voters = roll[name] if name != "Usagers" else usagers[:3] + usagers[4:]
        for voter, (a, b, c) in zip(voters, marks, strict=False):
            services.cast_vote(voter.person, project, grades={mobile: a, froid: b, atelier: c})
    services.close_assembly(None, assembly)
    closes = timezone.make_aware(datetime.datetime.combine(held, datetime.time(18, 0)))
    Assembly.objects.filter(pk=assembly.pk).update(closes_at=closes, updated_at=closes)
    ResolutionParticipation.objects.filter(resolution__assembly=assembly).update(voted_on=held)
    assembly.refresh_from_db()
    return assembly


def _open(body: Body, colleges: dict[str, College], members: dict[str, list[Person]]) -> None:
    today = timezone.localdate()
    assembly = services.create_assembly(
        None,
        body,
        title="Assemblée générale extraordinaire — projet de tiers-lieu",
        held_on=today + datetime.timedelta(days=7),
        starts_at=datetime.time(18, 30),
        place=_seat(body),
        # Online votes until the evening of the meeting.
        closes_at=timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(21, 0))
        ),
        quorum=Decimal("33.33"),
        proxy_cap=2,
        secret=True,
    )
    roll = _roll(assembly, colleges, members)
    lease = services.add_resolution(
        None,
        assembly,
        title="Signature du bail du tiers-lieu de la gare",
        text="L’assemblée autorise la présidence à signer un bail commercial de neuf ans pour "
        "l’ancienne halle de la gare, loyer annuel de 18 000 €.",
        method=Resolution.Method.SIMPLE,
    )
    services.add_resolution(
        None,
        assembly,
        title="Augmentation du capital par l’entrée de la communauté de communes",
        text="L’assemblée agrée la communauté de communes comme associée du collège "
        "Collectivités et porte le capital à 120 000 €.",
        method=Resolution.Method.QUALIFIED,
        threshold=Decimal("66.67"),
    )
    services.give_proxy(None, assembly, roll["Collectivités"][1], roll["Collectivités"][0])
    services.open_assembly(None, assembly)
    _vote(lease, roll["Salariés"], "pp")
    _vote(lease, roll["Usagers"], "pca")
