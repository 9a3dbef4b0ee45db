from django.urls import path

from coopilote.voting import views

app_name = "voting"

urlpatterns = [
    path("", views.poll_list, name="list"),
    path("nouveau/", views.poll_create, name="create"),
    path("<uuid:pk>/", views.poll_detail, name="poll"),
    path("<uuid:pk>/ouvrir/", views.poll_open, name="open"),
    path("<uuid:pk>/clore/", views.poll_close, name="close"),
    path("<uuid:pk>/voter/", views.vote, name="vote"),
    path("<uuid:pk>/electeurs/", views.electors, name="electors"),
    path("<uuid:pk>/resultats/", views.results, name="results"),
    path("<uuid:pk>/resultats.csv", views.results_csv, name="results_csv"),
    path("<uuid:pk>/resultats.pdf", views.results_pdf, name="results_pdf"),
    path("<uuid:pk>/bulletins.csv", views.ballots_csv, name="ballots_csv"),
    path("<uuid:pk>/recepisses/", views.receipt_list, name="receipts"),
    path("<uuid:pk>/recepisses/verifier/", views.receipt_check, name="receipt_check"),
]
