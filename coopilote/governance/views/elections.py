"""Elections without candidates: the list, the record page (with the form of the current step)
and one POST view per step. Thin views over ``services.elections``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.elections import (
    AnswerForm,
    ElectionForm,
    NominationForm,
    ProposeForm,
    RecordedAnswerForm,
    RecordedNominationForm,
    ReopenForm,
    RevealForm,
)
from coopilote.governance.models import Election
from coopilote.governance.services import elections as services
from coopilote.governance.services import rounds
from coopilote.governance.views.confirm import confirm
from coopilote.members.current import current_person, current_union
from coopilote.members.models import Body, BodySeat, Person, UnionRole
from coopilote.members.roles import roles_of

# The facilitator's forms typed for a member during a meeting: their own field names and ids, so
# they never clash with the facilitator's own forms on the same page.
MEETING = "meeting"


def _election(request: HttpRequest, pk: Any, action: str = "view") -> Election:
    return get_object_for(
        request.user,
        Election.objects.select_related("body__union", "role", "facilitator"),
        action,
        pk=pk,
    )


def _members(body: Body) -> Any:
    ids = BodySeat.objects.current().filter(body=body).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("last_name", "first_name")


def _person(request: HttpRequest) -> Person | None:
    person_id = roles_of(request.user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    elections: list[Election] = []
    if union is not None:
        elections = list(
            Election.objects.filter(body__union=union, body__cooperative=None)
            .select_related("body", "role", "facilitator")
            .order_by("-created_at")
        )
    return render(
        request, "governance/elections/list.html", {"union": union, "elections": elections}
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest, pk: Any) -> HttpResponse:
    body = get_object_for(request.user, Body.objects.select_related("union"), "change", pk=pk)
    me = _person(request)
    staff = UnionRole.objects.filter(union=body.union_id).values("person_id")
    people = Person.objects.filter(
        pk__in=[*_members(body).values_list("pk", flat=True), *([me.pk] if me else [])]
    ) | Person.objects.filter(pk__in=staff)
    form = ElectionForm(
        request.POST or None,
        roles=body.roles.order_by("name"),
        people=people.distinct().order_by("last_name", "first_name"),
        initial={"facilitator": me.pk if me else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = services.start(
                request.user,
                data["role"],
                data["facilitator"],
                data["term_start"],
                data["term_end"],
                data["deadline"],
            )
        except services.ElectionError as error:
            form.add_error(None, str(error))
        else:
            if data["deadline"] is None:
                messages.success(request, _("The nomination round is open."))
            else:
                messages.success(
                    request, _("The nomination round is open: the members are told by e-mail.")
                )
            return redirect("governance:election", pk=election.pk)
    return render(request, "governance/elections/form.html", {"form": form, "body": body})


@require_GET
def election_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _detail(request, _election(request, pk))


def _detail(request: HttpRequest, election: Election, bound: dict[str, Form] | None = None) -> Any:
    """The record page; a refused step comes back in its bound form, which keeps what was typed
    and shows the refusal next to its fields."""
    abilities = election.user_abilities  # type: ignore[attr-defined]
    person_id = roles_of(request.user).person_id
    record = services.election_record(election, person_id)
    members = _members(election.body)
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
        context["nomination_form"] = NominationForm(people=members, initial=initial)
    # Past its deadline a round takes no more answers; the facilitator records answers given
    # aloud in a meeting only (the service refuses them otherwise).
    answering = open_round is not None and not rounds.past_deadline(open_round)
    context["past_deadline"] = open_round is not None and not answering
    if abilities["take_part"] and answering:
        context["answer_form"] = AnswerForm()
    if abilities["facilitate"]:
        if election.stage in ("nomination", "change"):
            context["record_nomination_form"] = RecordedNominationForm(
                people=members, prefix=MEETING
            )
        if election.stage == "nomination":
            context["reveal_form"] = RevealForm()
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


def _submit(
    request: HttpRequest,
    pk: Any,
    action: str,
    run: Callable[[Election, dict[str, Any]], Any],
    done: str,
    make_form: Callable[[Election], Form] | None = None,
    form_name: str = "",
) -> HttpResponse:
    """Every step's POST: the election the user may ``action``, the step's form (if any), the
    service; a refusal (invalid form or service error) comes back as a message on the record."""
    election = _election(request, pk, action)
    form = make_form(election) if make_form else None
    if form is not None and not form.is_valid():
        return _detail(request, election, {form_name: form})
    try:
        run(election, form.cleaned_data if form is not None else {})
    except services.ElectionError as error:
        if form is None:
            messages.error(request, str(error))
        else:
            form.add_error(None, str(error))
            return _detail(request, election, {form_name: form})
    else:
        messages.success(request, done)
    return redirect("governance:election", pk=election.pk)


@login_required
@require_POST
def nominate(request: HttpRequest, pk: Any) -> HttpResponse:
    return _submit(
        request,
        pk,
        "take_part",
        lambda e, data: services.nominate(
            e, current_person(request), data["nominee"], data["reason"], actor=request.user
        ),
        _("Your nomination is recorded; it stays sealed."),
        lambda e: NominationForm(request.POST, people=_members(e.body)),
        "nomination_form",
    )


@login_required
@require_POST
def nominate_for(request: HttpRequest, pk: Any) -> HttpResponse:
    return _submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.nominate(
            e,
            data["nominator"],
            data["nominee"],
            data["reason"],
            recorded_by=_person(request),
            actor=request.user,
        ),
        _("The member's nomination is recorded."),
        lambda e: RecordedNominationForm(request.POST, people=_members(e.body), prefix=MEETING),
        "record_nomination_form",
    )


@login_required
@require_POST
def reveal(request: HttpRequest, pk: Any) -> HttpResponse:
    # An invalid (past) deadline is refused rather than silently dropped.
    return _submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.reveal(request.user, e, data["deadline"]),
        _("The nominations are revealed; the change round is open."),
        lambda e: RevealForm(request.POST),
        "reveal_form",
    )


@login_required
@require_POST
def close_changes(request: HttpRequest, pk: Any) -> HttpResponse:
    return _submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.close_changes(request.user, e),
        _("The change round is closed; the facilitator may propose."),
    )


@login_required
@require_POST
def propose(request: HttpRequest, pk: Any) -> HttpResponse:
    return _submit(
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
        _("The consent round is open."),
        lambda e: ProposeForm(request.POST, people=_members(e.body), holders=e.role.holders),
        "propose_form",
    )


@login_required
@require_POST
def reopen_round(request: HttpRequest, pk: Any) -> HttpResponse:
    election = _election(request, pk, "facilitate")
    form = ReopenForm(request.POST, floor=services.reopen_floor(election))
    if not form.is_valid():
        return _detail(request, election, {"reopen_form": form})
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
        return _detail(request, election, {"reopen_form": form})
    if proposal is None:
        messages.warning(
            request,
            _(
                "A proposed person no longer sits in this body: the proposal is void, make a "
                "new one."
            ),
        )
    else:
        messages.success(request, _("A new consent round is open on the same proposal."))
    return redirect("governance:election", pk=election.pk)


@login_required
@require_POST
def answer(request: HttpRequest, pk: Any) -> HttpResponse:
    return _submit(
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
    return _submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.answer(
            e,
            data["person"],
            data["kind"],
            text=data["text"],
            risk=data["risk"],
            recorded_by=_person(request),
            actor=request.user,
        ),
        _("The member's answer is recorded."),
        lambda e: RecordedAnswerForm(request.POST, people=_members(e.body), prefix=MEETING),
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

    return _submit(request, pk, "facilitate", close, _("The consent round is closed."))


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: Any) -> HttpResponse:
    if request.method == "GET":
        election = _election(request, pk, "facilitate")
        role = _("Election: %(role)s") % {"role": election.role.name}
        return confirm(
            request,
            title=_("Cancel the election"),
            subject=f"{role} — {election.body.name}",
            effects=[
                _("The election stops at its current step: nobody is elected."),
                *(
                    [_("A consent round in progress is closed.")]
                    if services.current_round(election)
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
        )
    return _submit(
        request,
        pk,
        "facilitate",
        lambda e, data: services.cancel(request.user, e),
        _("The election is cancelled."),
    )
