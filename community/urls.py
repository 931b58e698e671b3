"""Root URLs. Community pages live under /c/<code>/ (see CommunityAccessMiddleware)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import two_factor, views

community_patterns = (
    [
        path("", views.overview, name="overview"),
        path("profile/", views.profile, name="profile"),
    ],
    "community",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/2fa/", two_factor.setup, name="two_factor"),
    path("account/2fa/disable/", two_factor.disable, name="two_factor_disable"),
    path("account/2fa/verify/", two_factor.verify, name="two_factor_verify"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("admin/", admin.site.urls),
    path("c/<slug:code>/", include(community_patterns)),
    path("c/<slug:code>/grids/", include("grids.urls")),
    path("c/<slug:code>/residents/", include("residents.urls")),
    path("c/<slug:code>/transfer/", include("residents.transfer.urls")),
    path("c/<slug:code>/floating/", include("residents.floating.urls")),
    path("c/<slug:code>/hardship/", include("residents.hardship.urls")),
    path("c/<slug:code>/welfare/", include("welfare.urls")),
    path("c/<slug:code>/outreach/", include("outreach.urls")),
    path("c/<slug:code>/reports/", include("reports.urls")),
    path("c/<slug:code>/dashboard/", include("reports.dashboard_urls")),
    path("street/<int:street_id>/reports/", include("reports.street_urls")),
    path("api/v1/", include("reports.api.urls")),
]
