"""The steps up to the proposal: start, nominations (sealed), reveal, change round, the
facilitator's proposal, and cancelling."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopilote.core.audit import record
from coopilote.governance import notifications
from coopilote.governance.models import (
    Election,
    ElectionProposal,
    Nomination,
    Role,
    Round,
)
from coopilote.governance.services import mandates as mandate_services
from coopilote.governance.services import rounds
from coopilote.governance.services.elections.common import (
    ElectionError,
    Stage,
    _lock,
    _seated,
    _set_stage,
    _sync,
)
from coopilote.governance.services.elections.consent import current_round, open_consent_round
from coopilote.members.models import Person


def start(
    actor: Any,
    role: Role,
    facilitator: Person,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    deadline: datetime.datetime | None = None,
) -> Election:
    """Open the nomination round for ``role`` (its body's members nominate)."""
    term_end = term_end or mandate_services.term_end(role, term_start)
    if term_end < term_start:
        raise ElectionError(_("The term cannot end before it starts."))
    with transaction.atomic():
        # Locked so that two facilitators starting at once open only one election.
        Role.objects.select_for_update().get(pk=role.pk)
        if role.elections.exclude(stage__in=[Stage.ELECTED, Stage.CANCELLED]).exists():
            raise ElectionError(_("An election for this role is already under way."))
        election = Election.objects.create(
            body=role.body,
            role=role,
            term_start=term_start,
            term_end=term_end,
            facilitator=facilitator,
            deadline=deadline,
        )
        record(
            actor,
            "governance.election_start",
            election,
            fields=["role", "term_start", "term_end", "facilitator", "deadline"],
        )
        notifications.nominations_opened(election.pk)
    return election


def nominate(
    election: Election,
    nominator: Person,
    nominee: Person | None,
    reason: str,
    *,
    recorded_by: Person | None = None,
    actor: Any = None,
) -> Nomination:
    """A member's nomination (nomination round) or changed nomination (change round).

    ``nominee`` None nominates no one. Until the round closes a member may replace it.
    """
    reason = reason.strip()
    if nominee is not None and not reason:
        raise ElectionError(_("Give the reason for your nomination."))
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage == Stage.NOMINATION:
            step = Nomination.Step.NOMINATION
        elif locked.stage == Stage.CHANGE:
            step = Nomination.Step.CHANGE
        else:
            raise ElectionError(_("The nomination rounds of this election are closed."))
        if locked.deadline is not None and locked.db_now > locked.deadline:  # type: ignore[attr-defined]
            raise ElectionError(_("The deadline of this round has passed."))
        if not _seated(locked.body, nominator):
            raise ElectionError(_("Only the members of this body take part in its elections."))
        if nominee is not None and not _seated(locked.body, nominee):
            raise ElectionError(_("Nominate a member of this body, or no one."))
        own = locked.nominations.filter(step=step, nominator=nominator, recorded_by=None)
        if recorded_by is not None and own.exists():
            # The facilitator records nominations said aloud, never over a sealed one the
            # member filed themself.
            raise ElectionError(_("This member has nominated themself: only they change it."))
        nomination, created = Nomination.objects.update_or_create(
            election=locked,
            step=step,
            nominator=nominator,
            defaults={"nominee": nominee, "reason": reason, "recorded_by": recorded_by},
        )
        record(
            actor,
            "governance.nominate",
            nomination,
            fields=["nominee", "reason"],
            election=str(locked.pk),
            step=step,
            replaced=not created,
            in_meeting=recorded_by is not None,
        )
    return nomination


def check_reveal(election: Election) -> None:
    """Raise the reason why the nominations cannot be revealed now, if any (the confirmation
    page asks only when they can)."""
    if election.stage != Stage.NOMINATION:
        raise ElectionError(_("The nominations have already been revealed."))
    if not election.nominations.filter(step=Nomination.Step.NOMINATION).exists():
        raise ElectionError(_("Nobody has nominated anyone yet."))


def reveal(actor: Any, election: Election, deadline: datetime.datetime | None = None) -> Election:
    """Close the nomination round: every nomination and its reason is read at once; the change
    round opens (with its own deadline, if any)."""
    with transaction.atomic():
        locked = _lock(election)
        check_reveal(locked)
        locked.deadline = deadline
        locked.revealed_at = locked.db_now  # type: ignore[attr-defined]
        locked.save(update_fields=["revealed_at", "updated_at"])
        _set_stage(actor, locked, Stage.CHANGE, "governance.election_reveal")
        notifications.nominations_opened(locked.pk)
    return _sync(election, locked)


def check_close_changes(election: Election) -> None:
    """Raise the reason why the change round cannot be closed now, if any."""
    if election.stage != Stage.CHANGE:
        raise ElectionError(_("The change round is not open."))


def close_changes(actor: Any, election: Election) -> Election:
    with transaction.atomic():
        locked = _lock(election)
        check_close_changes(locked)
        locked.deadline = None
        _set_stage(actor, locked, Stage.PROPOSAL, "governance.election_close_changes")
    return _sync(election, locked)


def propose(
    actor: Any,
    election: Election,
    people: Sequence[Person],
    reason: str,
    *,
    deadline: datetime.datetime | None = None,
    in_meeting: bool = False,
    min_answers_percent: int = rounds.DEFAULT_MIN_ANSWERS_PERCENT,
) -> ElectionProposal:
    """The facilitator proposes as many people as the role has holders; a consent round opens
    (asynchronous with a ``deadline`` and the share of members who must answer)."""
    reason = reason.strip()
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage != Stage.PROPOSAL:
            raise ElectionError(_("The facilitator proposes once the change round is closed."))
        wanted = locked.role.holders
        if len({p.pk for p in people}) != len(people) or len(people) != wanted:
            raise ElectionError(
                ngettext(
                    "Propose exactly %(count)s person for this role.",
                    "Propose exactly %(count)s different people for this role.",
                    wanted,
                )
                % {"count": wanted}
            )
        if any(not _seated(locked.body, person) for person in people):
            raise ElectionError(_("Propose members of this body."))
        if not reason:
            raise ElectionError(_("Give the reasons for your proposal."))
        proposal = open_consent_round(
            locked, people, reason, deadline, in_meeting, min_answers_percent
        )
        locked.proposed.set(people)
        locked.proposal_reason = reason
        locked.save(update_fields=["proposal_reason", "updated_at"])
        _set_stage(
            actor,
            locked,
            Stage.CONSENT,
            "governance.election_propose",
            round=str(proposal.round_id),
            proposed=len(people),
            min_answers_percent=proposal.round.min_answers_percent,
        )
    _sync(election, locked)
    return proposal


def asked_by_email(election: Election) -> Round | Election | None:
    """What the members were asked by e-mail and may still answer: the nomination or change
    round at a distance before its deadline (the election), the consent round at a distance
    before its deadline, or nothing."""
    if election.stage in (Stage.NOMINATION, Stage.CHANGE):
        deadline = election.deadline
        return election if deadline is not None and deadline > timezone.now() else None
    current = current_round(election)
    return current if current is not None and rounds.awaits_by_email(current) else None


def cancel(actor: Any, election: Election) -> Election:
    with transaction.atomic():
        locked = _lock(election)
        if locked.stage in (Stage.ELECTED, Stage.CANCELLED):
            raise ElectionError(_("This election is over."))
        # The members asked by e-mail hear it is over (read before the rounds close).
        asked = asked_by_email(locked)
        asked_until = asked.deadline if asked is not None else None
        for round_ in locked.consent_rounds.filter(closed_at=None):
            rounds.close(round_, actor)
        locked.deadline = None
        _set_stage(actor, locked, Stage.CANCELLED, "governance.election_cancel")
        if asked_until is not None:
            notifications.election_cancelled(
                locked.pk, asked_until, consent=isinstance(asked, Round)
            )
    return _sync(election, locked)
