"""E-mails to a body's members when one of its rounds asks them something: when it opens, and a
reminder before its deadline to those who have not answered yet.

Only rounds held at a distance (with a deadline): in a meeting the members are in the room.
Past the deadline of a consent round, a member's silence counts as consent once enough members
have answered, so a member must hear of the round: that is what these e-mails are for.

One message per member, addressed to them alone, as the polls' e-mails are: a reminder goes
only to those who have not answered, and its recipients must not learn about one another.
The links use ``SITE_URL``: a reminder is sent by cron, with no request to take the host from.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopilote.core import mail
from coopilote.core.audit import record
from coopilote.core.mail import render_subject
from coopilote.core.templatetags.french import french_date
from coopilote.governance.models import Election, ElectionProposal, Nomination, Round
from coopilote.governance.services import rounds
from coopilote.members.models import Person

Stage = Election.Stage
# « jeudi 3 décembre 2026 à 18:00 »
DEADLINE = "l j F Y à H:i"


def _url(path: str) -> str:
    return str(getattr(settings, "SITE_URL", "")).rstrip("/") + path


def reachable(person: Person) -> bool:
    """Whether these e-mails can reach ``person`` (an address, not erased)."""
    return person.anonymized_at is None and bool(person.email)


def _send(people: list[Person], template: str, context: dict[str, Any]) -> int:
    addresses: dict[str, str] = {}
    for person in people:
        if reachable(person):
            addresses.setdefault(person.email.casefold(), person.email)
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        deadline = french_date(timezone.localtime(context["deadline_at"]), DEADLINE)
        subject = render_subject(
            f"governance/email/{template}_subject.txt", {**context, "deadline": deadline}
        )
        # The body names the time zone: members overseas read the same e-mail (the subject
        # stays short; the body is where the deadline is acted on).
        zoned = _("%(moment)s (Paris time)") % {"moment": deadline}
        body = render_to_string(f"governance/email/{template}.txt", {**context, "deadline": zoned})
    return mail.send(
        [EmailMessage(subject, body, None, [address]) for address in addresses.values()]
    )


# --- rounds of a consent decision or of an election -------------------------------------------


def _round_context(
    round_: Round, members: list[Person], answered: set[Any], *, reminder: bool
) -> dict[str, Any]:
    counted = rounds.participation(
        round_, answered=answered, members={member.pk for member in members}
    )
    context: dict[str, Any] = {
        "round": round_,
        "body": round_.body,
        "reminder": reminder,
        "deadline_at": round_.deadline,
        "members": len(members),
        "required": counted.required,
        "consent": round_.kind == Round.Kind.CONSENT,
    }
    if round_.proposal is not None:
        context["proposal"] = round_.proposal
        context["title"] = round_.proposal.title
        context["version"] = round_.version
        context["link"] = _url(round_.proposal.get_absolute_url())
    else:
        election = round_.election
        assert election is not None  # a round belongs to a proposal or to an election
        context["title"] = str(election.role)
        proposed = ElectionProposal.objects.filter(round=round_).first()
        context["election"] = election
        context["people"] = (
            list(proposed.people.order_by("last_name", "first_name")) if proposed else []
        )
        context["reason"] = proposed.reason if proposed else ""
        context["link"] = _url(reverse("governance:election", kwargs={"pk": election.pk}))
    return context


def round_opened(round_id: Any) -> int:
    """Tell every member of the body that an asynchronous round waits for their answer."""
    round_ = Round.objects.select_related("proposal__body", "election__body", "version").get(
        pk=round_id
    )
    if round_.deadline is None or round_.in_meeting or round_.closed_at is not None:
        return 0
    members, answered = _who(round_)
    return _send(members, "round", _round_context(round_, members, answered, reminder=False))


def proposal_withdrawn(round_id: Any) -> int:
    """Tell the members that the round they were asked to answer stopped with its proposal:
    they were told their silence would count."""
    round_ = Round.objects.select_related("proposal__body").get(pk=round_id)
    proposal = round_.proposal
    if proposal is None or round_.deadline is None or round_.in_meeting:
        return 0
    context = {
        "body": proposal.body,
        "consent": round_.kind == Round.Kind.CONSENT,
        "title": proposal.title,
        "deadline_at": round_.deadline,
        "link": _url(proposal.get_absolute_url()),
    }
    return _send(rounds.members_of(proposal.body), "withdrawn", context)


def _who(round_: Round) -> tuple[list[Person], set[Any]]:
    """The body's members and the keys of those who answered, each read once."""
    return (
        rounds.members_of(round_.body),
        set(round_.answers.values_list("person_id", flat=True)),
    )


def remind_rounds(hours: int = 24) -> dict[str, int]:
    """Remind, once per round, the members who have not answered an asynchronous round whose
    deadline falls within ``hours``. Counts per round; who was reminded stays in the e-mails."""
    sent: dict[str, int] = {}
    window = datetime.timedelta(hours=hours)
    due = Round.objects.filter(
        closed_at=None,
        in_meeting=False,
        reminded_at=None,
        deadline__gt=Now(),
        deadline__lte=Now() + window,
        # A round opened for less than the window: its opening e-mail is the reminder.
        created_at__lt=F("deadline") - window,
    ).select_related("proposal__body", "election__body", "version")
    for round_ in due:
        with transaction.atomic():
            # Claimed first, so two cron runs at once send one reminder.
            if not Round.objects.filter(pk=round_.pk, reminded_at=None).update(reminded_at=Now()):
                continue
            members, answered = _who(round_)
            people = [member for member in members if member.pk not in answered]
            count = 0
            if people:
                context = _round_context(round_, members, answered, reminder=True)
                count = _send(people, "round", context)
            record(None, "governance.round_remind", round_, fields=["reminded_at"], sent=count)
        sent[str(round_)] = count
    return sent


# --- the nomination and change rounds of an election ------------------------------------------


def _election_context(election: Election, *, reminder: bool) -> dict[str, Any]:
    return {
        "election": election,
        "body": election.body,
        "change": election.stage == Stage.CHANGE,
        "reminder": reminder,
        "deadline_at": election.deadline,
        "link": _url(reverse("governance:election", kwargs={"pk": election.pk})),
    }


def nominations_opened(election_id: Any) -> int:
    """The nomination round, or the change round once the nominations are revealed, is open at
    a distance (with a deadline): every member is asked to nominate someone, or no one."""
    election = Election.objects.select_related("body", "role").get(pk=election_id)
    if election.deadline is None or election.stage not in (Stage.NOMINATION, Stage.CHANGE):
        return 0
    context = _election_context(election, reminder=False)
    return _send(rounds.members_of(election.body), "nominations", context)


def election_cancelled(election_id: Any, asked_until: datetime.datetime, *, consent: bool) -> int:
    """Tell the members that the election whose round they were asked by e-mail to answer until
    ``asked_until`` is cancelled (``consent``: a consent round, where silence counted)."""
    election = Election.objects.select_related("body", "role").get(pk=election_id)
    context = {
        "election": election,
        "body": election.body,
        "consent": consent,
        "deadline_at": asked_until,
        "link": _url(reverse("governance:election", kwargs={"pk": election.pk})),
    }
    return _send(rounds.members_of(election.body), "cancelled", context)


def remind_nominations(hours: int = 24) -> dict[str, int]:
    """Remind the members who have not nominated anyone (nor no one) in a nomination round whose
    deadline falls within ``hours``, once per deadline. Not in the change round: there a
    member who says nothing keeps their nomination, which is an answer."""
    sent: dict[str, int] = {}
    due = (
        Election.objects.filter(
            stage=Stage.NOMINATION,
            deadline__gt=Now(),
            deadline__lte=Now() + datetime.timedelta(hours=hours),
            created_at__lt=F("deadline") - datetime.timedelta(hours=hours),
        )
        .filter(Q(reminded_deadline=None) | ~Q(reminded_deadline=F("deadline")))
        .select_related("body", "role")
    )
    for election in due:
        with transaction.atomic():
            claimed = (
                Election.objects.filter(pk=election.pk, deadline=election.deadline)
                .exclude(reminded_deadline=election.deadline)
                .update(reminded_deadline=election.deadline)
            )
            if not claimed:
                continue
            done = set(
                election.nominations.filter(step=Nomination.Step.NOMINATION).values_list(
                    "nominator_id", flat=True
                )
            )
            people = [m for m in rounds.members_of(election.body) if m.pk not in done]
            context = _election_context(election, reminder=True)
            count = _send(people, "nominations", context) if people else 0
            record(
                None,
                "governance.election_remind",
                election,
                fields=["reminded_deadline"],
                sent=count,
            )
        sent[str(election)] = count
    return sent
