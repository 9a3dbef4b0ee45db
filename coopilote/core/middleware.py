"""A form's address visited as a page.

A form posts to an address of its own (« …/repondre/ »); a refused form is shown again at that
address. Reloading it, opening it from the history or from a bookmark, or coming back to it
after logging in, is a GET the view does not take: Django answers an empty 405 and the browser
shows a blank error. Such a GET is sent to the page the form belongs to (the nearest address
above it), with a message saying that nothing was sent. The JSON API keeps its 405.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def form_address_redirect(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code != 405 or request.method not in ("GET", "HEAD"):
            return response
        if request.path_info.startswith(API_PREFIX):
            return response
        parent = page_above(request.path_info)
        if parent is None:
            return response
        if request.method == "GET":  # a HEAD shows nothing: no message to keep for later
            messages.info(
                request, _("This address only receives a form: nothing was sent from here.")
            )
        # The site's prefix when served below a path (FORCE_SCRIPT_NAME, a proxy's).
        prefix = request.path[: len(request.path) - len(request.path_info)]
        return HttpResponseRedirect(prefix + parent)

    return middleware


def page_above(path: str) -> str | None:
    """The nearest address above ``path`` that the site serves, or None."""
    segments = path.strip("/").split("/")
    for end in range(len(segments) - 1, -1, -1):
        candidate = "/" + "/".join(segments[:end]) + ("/" if end else "")
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return None
