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
    path("propositions/<uuid:pk>/", views.proposal_detail, name="proposal"),
    path("propositions/<uuid:pk>/commenter/", views.proposal_comment, name="comment"),
    path("propositions/<uuid:pk>/portee/", views.proposal_scope, name="scope"),
    path("propositions/<uuid:pk>/scinder/", views.proposal_split, name="split"),
]
