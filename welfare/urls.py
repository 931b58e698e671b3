from django.urls import path

from . import views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
    path("due/", views.due, name="due"),
    path("types/", views.types, name="types"),
    path("new/", views.create, name="create"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
    path("<uuid:pk>/transition/", views.transition, name="transition"),
    path("<uuid:pk>/attachments/", views.attach, name="attach"),
    path("attachments/<uuid:pk>/", views.attachment, name="attachment"),
]
