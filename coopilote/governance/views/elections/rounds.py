"""The consent round on the facilitator's proposal, a new round, and cancelling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopilote.governance.forms.elections import (
    AnswerForm,
    ProposeForm,
    RecordedAnswerForm,
    ReopenForm,
)
from coopilote.governance.models import Election, ElectionProposal
from coopilote.governance.services import elections as services
from coopilote.governance.services import rounds
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.consent.common import told_by_email
from coopilote.governance.views.elections.common import (
    MEETING,
    confirm_subject,
    confirm_trail,
    detail,
    election_for,
    members_of,
    person_of,
    submit,
)
from coopilote.members.current import current_person


@login_required
@require_POST
def propose(request: HttpRequest, pk: Any) -> HttpResponse:
    return submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.propose(
            request.user,
            e,
            list(data["people"]),
            data["reason"],
            deadline=data["deadline"],
            # Without a deadline, the consent round is held in a meeting.
            in_meeting=data["deadline"] is None,
            min_answers_percent=data["min_answers_percent"],
        ),
        lambda proposal: opened(request, proposal, _("The consent round is open.")),
        lambda e: ProposeForm(request.POST, people=members_of(e.body), holders=e.role.holders),
        "propose_form",
    )


def opened(request: HttpRequest, proposal: ElectionProposal, done: str) -> None:
    """A consent round is open: held in a meeting (``done``, then: no e-mail), or at a
    distance: how many members the e-mail reaches and who it cannot reach, to be told another
    way (``notifications.round_opened`` writes to the same members)."""
    if proposal.round.in_meeting:
        messages.success(request, done + " " + _("It is held in a meeting: no e-mail is sent."))
    else:
        told_by_email(request, rounds.members_of(proposal.election.body))


@login_required
@require_POST
def reopen_round(request: HttpRequest, pk: Any) -> HttpResponse:
    election = election_for(request, pk, "facilitate")
    form = ReopenForm(request.POST, floor=services.reopen_floor(election))
    if not form.is_valid():
        return detail(request, election, {"reopen_form": form})
    data = form.cleaned_data
    try:
        proposal = services.reopen_round(
            request.user,
            election,
            deadline=data["deadline"],
            in_meeting=data["deadline"] is None,
            min_answers_percent=data["min_answers_percent"],
        )
    except services.ElectionError as error:
        form.add_error(None, str(error))
        return detail(request, election, {"reopen_form": form})
    if proposal is None:
        messages.warning(
            request,
            _(
                "A proposed person no longer sits in this body: the proposal is void, make a "
                "new one."
            ),
        )
    else:
        opened(request, proposal, _("A new consent round is open on the same proposal."))
    return redirect("governance:election", pk=election.pk)


@login_required
@require_POST
def answer(request: HttpRequest, pk: Any) -> HttpResponse:
    return submit(
        request,
        pk,
        "take_part",
        lambda e, data: services.answer(
            e,
            current_person(request),
            data["kind"],
            text=data["text"],
            risk=data["risk"],
            actor=request.user,
        ),
        _("Your answer is recorded."),
        lambda e: AnswerForm(request.POST),
        "answer_form",
    )


@login_required
@require_POST
def answer_for(request: HttpRequest, pk: Any) -> HttpResponse:
    return submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.answer(
            e,
            data["person"],
            data["kind"],
            text=data["text"],
            risk=data["risk"],
            recorded_by=person_of(request),
            actor=request.user,
        ),
        _("The member's answer is recorded."),
        lambda e: RecordedAnswerForm(request.POST, people=members_of(e.body), prefix=MEETING),
        "record_answer_form",
    )


@login_required
@require_POST
def close_round(request: HttpRequest, pk: Any) -> HttpResponse:
    def close(election: Election, data: dict[str, Any]) -> Election:
        closed = services.close_round(request.user, election)
        if closed.stage == Election.Stage.CONSENT:
            messages.warning(
                request,
                _(
                    "Too few members answered: nobody is elected, and nobody is turned down. "
                    "Open a new consent round on the same proposal."
                ),
            )
        return closed

    return submit(request, pk, "facilitate", close, _("The consent round is closed."))


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: Any) -> HttpResponse:
    if request.method == "GET":
        election = election_for(request, pk, "facilitate")
        current = services.current_round(election)
        asked_by_email = services.asked_by_email(election) is not None
        return confirm(
            request,
            title=_("Cancel the election"),
            subject=confirm_subject(election),
            effects=[
                _("The election stops at its current step: nobody is elected."),
                *([_("A consent round in progress is closed.")] if current else []),
                *(
                    [_("An e-mail tells the members who were asked to answer this round.")]
                    if asked_by_email
                    else []
                ),
                *(
                    [_("Nominations not yet revealed stay sealed.")]
                    if election.stage == Election.Stage.NOMINATION
                    else []
                ),
                _("To fill the role, start a new election."),
            ],
            back=reverse("governance:election", kwargs={"pk": election.pk}),
            trail=confirm_trail(),
        )
    return submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.cancel(request.user, e),
        _("The election is cancelled."),
    )
