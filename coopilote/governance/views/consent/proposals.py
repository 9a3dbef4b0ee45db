"""Proposals: the list, the register, the page, and the writes on a proposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.governance.forms.consent import (
    AmendForm,
    DecideForm,
    FacilitatorForm,
    ProposalEditForm,
    ProposalForm,
)
from coopilote.governance.models import ConsentDecision
from coopilote.governance.services import consent, rounds
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.consent.common import (
    Error,
    detail,
    proposal_for,
    rule_url,
    run,
    visible_bodies,
)
from coopilote.members.current import current_person, current_union
from coopilote.members.models import Body


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The current union's proposals, filtered by body and stage. The union's own bodies decide
    in the open (public list); a cooperative's bodies only show to its people."""
    union = current_union(request)
    bodies: list[Body] = []
    proposals: list[ConsentDecision] = []
    body = stage = None
    if union is not None:
        bodies = visible_bodies(request, union)
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
        bodies = visible_bodies(request, union)
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
        decision.rule_url = rule_url(decision)  # type: ignore[attr-defined]
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
    return detail(request, proposal_for(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = proposal_for(request, pk, "change")
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
    proposal = proposal_for(request, pk, "set_facilitator")
    form = FacilitatorForm(proposal, request.POST)
    if form.is_valid():
        run(request, consent.set_facilitator, proposal, form.cleaned_data["facilitator"])
    else:
        messages.error(request, _("Choose a member of the body."))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_amend(request: HttpRequest, pk: Any) -> HttpResponse:
    """The facilitator writes an amended version, naming the objections it integrates."""
    proposal = proposal_for(request, pk, "facilitate")
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
    proposal = proposal_for(request, pk, "facilitate")
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the decision date and the review date."))
        return redirect(proposal)
    if run(
        request,
        consent.decide,
        proposal,
        review_on=form.cleaned_data["review_on"],
        decided_on=form.cleaned_data["decided_on"],
    ):
        messages.success(request, _("The decision is recorded in the body's register."))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = proposal_for(request, pk, "change")
    if request.method == "GET":
        current = consent.open_round(proposal)
        return confirm(
            request,
            title=_("Withdraw the proposal"),
            subject=proposal.title,
            effects=[
                _("The proposal is withdrawn: it will never be decided, nor amended again."),
                *([_("A round in progress is closed.")] if current else []),
                *(
                    [_("An e-mail tells the members who were asked to answer this round.")]
                    if current and rounds.awaits_by_email(current)
                    else []
                ),
                _("Its versions and rounds stay readable."),
            ],
            trail=[(_("Consent decisions"), reverse("governance:proposal_list"))],
            back=proposal.get_absolute_url(),
        )
    if run(request, consent.withdraw, proposal):
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect(proposal)
