from django.urls import path

from . import views

app_name = "transfer"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/", views.template, name="template"),
    path("upload/", views.upload, name="upload"),
    path("import/<str:token>/", views.preview, name="preview"),
    path("import/<str:token>/confirm/", views.confirm, name="confirm"),
    path("import/<str:token>/cancel/", views.cancel, name="cancel"),
    path("import/<str:token>/refused.xlsx", views.refused, name="refused"),
    path("export/", views.export, name="export"),
    path("jobs/<uuid:pk>/", views.job, name="job"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<uuid:pk>/retry/", views.job_retry, name="job_retry"),
]
