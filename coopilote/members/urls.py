from django.urls import path

from coopilote.members import views

app_name = "members"

urlpatterns = [
    path("", views.cooperative_list, name="list"),
    path("union/", views.switch_union, name="switch_union"),
    path("<uuid:pk>/", views.cooperative_detail, name="cooperative"),
    path("<uuid:pk>/modifier/", views.cooperative_edit, name="cooperative_edit"),
]
