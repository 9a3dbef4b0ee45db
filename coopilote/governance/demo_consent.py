"""Demo consent decisions on the demo union's board (CA), tied to the congress themes: one decided
with its review date, one in a second consent round after an objection of the representative of
the living was integrated into a version 2, one at the clarifying-questions stage.

Goes through ``services.consent`` like the pages do, then dates the rounds back in time.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from coopilote.governance.models import (
    Answer,
    ConsentDecision,
    DecisionVersion,
    Mandate,
    Role,
    Round,
    RuleDocument,
)
from coopilote.governance.services import consent
from coopilote.members.models import Body, BodySeat, Person

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

DEMO_CA = "ca@demo.coopilote.fr"
DEMO_STAFF = "delegue@demo.coopilote.fr"
JEUNESSE = "Créer un groupe de travail Jeunesse rattaché au CA"


def load(context: DemoContext) -> None:
    union = context.union
    board = Body.objects.filter(union=union, cooperative=None, kind=Body.Kind.BOARD).first()
    # Other loaders (rules) put proposals on the board too: look for ours only.
    if board is None or ConsentDecision.objects.filter(body=board, title=JEUNESSE).exists():
        return
    seats = list(
        BodySeat.objects.current()
        .filter(body=board)
        .select_related("person__user")
        .order_by("created_at", "person__last_name")
    )
    people = [seat.person for seat in seats]
    ca = next((p for p in people if p.user and p.user.email == DEMO_CA), None)
    others = [p for p in people if p != ca]
    if ca is None or len(others) < 4:
        return
    staff = Person.objects.filter(user__email=DEMO_STAFF).select_related("user").first()
    living = _representative_of_the_living(board, others[3])
    rule = (
        RuleDocument.objects.filter(union=union, body=board).order_by("title").first()
        or RuleDocument.objects.filter(union=union, kind=RuleDocument.Kind.STATUTES).first()
    )
    today = timezone.localdate()
    article = "art. 18 — compétences du conseil d’administration"
    if rule is None:
        article = f"Statuts, {article}"
    _decided(board, ca, others, rule, article, today)
    _integrated(board, ca, others, living, staff, rule, article, today)
    _clarifying(board, ca, others, today)
    context.say("Gouvernance : 3 propositions par consentement au CA (décidée, v2, questions).")


def _representative_of_the_living(board: Body, person: Person) -> Person:
    """The board's representative of the living (created here if no other loader did)."""
    role = Role.objects.filter(body=board, represents_the_living=True).first()
    if role is None:
        role = Role.objects.create(
            body=board,
            name="Représentant·e du vivant",
            purpose=(
                "Porter au CA la voix de la planète, du vivant et de la nature, parties prenantes "
                "de nos outils de pilotage (congrès 2025, thème 2)."
            ),
            term_months=24,
            represents_the_living=True,
        )
    mandate = Mandate.objects.current().filter(role=role).prefetch_related("holders").first()
    if mandate is not None and mandate.holders.exists():
        return mandate.holders.first() or person
    start = timezone.localdate() - datetime.timedelta(days=200)
    held = Mandate.objects.create(role=role, start=start, end=start.replace(year=start.year + 2))
    held.holders.set([person])
    return person


def _user(person: Person | None) -> Any:
    return person.user if person is not None else None


def _back_in_time(obj: Any, day: datetime.date, hour: int = 18) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment, updated_at=moment)
    if isinstance(obj, ConsentDecision):
        DecisionVersion.objects.filter(proposal=obj, number=1).update(
            created_at=moment, updated_at=moment
        )


def _close_on(round_: Round, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20)))
    Round.objects.filter(pk=round_.pk).update(closed_at=moment)
    Round.objects.filter(pk=round_.pk, deadline__isnull=False).update(deadline=moment)
    Answer.objects.filter(round=round_).update(
        created_at=moment - datetime.timedelta(hours=1), updated_at=moment
    )


def _decided(
    board: Body, ca: Person, others: list[Person], rule: Any, article: str, today: datetime.date
) -> None:
    start = today - datetime.timedelta(days=75)
    start -= datetime.timedelta(days=(start.weekday() - 2) % 7)  # a Wednesday evening meeting
    proposal = consent.create(
        board,
        others[1],
        title=JEUNESSE,
        text=(
            "Le CA crée un groupe de travail Jeunesse de cinq à huit personnes (administrateurs, "
            "salariés de coopératives, jeunes coopérateurs de moins de 30 ans).\n\n"
            "Sa mission pour un an : identifier les publics (collégiens, lycéens, apprentis, "
            "étudiants), adapter nos discours, définir une stratégie d’intervention dès le "
            "collège et préparer un plaidoyer auprès de la CG Scop pour que les Scop et Scic "
            "puissent accueillir des services civiques.\n\n"
            "Il rend compte au CA tous les trimestres."
        ),
        living_effect=(
            "Effet indirect mais réel : les interventions présenteront les coopératives engagées "
            "dans la transition écologique, et les déplacements se feront en transports en "
            "commun ou en visioconférence quand c’est possible."
        ),
        rule=rule,
        rule_article=article,
        facilitator=ca,
        actor=_user(others[1]),
    )
    _back_in_time(proposal, start)
    actor = _user(ca)
    questions = consent.start_round(proposal, "clarifying", in_meeting=True, actor=actor)
    for person, text in (
        (others[0], "Le groupe aura-t-il un budget propre ?"),
        (
            others[2],
            "Les jeunes qui n’ont pas encore d’emploi en coopérative peuvent-ils en être ?",
        ),
    ):
        consent.give_answer(
            proposal, questions, person, "question", text=text, recorded_by=ca, actor=actor
        )
    reactions = consent.start_round(proposal, "reactions", in_meeting=True, actor=actor)
    for person, text in (
        (others[0], "Très attendu depuis le congrès ; gardons un lien avec la formation."),
        (others[3], "Pensons aux lycées agricoles : c’est là que se prépare le vivant de demain."),
    ):
        consent.give_answer(
            proposal, reactions, person, "reaction", text=text, recorded_by=ca, actor=actor
        )
    vote = consent.start_round(proposal, "consent", in_meeting=True, actor=actor)
    for person in [ca, *others]:
        kind, text = "consent", ""
        if person == others[2]:
            kind, text = (
                "concern",
                "Veillons à ce que la charge ne repose pas sur l’équipe salariée.",
            )
        consent.give_answer(proposal, vote, person, kind, text=text, recorded_by=ca, actor=actor)
    decided_on = start + datetime.timedelta(days=1)
    consent.decide(
        proposal,
        decided_on=decided_on,
        review_on=decided_on + datetime.timedelta(days=365),
        actor=actor,
    )
    for round_ in (questions, reactions, vote):
        _back_in_time(round_, start)
        _close_on(round_, start)


def _integrated(
    board: Body,
    ca: Person,
    others: list[Person],
    living: Person,
    staff: Person | None,
    rule: Any,
    article: str,
    today: datetime.date,
) -> None:
    start = today - datetime.timedelta(days=24)
    proposal = consent.create(
        board,
        ca,
        title="Mission rémunérée d’ambassadeur·rice de la transition écologique",
        text=(
            "L’UR crée une mission d’ambassadeur·rice de la transition écologique, confiée à une "
            "coopérative adhérente déjà engagée, à raison de 40 jours par an rémunérés.\n\n"
            "La mission diffuse les outils et retours d’expérience des coopératives engagées, "
            "représente le mouvement auprès des collectivités et valorise publiquement les "
            "coopératives vertueuses."
        ),
        living_effect=(
            "Effet attendu : plus de coopératives engagées dans la transition ; davantage de "
            "visibilité pour celles qui le sont déjà."
        ),
        rule=rule,
        rule_article=article,
        facilitator=None,
        actor=_user(ca),
    )
    _back_in_time(proposal, start)
    actor = _user(staff)
    deadline = timezone.now() + datetime.timedelta(days=2)
    questions = consent.start_round(proposal, "clarifying", deadline=deadline, actor=actor)
    consent.give_answer(
        proposal,
        questions,
        others[0],
        "question",
        text="Comment la coopérative ambassadrice sera-t-elle choisie ?",
    )
    reactions = consent.start_round(proposal, "reactions", deadline=deadline, actor=actor)
    consent.give_answer(
        proposal,
        reactions,
        others[1],
        "reaction",
        text="Enfin une réponse concrète au thème 2 du congrès.",
    )
    first = consent.start_round(proposal, "consent", deadline=deadline, actor=actor)
    consent.give_answer(proposal, first, ca, "consent")
    consent.give_answer(proposal, first, others[0], "consent")
    consent.give_answer(
        proposal,
        first,
        others[2],
        "concern",
        text="40 jours par an pèsent sur le budget 2026 : prévoir un cofinancement.",
    )
    objection = consent.give_answer(
        proposal,
        first,
        living,
        "objection",
        text=(
            "La mission valorise des coopératives « vertueuses » sans dire sur quels critères : "
            "rien ne mesure l’effet sur le vivant."
        ),
        risk=(
            "Faire de l’affichage sans progrès réel (écoblanchiment) et perdre la confiance des "
            "coopératives vraiment engagées."
        ),
    )
    consent.close_round(proposal, actor=actor)
    consent.amend(
        proposal,
        text=(
            "L’UR crée une mission d’ambassadeur·rice de la transition écologique, confiée à une "
            "coopérative adhérente déjà engagée, à raison de 40 jours par an rémunérés, cofinancés "
            "par le fonds d’ingénierie.\n\n"
            "La mission diffuse les outils et retours d’expérience des coopératives engagées, "
            "représente le mouvement auprès des collectivités et valorise publiquement les "
            "coopératives dont les indicateurs écologiques progressent, mesurés lors des "
            "révisions coopératives.\n\n"
            "Elle publie chaque année un bilan de ces indicateurs."
        ),
        living_effect=(
            "Effet attendu : plus de coopératives engagées dans la transition, suivi par des "
            "indicateurs écologiques intégrés aux révisions coopératives ; la valorisation "
            "dépend de progrès mesurés, non d’une déclaration."
        ),
        change_note=(
            "Valorisation fondée sur des indicateurs écologiques mesurés lors des révisions "
            "coopératives (objection de la représentante du vivant) ; bilan annuel publié ; "
            "cofinancement par le fonds d’ingénierie."
        ),
        integrated=[objection.pk],
        actor=actor,
    )
    second = consent.start_round(
        proposal, "consent", deadline=timezone.now() + datetime.timedelta(days=5), actor=actor
    )
    consent.give_answer(proposal, second, living, "consent")
    consent.give_answer(proposal, second, others[0], "consent")
    consent.give_answer(
        proposal,
        second,
        others[2],
        "concern",
        text="Le cofinancement me rassure ; suivons de près la charge de l’équipe salariée.",
    )
    for round_, day in ((questions, 0), (reactions, 5), (first, 12)):
        _back_in_time(round_, start + datetime.timedelta(days=day))
        _close_on(round_, start + datetime.timedelta(days=day + 4))
    _back_in_time(second, today - datetime.timedelta(days=2))
    version = consent.current_version(proposal)
    _back_in_time(version, start + datetime.timedelta(days=17))


def _clarifying(board: Body, ca: Person, others: list[Person], today: datetime.date) -> None:
    proposal = consent.create(
        board,
        others[0],
        title="Parrainage territorial des nouvelles Scop et Scic",
        text=(
            "Chaque nouvelle Scop ou Scic de la région se voit proposer, pendant ses deux "
            "premières années, une coopérative marraine de son territoire : un rendez-vous par "
            "trimestre, une invitation à son assemblée générale, un appui pour les premières "
            "révisions coopératives.\n\n"
            "L’UR tient la liste des coopératives volontaires dans l’annuaire et met en relation."
        ),
        living_effect="",
        rule_article="Statuts, art. 18",
        facilitator=ca,
        actor=_user(others[0]),
    )
    _back_in_time(proposal, today - datetime.timedelta(days=3))
    actor = _user(ca)
    questions = consent.start_round(
        proposal,
        "clarifying",
        deadline=timezone.now() + datetime.timedelta(days=7),
        actor=actor,
    )
    consent.give_answer(
        proposal,
        questions,
        others[2],
        "question",
        text="Les CAE peuvent-elles être marraines, et parrainer des entrepreneur·es ?",
    )
    consent.give_answer(
        proposal,
        questions,
        others[1],
        "question",
        text="Que se passe-t-il si aucune coopérative du territoire n’est volontaire ?",
    )
    _back_in_time(questions, today - datetime.timedelta(days=2))
