from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from coopilote.directory.api import api as directory_api

admin.site.site_header = _("Coopilote — back office")
admin.site.site_title = _("Coopilote back office")
admin.site.index_title = _("Administration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("coopilote.core.urls")),
    path("compte/", include("coopilote.accounts.urls")),
    path("cooperatives/", include("coopilote.members.urls")),
    path("congres/", include("coopilote.roadmap.urls")),
    path("votes/", include("coopilote.voting.urls")),
    path("annuaire/", include("coopilote.directory.urls")),
    path("gouvernance/", include("coopilote.governance.urls")),
    # The public read-only API (django-ninja), OpenAPI 3 at /api/openapi.json.
    path("api/", directory_api.urls),
    path("gestion/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

handler403 = "coopilote.core.views.permission_denied"
handler404 = "coopilote.core.views.page_not_found"
handler500 = "coopilote.core.views.server_error"
