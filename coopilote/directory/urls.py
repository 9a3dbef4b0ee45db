from django.urls import path

from coopilote.directory.views import board as board_views
from coopilote.directory.views import imports as import_views
from coopilote.directory.views import map as map_views
from coopilote.directory.views import profile as profile_views
from coopilote.directory.views import registry as registry_views
from coopilote.directory.views import search

app_name = "directory"

urlpatterns = [
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/nouveau/", import_views.import_new, name="import_new"),
    path("imports/<uuid:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<uuid:pk>/appliquer/", import_views.import_apply, name="import_apply"),
    path("imports/<uuid:pk>/avancement/", import_views.import_progress, name="import_progress"),
    path("echanges/", board_views.board_list, name="board"),
    path("echanges/nouveau/", board_views.post_create, name="post_create"),
    path("echanges/<uuid:pk>/", board_views.post_detail, name="post"),
    path("echanges/<uuid:pk>/modifier/", board_views.post_edit, name="post_edit"),
    path("echanges/<uuid:pk>/clore/", board_views.post_close, name="post_close"),
    path("", search.search, name="search"),
    path("export.csv", search.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", search.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("carte.json", map_views.map_data, name="map_data"),
    path("registre/", registry_views.registry, name="registry"),
    path("registre/appliquer/", registry_views.registry_apply, name="registry_apply"),
    path(
        "cooperatives/<uuid:pk>/correction/",
        profile_views.suggest_correction,
        name="suggest_correction",
    ),
    path("cooperatives/<uuid:pk>/photos/", profile_views.photos, name="photos"),
    path("photos/<uuid:pk>/supprimer/", profile_views.photo_delete, name="photo_delete"),
    path("cooperatives/<uuid:pk>/temoignages/", profile_views.testimonials, name="testimonials"),
    path(
        "temoignages/<uuid:pk>/supprimer/",
        profile_views.testimonial_delete,
        name="testimonial_delete",
    ),
    path("corrections/", profile_views.corrections, name="corrections"),
    path(
        "corrections/<uuid:pk>/examen/",
        profile_views.correction_review,
        name="correction_review",
    ),
]
