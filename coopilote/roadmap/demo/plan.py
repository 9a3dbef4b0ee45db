"""The demo's roadmap: prioritisation votes, the published roadmap, its letter (deterministic).

Everything goes through the services, as a union would do it: ``create_prioritisation_poll``
then voting's ``open_poll``, ``cast_ballot`` (240 synthetic members, grades drawn from
``context.rng``) and ``close_poll``; the roadmap is built from the published ranking.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

ELECTORS = 240
CLOSED_POLL = (
    "Priorités du congrès 2025\u00a0: quelles propositions pour la feuille de route\u00a0?"
)
OPEN_POLL = "Plaidoyer national\u00a0: quelles propositions porter en premier\u00a0?"
# The demo logins who vote in the open poll (see members.demo.accounts).
OPEN_POLL_LOGINS = ("associe", "referent", "entrepreneur", "ca", "delegue")
ROADMAP_TITLE = "Feuille de route régionale 2026-2028"
ROADMAP_INTRO = (
    "Construite par le conseil d’administration à partir des propositions du congrès du "
    "20 novembre 2025 et du vote des adhérent·es, qui les a classées par jugement majoritaire.\n"
    "Chaque action indique les propositions dont elle vient, son pilote, son échéance et son "
    "avancement, mis à jour au fil des mois."
)
AXES = (
    "Vie coopérative et démocratie",
    "Transition écologique",
    "Jeunesse, formation et attractivité",
    "Plaidoyer auprès de la Direction nationale",
)
# Congress theme number -> axis index (the national proposals go to the advocacy axis).
THEME_AXIS = {1: 0, 6: 0, 7: 0, 8: 0, 2: 1, 11: 1, 3: 2, 4: 2, 5: 2, 9: 2, 10: 2}
ADVOCACY_AXIS = 3
REGIONAL_ACTIONS = 6
ADVOCACY_ACTIONS = 3
MILESTONES = (
    ("Cadrage avec le conseil d’administration", 1),
    ("Mise en œuvre avec les coopératives volontaires", 3),
    ("Bilan présenté à l’assemblée générale", 1),
)
# (status index in DEFAULT_STATUSES, progress) for the leaves, in creation order.
PLAN = [
    (3, 100),
    (1, 60),
    (0, 0),
    (1, 40),
    (3, 100),
    (1, 25),
    (0, 0),
    (1, 45),
    (2, 15),
    (1, 35),
    (0, 0),
]
# News logged on the milestones and on the first advocacy action, a month after they start.
MILESTONE_NEWS = (
    "Premier comité de pilotage réuni\u00a0; calendrier validé par le bureau.",
    "Retours des coopératives volontaires recueillis lors des matinales de l’UR.",
)
ADVOCACY_NEWS = "Courrier de plaidoyer envoyé à la Direction nationale, réponse attendue en juin."


def load_plan(context: Any, congress: Any) -> None:
    started = timezone.now()
    poll, ballots = _closed_poll(context, congress)
    open_poll = _open_poll(context, congress)
    roadmap, actions = _roadmap(context, congress, poll)
    letter = _letter(congress, roadmap)
    say = getattr(context, "stdout", None)
    if say is not None:
        seconds = (timezone.now() - started).total_seconds()
        vote = f"vote closed with {ballots} ballots, " if poll else "no vote (no members), "
        say.write(
            f"roadmap: {vote}{'one open vote, ' if open_poll else ''}roadmap with {actions} "
            f"actions, letter of {letter.date:%d/%m/%Y} ({seconds:.1f} s)."
        )


def _union_members(union: Any) -> list[Any]:
    """The synthetic members: no login and no address, so the vote e-mails nobody."""
    from coopilote.members.models import Person

    return list(
        Person.objects.active()
        .in_union(union.pk)
        .filter(user=None, email="")
        .order_by("last_name", "first_name", "created_at")
    )


def _closed_poll(context: Any, congress: Any) -> tuple[Any, int]:
    from coopilote.roadmap.services import create_prioritisation_poll
    from coopilote.voting import services as voting
    from coopilote.voting.models import Electorate

    rng = context.rng
    now = timezone.now()
    members = _union_members(congress.union)
    electors = rng.sample(members, min(ELECTORS, len(members)))
    if not electors:
        return None, 0
    proposals = list(congress.proposals.active().select_related("theme").in_document_order())
    poll = create_prioritisation_poll(
        None,
        congress,
        proposals,
        CLOSED_POLL,
        now - datetime.timedelta(days=21),
        now + datetime.timedelta(days=1),
        "Chaque adhérent·e donne une mention à chaque proposition\u00a0; le classement "
        "guide le conseil d’administration pour bâtir la feuille de route.",
        electorate=Electorate.LIST,
        electors=electors,
    )
    voting.open_poll(None, poll)
    options = list(poll.options.all())
    top = len(poll.grades) - 1
    # Each proposal has its own appeal; each voter grades around it.
    appeal = {option.pk: rng.uniform(1.5, 5.2) for option in options}
    for person in electors:
        grades = {
            option.pk: max(0, min(top, round(rng.gauss(appeal[option.pk], 1.3))))
            for option in options
        }
        voting.cast_ballot(person, poll, grades)
    voting.close_poll(None, poll)
    return poll, len(electors)


def _open_poll(context: Any, congress: Any) -> Any:
    from coopilote.members.demo.accounts import DOMAIN
    from coopilote.members.models import Person
    from coopilote.roadmap.services import create_prioritisation_poll
    from coopilote.roadmap.services.letters import national_proposals
    from coopilote.voting import services as voting
    from coopilote.voting.models import Electorate

    emails = [f"{login}@{DOMAIN}" for login in OPEN_POLL_LOGINS]
    electors = list(Person.objects.filter(email__in=emails))
    proposals = national_proposals(congress)[:5]
    if not electors or len(proposals) < 2:
        return None
    now = timezone.now()
    poll = create_prioritisation_poll(
        None,
        congress,
        proposals,
        OPEN_POLL,
        now - datetime.timedelta(days=1),
        now + datetime.timedelta(days=30),
        "Le courrier à la Direction nationale portera en tête les propositions les mieux classées.",
        electorate=Electorate.LIST,
        electors=electors,
    )
    return voting.open_poll(None, poll)


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).rstrip(" .:")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;") + "…"


def _roadmap(context: Any, congress: Any, poll: Any) -> tuple[Any, int]:
    from coopilote.members.models import Body
    from coopilote.roadmap.models import Proposal
    from coopilote.roadmap.services import (
        add_update,
        create_action_from_proposals,
        create_roadmap,
        subscribe,
        update_action,
        update_progress,
    )
    from coopilote.voting import services as voting

    union = congress.union
    roadmap = create_roadmap(
        None,
        union,
        ROADMAP_TITLE,
        congress=congress,
        intro=ROADMAP_INTRO,
        axes=AXES,
        published=True,
    )
    _subscribe_demo_member(roadmap, subscribe)
    axes = list(roadmap.axes.all())
    statuses = list(roadmap.statuses.all())
    board = Body.objects.filter(union=union, kind=Body.Kind.BOARD).first()
    by_key = {str(p.pk): p for p in Proposal.objects.in_congress(congress).select_related("theme")}
    ranked = (
        [by_key[row.option.source_id] for row in voting.results(poll)]
        if poll is not None
        else sorted(by_key.values(), key=lambda p: (p.theme.number, p.number))
    )
    regional = _spread([p for p in ranked if p.scope == "regional"])
    national = [p for p in ranked if p.scope != "regional"][:ADVOCACY_ACTIONS]
    start = congress.date or timezone.localdate()
    plan = iter(PLAN)
    leaves: list[Any] = []
    count = 0
    for index, proposal in enumerate(regional + national):
        advocacy = proposal in national
        axis = axes[ADVOCACY_AXIS if advocacy else THEME_AXIS.get(proposal.theme.number, 0)]
        owner = ("body", board) if index % 3 == 0 and board else ("staff", None)
        begins = start + datetime.timedelta(days=45 + 30 * (index % 4))
        # The first action holds its milestones, two months each: it lasts as long as they do.
        days = 60 * len(MILESTONES) - 1 if index == 0 else 120 + 61 * index
        action = create_action_from_proposals(
            None,
            axis,
            [proposal],
            _short(proposal.text),
            description=proposal.text,
            owner_kind=owner[0],
            owner_body=owner[1],
            scope="advocacy" if advocacy else "regional",
            start=begins,
            due=begins + datetime.timedelta(days=days),
            weight=2 if index == 0 else 1,
        )
        count += 1
        if index == 0:
            # The best ranked proposal gets milestones: its progress is rolled up from them.
            update_action(None, action, status=statuses[1])
            for offset, (title, weight) in enumerate(MILESTONES):
                milestone = create_action_from_proposals(
                    None,
                    axis,
                    [],
                    title,
                    parent=action,
                    owner_kind="staff",
                    start=begins + datetime.timedelta(days=60 * offset),
                    due=begins + datetime.timedelta(days=60 * offset + 59),
                    weight=weight,
                )
                leaves.append(milestone)
                count += 1
        else:
            leaves.append(action)
    for leaf in leaves:
        status, value = next(plan, (0, 0))
        update_action(None, leaf, status=statuses[status])
        if value:
            update_progress(None, leaf, value, date=leaf.start)
    pleas = [leaf for leaf in leaves if leaf.scope == "advocacy"][:1]
    news = zip([*leaves[:2], *pleas], [*MILESTONE_NEWS, ADVOCACY_NEWS], strict=False)
    for leaf, text in news:
        add_update(None, leaf, text, date=(leaf.start or start) + datetime.timedelta(days=30))
    return roadmap, count


def _spread(ranked: list[Any]) -> list[Any]:
    """The best ranked proposal of each regional axis, then the next best, in rank order."""
    firsts: dict[int, Any] = {}
    for proposal in ranked:
        firsts.setdefault(THEME_AXIS.get(proposal.theme.number, 0), proposal)
    chosen = set(firsts.values())
    for proposal in ranked:
        if len(chosen) >= REGIONAL_ACTIONS:
            break
        chosen.add(proposal)
    return [proposal for proposal in ranked if proposal in chosen]


def _subscribe_demo_member(roadmap: Any, subscribe: Any) -> None:
    from coopilote.members.demo.accounts import DOMAIN
    from coopilote.members.models import Person

    person = Person.objects.filter(email=f"associe@{DOMAIN}").select_related("user").first()
    if person is not None and person.user is not None:
        subscribe(person.user, roadmap)


def _letter(congress: Any, roadmap: Any) -> Any:
    from coopilote.roadmap.services import create_letter, update_letter

    letter = create_letter(None, roadmap=roadmap)
    day = (congress.date or timezone.localdate()) + datetime.timedelta(days=371)
    return update_letter(None, letter, date=day, place="Lyon", published=True)
