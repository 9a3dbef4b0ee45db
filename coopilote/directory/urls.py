from django.urls import path

from coopilote.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
