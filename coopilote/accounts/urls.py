from django.urls import path

from coopilote.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("", views.account, name="account"),
]
