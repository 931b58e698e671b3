from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("", views.resident_list, name="list"),
    path("new/", views.resident_create, name="create"),
    path("<uuid:pk>/", views.resident_detail, name="detail"),
    path("<uuid:pk>/edit/", views.resident_edit, name="edit"),
    path("<uuid:pk>/status/", views.resident_status, name="status"),
    path("<uuid:pk>/reveal-id/", views.reveal_id, name="reveal_id"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<uuid:pk>/", views.household_detail, name="household"),
    path("ledgers/", views.ledger_index, name="ledgers"),
    path("ledgers/<slug:key>/", views.ledger_detail, name="ledger"),
]
