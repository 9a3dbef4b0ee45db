from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from coopilote.directory.api import api as directory_api

admin.site.site_header = _("Coopilote — back office")
admin.site.site_title = _("Coopilote back office")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("coopilote.core.urls")),
    path("compte/", include("coopilote.accounts.urls")),
    path("cooperatives/", include("coopilote.members.urls")),
    path("congres/", include("coopilote.roadmap.urls")),
    path("votes/", include("coopilote.voting.urls")),
    path("annuaire/", include("coopilote.directory.urls")),
    # The public read-only API (django-ninja), OpenAPI 3 at /api/openapi.json.
    path("api/", directory_api.urls),
    path("gestion/", admin.site.urls),
]

handler403 = "coopilote.core.views.permission_denied"
handler404 = "coopilote.core.views.page_not_found"
handler500 = "coopilote.core.views.server_error"
