from django.urls import path

from . import dashboard_views

app_name = "dashboard"

urlpatterns = [path("", dashboard_views.community_dashboard, name="community")]
