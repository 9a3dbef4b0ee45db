"""The list of conventions, a new convention, its record page, and its set-up by the staff
(the convention edited, its categories and their quotas)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.governance.forms.conventions import CategoryForm, ConventionForm
from coopilote.governance.models import Convention
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.draw import seated_numbers
from coopilote.governance.services.conventions.setup import categories_of
from coopilote.governance.views.conventions.common import convention_for
from coopilote.members.current import current_union
from coopilote.members.roles import roles_of


@require_GET
def convention_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    conventions: list[Convention] = []
    can_create = False
    if union is not None:
        can_create = roles_of(request.user).manages_union(union.pk)
        listed = Convention.objects.filter(union=union).select_related("union")
        if not can_create:
            listed = listed.exclude(status=Convention.Status.DRAFT)
        conventions = list(listed)
    context = {"union": union, "conventions": conventions, "can_create": can_create}
    return render(request, "governance/conventions/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def convention_create(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    if union is None or not roles_of(request.user).manages_union(union.pk):
        raise PermissionDenied
    form = ConventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        convention = services.create_convention(request.user, union, form.cleaned_data)
        messages.success(request, _("The convention is created: now define its categories."))
        return redirect(convention)
    return render(request, "governance/conventions/form.html", {"form": form, "union": union})


@require_GET
def convention_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk)
    draws = list(convention.draws.order_by("created_at", "pk"))
    panel: list[dict[str, Any]] = []
    if draws:
        seated = seated_numbers(draws)
        rows = {int(row[0]): row[1:] for row in (convention.publication or {}).get("rows", [])}
        panel = [{"number": n, "answers": rows.get(n, [])} for n in sorted(seated)]
    context = {
        "convention": convention,
        "categories": categories_of(convention),
        "volunteer_count": convention.volunteers.count(),
        "draws": draws,
        "panel": panel,
    }
    return render(request, "governance/conventions/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def convention_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    form = ConventionForm(request.POST or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_convention(request.user, convention, form.cleaned_data)
        except services.ConventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The convention is saved."))
            return redirect(convention)
    context = {"form": form, "union": convention.union, "convention": convention}
    return render(request, "governance/conventions/form.html", context)


def _category_page(
    request: HttpRequest, convention: Convention, category: Any = None
) -> HttpResponse:
    form = CategoryForm(request.POST or None, category=category)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_category(
                request.user,
                convention,
                category.key if category else data["key"],
                data["label"],
                data["quotas"],
                category,
            )
        except services.ConventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The category and its quotas are saved."))
            return redirect(convention)
    context = {"form": form, "convention": convention, "category": category}
    return render(request, "governance/conventions/category_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def category_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _category_page(request, convention_for(request, pk, "manage"))


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: Any, category: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    found = get_object_or_404(convention.categories.prefetch_related("features"), pk=category)
    return _category_page(request, convention, found)
