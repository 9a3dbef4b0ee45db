from django.urls import path

from coopilote.directory.views import search

app_name = "directory"

urlpatterns = [
    path("", search.search, name="search"),
    path("export.csv", search.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", search.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
