"""Demo: six practice sheets written by demo cooperatives, with comments and « we tried it
too ». Congress, theme 1: « des espaces d’échanges entre coopératives autour des pratiques de
gouvernance ». The tags come from migration 0006. Does nothing when sheets already exist.
"""

from __future__ import annotations

from typing import Any

from coopilote.governance.models import (
    PracticeComment,
    PracticeSheet,
    PracticeTag,
    PracticeTrial,
)
from coopilote.members import roles as r
from coopilote.members.models import Cooperative, Membership, Person
from coopilote.members.models.cooperative import SCIC_STATUSES

DOMAIN = "demo.coopilote.fr"

SHEETS: list[dict[str, Any]] = [
    {
        "key": "menuiserie",
        "title": "Une coprésidence à deux voix après le départ du gérant fondateur",
        "context": (
            "Notre gérant fondateur partait à la retraite après vingt-deux ans. Personne ne "
            "voulait porter seul la responsabilité, et l’équipe craignait de perdre la relation "
            "avec nos clients historiques."
        ),
        "actions": (
            "Nous avons défini le rôle avant de parler des personnes : missions, temps dédié, "
            "durée (deux ans). L’assemblée a élu deux coprésidents sans candidat, après un tour "
            "de nominations argumentées. Le fondateur est resté un an comme salarié pour "
            "transmettre les dossiers."
        ),
        "worked": (
            "La charge est partagée et les décisions sont mieux expliquées. Les clients ont "
            "suivi : nous les avons rencontrés à trois."
        ),
        "did_not_work": (
            "La banque a mis quatre mois à accepter deux signataires. Au début, chacun attendait "
            "l’autre sur les décisions urgentes : nous avons dû écrire qui tranche quoi."
        ),
        "tools": (
            "Un tableau des rôles affiché à l’atelier, une réunion de coprésidence par semaine."
        ),
        "contact": "Sophie Lefèvre, référente — via la page de la coopérative",
        "tags": ["co-presidence", "transmission", "election-sans-candidat"],
    },
    {
        "key": "cae",
        "title": "Faire venir les entrepreneur·es-salarié·es à l’assemblée générale",
        "context": (
            "Dans notre CAE, moins d’un entrepreneur-salarié associé sur cinq venait à l’AG. "
            "Beaucoup la voyaient comme une formalité comptable."
        ),
        "actions": (
            "AG en deux temps : une matinée d’ateliers sur les projets de la coopérative, puis "
            "l’assemblée statutaire l’après-midi. Vote électronique ouvert trois jours pour "
            "celles et ceux qui sont en mission, pouvoirs limités à deux par personne."
        ),
        "worked": "La participation est passée de 18 % à 46 % en deux ans.",
        "did_not_work": (
            "Les ateliers ont débordé sur l’assemblée : il faut un ou une garante du temps."
        ),
        "tools": "Un outil de vote en ligne, un repas partagé, une garde d’enfants sur place.",
        "contact": "La gérance de la CAE",
        "tags": ["participation-ag"],
    },
    {
        "key": "circles",
        "title": "Passer en cercles sociocratiques à quarante salarié·es",
        "context": (
            "En grandissant, toutes les décisions remontaient à la gérance et les réunions "
            "d’équipe duraient des heures sans trancher."
        ),
        "actions": (
            "Trois cercles (production, clients, vie coopérative) reliés au cercle général par "
            "un double lien. Décisions par consentement ; les rôles sont attribués par élection "
            "sans candidat."
        ),
        "worked": "Les décisions opérationnelles se prennent au plus près du terrain.",
        "did_not_work": (
            "La première année, certains ont vécu les objections comme des vetos : une "
            "formation à l’objection argumentée a été nécessaire."
        ),
        "tools": "Formation de deux jours avec un accompagnateur, modèles de propositions.",
        "contact": "La gérance",
        "tags": ["sociocratie", "election-sans-candidat", "formation"],
    },
    {
        "key": "conflict",
        "title": "Un conflit entre associés traité par la médiation entre pairs",
        "context": (
            "Un désaccord sur la répartition des résultats a opposé deux équipes et paralysé "
            "le conseil d’administration pendant six mois."
        ),
        "actions": (
            "Deux associés formés à la médiation, extérieurs au conflit, ont animé trois "
            "séances. Nous avons ensuite écrit une règle de répartition votée en AG."
        ),
        "worked": "Le conflit est devenu une règle claire : la fertilité du conflit, en vrai.",
        "did_not_work": "Nous avons attendu trop longtemps avant d’agir.",
        "tools": "Formation « fertilité du conflit » proposée par l’Union.",
        "contact": "",
        "tags": ["conflit", "formation"],
    },
    {
        "key": "scic",
        "title": "Une convention citoyenne pour décider de notre politique d’achats",
        "context": (
            "Notre Scic réunit salariés, usagers et collectivités. Le choix de nos "
            "fournisseurs divisait les collèges."
        ),
        "actions": (
            "Quinze personnes tirées au sort parmi les sociétaires (quotas par collège et par "
            "âge) ont travaillé quatre samedis, avec des experts, puis remis des "
            "recommandations votées en AG. Un siège « voix du vivant » a été créé au conseil."
        ),
        "worked": "Des sociétaires qui ne venaient jamais se sont impliqués.",
        "did_not_work": "Le tirage a été contesté faute d’être vérifiable : à refaire en public.",
        "tools": "Tirage au sort avec quotas, défraiement des participants.",
        "contact": "Le conseil de la Scic",
        "tags": ["convention-citoyenne", "ecologie", "participation-ag"],
    },
    {
        "key": "youth",
        "title": "Un conseil de cogestion avec les apprentis",
        "context": "Nos apprentis quittaient la coopérative sans avoir compris ce qu’est une Scop.",
        "actions": (
            "Deux apprentis siègent avec voix consultative au comité de cogestion mensuel et "
            "présentent un projet à l’AG. Un parrain associé les accompagne."
        ),
        "worked": "Trois anciens apprentis sont devenus associés.",
        "did_not_work": "Les horaires de cours rendent la présence irrégulière.",
        "tools": "",
        "contact": "",
        "tags": ["cogestion", "jeunesse", "transmission"],
    },
]


def _person(login: str) -> Person | None:
    return Person.objects.filter(user__email=f"{login}@{DOMAIN}").first()


def _manager_of(cooperative: Cooperative) -> Person | None:
    membership = (
        Membership.objects.current()
        .filter(cooperative=cooperative, role=r.MANAGER)
        .select_related("person")
        .order_by("created_at")
        .first()
    )
    return membership.person if membership else None


def load(context: Any) -> None:
    union = context.union
    if union is None or PracticeSheet.objects.filter(cooperative__union=union).exists():
        return
    referent, associe = _person("referent"), _person("associe")
    if referent is None:
        return
    membership = (
        Membership.objects.filter(person=referent, role=r.REFERENT)
        .select_related("cooperative")
        .first()
    )
    if membership is None:
        return
    menuiserie = membership.cooperative
    active = Cooperative.objects.active().in_union(union).exclude(pk=menuiserie.pk)
    cae = active.cae().order_by("name", "siret").first()
    scic = active.filter(legal_status__in=SCIC_STATUSES).order_by("name", "siret").first()
    others = list(active.filter(is_cae=False).exclude(legal_status__in=SCIC_STATUSES)[:3])
    authors: dict[str, tuple[Cooperative, Person] | None] = {
        "menuiserie": (menuiserie, referent),
    }
    for key, cooperative in (("cae", cae), ("scic", scic)):
        manager = _manager_of(cooperative) if cooperative else None
        authors[key] = (cooperative, manager) if cooperative and manager else None
    for key, cooperative in zip(("circles", "conflict", "youth"), others, strict=False):
        manager = _manager_of(cooperative)
        authors[key] = (cooperative, manager) if manager else None

    tags = {tag.slug: tag for tag in PracticeTag.objects.all()}
    sheets: dict[str, PracticeSheet] = {}
    for spec in SHEETS:
        found = authors.get(spec["key"])
        if found is None:
            continue
        cooperative, author = found
        values = {k: v for k, v in spec.items() if k not in {"key", "tags"}}
        sheet = PracticeSheet.objects.create(cooperative=cooperative, author=author, **values)
        sheet.tags.set([tags[slug] for slug in spec["tags"] if slug in tags])
        sheets[spec["key"]] = sheet

    # Menuiserie des Monts tried the circles; others tried its co-presidency.
    if "circles" in sheets and associe is not None:
        PracticeTrial.objects.create(
            sheet=sheets["circles"],
            cooperative=menuiserie,
            person=associe,
            note=(
                "Nous avons commencé par un seul cercle « chantiers » : les plannings se décident "
                "désormais en équipe, en vingt minutes le lundi."
            ),
        )
        PracticeComment.objects.create(
            sheet=sheets["circles"],
            author=associe,
            text="Combien de temps a duré la formation à l’objection ? Nous hésitons à la faire.",
        )
    for key in ("circles", "scic"):
        found = authors.get(key)
        if found and "menuiserie" in sheets:
            cooperative, person = found
            PracticeTrial.objects.create(
                sheet=sheets["menuiserie"],
                cooperative=cooperative,
                person=person,
                note=(
                    "Coprésidence élue sans candidat l’an dernier, même difficulté avec la banque."
                ),
            )
            break
    if "scic" in sheets:
        PracticeComment.objects.create(
            sheet=sheets["scic"],
            author=referent,
            text=(
                "Le tirage vérifiable est désormais possible dans Coopilote (conventions "
                "citoyennes) : cela répondrait à la contestation."
            ),
        )
    context.say(f"Gouvernance : {len(sheets)} fiches pratiques de coopératives.")
