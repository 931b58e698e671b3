"""The permission table is the one place a role is named: the system checks keep it honest, and the
middleware answers 404/403 from it on street and audit pages as on community pages."""

import pytest
from django.apps import apps
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from community import checks
from community.middleware import requires
from community.permissions import role_permissions


def _view():
    """A fresh view each time (``requires`` marks the function it is given)."""

    def view(request, **kwargs):
        return HttpResponse("ok")

    return view


urlpatterns = [
    path("street/<int:street_id>/probe/", requires("audit.view")(_view()), name="street_probe"),
    path("street/<int:street_id>/open/", requires("reports.street")(_view()), name="street_open"),
    path("audit/probe/", requires("reports.street")(_view()), name="audit_probe"),
    path("audit/bare/", _view(), name="audit_bare"),
    path("", include("community.urls")),
]


@pytest.fixture
def table_with(monkeypatch):
    """Add permissions to one app's table for the test (the merged table is cached: cleared around it)."""

    def add(extra: dict):
        config = apps.get_app_config("grids")
        monkeypatch.setattr(config, "role_permissions", {**config.role_permissions, **extra})
        role_permissions.cache_clear()

    yield add
    role_permissions.cache_clear()


def test_the_projects_table_and_views_pass_the_checks():
    assert checks.roles_exist() == []
    assert checks.scoped_views_declare_permissions() == []


def test_a_permission_naming_an_unknown_role_fails_the_check(table_with):
    table_with({"grids.rename": {"grid_worker", "gridworker"}})
    errors = checks.roles_exist()
    assert [e.id for e in errors] == ["community.E001"]
    assert "gridworker" in errors[0].msg and "grids.rename" in errors[0].msg


@override_settings(TWO_FACTOR_REQUIRED_ROLES=("street", "auditors"))
def test_an_unknown_role_requiring_the_second_factor_fails_the_check():
    assert [e.id for e in checks.roles_exist()] == ["community.E002"]


@override_settings(ROOT_URLCONF=__name__)
def test_a_scoped_view_without_a_permission_fails_the_check():
    errors = checks.scoped_views_declare_permissions()
    assert [e.id for e in errors] == ["community.E003"]
    assert "audit/bare/" in errors[0].msg


@override_settings(ROOT_URLCONF=__name__)
def test_the_middleware_answers_403_on_a_street_page_the_role_may_not_open(world, client_for):
    client = client_for("street")
    assert client.get(f"/street/{world.street.pk}/open/").status_code == 200
    assert client.get(f"/street/{world.street.pk}/probe/").status_code == 403
    assert client.get(f"/street/{world.other_street.pk}/open/").status_code == 404
    assert client_for("staff").get(f"/street/{world.street.pk}/open/").status_code == 404


@override_settings(ROOT_URLCONF=__name__)
def test_the_middleware_answers_403_on_an_audit_page_the_auditor_may_not_open(world, client_for):
    assert client_for("auditor").get("/audit/probe/").status_code == 403
    assert client_for("street").get("/audit/probe/").status_code == 404
