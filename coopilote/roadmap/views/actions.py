"""An action's page (its proposals, milestones, log), creating it from proposals, editing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.roadmap import reading
from coopilote.roadmap.forms import ActionForm, ProgressForm, UpdateForm
from coopilote.roadmap.models import Action, Roadmap
from coopilote.roadmap.services import (
    add_update,
    create_action_from_proposals,
    update_action,
    update_progress,
)

EDITABLE = (
    "title",
    "axis",
    "description",
    "owner_kind",
    "owner_body",
    "owner_person",
    "scope",
    "start",
    "due",
    "status",
    "weight",
)


def _action(request: HttpRequest, pk: Any, action: str) -> Action:
    return get_object_for(
        request.user,
        Action.objects.select_related("axis__roadmap__union", "status", "parent"),
        action,
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = get_object_for(request.user, Roadmap.objects.select_related("union"), "change", pk=pk)
    initial = {
        "proposals": request.GET.getlist("proposals"),
        "parent": request.GET.get("parent") or None,
    }
    form = ActionForm(request.POST or None, roadmap=roadmap, initial=initial)
    if not roadmap.axes.exists():
        messages.info(request, _("Add an axis to the roadmap first."))
        return redirect("roadmap:roadmap_edit", pk=roadmap.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data[name] for name in EDITABLE if name not in ("title", "axis")}
        try:
            action = create_action_from_proposals(
                request.user,
                data["axis"],
                list(data["proposals"]),
                data["title"],
                parent=data["parent"],
                **values,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Action added to the roadmap."))
            return redirect(action)
    return render(request, "roadmap/action_form.html", {"roadmap": roadmap, "form": form})


def _page(request: HttpRequest, action: Action, status: int = 200, **forms: Any) -> HttpResponse:
    roadmap = action.axis.roadmap
    data = reading.load(roadmap)
    node = data.tree.node(action.pk)
    abilities = action.user_abilities  # type: ignore[attr-defined]
    can_change = abilities.get("change", False)
    context = {
        "action": action,
        "roadmap": roadmap,
        "node": node,
        "inherited": reading.inherited_sources(data.tree, action.pk),
        "updates": action.updates.select_related("author"),
        "progress_form": forms.get("progress_form")
        or (
            ProgressForm(initial={"progress": action.progress or 0})
            if can_change and node is not None and node.is_leaf
            else None
        ),
        "update_form": forms.get("update_form") or (UpdateForm() if can_change else None),
    }
    return render(request, "roadmap/action_detail.html", context, status=status)


@require_GET
def action_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _page(request, _action(request, pk, "view"))


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk, "change")
    roadmap = action.axis.roadmap
    form = ActionForm(request.POST or None, instance=action, roadmap=roadmap)
    del form.fields["parent"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stored = Action.objects.select_related("axis__roadmap").get(pk=action.pk)
        try:
            update_action(
                request.user,
                stored,
                proposals=list(data["proposals"]),
                **{name: data[name] for name in EDITABLE},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Action saved."))
            return redirect(stored)
    return render(
        request, "roadmap/action_form.html", {"roadmap": roadmap, "form": form, "action": action}
    )


@login_required
@require_POST
def action_progress(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk, "change")
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            update_progress(
                request.user, action, form.cleaned_data["progress"], form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error("progress", exc)
        else:
            messages.success(request, _("Progress saved."))
            return redirect(action)
    return _page(request, action, status=400, progress_form=form)


@login_required
@require_POST
def action_update(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk, "change")
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            add_update(request.user, action, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("News added to the action's log."))
            return redirect(f"{action.get_absolute_url()}#journal")
    return _page(request, action, status=400, update_form=form)
