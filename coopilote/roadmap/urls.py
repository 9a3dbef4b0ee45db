from django.urls import path

from coopilote.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("", views.congress_list, name="congress_list"),
    path("importer/", views.congress_import, name="congress_import"),
    path("<uuid:pk>/", views.congress_detail, name="congress"),
    path("<uuid:pk>/importer/", views.congress_reimport, name="congress_reimport"),
    path("<uuid:pk>/fusionner/", views.proposals_merge, name="merge"),
    path("<uuid:pk>/tableur/", views.congress_table_import, name="table_import"),
    path("<uuid:pk>/propositions.<str:fmt>", views.congress_export, name="export"),
    path("<uuid:pk>/prioriser/", views.congress_prioritise, name="prioritise"),
    path("<uuid:pk>/courrier/", views.congress_letter_create, name="congress_letter_create"),
    path("propositions/<uuid:pk>/", views.proposal_detail, name="proposal"),
    path("propositions/<uuid:pk>/commenter/", views.proposal_comment, name="comment"),
    path("propositions/<uuid:pk>/portee/", views.proposal_scope, name="scope"),
    path("propositions/<uuid:pk>/scinder/", views.proposal_split, name="split"),
    # The regional roadmap (feuille de route), its actions, its letter; the national view.
    path("feuilles-de-route/", views.roadmap_list, name="roadmap_list"),
    path("feuilles-de-route/nouvelle/", views.roadmap_create, name="roadmap_create"),
    path("feuille-de-route/<uuid:pk>/", views.roadmap_detail, name="roadmap"),
    path("feuille-de-route/<uuid:pk>/donnees.<str:fmt>", views.roadmap_data, name="roadmap_data"),
    path("feuille-de-route/<uuid:pk>/modifier/", views.roadmap_edit, name="roadmap_edit"),
    path("feuille-de-route/<uuid:pk>/axes/", views.roadmap_add_axis, name="roadmap_add_axis"),
    path("feuille-de-route/<uuid:pk>/statuts/", views.roadmap_statuses, name="roadmap_statuses"),
    path("feuille-de-route/<uuid:pk>/suivre/", views.roadmap_subscribe, name="roadmap_subscribe"),
    path("feuille-de-route/<uuid:pk>/actions/", views.action_create, name="action_create"),
    path("feuille-de-route/<uuid:pk>/courrier/", views.roadmap_letter_create, name="letter_create"),
    path("actions/<uuid:pk>/", views.action_detail, name="action"),
    path("actions/<uuid:pk>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<uuid:pk>/avancement/", views.action_progress, name="action_progress"),
    path("actions/<uuid:pk>/journal/", views.action_update, name="action_update"),
    path("courriers/<uuid:pk>/", views.letter_detail, name="letter"),
    path("courriers/<uuid:pk>/modifier/", views.letter_edit, name="letter_edit"),
    path("courriers/<uuid:pk>/courrier.<str:fmt>", views.letter_download, name="letter_download"),
    path("national/", views.national_view, name="national"),
]
