from django.urls import path

from coopilote.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("mes-donnees/", views.export_my_data, name="export"),
    path("effacement/", views.request_erasure, name="erasure"),
    path("mot-de-passe/modifier/", views.password_change, name="password_change"),
    path("mot-de-passe/modifie/", views.password_change_done, name="password_change_done"),
    path("mot-de-passe/oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/enregistre/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
]
