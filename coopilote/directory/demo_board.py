"""Demo hook: offers and needs between the demo cooperatives, about one per six cooperatives.

Deterministic (the hook's seeded generator, cooperatives in SIRET order). A third of the needs
get a matching offer from a cooperative of the same sector in the same département, so the
suggestions and the digest have something to show.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from coopilote.directory.models import Post, PostCategory, PostKind
from coopilote.members.models import Cooperative

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

C = PostCategory
# Trade-specific subcontracting and skills, by sector: (need, offer) titles.
TRADES: dict[str, list[tuple[str, str]]] = {
    "btp": [
        (
            "Sous-traitance menuiserie bois sur chantier à {city}",
            "Menuisiers bois disponibles pour vos chantiers autour de {city}",
        ),
        (
            "Cherche plaquiste pour un chantier de rénovation à {city}",
            "Équipe de plaquistes disponible en sous-traitance près de {city}",
        ),
        (
            "Cotraitance pour un marché public de rénovation énergétique",
            "Bureau d’études thermiques ouvert à la cotraitance",
        ),
    ],
    "industrie": [
        (
            "Sous-traitance usinage de petites séries",
            "Capacité d’usinage disponible pour petites séries",
        ),
        (
            "Cherche atelier de peinture industrielle près de {city}",
            "Atelier de peinture industrielle\u00a0: créneaux disponibles",
        ),
    ],
    "numerique": [
        (
            "Développeur ou développeuse Django pour une mission de trois mois",
            "Développeurs web disponibles pour des missions en coopération",
        ),
        (
            "Cotraitance pour un appel d’offres de site public accessible",
            "Expertise en accessibilité numérique (RGAA) à partager",
        ),
    ],
    "commerce-transport-hotellerie": [
        (
            "Livraisons du dernier kilomètre à {city}\u00a0: cherche partenaire",
            "Tournées de livraison à vélo cargo autour de {city}",
        ),
        (
            "Cuisine centrale pour un service traiteur ponctuel",
            "Cuisine professionnelle disponible l’après-midi à {city}",
        ),
    ],
    "sante-action-sociale": [
        (
            "Remplacement d’aides à domicile pendant l’été",
            "Aides à domicile disponibles en renfort saisonnier",
        ),
    ],
    "education-formation": [
        (
            "Formateur ou formatrice en gestion coopérative",
            "Formations à la gouvernance coopérative pour vos associés",
        ),
    ],
    "culture": [
        (
            "Régie son et lumière pour un festival près de {city}",
            "Matériel de sonorisation et régisseur à partager",
        ),
    ],
    "agriculture": [
        (
            "Cherche producteurs bio pour un approvisionnement local à {city}",
            "Légumes bio de saison pour la restauration collective",
        ),
    ],
}
GENERIC_TRADE = [
    (
        "Sous-traitance ponctuelle dans notre métier près de {city}",
        "Capacité de production disponible près de {city}",
    ),
]
# Support functions shared across sectors: (category, need, offer).
SHARED: list[tuple[str, str, str]] = [
    (
        C.ACCOUNTING,
        "Mutualiser un poste de comptable à mi-temps",
        "Notre comptable peut prendre en charge une autre coopérative à mi-temps",
    ),
    (
        C.HR,
        "Partager une responsable des ressources humaines",
        "Temps de RH partagé disponible pour des coopératives voisines",
    ),
    (
        C.IT,
        "Cherche un prestataire informatique pour nos postes et sauvegardes",
        "Administration informatique mutualisée pour petites coopératives",
    ),
    (
        C.PREMISES,
        "Cherche un local d’activité de 100 m² à {city}",
        "Bureaux à partager dans nos locaux à {city}",
    ),
    (
        C.VEHICLES,
        "Besoin d’un utilitaire deux jours par semaine",
        "Véhicule utilitaire disponible en prêt à {city}",
    ),
    (
        C.PURCHASING,
        "Groupement d’achat pour l’énergie et les fournitures",
        "Rejoignez notre achat groupé de fournitures de bureau",
    ),
    (
        C.EQUIPMENT,
        "Cherche une nacelle élévatrice pour une semaine",
        "Nacelle et échafaudages à louer entre coopératives",
    ),
]
DESCRIPTION: dict[str, str] = {
    PostKind.NEED: (
        "Nous cherchons une coopérative partenaire pour {what}. Conditions à discuter "
        "entre coopératives\u00a0; contactez notre référente."
    ),
    PostKind.OFFER: (
        "Nous proposons aux autres coopératives\u00a0: {what}. Tarif coopératif, "
        "disponibilité à convenir."
    ),
}


def _city(cooperative: Cooperative) -> str:
    return cooperative.commune.name if cooperative.commune else "Lyon"


def _post(cooperative: Cooperative, kind: str, category: str, title: str) -> Post:
    title = title.format(city=_city(cooperative))
    return Post(
        cooperative=cooperative,
        kind=kind,
        category=category,
        title=title[:150],
        description=DESCRIPTION[kind].format(what=title[0].lower() + title[1:]),
        sector_id=cooperative.sector_id
        if category in (C.SUBCONTRACTING, C.SKILLS, C.CO_CONTRACTING)
        else None,
        department_id=cooperative.commune.department_id if cooperative.commune else None,
        commune=cooperative.commune,
    )


def _pick(rng: Any, cooperative: Cooperative) -> tuple[str, str, str]:
    """(category, need title, offer title): a trade exchange or a shared support function."""
    if rng.random() < 0.5:
        need, offer = rng.choice(TRADES.get(cooperative.sector_id or "", GENERIC_TRADE))
        category = C.CO_CONTRACTING if "otraitance" in need else C.SUBCONTRACTING
        return category, need, offer
    return rng.choice(SHARED)


def load(context: DemoContext) -> None:
    if Post.objects.exists():
        context.say("Échanges\u00a0: annonces déjà présentes, rien n’est recréé.")
        return
    rng = context.rng
    cooperatives = list(Cooperative.objects.active().select_related("commune").order_by("siret"))
    by_place: dict[tuple[Any, Any], list[Cooperative]] = {}
    for cooperative in cooperatives:
        if cooperative.commune is not None:
            key = (cooperative.sector_id, cooperative.commune.department_id)
            by_place.setdefault(key, []).append(cooperative)
    posts: list[Post] = []
    for cooperative in rng.sample(cooperatives, len(cooperatives) // 6):
        category, need, offer = _pick(rng, cooperative)
        kind = PostKind.NEED if rng.random() < 0.6 else PostKind.OFFER
        posts.append(_post(cooperative, kind, category, need if kind == PostKind.NEED else offer))
        neighbours = [
            other
            for other in by_place.get(
                (cooperative.sector_id, getattr(cooperative.commune, "department_id", None)), []
            )
            if other.pk != cooperative.pk
        ]
        if kind == PostKind.NEED and neighbours and rng.random() < 0.35:
            posts.append(_post(rng.choice(neighbours), PostKind.OFFER, category, offer))
    now = timezone.now()
    with transaction.atomic():
        Post.objects.bulk_create(posts)
        # Spread over the last two months, so the board reads like a lived-in one.
        for post in posts:
            ago = datetime.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
            post.created_at = now - ago
        Post.objects.bulk_update(posts, ["created_at"], batch_size=500)
    needs = sum(1 for post in posts if post.kind == PostKind.NEED)
    context.say(f"Échanges\u00a0: {needs} besoins et {len(posts) - needs} offres publiés.")
