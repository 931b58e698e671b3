"""/api/v1/: the read API, its OpenAPI 3 schema and the schema rendered as a page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("scope/", views.ScopeView.as_view(), name="scope"),
    path("communities/<slug:code>/figures/", views.CommunityFiguresView.as_view(), name="community_figures"),
    *[
        path(f"communities/<slug:code>/{slug}/", view.as_view(), name=slug.replace("-", "_"))
        for slug, view, _summary in views.LEDGERS
    ],
    path("communities/<slug:code>/reports/", views.CommunityArchivesView.as_view(), name="community_reports"),
    path(
        "communities/<slug:code>/reports/<uuid:pk>/file/",
        views.CommunityArchiveFileView.as_view(),
        name="community_report_file",
    ),
    path("streets/<int:street_id>/figures/", views.StreetFiguresView.as_view(), name="street_figures"),
    path("streets/<int:street_id>/reports/", views.StreetArchivesView.as_view(), name="street_reports"),
    path(
        "streets/<int:street_id>/reports/<uuid:pk>/file/",
        views.StreetArchiveFileView.as_view(),
        name="street_report_file",
    ),
]
