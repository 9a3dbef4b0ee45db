"""Builders of the conventions' tests (and of their authorization rows)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from coopilote.governance.models import Category, Convention, Feature, Volunteer
from coopilote.governance.services.conventions.pool import dedup_key
from coopilote.members.models import Union

# Two categories, two values each; with k = 4 every value has 1 to 3 seats.
CATEGORIES = {
    "age": ("Tranche d’âge", [("18-39 ans", 1, 3), ("40 ans et plus", 1, 3)]),
    "genre": ("Genre", [("femme", 1, 3), ("homme", 1, 3)]),
}
FIRST_NAMES = ["Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo"]


def make_convention(
    union: Union,
    *,
    status: str = Convention.Status.SIGNUP,
    volunteers: int = 12,
    k: int = 4,
    algorithm: str = Convention.Algorithm.LEXIMIN,
    lottery_size: int = 1000,
) -> Convention:
    convention = Convention.objects.create(
        union=union,
        title="Convention sur la transition écologique",
        question="Comment nos coopératives peuvent-elles réduire leur empreinte ?",
        panel_size=k,
        status=status,
        algorithm=algorithm,
        lottery_size=lottery_size,
    )
    for key, (label, values) in CATEGORIES.items():
        category = Category.objects.create(convention=convention, key=key, label=label)
        for value, low, high in values:
            Feature.objects.create(category=category, value=value, minimum=low, maximum=high)
    for number in range(1, volunteers + 1):
        add_volunteer(convention, number)
    return convention


def add_volunteer(convention: Convention, number: int, **features: str) -> Volunteer:
    email = f"volontaire{number}@exemple.fr"
    return Volunteer.objects.create(
        convention=convention,
        number=number,
        first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
        last_name=f"Volontaire {number}",
        email=email,
        dedup_key=dedup_key(email),
        features={
            "age": features.get("age", "18-39 ans" if number % 3 else "40 ans et plus"),
            "genre": features.get("genre", "femme" if number % 2 else "homme"),
        },
        consent_at=timezone.now() - datetime.timedelta(days=1),
        source=Volunteer.Source.FORM,
    )


def publish(convention: Convention, actor: Any = None) -> Convention:
    from coopilote.governance.services import conventions as services

    services.publish(actor, convention)
    return convention


def drawn(
    convention: Convention, actor: Any = None, values: tuple[str, ...] = ("3-1-6", "42")
) -> Convention:
    """Publish (if needed), announce public sources, reveal them, draw the panel."""
    from coopilote.governance.services import conventions as services

    if not convention.is_published:
        services.publish(actor, convention)
    sources = [
        services.announce(actor, convention, f"Source publique {i + 1}") for i in range(len(values))
    ]
    for source, value in zip(sources, values, strict=True):
        services.reveal(actor, source, value)
    services.draw(actor, convention)
    return convention
