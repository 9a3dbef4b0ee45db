"""The poll workflow: create, open (freeze the electorate), cast a secret ballot, close.

Each write is one transaction. Audit rows name the actor and the poll, never a ballot; casting a
ballot writes none at all, because an audit row's timestamp would date the vote to the second
that the émargement deliberately keeps to the day.

Locks, so that no vote slips past a closing and nobody votes twice: a vote locks its elector
row; closing locks every elector row of the poll first (waiting for the votes in flight), then
the poll row with ``no_key=True`` so ballots inserted meanwhile (which share-lock the poll's key
through their foreign key) cannot deadlock with it. SQLite serialises writes anyway.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from coopilote.core.audit import record
from coopilote.members.models import Membership, Person, Union
from coopilote.voting import notifications
from coopilote.voting.models import (
    Ballot,
    BallotGrade,
    Elector,
    Electorate,
    Participation,
    Poll,
    PollOption,
    Status,
)
from coopilote.voting.secrecy import (
    AlreadyVoted,
    VotingError,
    clean_grades,
    database_now,
    new_receipt,
    seal,
)
from coopilote.voting.tally import (
    OptionResult,
    Recount,
    ResultsHidden,
    ballots_for_export,
    check_receipt,
    receipt_hash,
    receipt_hashes,
    recount,
    results,
    snapshot,
)

# Other apps (roadmap, governance) call these; counting and exports live in ``tally``.
__all__ = [
    "AlreadyVoted",
    "InvalidBallot",
    "NotAnElector",
    "OptionResult",
    "PollNotOpen",
    "PollStateError",
    "Recount",
    "ResultsHidden",
    "VotingError",
    "ballots_for_export",
    "cast_ballot",
    "check_receipt",
    "close_poll",
    "create_poll",
    "has_voted",
    "new_receipt",
    "open_poll",
    "publish_due_polls",
    "receipt_hash",
    "receipt_hashes",
    "recount",
    "results",
    "send_reminders",
    "set_electors",
    "snapshot",
    "tally_digest",
]

# The receipt, the émargement apart from the anonymous ballot and the database clock live in
# ``secrecy``, shared with the general assemblies of ``governance``.


class NotAnElector(VotingError):
    pass


class PollNotOpen(VotingError):
    pass


class InvalidBallot(VotingError):
    pass


class PollStateError(VotingError):
    pass


def create_poll(
    actor: Any,
    union: Union,
    title: str,
    options: Sequence[tuple[str, str, str]],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    description: str = "",
    *,
    electorate: str = Electorate.MEMBERS,
    electors: Iterable[Person] = (),
) -> Poll:
    """A draft poll; ``options`` are (label, source_type, source_id), source empty if none."""
    labels = [label.strip() for label, _type, _id in options]
    if not labels or not all(labels):
        raise PollStateError(_("A poll needs at least one option, each with a label."))
    if closes_at <= opens_at:
        raise PollStateError(_("The poll must close after it opens."))
    with transaction.atomic():
        poll = Poll.objects.create(
            union=union,
            title=title,
            description=description,
            opens_at=opens_at,
            closes_at=closes_at,
            electorate=electorate,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        PollOption.objects.bulk_create(
            PollOption(
                poll=poll, label=label, order=index, source_type=source_type, source_id=source_id
            )
            for index, (label, (_label, source_type, source_id)) in enumerate(
                zip(labels, options, strict=True)
            )
        )
        record(actor, "poll.create", poll, options=len(labels), electorate=electorate)
        if electorate == Electorate.LIST:
            set_electors(actor, poll, electors)
    return poll


def set_electors(actor: Any, poll: Poll, people: Iterable[Person]) -> int:
    """Replace a draft poll's imported list of electors; frozen with the rest at opening."""
    with transaction.atomic():
        locked = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
        if locked.electorate_frozen_at is not None:
            raise PollStateError(_("The electorate is frozen once the poll has opened."))
        if locked.electorate != Electorate.LIST:
            raise PollStateError(_("This poll's electorate is the union's members, not a list."))
        person_ids = {person.pk for person in people if person.anonymized_at is None}
        Elector.objects.filter(poll=locked).delete()
        Elector.objects.bulk_create(Elector(poll=locked, person_id=pk) for pk in person_ids)
        record(actor, "poll.set_electors", locked, fields=["electors"], electors=len(person_ids))
    return len(person_ids)


def _members_of(union_id: Any) -> set[Any]:
    return set(
        Membership.objects.current()
        .filter(
            cooperative__union_id=union_id,
            cooperative__is_active=True,
            person__anonymized_at=None,
        )
        .values_list("person_id", flat=True)
    )


def open_poll(actor: Any, poll: Poll, *, base_url: str = "") -> Poll:
    """Freeze the electorate and tell the electors; votes count from ``opens_at``."""
    with transaction.atomic():
        locked = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
        if locked.electorate_frozen_at is not None:
            raise PollStateError(_("This poll has already been opened."))
        if not Poll.objects.filter(pk=poll.pk, closes_at__gt=Now()).exists():
            raise PollStateError(_("The closing date has passed: this poll cannot open."))
        if not locked.options.exists():
            raise PollStateError(_("A poll needs at least one option."))
        if locked.electorate == Electorate.MEMBERS:
            Elector.objects.filter(poll=locked).delete()
            Elector.objects.bulk_create(
                Elector(poll=locked, person_id=pk) for pk in _members_of(locked.union_id)
            )
        count = Elector.objects.filter(poll=locked).count()
        if not count:
            raise PollStateError(_("Nobody could vote: the electorate is empty."))
        Poll.objects.filter(pk=poll.pk).update(electorate_frozen_at=Now(), updated_at=Now())
        record(actor, "poll.open", locked, fields=["electorate_frozen_at"], electors=count)
        transaction.on_commit(lambda: notifications.poll_opened(locked, base_url))
    poll.refresh_from_db()
    return poll


def _clean_grades(poll: Poll, grades: Mapping[Any, Any]) -> dict[Any, int]:
    return clean_grades(
        poll.options.values_list("pk", flat=True),
        len(poll.grades),
        grades,
        error=InvalidBallot,
        unknown_option=_("This ballot grades an option that is not in the poll."),
        bad_grade=_("Each grade must be one of the poll's grades."),
    )


def cast_ballot(person: Person, poll: Poll, grades: Mapping[Any, Any]) -> str:
    """Record that ``person`` voted and, apart, their anonymous ballot; return their receipt.

    The receipt is returned once and stored nowhere: only its hash sits on the ballot.
    """
    clean = _clean_grades(poll, grades)
    with transaction.atomic():
        elector = (
            Elector.objects.select_for_update()
            .filter(poll_id=poll.pk, person_id=person.pk, poll__electorate_frozen_at__isnull=False)
            .first()
        )
        if elector is None:
            raise NotAnElector(_("You are not on the electoral roll of this poll."))
        # The database clock decides, not the web server's: one clock for every server.
        now = database_now(Poll.objects.open_now().filter(pk=poll.pk))
        if now is None:
            raise PollNotOpen(_("This poll is not open: votes are no longer (or not yet) taken."))
        already = _("You have already voted in this poll.")
        if Participation.objects.filter(poll_id=poll.pk, person_id=person.pk).exists():
            raise AlreadyVoted(already)
        _signed, ballot, receipt = seal(
            now,
            lambda day: Participation.objects.create(
                poll_id=poll.pk, person_id=person.pk, voted_on=day
            ),
            lambda fingerprint: Ballot.objects.create(poll_id=poll.pk, receipt_hash=fingerprint),
            already,
        )
        BallotGrade.objects.bulk_create(
            BallotGrade(ballot=ballot, option_id=option_id, grade=grade)
            for option_id, grade in clean.items()
        )
    return receipt


def has_voted(person_id: Any, poll: Poll) -> bool:
    return person_id is not None and poll.participations.filter(person_id=person_id).exists()


def close_poll(actor: Any, poll: Poll, *, base_url: str = "") -> Poll:
    """End the vote now (or confirm its end) and publish the results snapshot."""
    with transaction.atomic():
        # Electors first: waits for the votes in flight and holds back the later ones.
        list(Elector.objects.select_for_update().filter(poll_id=poll.pk).order_by("pk"))
        locked = Poll.objects.select_for_update(no_key=True).with_status().get(pk=poll.pk)
        if locked.status in (Status.DRAFT, Status.SCHEDULED):
            raise PollStateError(_("Only a poll whose vote has started can be closed."))
        if locked.results_published_at is not None:
            raise PollStateError(_("This poll is already closed."))
        closed_early = Poll.objects.filter(pk=poll.pk, closes_at__gt=Now()).update(closes_at=Now())
        locked.refresh_from_db()
        tally = snapshot(locked)
        Poll.objects.filter(pk=poll.pk).update(
            results_snapshot=tally, results_published_at=Now(), updated_at=Now()
        )
        fields = ["results_published_at", "results_snapshot"]
        record(
            actor,
            "poll.close",
            locked,
            fields=[*fields, "closes_at"] if closed_early else fields,
            ballots=tally["ballots"],
            participations=tally["participations"],
            results_sha256=tally_digest(tally),
        )
        transaction.on_commit(lambda: notifications.poll_closed(poll.pk, base_url))
    poll.refresh_from_db()
    return poll


def tally_digest(tally: Mapping[str, Any]) -> str:
    """A fingerprint of the published results, kept in the append-only audit log."""
    return hashlib.sha256(json.dumps(tally, sort_keys=True).encode()).hexdigest()


def publish_due_polls(*, base_url: str = "") -> int:
    """Close the polls whose deadline passed without anyone closing them (run by cron)."""
    closed = 0
    for poll in Poll.objects.due_for_publication():
        try:
            close_poll(None, poll, base_url=base_url)
        except PollStateError:
            continue
        closed += 1
    return closed


def send_reminders(hours: int = 24, *, base_url: str = "") -> dict[str, int]:
    """Remind the electors who have not voted, once per poll closing within ``hours``.

    Returns counts per poll title; who was reminded stays inside the e-mails.
    """
    sent: dict[str, int] = {}
    for poll in Poll.objects.closing_within(hours).filter(reminders_sent_at=None):
        with transaction.atomic():
            claimed = Poll.objects.filter(pk=poll.pk, reminders_sent_at=None).update(
                reminders_sent_at=Now()
            )
            if not claimed:
                continue  # another cron run got there first
            count = notifications.remind_non_voters(poll, base_url)
            record(None, "poll.remind", poll, fields=["reminders_sent_at"], reminders=count)
        sent[poll.title] = count
    return sent
