"""Answers in a round — shared by consent decisions and elections without candidates.

A consent round takes one answer per member (a new answer replaces the previous one until the
round closes); question and reaction rounds take as many as members wish. An objection must give
its reason and the risk it names: sociocracy's test of a "paramount objection".

An asynchronous consent round carries a minimum participation: past its deadline, silence counts
as consent only if enough members answered (``participation``); below it, the round decides
nothing and a new one is opened.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.core.audit import record
from coopilote.governance.models import Answer, Mandate, Round
from coopilote.members.models import BodySeat, Person


class RoundError(Exception):
    """A refused answer; the message is French and meant for the person."""


ALLOWED = {
    Round.Kind.CLARIFYING: {Answer.Kind.QUESTION},
    Round.Kind.REACTIONS: {Answer.Kind.REACTION},
    Round.Kind.CONSENT: {Answer.Kind.CONSENT, Answer.Kind.CONCERN, Answer.Kind.OBJECTION},
}


# Half of the members, as the quorum of a board of directors (Code de commerce, art. L. 225-37)
# that the members of a union's bodies know from their own cooperatives.
DEFAULT_MIN_ANSWERS_PERCENT = 50


def members_of(body: Any) -> list[Person]:
    """Who takes part in the body's rounds: its current seats."""
    ids = BodySeat.objects.current().filter(body=body).values_list("person_id", flat=True)
    return list(Person.objects.filter(pk__in=ids).order_by("last_name", "first_name"))


def represents_the_living(person: Any, body: Any) -> bool:
    return (
        Mandate.objects.current()
        .filter(role__body=body, role__represents_the_living=True, holders=person)
        .exists()
    )


def answer(
    round_: Round,
    person: Person,
    kind: str,
    *,
    text: str = "",
    risk: str = "",
    recorded_by: Any = None,
    actor: Any = None,
) -> Answer:
    """Record ``person``'s answer; ``recorded_by`` is the facilitator typing it in a meeting."""
    text, risk = text.strip(), risk.strip()
    if kind not in ALLOWED[Round.Kind(round_.kind)]:
        raise RoundError(_("This answer does not belong in this round."))
    if kind == Answer.Kind.OBJECTION and not (text and risk):
        raise RoundError(_("An objection must give its reason and the risk it names for the body."))
    if kind in (Answer.Kind.QUESTION, Answer.Kind.REACTION) and not text:
        raise RoundError(_("Write your question or your reaction."))
    body = round_.body
    if not BodySeat.objects.current().filter(body=body, person=person).exists():
        raise RoundError(_("Only the members of this body answer in its rounds."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().annotate(db_now=Now()).get(pk=round_.pk)
        if locked.closed_at is not None:
            raise RoundError(_("This round is closed."))
        if locked.deadline is not None and locked.db_now > locked.deadline:
            raise RoundError(_("The deadline of this round has passed."))
        values = {
            "text": text,
            "risk": risk if kind == Answer.Kind.OBJECTION else "",
            "for_the_living": kind == Answer.Kind.OBJECTION and represents_the_living(person, body),
            "recorded_by": recorded_by,
        }
        if locked.kind == Round.Kind.CONSENT:
            # The facilitator types answers given aloud; never over one the member gave
            # themself (else an objection could be silently turned into a consent).
            own = Answer.objects.filter(round=locked, person=person, recorded_by=None)
            if recorded_by is not None and own.exists():
                raise RoundError(_("This member has answered themself: only they change it."))
            result, _created = Answer.objects.update_or_create(
                round=locked, person=person, defaults={"kind": kind, **values}
            )
        else:
            result = Answer.objects.create(round=locked, person=person, kind=kind, **values)
        record(
            actor,
            "governance.answer",
            result,
            fields=["kind", "text", "risk"],
            round=str(locked.pk),
            in_meeting=recorded_by is not None,
        )
    return result


def close(round_: Round, actor: Any) -> Round:
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.closed_at is None:
            locked.closed_at = timezone.now()
            seated = {member.pk for member in members_of(locked.body)}
            answered = set(locked.answers.values_list("person_id", flat=True))
            locked.members_at_close = len(seated)
            locked.answered_at_close = len(answered & seated)
            fields = ["closed_at", "members_at_close", "answered_at_close", "updated_at"]
            locked.save(update_fields=fields)
            record(actor, "governance.round_close", locked)
    return locked


def waiting_for_answers(round_: Round) -> bool:
    """An asynchronous round is still waiting: its deadline (database clock) has not passed and
    some members have not answered. Closing it then would take away their chance to object."""
    if round_.closed_at is not None or round_.deadline is None:
        return False
    early = Round.objects.filter(pk=round_.pk, deadline__gte=Now()).exists()
    answered = set(round_.answers.values_list("person_id", flat=True))
    return early and any(m.pk not in answered for m in members_of(round_.body))


def outcome(round_: Round) -> dict[str, Any]:
    """A consent round's count; consent holds when no objection stands and, for an asynchronous
    round, enough members answered (a meeting round's minimum is none: unchanged for them)."""
    answers = list(round_.answers.select_related("person"))
    members = members_of(round_.body)
    answered = {a.person_id for a in answers}
    objections = [a for a in answers if a.kind == Answer.Kind.OBJECTION]
    counted = participation(round_, answered=answered, members={m.pk for m in members})
    return {
        "consent": sum(a.kind == Answer.Kind.CONSENT for a in answers),
        "concerns": [a for a in answers if a.kind == Answer.Kind.CONCERN],
        "objections": objections,
        "missing": [p for p in members if p.pk not in answered],
        "participation": counted,
        "minimum_reached": counted.reached,
        "consented": not objections and len(answered) > 0 and counted.reached,
    }


# --- minimum participation ---------------------------------------------------------------------


def min_answers_percent(kind: str, in_meeting: bool, percent: int) -> int:
    """The minimum a new round keeps: the chosen share for an asynchronous consent round, none
    for the others (see ``Round.min_answers_percent``)."""
    if not 0 <= percent <= 100:
        raise RoundError(_("The minimum participation is a share of the members, from 0 to 100 %."))
    return percent if kind == Round.Kind.CONSENT and not in_meeting else 0


@dataclass(frozen=True)
class Participation:
    """How many members answered a round, out of how many; ``required`` is None without a
    minimum (a meeting round, or one opened before minimums existed)."""

    answered: int
    members: int
    required: int | None = None

    @property
    def reached(self) -> bool:
        return self.answered >= (self.required or 0)

    @property
    def label(self) -> str:
        """« 1 réponse sur 13 (minimum 7) »."""
        values = {"answered": self.answered, "members": self.members, "required": self.required}
        if self.required is None:
            return (
                ngettext(
                    "%(answered)s answer of %(members)s",
                    "%(answered)s answers of %(members)s",
                    self.answered,
                )
                % values
            )
        return (
            ngettext(
                "%(answered)s answer of %(members)s (minimum %(required)s)",
                "%(answered)s answers of %(members)s (minimum %(required)s)",
                self.answered,
            )
            % values
        )


def participation(
    round_: Round, *, answered: Collection[Any], members: Collection[Any]
) -> Participation:
    """``answered``: the ids of the people who answered; ``members``: the ids of the body's
    members now. Only members count: an answer from someone who has since left the body
    neither fills the minimum nor makes « 3 réponses sur 2 ». Once closed, the round's own
    figures at closing stand, whatever the seats become."""
    given = round_.answered_at_close
    if given is None:
        given = len(set(answered) & set(members))
    total = round_.members_at_close
    if total is None:
        total = len(members)
    if round_.in_meeting or not round_.min_answers_percent:
        return Participation(given, total)
    # Rounded up: « half of 13 » asks for 7 answers, never 6.5 rounded down to 6.
    return Participation(given, total, (round_.min_answers_percent * total + 99) // 100)


def count(round_: Round) -> Participation:
    """The participation of one round, read from the database (a service's check)."""
    answered = set(round_.answers.values_list("person_id", flat=True))
    members = {member.pk for member in members_of(round_.body)}
    return participation(round_, answered=answered, members=members)


def floor_after(last: Round | None) -> int | None:
    """The share of answers a new asynchronous consent round on the same proposal asks at
    least: the last round's — else a round that missed its minimum would run again with none,
    and one answer would decide. None after a meeting round (no minimum) or none at all."""
    if last is None or last.in_meeting:
        return None
    return last.min_answers_percent


def check_floor(last: Round | None, minimum: int, in_meeting: bool) -> None:
    """Refuse a new round asking less than ``floor_after(last)``; a meeting has everyone."""
    floor = floor_after(last)
    if in_meeting or floor is None or minimum >= floor:
        return
    raise RoundError(
        _(
            "The new consent round asks at least the share of answers the last one asked "
            "(%(percent)s %%)."
        )
        % {"percent": floor}
    )


def past_deadline(round_: Round, now: datetime.datetime | None = None) -> bool:
    """An asynchronous round takes no more answers (``now``: the database clock in services)."""
    return round_.deadline is not None and round_.deadline < (now or timezone.now())


def awaits_by_email(round_: Round, now: datetime.datetime | None = None) -> bool:
    """Open at a distance and before its deadline: the members, asked by e-mail, may still
    answer (past it, the round is over for them, whatever its closing)."""
    return (
        round_.closed_at is None
        and not round_.in_meeting
        and round_.deadline is not None
        and not past_deadline(round_, now)
    )


def missed_minimum(round_: Round, counted: Participation, now: Any = None) -> bool:
    """Over (closed, or past its deadline) with fewer answers than its minimum: decides nothing."""
    over = round_.closed_at is not None or past_deadline(round_, now)
    return over and not counted.reached
