from django.urls import path

from . import views
from .information import views as information_views
from .submissions import views as submission_views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:identifier>/preview/", views.preview, name="preview"),
    path("<slug:identifier>/generate/", views.generate, name="generate"),
    path("<slug:identifier>/narratives/", views.narratives, name="narratives"),
    path("archive/<uuid:pk>/", views.download, name="download"),
    path("archive/<uuid:pk>/signoff/", submission_views.signoff, name="signoff"),
    path("archive/<uuid:pk>/submit/", submission_views.submit, name="submit"),
    path("info/", information_views.index, name="info"),
    path("info/new/", information_views.new, name="info_new"),
    path("info/residents/", information_views.resident_search, name="info_resident_search"),
    path("info/<int:pk>/", information_views.detail, name="info_detail"),
    path("info/<int:pk>/follow-up/", information_views.follow_up, name="info_follow_up"),
    path("info/attachments/<int:pk>/", information_views.attachment, name="info_attachment"),
    path("jobs/<uuid:pk>/", views.job, name="job"),
    path("rows/<str:key>/", views.figure_rows, name="figure_rows"),
]
