"""What every election view shares: the election looked up through its abilities, the
record page, and the POST of a step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.elections import (
    AnswerForm,
    NominationForm,
    ProposeForm,
    RecordedAnswerForm,
    RecordedNominationForm,
    ReopenForm,
)
from coopilote.governance.models import Election
from coopilote.governance.services import elections as services
from coopilote.governance.services import rounds
from coopilote.members.models import Body, BodySeat, Person
from coopilote.members.roles import roles_of

# The facilitator's forms typed for a member during a meeting: their own field names and ids, so
# they never clash with the facilitator's own forms on the same page.
MEETING = "meeting"


def election_for(request: HttpRequest, pk: Any, action: str = "view") -> Election:
    return get_object_for(
        request.user,
        Election.objects.select_related("body__union", "role", "facilitator"),
        action,
        pk=pk,
    )


def members_of(body: Body) -> Any:
    ids = BodySeat.objects.current().filter(body=body).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("last_name", "first_name")


def person_of(request: HttpRequest) -> Person | None:
    person_id = roles_of(request.user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


def confirm_subject(election: Election) -> str:
    """What a confirmation page names (« Élection : Co-présidence — Conseil »)."""
    role = _("Election: %(role)s") % {"role": election.role.name}
    return f"{role} — {election.body.name}"


def confirm_trail() -> list[tuple[str, str]]:
    """The breadcrumb of a confirmation page, between « Governance » and the election."""
    return [(_("Elections without candidates"), reverse("governance:election_list"))]


def detail(request: HttpRequest, election: Election, bound: dict[str, Form] | None = None) -> Any:
    """The record page; a refused step comes back in its bound form, which keeps what was typed
    and shows the refusal next to its fields."""
    abilities = election.user_abilities  # type: ignore[attr-defined]
    person_id = roles_of(request.user).person_id
    record = services.election_record(election, person_id)
    members = members_of(election.body)
    open_round = services.current_round(election) if election.stage == "consent" else None
    own_answer = (
        open_round.answers.filter(person_id=person_id).first() if open_round and person_id else None
    )
    context: dict[str, Any] = {
        "election": election,
        "abilities": abilities,
        "record": record,
        "open_round": open_round,
        "own_answer": own_answer,
        "me_id": person_id,
        "Stage": Election.Stage,
    }
    if abilities["take_part"] and election.stage in ("nomination", "change"):
        # The form starts from the member's standing nomination.
        own = (record.own_change or record.own) if election.stage == "change" else record.own
        initial = {"nominee": own.nominee_id, "reason": own.reason} if own else None
        context["nomination_form"] = NominationForm(
            people=members, initial=initial, stage=election.stage
        )
    # Past its deadline a round takes no more answers; the facilitator records answers given
    # aloud in a meeting only (the service refuses them otherwise).
    answering = open_round is not None and not rounds.past_deadline(open_round)
    context["past_deadline"] = open_round is not None and not answering
    if abilities["take_part"] and answering:
        context["answer_form"] = AnswerForm()
    if abilities["facilitate"]:
        if election.stage in ("nomination", "change"):
            context["record_nomination_form"] = RecordedNominationForm(
                people=members, prefix=MEETING, stage=election.stage
            )
        if election.stage == "proposal":
            context["propose_form"] = ProposeForm(people=members, holders=election.role.holders)
        if open_round is not None:
            if open_round.in_meeting:
                context["record_answer_form"] = RecordedAnswerForm(people=members, prefix=MEETING)
            # Before its deadline an asynchronous round waits for the silent members.
            context["can_close"] = not rounds.waiting_for_answers(open_round)
        elif election.stage == "consent":
            # No round open at the consent stage: the last one missed its minimum, and the
            # same proposal goes to a new round.
            context["reopen_form"] = ReopenForm(floor=services.reopen_floor(election))
    context.update(bound or {})
    return render(request, "governance/elections/detail.html", context)


def submit(
    request: HttpRequest,
    pk: Any,
    action: str,
    run: Callable[[Election, dict[str, Any]], Any],
    done: str | Callable[[Any], None],
    make_form: Callable[[Election], Form] | None = None,
    form_name: str = "",
) -> HttpResponse:
    """Every step's POST: the election the user may ``action``, the step's form (if any), the
    service; a refusal (invalid form or service error) comes back as a message on the record.
    ``done``: the success message, or what says it from the service's result."""
    election = election_for(request, pk, action)
    form = make_form(election) if make_form else None
    if form is not None and not form.is_valid():
        return detail(request, election, {form_name: form})
    try:
        result = run(election, form.cleaned_data if form is not None else {})
    except services.ElectionError as error:
        if form is None:
            messages.error(request, str(error))
        else:
            form.add_error(None, str(error))
            return detail(request, election, {form_name: form})
    else:
        if isinstance(done, str):
            messages.success(request, done)
        else:
            done(result)
    return redirect("governance:election", pk=election.pk)
