"""The directory's read-only JSON API (django-ninja), at /annuaire/api/.

The same search as the page (``DirectorySearchForm.ordered``): same filters, same order, 20 a
page. Where the page shows a wrong filter's error beside its field and searches without it, the
API answers 400 with the errors per parameter (in French): a program has no field to look at.
Rate-limited per client IP with a fixed window kept in Django's cache: the default
LocMemCache counts per process, so production needs a shared cache (Redis, Memcached, database).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import Throttled, ValidationError
from ninja.throttling import BaseThrottle

from coopilote.accounts.views import client_ip
from coopilote.core import ratelimit
from coopilote.core.pagecache import remember
from coopilote.directory.forms import PAGE_SIZE, DirectorySearchForm

JSON = "application/json; charset=utf-8"
# Requests a client IP may make per window; settings.DIRECTORY_API_RATE overrides it.
DEFAULT_RATE = 60
WINDOW_SECONDS = 60


class FixedWindowThrottle(BaseThrottle):
    """At most ``DIRECTORY_API_RATE`` requests per IP and per minute (fixed window)."""

    def allow_request(self, request: HttpRequest) -> bool:
        limit = getattr(settings, "DIRECTORY_API_RATE", DEFAULT_RATE)
        # REMOTE_ADDR, as the login throttle: ninja's get_ident trusts a client's X-Forwarded-For.
        return ratelimit.take("directory_api", client_ip(request) or "", limit, WINDOW_SECONDS)

    def wait(self) -> float | None:
        """Seconds until the window ends (computed, not stored: one instance serves all threads)."""
        return float(ratelimit.seconds_left(WINDOW_SECONDS))


api = NinjaAPI(
    urls_namespace="directory_api",
    title="Coopilote — annuaire",
    version="1",
    docs_url=None,  # the docs page loads scripts from a CDN, which the CSP forbids
    throttle=[FixedWindowThrottle()],
)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Too many requests: wait a minute before asking again.")},
        status=429,
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


class CooperativeOut(Schema):
    id: str
    name: str
    siret: str
    statut: str
    secteur: str
    commune: str
    departement: str
    url: str


class PageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[CooperativeOut]


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter of the wrong type (``page=abc``): a French 400, not pydantic's English."""
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    errors = {name: [_("This value is not valid.")] for name in names}
    return HttpResponse(_errors_json(errors), status=400, content_type=JSON)


class ErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _errors_json(errors: dict[str, list[str]]) -> str:
    """The 400's body, for a wrong type (``page=abc``) as for a wrong filter."""
    return ErrorsOut(detail=_("Invalid parameters: see errors."), errors=errors).model_dump_json()


@api.get("/cooperatives", response={200: PageOut, 400: ErrorsOut}, url_name="cooperatives")
def cooperatives(
    request: HttpRequest,
    q: str = "",
    secteur: str = "",
    statut: str = "",
    departement: str = "",
    commune: str = "",
    rayon_km: str = "",
    naf: str = "",
    taille: str = "",
    annee_min: str = "",
    annee_max: str = "",
    origine: str = "",
    label: str = "",
    tri: str = "",
    page: int = 1,
) -> HttpResponse:
    """Active cooperatives of every union, as the directory page finds and orders them."""
    params = {
        "q": q,
        "secteur": secteur,
        "statut": statut,
        "departement": departement,
        "commune": commune,
        "rayon_km": rayon_km,
        "naf": naf,
        "taille": taille,
        "annee_min": annee_min,
        "annee_max": annee_max,
        "origine": origine,
        "label": label,
        "tri": tri,
    }
    # Kept as its JSON, errors included: a kept answer is sent without building the form,
    # validating or serialising anything again.
    status, body = remember(request, lambda: _answer(request, params, page))
    return HttpResponse(body, status=status, content_type=JSON)


def _answer(request: HttpRequest, params: dict[str, str], page: int) -> tuple[int, str]:
    form = DirectorySearchForm({key: value for key, value in params.items() if value})
    if not form.is_valid():
        errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
        return 400, _errors_json(errors)
    return 200, PageOut(**_page(request, form, page)).model_dump_json()


def _page(request: HttpRequest, form: DirectorySearchForm, page: int) -> dict[str, Any]:
    found, listed = form.ordered().page(page, PAGE_SIZE)
    # The origin once: build_absolute_uri() parses and checks each URL it is given.
    origin = request.build_absolute_uri("/")[:-1]
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [
            {
                "id": str(cooperative.pk),
                "name": cooperative.name,
                "siret": cooperative.siret,
                "statut": str(cooperative.family),
                "secteur": cooperative.sector.name if cooperative.sector is not None else "",
                "commune": cooperative.commune.name if cooperative.commune is not None else "",
                "departement": (
                    cooperative.commune.department.code if cooperative.commune is not None else ""
                ),
                "url": origin + cooperative.get_absolute_url(),
            }
            for cooperative in listed
        ],
    }
