"""Consent decisions: thin views over ``services.consent``; every proposal goes through
``get_object_for`` (its ``abilities``), every write through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.consent import (
    AmendForm,
    AnswerForm,
    DecideForm,
    FacilitatorForm,
    ProposalEditForm,
    ProposalForm,
    RecordForm,
    RoundForm,
)
from coopilote.governance.models import ConsentDecision, Round
from coopilote.governance.services import consent, rounds
from coopilote.members.current import current_person, current_union
from coopilote.members.models import Body
from coopilote.members.roles import roles_of

Error = (consent.ConsentError, rounds.RoundError)


def _proposal(request: HttpRequest, pk: Any, action: str = "view") -> ConsentDecision:
    return get_object_for(
        request.user,
        ConsentDecision.objects.select_related(
            "body__union", "body__cooperative", "author", "facilitator"
        ),
        action,
        pk=pk,
    )


def _visible_bodies(request: HttpRequest, union: Any) -> list[Body]:
    ids = ConsentDecision.objects.visible_in_union(union, request.user).values("body")
    own = Body.objects.of_union(union)
    roles = roles_of(request.user)
    seated = Body.objects.filter(union=union, pk__in=roles.bodies)
    return list(
        (own | seated | Body.objects.filter(pk__in=ids)).distinct().order_by("kind", "name")
    )


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The current union's proposals, filtered by body and stage. The union's own bodies decide
    in the open (public list); a cooperative's bodies only show to its people."""
    union = current_union(request)
    bodies: list[Body] = []
    proposals: list[ConsentDecision] = []
    body = stage = None
    if union is not None:
        bodies = _visible_bodies(request, union)
        listed = ConsentDecision.objects.visible_in_union(union, request.user).for_listing()
        body = next((b for b in bodies if str(b.pk) == request.GET.get("body")), None)
        if body is not None:
            listed = listed.filter(body=body)
        if request.GET.get("stage") in ConsentDecision.Stage.values:
            stage = request.GET["stage"]
            listed = listed.filter(stage=stage)
        proposals = list(listed)
    proposable = [
        b for b in bodies if ConsentDecision(body=b).abilities(request.user).get("propose", False)
    ]
    context = {
        "union": union,
        "bodies": bodies,
        "proposable": proposable,
        "stages": ConsentDecision.Stage.choices,
        "proposals": proposals,
        "body": body,
        "stage": stage,
    }
    return render(request, "governance/consent/list.html", context)


@require_GET
def proposal_register(request: HttpRequest) -> HttpResponse:
    """Each body's decision register: what was decided, when, under which rule, reviewed when."""
    union = current_union(request)
    decisions: list[ConsentDecision] = []
    bodies: list[Body] = []
    body = None
    if union is not None:
        bodies = _visible_bodies(request, union)
        listed = (
            ConsentDecision.objects.visible_in_union(union, request.user)
            .decided()
            .select_related("body__cooperative", "rule")
        )
        body = next((b for b in bodies if str(b.pk) == request.GET.get("body")), None)
        if body is not None:
            listed = listed.filter(body=body)
        decisions = list(listed)
    for decision in decisions:
        decision.rule_url = _rule_url(decision)  # type: ignore[attr-defined]
    context = {
        "union": union,
        "bodies": bodies,
        "body": body,
        "decisions": decisions,
        "today": timezone.localdate(),
    }
    return render(request, "governance/consent/register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, body: Any) -> HttpResponse:
    chosen = get_object_or_404(Body.objects.select_related("union"), pk=body)
    abilities = ConsentDecision(body=chosen).abilities(request.user)
    if not abilities["view"]:
        raise Http404
    if not abilities["propose"]:
        raise PermissionDenied
    form = ProposalForm(chosen, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = consent.create(
                chosen,
                current_person(request),
                title=data["title"],
                text=data["text"],
                living_effect=data["living_effect"],
                rule=data["rule"],
                rule_article=data["rule_article"],
                facilitator=data["facilitator"],
                actor=request.user,
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposal has been created."))
            return redirect(proposal)
    context = {"form": form, "body": chosen, "title": _("New proposal")}
    return render(request, "governance/consent/form.html", context)


@require_GET
def proposal_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _detail(request, _proposal(request, pk))


def _detail(
    request: HttpRequest,
    proposal: ConsentDecision,
    *,
    answer_form: Any = None,
    record_form: Any = None,
) -> HttpResponse:
    """The proposal page; a refused answer comes back in its bound form, next to its fields."""
    abilities: dict[str, bool] = proposal.user_abilities  # type: ignore[attr-defined]
    page = consent.proposal_page(proposal, roles_of(request.user).person_id)
    current, facilitate = page.current, abilities["facilitate"]
    is_open = proposal.stage in consent.OPEN_STAGES
    context = {
        "proposal": proposal,
        "version": page.version,
        "versions": page.versions,
        "rounds": page.rounds,
        "current": current,
        "mine": page.mine,
        "members": page.members,
        "rule_url": _rule_url(proposal),
        "answer_form": answer_form
        or (AnswerForm(current) if current and abilities["take_part"] else None),
        "record_form": record_form
        or (
            RecordForm(current, auto_id="record-%s")
            if current and current.in_meeting and facilitate
            else None
        ),
        "round_forms": [
            (kind, Round.Kind(kind).label, RoundForm(initial={"kind": kind}, auto_id=f"{kind}-%s"))
            for kind in (consent.next_round_kinds(proposal) if facilitate else [])
        ],
        "can_amend": facilitate
        and current is None
        and proposal.stage in ("clarifying", "reactions", "integration"),
        "decide_form": DecideForm(auto_id="decide-%s")
        if facilitate and proposal.stage == "consent" and page.may_decide
        else None,
        "facilitator_form": FacilitatorForm(
            proposal, initial={"facilitator": proposal.facilitator_id}, auto_id="facilitator-%s"
        )
        if abilities["set_facilitator"] and is_open
        else None,
        "is_open": is_open,
    }
    return render(request, "governance/consent/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "change")
    version = consent.current_version(proposal)
    initial = {
        "title": proposal.title,
        "living_effect": version.living_effect,
        "rule": proposal.rule_id,
        "rule_article": proposal.rule_article,
    }
    form = ProposalEditForm(proposal, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent.update(
                proposal,
                title=data["title"],
                living_effect=data["living_effect"],
                rule=data["rule"],
                rule_article=data["rule_article"],
                actor=request.user,
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposal has been saved."))
            return redirect(proposal)
    context = {
        "form": form,
        "body": proposal.body,
        "proposal": proposal,
        "title": _("Edit the proposal"),
    }
    return render(request, "governance/consent/form.html", context)


@login_required
@require_POST
def proposal_facilitator(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "set_facilitator")
    form = FacilitatorForm(proposal, request.POST)
    if form.is_valid():
        _run(request, consent.set_facilitator, proposal, form.cleaned_data["facilitator"])
    else:
        messages.error(request, _("Choose a member of the body."))
    return redirect(proposal)


@login_required
@require_POST
def round_open(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "facilitate")
    form = RoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(proposal)
    data = form.cleaned_data
    if _run(
        request,
        consent.start_round,
        proposal,
        data["kind"],
        deadline=data["deadline"],
        in_meeting=data["in_meeting"],
    ):
        messages.success(request, _("The round is open."))
    return redirect(proposal)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "facilitate")
    if _run(request, consent.close_round, proposal):
        messages.success(request, _("The round is closed."))
    return redirect(proposal)


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
    proposal = _proposal(request, pk, "facilitate" if in_meeting else "take_part")
    round_ = _round(proposal, round_pk)
    form = (
        RecordForm(round_, request.POST, auto_id="record-%s")
        if in_meeting
        else AnswerForm(round_, request.POST)
    )
    bound = {"record_form" if in_meeting else "answer_form": form}
    if not form.is_valid():
        return _detail(request, proposal, **bound)
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
        return _detail(request, proposal, **bound)
    done = _("The answer has been recorded.") if in_meeting else _("Your answer has been recorded.")
    messages.success(request, done)
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_amend(request: HttpRequest, pk: Any) -> HttpResponse:
    """The facilitator writes an amended version, naming the objections it integrates."""
    proposal = _proposal(request, pk, "facilitate")
    version = consent.current_version(proposal)
    objections = (
        consent.standing_objections(consent.last_consent_round(proposal))
        if proposal.stage == ConsentDecision.Stage.INTEGRATION
        else []
    )
    initial = {"text": version.text, "living_effect": version.living_effect}
    form = AmendForm(objections, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent.amend(
                proposal,
                text=data["text"],
                living_effect=data["living_effect"],
                change_note=data["change_note"],
                integrated=[a.pk for a in data.get("integrated") or []],
                actor=request.user,
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The amended version has been saved."))
            return redirect(proposal)
    context = {
        "form": form,
        "body": proposal.body,
        "proposal": proposal,
        "version": version,
        "objections": objections,
        "title": _("Amend the proposal"),
    }
    return render(request, "governance/consent/form.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "facilitate")
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the decision date and the review date."))
        return redirect(proposal)
    if _run(
        request,
        consent.decide,
        proposal,
        review_on=form.cleaned_data["review_on"],
        decided_on=form.cleaned_data["decided_on"],
    ):
        messages.success(request, _("The decision is recorded in the body's register."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "change")
    if _run(request, consent.withdraw, proposal):
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect(proposal)


def _run(request: HttpRequest, service: Any, *args: Any, **kwargs: Any) -> bool:
    """Call a service; a refusal becomes a message on the proposal page."""
    try:
        service(*args, actor=request.user, **kwargs)
    except Error as error:
        messages.error(request, str(error))
        return False
    return True


def _rule_url(proposal: ConsentDecision) -> str | None:
    """The page of the rule that allowed the decision, once the rules pages exist."""
    if proposal.rule_id is None:
        return None
    try:
        return reverse("governance:rule_detail", kwargs={"pk": proposal.rule_id})
    except NoReverseMatch:
        return None
