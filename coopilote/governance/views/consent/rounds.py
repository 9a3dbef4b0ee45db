"""Rounds of a proposal: opened and closed by the facilitator, answered by the members (or
recorded by the facilitator in a meeting)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopilote.governance.forms.consent import (
    AnswerForm,
    RecordForm,
    RoundForm,
)
from coopilote.governance.models import ConsentDecision, Round
from coopilote.governance.services import consent, rounds
from coopilote.governance.views.consent.common import (
    Error,
    detail,
    proposal_for,
    told_by_email,
)
from coopilote.members.current import current_person


@login_required
@require_POST
def round_open(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = proposal_for(request, pk, "facilitate")
    kind = request.POST.get("kind", "")
    form = RoundForm(
        request.POST,
        auto_id=f"{kind}-%s",
        floor=consent.minimum_floor(proposal) if kind == Round.Kind.CONSENT else None,
    )
    if not form.is_valid():
        return detail(request, proposal, round_form=form)
    data = form.cleaned_data
    try:
        consent.start_round(
            proposal,
            data["kind"],
            deadline=data["deadline"],
            in_meeting=data["in_meeting"],
            min_answers_percent=data.get("min_answers_percent", rounds.DEFAULT_MIN_ANSWERS_PERCENT),
            actor=request.user,
        )
    except Error as error:
        # Refused: the form comes back as typed, the reason in it.
        form.add_error(None, str(error))
        return detail(request, proposal, round_form=form)
    if data["in_meeting"]:
        messages.success(request, _("The round is open."))
    else:
        told_by_email(request, rounds.members_of(proposal.body))
    return redirect(proposal)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = proposal_for(request, pk, "facilitate")
    try:
        closed = consent.close_round(proposal, actor=request.user)
    except Error as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _closing_message(closed))
    return redirect(proposal)


def _closing_message(round_: Round) -> str:
    """What the closing means for the proposal: the facilitator's next step."""
    if round_.kind != Round.Kind.CONSENT:
        return str(_("The round is closed."))
    result = rounds.outcome(round_)
    if result["objections"]:
        return str(_("The consent round is closed with objections: integrate them."))
    if not result["minimum_reached"]:
        return str(
            _("The consent round is closed below its minimum participation: open a new one.")
        )
    return str(_("The consent round is closed without objection: record the decision."))


def _round(proposal: ConsentDecision, round_pk: Any) -> Round:
    try:
        return proposal.rounds.get(pk=round_pk)
    except Round.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def round_answer(request: HttpRequest, pk: Any, round_pk: Any) -> HttpResponse:
    """A member answers for themself (question, reaction, consent, concern, objection)."""
    return _answer(request, pk, round_pk, in_meeting=False)


@login_required
@require_POST
def round_record(request: HttpRequest, pk: Any, round_pk: Any) -> HttpResponse:
    """During a meeting, the facilitator records the answer a member gives aloud."""
    return _answer(request, pk, round_pk, in_meeting=True)


def _answer(request: HttpRequest, pk: Any, round_pk: Any, *, in_meeting: bool) -> HttpResponse:
    """One answer in a round: the member's own, or one the facilitator types in a meeting (then
    the member is a field of the form and the facilitator is recorded as its author)."""
    proposal = proposal_for(request, pk, "facilitate" if in_meeting else "take_part")
    round_ = _round(proposal, round_pk)
    form = (
        RecordForm(round_, request.POST, auto_id="record-%s")
        if in_meeting
        else AnswerForm(round_, request.POST)
    )
    bound = {"record_form" if in_meeting else "answer_form": form}
    if not form.is_valid():
        return detail(request, proposal, **bound)
    data = form.cleaned_data
    try:
        consent.give_answer(
            proposal,
            round_,
            data["person"] if in_meeting else current_person(request),
            data["kind"],
            text=data["text"],
            risk=data.get("risk", ""),
            recorded_by=current_person(request) if in_meeting else None,
            actor=request.user,
        )
    except Error as error:
        # Shown next to the form, which keeps what was typed.
        form.add_error(None, str(error))
        return detail(request, proposal, **bound)
    done = _("The answer has been recorded.") if in_meeting else _("Your answer has been recorded.")
    messages.success(request, done)
    return redirect(proposal)
