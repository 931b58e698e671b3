from django.urls import path

from . import views

app_name = "floating"

urlpatterns = [
    path("", views.floating_list, name="list"),
    path("new/", views.floating_create, name="create"),
    path("<uuid:pk>/", views.floating_detail, name="detail"),
    path("<uuid:pk>/edit/", views.floating_edit, name="edit"),
    path("<uuid:pk>/depart/", views.floating_depart, name="depart"),
    path("<uuid:pk>/services/new/", views.service_create, name="service_create"),
]
