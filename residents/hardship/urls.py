from django.urls import path

from . import views

app_name = "hardship"

urlpatterns = [
    path("", views.hardship_list, name="list"),
    path("new/", views.hardship_create, name="create"),
    path("export/", views.hardship_export, name="export"),
    path("<uuid:pk>/", views.hardship_detail, name="detail"),
    path("<uuid:pk>/edit/", views.hardship_edit, name="edit"),
    path("<uuid:pk>/end/", views.hardship_end, name="end"),
    path("<uuid:pk>/help/new/", views.help_create, name="help_create"),
    path("<uuid:pk>/pairing/new/", views.pairing_create, name="pairing_create"),
    path("<uuid:pk>/visits/new/", views.visit_create, name="visit_create"),
]
