"""The letter to the national direction: drafted with French defaults, compiled, edited.

The body is never stored: ``letter_body`` compiles it afresh from the congress's proposals of
national scope (national, or regional and national) and the roadmap's advocacy actions, by
theme in the congress's order, so the letter always says what the congress and roadmap say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.core.templatetags.french import french_day
from coopilote.governance.services.assemblies.minutes import holders, presidency_mandate
from coopilote.members.models import Body, BodySeat, Union
from coopilote.roadmap.models import (
    ACTIVE_STATUSES,
    Action,
    Congress,
    Letter,
    Proposal,
    Roadmap,
    Scope,
)
from coopilote.roadmap.models.letter import DEFAULT_INTRODUCTION, DEFAULT_PLACE

LETTER_FIELDS = (
    "recipient",
    "recipient_address",
    "subject",
    "salutation",
    "introduction",
    "conclusion",
    "signatories",
    "date",
    "place",
    "published",
)
NATIONAL_SCOPES = (Scope.NATIONAL, Scope.BOTH)
# French data: printed in the letter, not part of the interface.
ACTION_NOTE = "Notre feuille de route en fait une action de plaidoyer\u00a0: «\u00a0{title}\u00a0»."
SAME_ACTION_NOTE = "Notre feuille de route en fait une action de plaidoyer."
OTHER_ACTIONS = "Autres actions de plaidoyer de notre feuille de route"


def place_and_date(letter: Letter) -> str:
    return (
        f"{letter.place}, le {french_day(letter.date)}" if letter.place else french_day(letter.date)
    )


def signatory_title(role: str) -> str:
    """How a holder of the role signs: « Co-présidence » → « Coprésident·e »."""
    folded = role.casefold().replace("-", "")
    if "coprésidence" in folded:
        return "Coprésident·e"
    if "présidence" in folded:
        return "Président·e"
    return role


def default_signatories(union: Any) -> list[dict[str, str]]:
    """The union's president or co-presidents: the holders of the board's presidency mandate
    (governance), the outgoing ones while an election is under way; without any such mandate
    recorded, the board seats whose title says « président »."""
    board = Body.objects.of_union(union).filter(kind=Body.Kind.BOARD).first()
    mandate = presidency_mandate(board, outgoing=True) if board is not None else None
    signing = [person for person in holders(mandate) if person.anonymized_at is None]
    if mandate is not None and signing:
        titles = dict(
            BodySeat.objects.current()
            .filter(body=board, title__icontains="présid")
            .values_list("person_id", "title")
        )
        fallback = signatory_title(mandate.role.name)
        return [
            {"name": str(person), "title": titles.get(person.pk, fallback)} for person in signing
        ]
    seats = (
        BodySeat.objects.current()
        .filter(
            body__union=union,
            body__kind=Body.Kind.BOARD,
            title__icontains="présid",
            person__anonymized_at=None,
        )
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    return [{"name": str(seat.person), "title": seat.title} for seat in seats]


def _introduction(congress: Congress | None) -> str:
    when = f" le {french_day(congress.date)}" if congress and congress.date else ""
    where = f" à {congress.place}" if congress and congress.place else ""
    return DEFAULT_INTRODUCTION.format(when=when, where=where)


def _confederation_address() -> str:
    """The national direction's postal address, as the platform knows it (may be empty)."""
    confederation = Union.objects.filter(kind=Union.Kind.CONFEDERATION).order_by("name").first()
    return confederation.postal_address if confederation is not None else ""


def create_letter(
    actor: Any, *, roadmap: Roadmap | None = None, congress: Congress | None = None
) -> Letter:
    """A draft letter with the French defaults and the union's (co-)presidents as signatories."""
    if roadmap is None and congress is None:
        raise ValidationError(_("A letter speaks for a roadmap or a congress."))
    if roadmap is not None and congress is not None and roadmap.congress_id != congress.pk:
        raise ValidationError(_("The roadmap comes from another congress."))
    congress = congress or (roadmap.congress if roadmap is not None else None)
    union = roadmap.union if roadmap is not None else congress.union  # type: ignore[union-attr]
    with transaction.atomic():
        letter = Letter.objects.create(
            union=union,
            roadmap=roadmap,
            congress=congress,
            introduction=_introduction(congress),
            signatories=default_signatories(union),
            recipient_address=_confederation_address(),
            place=(congress.place if congress and congress.place else DEFAULT_PLACE),
            date=timezone.localdate(),
        )
        audit.record(
            actor,
            "letter.create",
            letter,
            roadmap=str(roadmap.pk) if roadmap else None,
            congress=str(congress.pk) if congress else None,
        )
    return letter


def update_letter(actor: Any, letter: Letter, **values: Any) -> Letter:
    unknown = set(values) - set(LETTER_FIELDS)
    if unknown:
        raise ValueError(f"Not letter fields: {sorted(unknown)}")
    with transaction.atomic():
        changed = [name for name, value in values.items() if getattr(letter, name) != value]
        for name in changed:
            setattr(letter, name, values[name])
        if changed:
            letter.save(update_fields=[*changed, "updated_at"])
            audit.record(actor, "letter.change", letter, fields=changed)
    return letter


@dataclass
class LetterItem:
    text: str
    sub_items: Sequence[str] = ()
    notes: list[str] = field(default_factory=list)
    proposal: Proposal | None = None
    action: Action | None = None


@dataclass
class LetterSection:
    title: str
    items: list[LetterItem] = field(default_factory=list)


def national_proposals(congress: Congress | None) -> list[Proposal]:
    if congress is None:
        return []
    return list(
        Proposal.objects.in_congress(congress)
        .filter(scope__in=NATIONAL_SCOPES, status__in=ACTIVE_STATUSES)
        .select_related("theme")
        .in_document_order()
    )


def advocacy_actions(roadmap: Roadmap | None) -> list[Action]:
    if roadmap is None:
        return []
    return list(
        Action.objects.in_roadmap(roadmap)
        .filter(scope=Action.Scope.ADVOCACY)
        .for_tree()
        .prefetch_related(
            Prefetch("proposals", Proposal.objects.select_related("theme").in_document_order())
        )
    )


def _words(text: str) -> str:
    return " ".join(text.rstrip("…. ").split()).casefold()


def _action_note(title: str, proposal_text: str) -> str:
    """Name the action, unless its title only repeats the proposal."""
    if _words(proposal_text).startswith(_words(title)):
        return SAME_ACTION_NOTE
    return ACTION_NOTE.format(title=title)


def letter_body(letter: Letter) -> list[LetterSection]:
    """Themes in the congress's order, each with its national proposals (and the advocacy
    actions they became), then the advocacy actions born of regional proposals under their
    theme, and those without any proposal in a last section."""
    proposals = national_proposals(letter.congress)
    actions = advocacy_actions(letter.roadmap)
    sections: dict[Any, LetterSection] = {}
    order: dict[Any, tuple[int, int]] = {}
    items: dict[Any, LetterItem] = {}

    def section(theme: Any) -> LetterSection:
        if theme.pk not in sections:
            sections[theme.pk] = LetterSection(theme.title)
            order[theme.pk] = (theme.order, theme.number)
        return sections[theme.pk]

    for proposal in proposals:
        item = LetterItem(proposal.text, tuple(proposal.sub_items or ()), proposal=proposal)
        items[proposal.pk] = item
        section(proposal.theme).items.append(item)
    others = LetterSection(OTHER_ACTIONS)
    for action in actions:
        sources = list(action.proposals.all())
        carried = [items[p.pk] for p in sources if p.pk in items]
        for item in carried:
            item.notes.append(_action_note(action.title, item.text))
        if carried:
            continue
        target = section(sources[0].theme) if sources else others
        target.items.append(LetterItem(action.title, action=action))
    ordered = [sections[key] for key in sorted(sections, key=lambda key: order[key])]
    return ordered + ([others] if others.items else [])
