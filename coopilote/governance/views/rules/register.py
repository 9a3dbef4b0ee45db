"""The accountability register: public, with its CSV; kept by the union's staff."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.core.spreadsheet import neutralize
from coopilote.governance.forms.rules import (
    AccountabilityForm,
)
from coopilote.governance.models import (
    Accountability,
)
from coopilote.governance.models.rules import union_rule_abilities
from coopilote.governance.services import rules as services
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.rules.common import _union_or_403
from coopilote.members.current import current_union

# --- Accountability register ------------------------------------------------------------------


def _register(request: HttpRequest) -> tuple[Any, list[Accountability]]:
    union = current_union(request)
    lines: list[Accountability] = []
    if union is not None:
        lines = list(Accountability.objects.in_union(union).select_related("rule"))
    return union, lines


@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    union, lines = _register(request)
    can_change = union is not None and union_rule_abilities(request.user, union.pk)["change"]
    context = {"union": union, "lines": lines, "can_change": can_change}
    return render(request, "governance/rules/accountability.html", context)


@require_GET
def accountability_csv(request: HttpRequest) -> HttpResponse:
    _union, lines = _register(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="responsabilites.csv"'
    response.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Domain"),
            _("Who decides"),
            _("Who executes"),
            _("Who is accountable"),
            _("To whom"),
            _("Rule"),
            _("Article"),
        ]
    )
    for line in lines:
        cells = [
            line.domain,
            line.decides,
            line.executes,
            line.accountable,
            line.reports_to,
            line.rule.title if line.rule else "",
            line.rule_article,
        ]
        writer.writerow([neutralize(cell) for cell in cells])
    return response


@require_http_methods(["GET", "POST"])
def accountability_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    union = _union_or_403(request)
    form = AccountabilityForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        services.save_accountability(request.user, form, union)
        messages.success(request, _("The line is added to the register."))
        return redirect("governance:accountability")
    context = {"form": form, "union": union, "line": None}
    return render(request, "governance/rules/accountability_form.html", context)


@require_http_methods(["GET", "POST"])
def accountability_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    line = get_object_for(
        request.user, Accountability.objects.select_related("union"), "change", pk=pk
    )
    form = AccountabilityForm(request.POST or None, instance=line, union=line.union)
    if request.method == "POST" and form.is_valid():
        services.save_accountability(request.user, form, line.union)
        messages.success(request, _("The register is updated."))
        return redirect("governance:accountability")
    context = {"form": form, "union": line.union, "line": line}
    return render(request, "governance/rules/accountability_form.html", context)


@require_http_methods(["GET", "POST"])
def accountability_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("governance:accountability"))
    line = get_object_for(request.user, Accountability.objects.all(), "change", pk=pk)
    if request.method == "GET":
        return confirm(
            request,
            title=_("Remove this line"),
            subject=line.domain,
            effects=[_("The line is deleted from the public register and its CSV export.")],
            trail=[(_("Accountability register"), reverse("governance:accountability"))],
            back=reverse("governance:accountability_edit", kwargs={"pk": line.pk}),
        )
    services.delete_accountability(request.user, line)
    messages.success(request, _("The line is removed from the register."))
    return redirect("governance:accountability")
