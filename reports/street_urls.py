from django.urls import path

from . import dashboard_views, street_views
from .information import views as information_views
from .submissions import views as submission_views

app_name = "street"

urlpatterns = [
    path("", street_views.index, name="index"),
    path("dashboard/", dashboard_views.street_dashboard, name="dashboard"),
    path("rollup/", street_views.generate_rollup, name="rollup"),
    path("zip/", street_views.zip_latest, name="zip"),
    path("archive/<uuid:pk>/", street_views.download, name="download"),
    path("inbox/", submission_views.inbox, name="inbox"),
    path("inbox/due/", submission_views.set_due, name="set_due"),
    path("submissions/<int:pk>/", submission_views.detail, name="submission"),
    path("submissions/<int:pk>/accept/", submission_views.decide, {"decision": "accept"}, name="accept"),
    path("submissions/<int:pk>/return/", submission_views.decide, {"decision": "return"}, name="return"),
    path("info/", information_views.street_index, name="info"),
    path("info/<int:pk>/", information_views.street_detail, name="info_detail"),
    path(
        "info/<int:pk>/acknowledge/",
        information_views.street_step,
        {"step": "acknowledge"},
        name="info_acknowledge",
    ),
    path("info/<int:pk>/answer/", information_views.street_step, {"step": "answer"}, name="info_answer"),
    path("info/<int:pk>/ask/", information_views.street_step, {"step": "ask"}, name="info_ask"),
    path("info/attachments/<int:pk>/", information_views.street_attachment, name="info_attachment"),
]
