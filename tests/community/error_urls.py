"""The project's URLs plus one page that fails, to see the 500 page (used by test_error_pages only)."""

from django.urls import path

from community.urls import urlpatterns as project_patterns


def boom(request):
    raise RuntimeError("a programming error the user must not see")


urlpatterns = [*project_patterns, path("boom/", boom, name="boom")]
