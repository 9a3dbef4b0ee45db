from django.urls import path

from coopilote.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
