from django.urls import path

from . import dashboard_views, street_views

app_name = "street"

urlpatterns = [
    path("", street_views.index, name="index"),
    path("dashboard/", dashboard_views.street_dashboard, name="dashboard"),
    path("rollup/", street_views.generate_rollup, name="rollup"),
    path("zip/", street_views.zip_latest, name="zip"),
    path("archive/<uuid:pk>/", street_views.download, name="download"),
]
