"""Congress pages: the list, one congress's themes and proposals, imports, merges, exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.members.current import current_union
from coopilote.roadmap import priorities, tabular
from coopilote.roadmap.congress_text import ParseError, decode
from coopilote.roadmap.forms import CongressImportForm, MergeForm, TableImportForm
from coopilote.roadmap.models import (
    Action,
    Congress,
    Proposal,
    ProposalLink,
    Roadmap,
    Scope,
    union_abilities,
)
from coopilote.roadmap.services import (
    export_rows,
    import_congress,
    import_table,
    merge_proposals,
)
from coopilote.roadmap.tabular import TableError

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The congress page lists the first proposals of the published ranking; the rest are on the poll.
TOP_PRIORITIES = 10


def _congress(request: HttpRequest, pk: Any, action: str) -> Congress:
    return get_object_for(request.user, Congress.objects.select_related("union"), action, pk=pk)


@require_GET
def congress_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    congresses = (
        Congress.objects.in_union(union).for_listing() if union else Congress.objects.none()
    )
    abilities = union_abilities(request.user, union.pk) if union else {}
    return render(
        request,
        "roadmap/congress_list.html",
        {
            "union": union,
            "congresses": congresses,
            "can_import": abilities.get("import", False),
        },
    )


@require_GET
def congress_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    congress = _congress(request, pk, "view")
    scope = request.GET.get("scope", "")
    proposals = (
        Proposal.objects.in_congress(congress)
        .select_related("theme")
        .order_by("number")
        .prefetch_related(
            Prefetch("links_out", ProposalLink.objects.select_related("result__theme")),
            Prefetch("actions", Action.objects.filter(axis__roadmap__published=True)),
        )
    )
    if scope in Scope.values:
        proposals = proposals.with_scope(scope)
    themes = list(
        congress.themes.prefetch_related(
            "sub_groups",
            Prefetch("proposals", proposals.filter(sub_group=None), to_attr="own_proposals"),
            Prefetch("sub_groups__proposals", proposals, to_attr="listed_proposals"),
        )
    )
    for theme in themes:
        # A scope filter may leave a theme empty: the page then leaves its heading out.
        theme.visible = bool(theme.own_proposals) or any(  # type: ignore[attr-defined]
            sub_group.listed_proposals  # type: ignore[attr-defined]
            for sub_group in theme.sub_groups.all()
        )
    counts = {
        value: Proposal.objects.in_congress(congress).active().with_scope(value).count()
        for value in Scope.values
    }
    # The prioritisation vote's published ranking, read from the voting app (never recounted).
    every = {
        str(pk): pk for pk in Proposal.objects.in_congress(congress).values_list("pk", flat=True)
    }
    ranked = priorities.priorities_for(every.values())
    for theme in themes:
        listed: list[Any] = [*theme.own_proposals]
        for sub_group in theme.sub_groups.all():
            listed += sub_group.listed_proposals  # type: ignore[attr-defined]
        for shown in listed:
            shown.priority = ranked.get(str(shown.pk))
    ranking = sorted(
        Proposal.objects.filter(pk__in=[every[key] for key in ranked]).select_related("theme"),
        key=lambda proposal: (ranked[str(proposal.pk)].rank, proposal.reference),
    )
    for proposal in ranking:
        proposal.priority = ranked[str(proposal.pk)]  # type: ignore[attr-defined]
    visible = Roadmap.objects.visible_to(request.user, congress.union).filter(congress=congress)
    return render(
        request,
        "roadmap/congress_detail.html",
        {
            "congress": congress,
            "themes": themes,
            "scope": scope,
            "scopes": Scope.choices,
            "counts": counts,
            "ranking": ranking[:TOP_PRIORITIES],
            "ranked_count": len(ranking),
            "published_polls": priorities.published_polls(every.values()),
            "running_polls": priorities.running_polls(every.values()),
            "roadmaps": visible,
        },
    )


def _import_page(request: HttpRequest, union: Any, congress: Congress | None) -> HttpResponse:
    form = CongressImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "union": union, "congress": congress}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        apply = request.POST.get("action") == "apply"
        try:
            report = import_congress(
                union,
                data["source"],
                request.user,
                name=data["name"] or None,
                date=data["date"],
                place=data["place"] or None,
                congress=congress,
                dry_run=not apply,
            )
        except ParseError as exc:
            form.add_error(None, str(exc))
            return render(request, "roadmap/congress_import.html", context)
        if apply and report.congress is not None:
            messages.success(request, _("Congress imported."))
            return redirect(report.congress)
        # The preview hands the decoded text back in the form, so "apply" needs no new upload.
        source = data["source"]
        text = decode(source) if isinstance(source, bytes) else source
        context["form"] = CongressImportForm(initial={**data, "text": text, "file": None})
        context["report"] = report
    return render(request, "roadmap/congress_import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def congress_import(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    if union is None:
        raise Http404
    if not union_abilities(request.user, union.pk)["import"]:
        raise PermissionDenied
    return _import_page(request, union, None)


@login_required
@require_http_methods(["GET", "POST"])
def congress_reimport(request: HttpRequest, pk: Any) -> HttpResponse:
    congress = _congress(request, pk, "import")
    return _import_page(request, congress.union, congress)


@login_required
@require_http_methods(["GET", "POST"])
def proposals_merge(request: HttpRequest, pk: Any) -> HttpResponse:
    congress = _congress(request, pk, "merge")
    form = MergeForm(
        request.POST or None,
        congress=congress,
        initial={"proposals": request.GET.getlist("proposals")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = merge_proposals(
                request.user, list(form.cleaned_data["proposals"]), form.cleaned_data["title"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Proposals merged."))
            return redirect(result)
    return render(request, "roadmap/proposal_merge.html", {"congress": congress, "form": form})


@require_GET
def congress_export(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    congress = _congress(request, pk, "export")
    if fmt not in CONTENT_TYPES:
        raise Http404
    rows = export_rows(congress)
    body = tabular.to_csv(rows) if fmt == "csv" else tabular.to_xlsx(rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"{slugify(congress.name) or 'congres'}-propositions.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def congress_table_import(request: HttpRequest, pk: Any) -> HttpResponse:
    congress = _congress(request, pk, "import")
    form = TableImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            import_table(request.user, congress, form.cleaned_data["file"])
        except TableError as exc:
            for line, message in exc.errors:
                form.add_error(
                    None, _("Line %(line)s: %(message)s") % {"line": line, "message": message}
                )
        else:
            messages.success(request, _("Spreadsheet imported."))
            return redirect(congress)
    return render(request, "roadmap/table_import.html", {"congress": congress, "form": form})
