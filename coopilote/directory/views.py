from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from coopilote.directory.forms import RESULTS_ID, DirectorySearchForm


@require_GET
@vary_on_headers("HX-Request")
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
