from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from coopilote.core.pagecache import public_page
from coopilote.directory.forms import DirectorySearchForm
from coopilote.directory.mapdata import points_for

# The directory changes a few times a day: a browser or a proxy may keep a map for 5 minutes.
MAX_AGE = 300


@require_GET
@public_page
def map_data(request: HttpRequest) -> HttpResponse:
    """The search's cooperatives (same parameters as the page) as points per commune."""
    data = points_for(DirectorySearchForm(request.GET))
    body = data.to_json(search_url=reverse("directory:search"))
    response = HttpResponse(body, content_type="application/json")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
