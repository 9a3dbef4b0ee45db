"""Union staff look companies up in the public register and create or refresh cooperatives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from coopilote.directory.registry import client
from coopilote.directory.registry.forms import RegistryApplyForm, RegistrySearchForm
from coopilote.directory.registry.mapping import MappingError, RegistryRecord, to_record
from coopilote.directory.registry.services import Action, Plan, apply, plan
from coopilote.members.current import managed_regional_union
from coopilote.members.models import Union

_SEARCH_KEYS = ("siren", "categorie", "departement", "page")


@dataclass
class Row:
    siren: str
    record: RegistryRecord | None
    plan: Plan | None
    error: str = ""

    @property
    def selectable(self) -> bool:
        return self.plan is not None and self.plan.action in (Action.CREATE, Action.REFRESH)


def _rows(union: Union, results: list[dict[str, Any]]) -> list[Row]:
    rows = []
    for result in results:
        try:
            data = to_record(result)
        except MappingError as error:
            rows.append(Row(str(result.get("siren", "")), None, None, str(error)))
            continue
        rows.append(Row(data.siren, data, plan(union, data)))
    return rows


@login_required
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    union = managed_regional_union(request)
    form = RegistrySearchForm(request.GET if request.GET else None)
    context: dict[str, Any] = {"union": union, "form": form, "rows": None, "error": ""}
    if form.is_valid():
        data = form.cleaned_data
        registry_client = client.make_client()
        try:
            if data["siren"]:
                found = registry_client.by_siren(data["siren"])
                results, page, total_pages, total = (
                    ([found] if found else []),
                    1,
                    1,
                    int(bool(found)),
                )
            else:
                page_data = registry_client.by_category(
                    data["categorie"], data["departement"], data["page"] or 1
                )
                results, page = page_data.results, page_data.page
                total_pages, total = page_data.total_pages, page_data.total_results
        except client.RegistryError as error:
            context["error"] = str(error)
        else:
            query = QueryDict(mutable=True)
            query.update({key: str(data[key]) for key in _SEARCH_KEYS if data.get(key)})
            query.pop("page", None)
            context.update(
                rows=_rows(union, results),
                page=page,
                total_pages=min(total_pages, client.MAX_PAGES),
                total=total,
                query=query.urlencode(),
                previous_page=page - 1 if page > 1 else None,
                next_page=page + 1 if page < min(total_pages, client.MAX_PAGES) else None,
                current_query=request.GET.urlencode(),
            )
    return render(request, "directory/registry/search.html", context)


@login_required
@require_POST
def registry_apply(request: HttpRequest) -> HttpResponse:
    union = managed_regional_union(request)
    form = RegistryApplyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(form.data.get("query", ""))
    registry_client = client.make_client()
    done: dict[Action, int] = {Action.CREATE: 0, Action.REFRESH: 0, Action.UNCHANGED: 0}
    for siren in form.cleaned_data["siren"]:
        # Fetched again by SIREN: nothing of the company comes from the browser.
        try:
            result = registry_client.by_siren(siren)
        except client.RegistryError as error:
            messages.error(request, str(error))
            if not any(done.values()):
                return _back(form.cleaned_data.get("query", ""))  # nothing to sum up
            break
        if result is None:
            messages.warning(request, _("%(siren)s: not found in the register.") % {"siren": siren})
            continue
        try:
            outcome = apply(request.user, union, to_record(result))
        except MappingError as error:
            messages.warning(request, f"{siren}\u00a0: {error}")
            continue
        if outcome.action == Action.CONFLICT:
            messages.warning(request, f"{outcome.record.name} ({siren})\u00a0: {outcome.message}")
        else:
            done[outcome.action] += 1
    messages.success(request, summary(done))
    return _back(form.cleaned_data.get("query", ""))


def summary(done: dict[Action, int]) -> str:
    created, refreshed, unchanged = (
        done[Action.CREATE],
        done[Action.REFRESH],
        done[Action.UNCHANGED],
    )
    parts = [
        ngettext("%(n)d cooperative created", "%(n)d cooperatives created", created)
        % {"n": created},
        ngettext("%(n)d refreshed", "%(n)d refreshed", refreshed) % {"n": refreshed},
        ngettext("%(n)d already up to date", "%(n)d already up to date", unchanged)
        % {"n": unchanged},
    ]
    return ", ".join(parts) + "."


def _back(raw_query: str) -> HttpResponseRedirect:
    # Only the search's own keys survive: the redirect never goes anywhere but this page.
    parsed = QueryDict(raw_query)
    query = QueryDict(mutable=True)
    for key in _SEARCH_KEYS:
        if parsed.get(key):
            query[key] = parsed[key]
    url = reverse("directory:registry")
    return HttpResponseRedirect(f"{url}?{query.urlencode()}" if query else url)
