from django.urls import path

from coopilote.governance.views import home

app_name = "governance"

urlpatterns = [
    path("", home.home, name="home"),
]
# Each area appends its routes below (one block per area).
