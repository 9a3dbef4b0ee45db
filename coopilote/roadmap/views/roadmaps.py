"""Roadmap pages: the list, the public page (filters, timeline), open data, editing, following."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.members.current import current_union
from coopilote.roadmap import progress, reading
from coopilote.roadmap.forms import AxisForm, RoadmapForm, StatusFormSet
from coopilote.roadmap.models import Roadmap, plan_abilities
from coopilote.roadmap.services import (
    add_axis,
    create_roadmap,
    is_subscribed,
    save_statuses,
    subscribe,
    unsubscribe,
    update_roadmap,
)

DATA_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _roadmap(request: HttpRequest, pk: Any, action: str) -> Roadmap:
    return get_object_for(
        request.user, Roadmap.objects.select_related("union", "congress"), action, pk=pk
    )


@require_GET
def roadmap_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    roadmaps = Roadmap.objects.none()
    can_create = False
    if union is not None:
        roadmaps = Roadmap.objects.visible_to(request.user, union)
        can_create = plan_abilities(request.user, union.pk, published=False)["change"]
    context = {
        "union": union,
        "roadmaps": roadmaps.select_related("congress"),
        "can_create": can_create,
    }
    return render(request, "roadmap/roadmap_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_create(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    if union is None:
        raise Http404
    if not plan_abilities(request.user, union.pk, published=False)["change"]:
        raise PermissionDenied
    form = RoadmapForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roadmap = create_roadmap(
                request.user,
                union,
                data["title"],
                congress=data["congress"],
                intro=data["intro"],
                axes=data["axes"],
                published=data["published"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Roadmap created."))
            return redirect(roadmap)
    return render(request, "roadmap/roadmap_form.html", {"form": form, "union": union})


def _filters(request: HttpRequest, data: reading.RoadmapReading) -> dict[str, Any]:
    statuses = {str(status.pk): status for status in data.statuses}
    themes = {str(theme.pk): theme for theme in data.themes()}
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    status = status if status in statuses else ""
    theme = theme if theme in themes else ""
    late = request.GET.get("late") == "1"

    def keep(node: progress.Node) -> bool:
        action = node.action
        if status and str(action.status_id) != status:
            return False
        if late and not node.overdue:
            return False
        return not theme or any(str(p.theme_id) == theme for p in action.proposals.all())

    return {
        "status": status,
        "theme": theme,
        "late": late,
        "statuses": data.statuses,
        "themes": list(themes.values()),
        "filtered": bool(status or theme or late),
        "keep": keep,
    }


@require_GET
def roadmap_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = _roadmap(request, pk, "view")
    data = reading.load(roadmap)
    filters = _filters(request, data)
    keep = filters.pop("keep")
    shown = progress.prune(data.tree, keep)
    context = {
        "roadmap": roadmap,
        "tree": data.tree,
        "shown": shown,
        "timeline": progress.timeline(node for _axis, rows in shown for node in rows),
        "filters": filters,
        "subscribed": is_subscribed(request.user, roadmap)
        if roadmap.user_abilities["subscribe"]  # type: ignore[attr-defined]
        else False,
        "letters": roadmap.letters.all()
        if roadmap.user_abilities["change"]  # type: ignore[attr-defined]
        else roadmap.letters.filter(published=True),
    }
    return render(request, "roadmap/roadmap_detail.html", context)


@require_GET
def roadmap_data(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    roadmap = _roadmap(request, pk, "export")
    if fmt not in DATA_TYPES:
        raise Http404
    data = reading.load(roadmap)
    if fmt == "json":
        document = reading.as_document(data, request.build_absolute_uri("/"))
        body: bytes = json.dumps(document, ensure_ascii=False, indent=2).encode()
    else:
        body = reading.as_csv(data)
    response = HttpResponse(body, content_type=DATA_TYPES[fmt])
    filename = f"{slugify(roadmap.title) or 'feuille-de-route'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if roadmap.published:
        # Open data: any site may read a published roadmap.
        response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = _roadmap(request, pk, "change")
    form = RoadmapForm(request.POST or None, instance=roadmap, union=roadmap.union)
    axis_form = AxisForm()
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name] for name in ("title", "congress", "intro", "published")
        }
        # The ModelForm already wrote the values onto the instance: compare with the stored row.
        stored = Roadmap.objects.get(pk=roadmap.pk)
        try:
            update_roadmap(request.user, stored, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Roadmap saved."))
            return redirect(stored)
    context = {"roadmap": roadmap, "form": form, "axis_form": axis_form}
    return render(request, "roadmap/roadmap_edit.html", context)


@login_required
@require_POST
def roadmap_add_axis(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = _roadmap(request, pk, "change")
    form = AxisForm(request.POST)
    if form.is_valid():
        add_axis(request.user, roadmap, form.cleaned_data["title"])
        messages.success(request, _("Axis added."))
        return redirect("roadmap:roadmap_edit", pk=roadmap.pk)
    context = {
        "roadmap": roadmap,
        "form": RoadmapForm(instance=roadmap, union=roadmap.union),
        "axis_form": form,
    }
    return render(request, "roadmap/roadmap_edit.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_statuses(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = _roadmap(request, pk, "change")
    formset = StatusFormSet(request.POST or None, queryset=roadmap.statuses.all())
    if request.method == "POST" and formset.is_valid():
        rows = [
            {
                "id": None if form.instance._state.adding else form.instance.pk,
                "delete": form.cleaned_data.get("DELETE", False),
                **{key: form.cleaned_data[key] for key in ("name", "order", "is_done", "colour")},
            }
            for form in formset.forms
            if form.has_changed() and form.cleaned_data
        ]
        try:
            save_statuses(request.user, Roadmap.objects.get(pk=roadmap.pk), rows)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)  # type: ignore[attr-defined]
        else:
            messages.success(request, _("Statuses saved."))
            return redirect("roadmap:roadmap_statuses", pk=roadmap.pk)
    return render(
        request, "roadmap/roadmap_statuses.html", {"roadmap": roadmap, "formset": formset}
    )


@login_required
@require_POST
def roadmap_subscribe(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = _roadmap(request, pk, "subscribe")
    if request.POST.get("follow") == "0":
        unsubscribe(request.user, roadmap)
        messages.success(request, _("You no longer follow this roadmap."))
    else:
        try:
            subscribe(request.user, roadmap)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You follow this roadmap: its news will come by e-mail."))
    return redirect(roadmap)
