"""Demo hook: labels, testimonials and a few illustrations on the demo cooperatives' pages.

Runs after the members hook. Deterministic (its own random generator, cooperatives taken in
SIRET order) and fast: at most ``MAX_IMAGES`` small images, drawn with Pillow at seed time,
abstract shapes and initials only, never a real person.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from coopilote.directory.models import Label, Photo, Testimonial
from coopilote.members.models import Cooperative
from coopilote.members.models.cooperative import SCIC_STATUSES, SCOP_STATUSES, Origin

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

MAX_IMAGES = 30
SIZE = (640, 420)
PALETTE = ["#9c1d3a", "#1d4ed8", "#047857", "#b45309", "#6d28d9", "#0f766e", "#be185d"]

# slug, name, description, every how many cooperatives (in SIRET order) carries it, offset
LABELS = [
    (
        "transition-ecologique",
        "Engagée dans la transition écologique",
        "La coopérative a engagé une démarche de réduction de son empreinte environnementale.",
        4,
        0,
    ),
    (
        "esus",
        "Agrément ESUS",
        "Entreprise solidaire d’utilité sociale, agréée par l’État.",
        7,
        1,
    ),
    (
        "entreprise-insertion",
        "Entreprise d’insertion",
        "Conventionnée pour l’insertion par l’activité économique.",
        11,
        2,
    ),
    ("lucie-26000", "Label Lucie 26000", "Responsabilité sociétale (ISO 26000) évaluée.", 13, 3),
]


def _anyone(cooperative: Cooperative) -> bool:
    return True


def _scop(cooperative: Cooperative) -> bool:
    return cooperative.legal_status in SCOP_STATUSES


# (name, role, words, which cooperatives they can speak for): a CAE voice only in a CAE, a
# Scic user only in a Scic, a takeover story only where there was one.
TESTIMONIALS: list[tuple[str, str, str, Callable[[Cooperative], bool]]] = [
    (
        "Samia B.",
        "associée",
        "Ici, chaque voix compte autant que celle du gérant.",
        _anyone,
    ),
    (
        "Julien R.",
        "gérant élu",
        "J’ai été élu par mes collègues : je leur rends des comptes, et c’est très sain.",
        lambda c: not c.is_cae,
    ),
    (
        "Maëlle D.",
        "comptable, associée depuis 2019",
        "Devenir associée a changé mon rapport au travail : les décisions, on les prend ensemble.",
        _anyone,
    ),
    (
        "Thierry L.",
        "chef d’équipe",
        "La reprise en Scop a sauvé nos emplois. Dix ans après, nous embauchons encore.",
        lambda c: _scop(c) and c.origin == Origin.TAKEOVER,
    ),
    (
        "Aïcha M.",
        "entrepreneure-salariée",
        "La CAE m’a permis de lancer mon activité sans être seule, avec un vrai statut "
        "de salariée.",
        lambda c: c.is_cae,
    ),
    (
        "Nicolas P.",
        "technicien, associé",
        "Les résultats sont partagés et réinvestis : on voit où va le fruit de notre travail.",
        lambda c: not c.is_cae,
    ),
    (
        "Claire V.",
        "sociétaire usagère",
        "En tant qu’usagère, j’ai une place au conseil : le service ressemble à ses habitants.",
        lambda c: c.legal_status in SCIC_STATUSES,
    ),
]


def load(context: DemoContext) -> None:
    # Its own generator: adding this hook never changes another module's demo data.
    rng = random.Random(f"{context.seed}:directory-profile")
    cooperatives = list(Cooperative.objects.active().order_by("siret"))
    labels = _labels(cooperatives)
    if Testimonial.objects.exists() or Photo.objects.exists():
        context.say("Pages des coopératives : déjà illustrées, rien n’est recréé.")
        return
    testimonials = _testimonials(cooperatives)
    images = _illustrations(context, rng)
    context.say(
        f"Pages des coopératives : {labels} labels attribués, {testimonials} témoignages, "
        f"{images} illustrations."
    )


def _labels(cooperatives: list[Cooperative]) -> int:
    through = Label.cooperatives.through
    rows = []
    for slug, name, description, every, offset in LABELS:
        label, _created = Label.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        rows += [
            through(label_id=label.pk, cooperative_id=cooperative.pk)
            for index, cooperative in enumerate(cooperatives)
            if index % every == offset
        ]
    through.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _testimonials(cooperatives: list[Cooperative]) -> int:
    rows = []
    for index, cooperative in enumerate(cooperatives):
        if index % 5:
            continue
        # Take turns through the testimonials, skipping those that would not fit here.
        turn = index // 5
        for step in range(len(TESTIMONIALS)):
            name, role, text, fits = TESTIMONIALS[(turn + step) % len(TESTIMONIALS)]
            if fits(cooperative):
                rows.append(
                    Testimonial(
                        cooperative=cooperative,
                        author_name=name,
                        author_role=role,
                        text=text,
                        consent=True,
                    )
                )
                break
    Testimonial.objects.bulk_create(rows)
    return len(rows)


def _illustrations(context: DemoContext, rng: random.Random) -> int:
    """Three illustrations for the demo logins' cooperatives, two for a few others."""
    if context.union is None:
        return 0
    mine = Cooperative.objects.active().in_union(context.union)
    featured = list(
        mine.filter(memberships__person__user__isnull=False).distinct().order_by("name", "siret")
    )
    others = mine.exclude(pk__in=[c.pk for c in featured]).order_by("name", "siret")
    made = 0
    for cooperative in [*featured, *others[:12]]:
        count = 3 if cooperative in featured else 2
        for position in range(min(count, MAX_IMAGES - made)):
            portrait = position == 1
            photo = Photo(
                cooperative=cooperative,
                kind=Photo.Kind.PORTRAIT if portrait else Photo.Kind.PHOTO,
                position=position,
                alt_text=(
                    f"Illustration (image abstraite tenant lieu de portrait) : silhouette "
                    f"stylisée aux couleurs de {cooperative.name}"
                    if portrait
                    else f"Illustration (image abstraite) : formes colorées et initiales "
                    f"« {_initials(cooperative.name)} » de {cooperative.name}"
                ),
                caption="Illustration de démonstration",
            )
            photo.image.save("illustration.jpg", _draw(cooperative.name, portrait, rng), save=False)
            photo.save()
            made += 1
        if made >= MAX_IMAGES:
            break
    return made


def _initials(name: str) -> str:
    words = [word for word in name.replace("’", " ").split() if len(word) > 3 or word.isupper()]
    return "".join(word[0].upper() for word in words[:3]) or name[:2].upper()


def _draw(name: str, portrait: bool, rng: random.Random) -> ContentFile[bytes]:
    background, *colours = rng.sample(PALETTE, 4)
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    for colour in colours:
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    if portrait:
        # A faceless silhouette: a head and shoulders, nobody's likeness.
        draw.ellipse((width / 2 - 70, 70, width / 2 + 70, 210), fill="#f3f4f6")
        draw.rounded_rectangle((width / 2 - 150, 230, width / 2 + 150, 460), 90, fill="#f3f4f6")
    else:
        font = ImageFont.load_default(size=150)
        draw.text((width / 2, height / 2), _initials(name), font=font, fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name="illustration.jpg")
