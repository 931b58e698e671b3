from django.urls import path

from . import views
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
    path("jobs/<uuid:pk>/", views.job, name="job"),
    path("rows/<str:key>/", views.figure_rows, name="figure_rows"),
]
