from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from coopilote.core.manifest import manifests
from coopilote.core.pagecache import public_page
from coopilote.members.current import current_union
from coopilote.members.models import Cooperative, Union


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    # Both figures in one pass over the cooperatives (one query instead of two).
    counts = Cooperative.objects.active().aggregate(
        everywhere=Count("pk"), in_union=Count("pk", filter=Q(union=union))
    )
    context = {
        "union": union,
        "union_cooperatives": counts["in_union"] if union else None,
        "all_cooperatives": counts["everywhere"],
        "unions": Union.objects.regional().count(),
        "modules": [
            config for config, manifest in manifests() if manifest.extra.get("description")
        ],
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """The latency floor for benchmarks: no database, no session, no template."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /gestion/", "Disallow: /compte/", "Allow: /"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 403}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the failure may be the database.
    from django.template import loader

    template = loader.get_template("core/500.html")
    return HttpResponse(template.render({}), status=500)
