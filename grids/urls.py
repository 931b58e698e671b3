from django.urls import path

from . import views

app_name = "grids"

urlpatterns = [
    path("", views.grid_list, name="list"),
    path("gaps/", views.gap_view, name="gaps"),
    path("new/", views.grid_create, name="create"),
    path("<int:pk>/", views.grid_detail, name="detail"),
    path("<int:pk>/edit/", views.grid_edit, name="edit"),
    path("<int:grid_pk>/subgrids/new/", views.subgrid_form, name="subgrid_create"),
    path("subgrids/<int:pk>/edit/", views.subgrid_form, name="subgrid_edit"),
    path("<int:grid_pk>/compounds/new/", views.compound_form, name="compound_create"),
    path("compounds/<int:pk>/edit/", views.compound_form, name="compound_edit"),
    path("compounds/<int:pk>/committee/", views.committee_form, name="committee"),
    path("compounds/<int:compound_pk>/buildings/new/", views.building_form, name="building_create"),
    path("buildings/<int:pk>/edit/", views.building_form, name="building_edit"),
    path("buildings/<int:building_pk>/units/new/", views.unit_form, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_form, name="unit_edit"),
]
