"""Demo hook of the citizen conventions: « Convention citoyenne sur la transition écologique des
coopératives », 96 volunteers under four categories, its pool frozen and its lottery published,
two sources of the seed announced (dice to roll at the assembly, a sealed contribution of the
co-presidency): the union's staff reveal the values and draw (see ``DICE`` and ``SEALED``)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from faker import Faker

from coopilote.algorithms.sortition import verifiable
from coopilote.governance.models import Category, Convention, Feature, Volunteer
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.pool import dedup_key

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

TITLE = "Convention citoyenne sur la transition écologique des coopératives"
QUESTION = (
    "Comment les coopératives de la région peuvent-elles réduire de moitié leur empreinte "
    "carbone d’ici 2035, sans laisser personne de côté ?"
)
VOLUNTEERS = 96
PANEL_SIZE = 16
# The values the demo's sources will take (the browser test reveals them as the staff would).
DICE = ("Dés lancés lors de l’assemblée générale de l’union", "4-1-6-3-5")
SEALED = ("Contribution scellée de la coprésidence", "1936", "sel-coprésidence-2026")

# key: (label, [(value, weight in the pool, min, max)])
CATEGORIES: dict[str, tuple[str, list[tuple[str, int, int, int]]]] = {
    "genre": (
        "Genre",
        [("femme", 46, 7, 9), ("homme", 46, 7, 9), ("autre ou non précisé", 4, 0, 2)],
    ),
    "age": (
        "Tranche d’âge",
        [
            ("18-34 ans", 24, 3, 5),
            ("35-49 ans", 30, 4, 6),
            ("50-64 ans", 28, 3, 5),
            ("65 ans et plus", 14, 1, 3),
        ],
    ),
    "statut": (
        "Statut",
        [
            ("associé·e", 34, 4, 7),
            ("salarié·e", 26, 3, 6),
            ("citoyen·ne", 22, 3, 5),
            ("entrepreneur·e de CAE", 14, 2, 4),
        ],
    ),
}
DEPARTMENTS = ["Rhône", "Isère", "Loire", "Puy-de-Dôme", "Haute-Savoie", "Drôme"]


def load(context: DemoContext) -> None:
    union = context.union
    if union is None or Convention.objects.filter(union=union, title=TITLE).exists():
        return
    rng = context.rng
    fake = Faker("fr_FR")
    fake.seed_instance(context.seed)
    convention = Convention.objects.create(
        union=union,
        title=TITLE,
        question=QUESTION,
        panel_size=PANEL_SIZE,
        status=Convention.Status.SIGNUP,
        signup_closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    weights: dict[str, tuple[list[str], list[int]]] = {}
    for key, (label, values) in CATEGORIES.items():
        category = Category.objects.create(convention=convention, key=key, label=label)
        Feature.objects.bulk_create(
            Feature(category=category, value=value, minimum=low, maximum=high)
            for value, _weight, low, high in values
        )
        weights[key] = ([v[0] for v in values], [v[1] for v in values])
    departement = Category.objects.create(
        convention=convention, key="departement", label="Département"
    )
    Feature.objects.bulk_create(
        Feature(category=departement, value=name, minimum=1, maximum=5) for name in DEPARTMENTS
    )
    weights["departement"] = (DEPARTMENTS, [30, 18, 14, 14, 12, 8])
    people = []
    seen: set[str] = set()
    number = 0
    while number < VOLUNTEERS:
        first, last = fake.first_name(), fake.last_name()
        email = f"{first}.{last}@exemple.fr".lower().replace(" ", "-")
        if dedup_key(email) in seen:
            continue
        seen.add(dedup_key(email))
        number += 1
        features = {key: rng.choices(values, w)[0] for key, (values, w) in weights.items()}
        people.append(
            Volunteer(
                convention=convention,
                number=number,
                first_name=first,
                last_name=last,
                email=email,
                dedup_key=dedup_key(email),
                features=features,
                consent_at=timezone.now() - datetime.timedelta(days=rng.randint(3, 40)),
                source=Volunteer.Source.FORM if rng.random() < 0.8 else Volunteer.Source.IMPORT,
            )
        )
    Volunteer.objects.bulk_create(people)
    # Demo only: the sources are announced before the publication, as an assembly would.
    services.announce(None, convention, DICE[0])
    services.announce(None, convention, SEALED[0], verifiable.commitment(SEALED[1], SEALED[2]))
    services.publish(None, convention)
    context.say(
        f"Convention citoyenne : {VOLUNTEERS} volontaires, loterie de "
        f"{convention.lottery_size} panels publiée, tirage à faire."
    )
