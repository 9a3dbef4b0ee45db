"""A proposal's page: its text, where it came from and went, comments; split and scope forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.roadmap import priorities
from coopilote.roadmap.forms import CommentForm, ScopeForm, SplitForm
from coopilote.roadmap.models import Action, Proposal, Roadmap
from coopilote.roadmap.services import add_comment, confirm_scope, split_proposal


def _proposal(request: HttpRequest, pk: Any, action: str) -> Proposal:
    return get_object_for(request.user, Proposal.objects.for_page(), action, pk=pk)


def _page(request: HttpRequest, proposal: Proposal, **forms: Any) -> HttpResponse:
    abilities = proposal.user_abilities  # type: ignore[attr-defined]
    union = proposal.congress.union
    # Where the proposal went: the roadmap actions it became (those the visitor may see).
    roadmaps = Roadmap.objects.visible_to(request.user, union)
    actions = (
        Action.objects.filter(proposals=proposal, axis__roadmap__in=roadmaps)
        .select_related("axis__roadmap", "status")
        .order_by("axis__roadmap__title", "axis__order", "order")
    )
    context = {
        "priority": priorities.priorities_for([proposal.pk]).get(str(proposal.pk)),
        "actions": actions,
        # Staff and board turn the proposal into an action of one of the union's roadmaps.
        "target_roadmaps": roadmaps.filter(Q(congress=proposal.congress_id) | Q(congress=None))
        if abilities.get("change")
        else (),
        "proposal": proposal,
        "congress": proposal.congress,
        "results": proposal.links_out.select_related("result__theme"),
        "sources": proposal.links_in.select_related("source__theme"),
        "comments": proposal.comments.for_page(),
        "comment_form": forms.get("comment_form")
        or (CommentForm() if abilities.get("comment") else None),
        "scope_form": forms.get("scope_form")
        or (
            ScopeForm(initial={"scope": proposal.scope}) if abilities.get("confirm_scope") else None
        ),
    }
    return render(request, "roadmap/proposal_detail.html", context, status=400 if forms else 200)


@require_GET
def proposal_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _page(request, _proposal(request, pk, "view"))


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            add_comment(request.user, proposal, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("Comment published."))
            return redirect(f"{proposal.get_absolute_url()}#commentaires")
    return _page(request, proposal, comment_form=form)


@login_required
@require_POST
def proposal_scope(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "confirm_scope")
    form = ScopeForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, scope_form=form)
    confirm_scope(request.user, proposal, form.cleaned_data["scope"])
    messages.success(request, _("Scope confirmed."))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_split(request: HttpRequest, pk: Any) -> HttpResponse:
    proposal = _proposal(request, pk, "split")
    # A proposal announcing sub-items usually splits into them.
    initial = "\n".join(proposal.sub_items or [proposal.text])
    form = SplitForm(request.POST or None, initial={"parts": initial})
    if request.method == "POST" and form.is_valid():
        try:
            split_proposal(request.user, proposal, form.cleaned_data["parts"])
        except ValidationError as exc:
            form.add_error("parts", exc)
        else:
            messages.success(request, _("Proposal split."))
            return redirect(proposal)
    return render(request, "roadmap/proposal_split.html", {"proposal": proposal, "form": form})
