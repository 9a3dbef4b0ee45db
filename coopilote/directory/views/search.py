from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from coopilote.core.pagecache import public_page
from coopilote.directory import exports
from coopilote.directory.forms import RESULTS_ID, DirectorySearchForm


@require_GET
@vary_on_headers("HX-Request")
@public_page
def search(request: HttpRequest) -> HttpResponse:
    """The public national directory: every union's active cooperatives, searchable."""
    form = DirectorySearchForm(request.GET)
    results = form.results(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "results": results,
        "page": results.page,
        "query": query.urlencode(),
        "results_id": RESULTS_ID,
    }
    htmx = getattr(request, "htmx", None)
    # Only the search field's own requests get the partial (not boosts, not history restores).
    if htmx and htmx.target == RESULTS_ID and not (htmx.boosted or htmx.history_restore_request):
        return render(request, "directory/includes/results.html", context)
    return render(request, "directory/search.html", context)


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The search's results (same parameters, same order), at most ``MAX_ROWS`` of them."""
    cooperatives = DirectorySearchForm(request.GET).ordered().first(exports.MAX_ROWS)
    build = exports.to_csv if fmt == "csv" else exports.to_xlsx
    response = HttpResponse(
        build(cooperatives, request.build_absolute_uri), content_type=EXPORT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="annuaire.{fmt}"'
    return response
