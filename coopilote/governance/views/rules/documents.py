"""Rule documents: the list, a new document, a document, a version, two versions compared."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.governance.forms.rules import (
    CompareForm,
    RuleDocumentForm,
)
from coopilote.governance.models import (
    ConsentDecision,
    Resolution,
    RuleDocument,
    RuleVersion,
)
from coopilote.governance.models.rules import union_rule_abilities
from coopilote.governance.services import rules as services
from coopilote.governance.views.rules.common import _document, _union_or_403
from coopilote.members.current import current_union

# --- Documents --------------------------------------------------------------------------------


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    documents: list[RuleDocument] = []
    if union is not None:
        documents = list(
            RuleDocument.objects.in_union(union)
            .select_related("body")
            .annotate(
                last_number=Max("versions__number"),
                open_amendments=Count(
                    "amendments",
                    filter=Q(amendments__status__in=["proposed", "in_decision"]),
                    distinct=True,
                ),
            )
            .order_by("kind", "title")
        )
    can_create = union is not None and union_rule_abilities(request.user, union.pk)["change"]
    context = {"union": union, "documents": documents, "can_create": can_create}
    return render(request, "governance/rules/list.html", context)


@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    union = _union_or_403(request)
    form = RuleDocumentForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(request.user, union, **form.cleaned_data)
        except services.AmendmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The document is published in its first version."))
            return redirect("governance:rule_detail", pk=document.pk)
    return render(request, "governance/rules/document_form.html", {"form": form, "union": union})


@require_GET
def rule_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    document = _document(request, pk)
    versions = list(document.versions.select_related("amendment").order_by("-number"))
    if not versions:
        raise Http404
    current = versions[0]
    amendments = list(
        document.amendments.select_related("author", "base_version").order_by("-created_at")
    )
    for amendment in amendments:
        amendment.stale = amendment.is_open and amendment.base_version_id != current.pk  # type: ignore[attr-defined]
    # A cooperative's bodies may cite the union's rules in their own, private decisions.
    proposals = list(
        ConsentDecision.objects.filter(rule=document)
        .visible_in_union(document.union, request.user)
        .select_related("body")
        .order_by("-created_at")
    )
    resolutions = []
    seen: dict[Any, bool] = {}
    for resolution in Resolution.objects.filter(rule=document).select_related("assembly__body"):
        assembly = resolution.assembly
        if assembly.pk not in seen:
            seen[assembly.pk] = assembly.abilities(request.user)["view"]
        if seen[assembly.pk]:
            resolutions.append(resolution)
    context = {
        "document": document,
        "abilities": document.user_abilities,  # type: ignore[attr-defined]
        "current": current,
        "versions": versions,
        "open_amendments": [a for a in amendments if a.is_open],
        "closed_amendments": [a for a in amendments if not a.is_open],
        "proposals": proposals,
        "resolutions": resolutions,
        "hidden_resolutions": sum(not visible for visible in seen.values()),
    }
    return render(request, "governance/rules/detail.html", context)


@require_GET
def rule_version(request: HttpRequest, pk: Any, number: int) -> HttpResponse:
    document = _document(request, pk)
    version = (
        RuleVersion.objects.filter(document=document, number=number)
        .select_related("amendment")
        .first()
    )
    if version is None:
        raise Http404
    last = document.versions.aggregate(last=Max("number"))["last"]
    context = {"document": document, "version": version, "last": last}
    return render(request, "governance/rules/version.html", context)


@require_GET
def rule_compare(request: HttpRequest, pk: Any) -> HttpResponse:
    document = _document(request, pk)
    versions = {v.number: v for v in document.versions.order_by("number")}
    if not versions:
        raise Http404
    last = max(versions)
    form = CompareForm(request.GET or {"a": max(last - 1, 1), "b": last})
    older = newer = None
    if form.is_valid():
        older = versions.get(form.cleaned_data["a"])
        newer = versions.get(form.cleaned_data["b"])
        if older is None or newer is None:
            form.add_error(None, _("This document has no such version."))
    diff = services.diff_texts(older.text, newer.text) if older and newer else None
    context = {
        "document": document,
        "form": form,
        "numbers": sorted(versions),
        "older": older,
        "newer": newer,
        "diff": diff,
    }
    return render(request, "governance/rules/compare.html", context)
