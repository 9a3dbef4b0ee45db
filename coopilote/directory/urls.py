from django.urls import path

from coopilote.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
]
