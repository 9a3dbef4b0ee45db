# ruff: noqa: E501 -- the demo's rule texts keep one paragraph per line, as typed.
"""Demo: the union's internal rules of its board (v1 → v2 by an accepted amendment, one more
under discussion), its ethics and transparency charter, and the accountability register.

Tied to theme 7 of the congress: « un règlement intérieur pour le CA et la direction renforçant
éthique, transparence des processus et clarté des redevabilités ». Independent of the other
governance loaders; does nothing when the union already has its internal rules.
"""

from __future__ import annotations

import datetime
from typing import Any

from coopilote.governance.models import (
    Accountability,
    Amendment,
    AmendmentComment,
    ConsentDecision,
    DecisionVersion,
    RuleDocument,
    RuleVersion,
)
from coopilote.governance.services import rules
from coopilote.members.models import Body, BodySeat, Person

DOMAIN = "demo.coopilote.fr"
TITLE = "Règlement intérieur du conseil d’administration"

RULES_V1 = """Article 1 — Objet
Le présent règlement précise le fonctionnement du conseil d’administration (CA) de l’Union régionale, en complément des statuts. Il s’applique aux administrateurs et administratrices, à la coprésidence et à la direction régionale lorsqu’elle assiste au conseil.

Article 2 — Réunions
Le conseil se réunit au moins quatre fois par an, sur convocation de la coprésidence adressée quinze jours à l’avance avec l’ordre du jour. Un quart des administrateurs peut demander une réunion supplémentaire.

Article 3 — Décisions
Les décisions sont prises à la majorité des membres présents ou représentés. En cas de partage des voix, la voix de la présidence est prépondérante.

Article 4 — Coprésidence
La présidence peut être exercée conjointement par deux ou trois personnes, élues pour deux ans. Les coprésident·es signent ensemble les engagements de l’Union.

Article 5 — Information des adhérents
Un compte rendu de chaque réunion est tenu à la disposition des coopératives adhérentes qui en font la demande.

Article 6 — Budget
Le conseil arrête le budget annuel proposé par la direction et en suit l’exécution à chaque réunion. Le trésorier ou la trésorière en rend compte à l’assemblée générale.

Article 7 — Déontologie
Chaque administrateur s’engage à agir dans l’intérêt collectif des coopératives adhérentes et à signaler tout conflit d’intérêts.

Article 8 — Révision
Le présent règlement est modifié par le conseil d’administration, sur proposition de tout membre de l’Union, après débat.
"""

ARTICLE_5_V2 = """Les relevés de décision du conseil sont publiés sur Coopilote dans les quinze jours qui suivent chaque réunion, avec la règle qui a permis chaque décision. Le registre des responsabilités (qui décide, qui exécute, qui rend compte, à qui) est public et mis à jour à chaque changement de mandat.
Les coopératives adhérentes peuvent commenter les décisions et proposer des amendements au présent règlement."""

ARTICLE_3_PENDING = """Les décisions du conseil sont prises par consentement : une proposition est adoptée lorsqu’aucun administrateur ne formule d’objection argumentée, c’est-à-dire nommant le risque qu’elle fait courir à l’Union. Les objections sont intégrées dans une nouvelle version de la proposition, soumise à un nouveau tour de consentement.
Chaque proposition indique son effet attendu sur la planète, le vivant et la nature. L’administrateur ou l’administratrice désigné·e « voix du vivant » peut formuler une objection à ce titre.
À défaut de consentement après deux tours, la décision est prise à la majorité des deux tiers des membres présents."""

CHARTER = """Article 1 — Engagement
Les élu·es et les salarié·es de l’Union agissent au service des coopératives adhérentes, avec probité, dans le respect des valeurs coopératives : démocratie, solidarité, transparence.

Article 2 — Conflits d’intérêts
Toute personne titulaire d’un mandat déclare publiquement ses intérêts (mandats dans d’autres structures, liens avec une coopérative accompagnée ou financée) et se retire des délibérations qui la concernent.

Article 3 — Transparence des processus
Chaque décision d’une instance est rattachée à la règle qui l’autorise. Les votes, les objections et leurs motifs sont consignés.

Article 4 — Cumul et renouvellement
Nul ne peut exercer plus de trois mandats consécutifs au conseil. L’Union favorise l’élection sans candidat et le tirage au sort pour renouveler ses instances.

Article 5 — Comité d’éthique
Un comité d’éthique de trois membres, dont une personne tirée au sort parmi les coopératives adhérentes, veille au respect de la présente charte et rend un avis public une fois par an à l’assemblée générale.
"""

REGISTER = [
    (
        "Stratégie régionale et feuille de route",
        "Conseil d’administration",
        "Direction régionale",
        "Coprésidence",
        "Assemblée générale des adhérents",
        "Article 1",
    ),
    (
        "Budget annuel et cotisations",
        "Conseil d’administration",
        "Direction régionale et service comptable",
        "Trésorier·e",
        "Assemblée générale",
        "Article 6",
    ),
    (
        "Publication des décisions",
        "Bureau",
        "Chargé·e de communication",
        "Direction régionale",
        "Conseil d’administration",
        "Article 5",
    ),
    (
        "Recrutement de l’équipe salariée",
        "Bureau (direction pour les postes non cadres)",
        "Direction régionale",
        "Direction régionale",
        "Conseil d’administration",
        "",
    ),
    (
        "Accompagnement et révisions coopératives",
        "Direction régionale",
        "Délégué·es régionaux",
        "Direction régionale",
        "Conseil d’administration",
        "",
    ),
    (
        "Représentation auprès de la CG Scop",
        "Conseil d’administration",
        "Coprésidence",
        "Coprésidence",
        "Conseil d’administration et assemblée générale",
        "Article 4",
    ),
    (
        "Conventions citoyennes et tirages au sort",
        "Conseil d’administration",
        "Groupe de travail « Démocratie active »",
        "Administrateur·rice référent·e",
        "Assemblée générale",
        "",
    ),
    (
        "Transition écologique",
        "Conseil d’administration",
        "Commission transition écologique",
        "Voix du vivant au CA",
        "Conseil d’administration",
        "",
    ),
    (
        "Prévention des conflits d’intérêts",
        "Conseil d’administration",
        "Comité d’éthique",
        "Comité d’éthique",
        "Assemblée générale",
        "Charte, article 2",
    ),
    (
        "Prêts et garanties aux coopératives",
        "Comité d’engagement",
        "Direction financière",
        "Comité d’engagement",
        "Conseil d’administration",
        "",
    ),
]


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 18, 30, tzinfo=datetime.UTC)


def _person(login: str) -> Person | None:
    return Person.objects.filter(user__email=f"{login}@{DOMAIN}").first()


def _decide_by_consent(proposal: ConsentDecision, decided_on: datetime.date) -> None:
    """The board's consent round, every seated member consenting; the proposal decided."""
    from coopilote.governance.models import Round
    from coopilote.governance.services import rounds

    version = proposal.versions.order_by("-number").first()
    consent = Round.objects.create(proposal=proposal, version=version, kind="consent")
    for member in rounds.members_of(proposal.body):
        rounds.answer(consent, member, "consent")
    rounds.close(consent, None)
    proposal.stage = ConsentDecision.Stage.DECIDED
    proposal.decided_on = decided_on
    proposal.review_on = decided_on.replace(year=decided_on.year + 2)
    proposal.save(update_fields=["stage", "decided_on", "review_on", "updated_at"])
    # Dated as it happened: proposed a fortnight before the meeting that decided it.
    from django.utils import timezone

    meeting = timezone.make_aware(datetime.datetime.combine(decided_on, datetime.time(18)))
    proposed = meeting - datetime.timedelta(days=14)
    ConsentDecision.objects.filter(pk=proposal.pk).update(created_at=proposed, updated_at=meeting)
    proposal.versions.update(created_at=proposed, updated_at=proposed)
    Round.objects.filter(pk=consent.pk).update(
        created_at=meeting, updated_at=meeting, closed_at=meeting
    )
    consent.answers.update(created_at=meeting, updated_at=meeting)


def load(context: Any) -> None:
    union = context.union
    if union is None or RuleDocument.objects.filter(union=union, title=TITLE).exists():
        return
    board = Body.objects.filter(union=union, cooperative=None, kind=Body.Kind.BOARD).first()
    delegue, ca = _person("delegue"), _person("ca")
    referent, associe = _person("referent"), _person("associe")
    if board is None or None in (delegue, ca, referent, associe):
        return
    assert delegue and ca and referent and associe
    staff_user = delegue.user
    seated = list(
        Person.objects.filter(
            pk__in=BodySeat.objects.current().filter(body=board).values("person_id")
        ).order_by("last_name")
    )
    colleague = next((p for p in seated if p.pk != ca.pk), ca)

    document = RuleDocument.objects.create(
        union=union, body=board, kind=RuleDocument.Kind.INTERNAL_RULES, title=TITLE
    )
    RuleVersion.objects.create(
        document=document, number=1, text=RULES_V1, adopted_on=datetime.date(2023, 6, 15)
    )

    # v1 → v2: publication of the decisions, asked for by the congress of 20 November 2025.
    accepted = rules.propose_amendment(
        ca.user,
        document,
        ca,
        title="Publier les relevés de décision et le registre des responsabilités",
        article="Article 5",
        text=ARTICLE_5_V2,
        rationale=(
            "Le congrès régional du 20 novembre 2025 (thème 7) demande un règlement intérieur "
            "renforçant la transparence des processus et la clarté des redevabilités. Un compte "
            "rendu « tenu à disposition » ne suffit plus : les coopératives doivent voir ce qui "
            "est décidé, par qui, et en vertu de quelle règle."
        ),
    )
    AmendmentComment.objects.create(
        amendment=accepted,
        author=referent,
        text="Très bien. Quinze jours, c’est tenable ? Nous attendons parfois deux mois aujourd’hui.",
    )
    AmendmentComment.objects.create(
        amendment=accepted,
        author=ca,
        text="Oui : la direction s’y engage, le relevé sera rédigé en séance.",
    )
    proposal = rules.send_to_consent(
        staff_user,
        accepted,
        living_effect="Neutre : publication en ligne, moins d’envois papier.",
    )
    _decide_by_consent(proposal, datetime.date(2026, 1, 22))
    rules.settle_amendment(accepted, staff_user)
    # Dated as it happened: proposed after the congress, discussed, decided in January.
    Amendment.objects.filter(pk=accepted.pk).update(created_at=_at(2025, 12, 8))
    ConsentDecision.objects.filter(pk=proposal.pk).update(created_at=_at(2026, 1, 5))
    for day, made in zip((10, 12), accepted.comments.order_by("created_at"), strict=False):
        AmendmentComment.objects.filter(pk=made.pk).update(created_at=_at(2025, 12, day))

    # Still under discussion, on v2: decisions by consent (sociocracy).
    pending = rules.propose_amendment(
        associe.user,
        document,
        associe,
        title="Décider par consentement au conseil",
        article="Article 3",
        text=ARTICLE_3_PENDING,
        rationale=(
            "Le congrès a demandé la sociocratie dans les instances du mouvement. Le "
            "consentement évite les votes à 51 % qui laissent une minorité de côté, et la « voix "
            "du vivant » fait entrer la planète dans nos décisions (thème 2)."
        ),
    )
    AmendmentComment.objects.create(
        amendment=pending,
        author=colleague,
        text=(
            "D’accord sur le principe. Il faudra former le conseil à la gestion des objections, "
            "sinon nos réunions vont s’allonger."
        ),
    )
    AmendmentComment.objects.create(
        amendment=pending,
        author=referent,
        text=(
            "Dans notre Scop nous décidons par consentement depuis trois ans : le filet des deux "
            "tiers après deux tours nous semble une bonne sécurité."
        ),
    )

    # A decision taken under the rules, without amending them.
    calendar = ConsentDecision.objects.create(
        body=board,
        title="Calendrier des réunions du conseil pour 2026",
        author=ca,
        rule=document,
        rule_article="Article 2",
    )
    DecisionVersion.objects.create(
        proposal=calendar,
        number=1,
        text=(
            "Six réunions en 2026 : 22 janvier, 19 mars, 21 mai, 2 juillet, 24 septembre et "
            "26 novembre, dont deux en visioconférence pour limiter les déplacements."
        ),
        living_effect="Deux réunions à distance : environ 1 200 km de trajets évités.",
    )
    _decide_by_consent(calendar, datetime.date(2026, 1, 22))

    charter = rules.create_document(
        staff_user,
        union,
        title="Charte éthique et de transparence des instances",
        kind=RuleDocument.Kind.CHARTER,
        body=None,
        text=CHARTER,
        adopted_on=datetime.date(2026, 6, 18),
    )

    lines = []
    for domain, decides, executes, accountable, reports_to, article in REGISTER:
        rule = charter if article.startswith("Charte") else (document if article else None)
        lines.append(
            Accountability(
                union=union,
                domain=domain,
                decides=decides,
                executes=executes,
                accountable=accountable,
                reports_to=reports_to,
                rule=rule,
                rule_article=article.replace("Charte, a", "A"),
            )
        )
    Accountability.objects.bulk_create(lines)
    context.say(
        "Gouvernance : règlement intérieur du CA (v2, un amendement en discussion), une charte, "
        f"{len(lines)} lignes au registre des responsabilités."
    )
