from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("propaganda/", views.propaganda_list, name="propaganda"),
    path("propaganda/new/", views.propaganda_create, name="propaganda_create"),
    path("propaganda/<int:pk>/edit/", views.propaganda_edit, name="propaganda_edit"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/checklist/", views.checklist, name="checklist"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/file/", views.agreement_file, name="agreement_file"),
    path("disputes/", views.dispute_list, name="disputes"),
    path("disputes/new/", views.dispute_create, name="dispute_create"),
    path("disputes/<int:pk>/", views.dispute_edit, name="dispute_edit"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/members/", views.member_add, name="member_add"),
    path("organisations/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("sites/", views.site_list, name="sites"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("residents/search/", views.resident_search, name="resident_search"),
]
