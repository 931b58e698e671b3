"""The OpenAPI 3 schema is served by the portal and rendered as a page from our own static files;
Schemathesis fuzzes every operation against the live schema: no server error, no schema violation."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzzing
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.reports.api.helpers import bearer, issue
from tests.reports.api.routes import LEDGER_NAMES
from tests.reports.api.test_ledgers import _rows
from tests.reports.routes import _archive, _community_archive
from tests.reports.submission_helpers import submitted

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 25  # per operation (27 operations)


def test_the_schema_is_openapi_3_and_has_no_write_operation(world):
    response = Client().get(reverse("api:schema"), headers={"Accept": "application/json"})
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    methods = {method for path in schema["paths"].values() for method in path}
    assert methods == {"get"}
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_docs_page_renders_the_schema_from_our_own_static_files(world):
    page = Client().get(reverse("api:docs"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body
    assert "<script>" not in body  # the initialising script is a file too (CSP: script-src 'self')
    script = Client().get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and reverse("api:schema") in script.content.decode()


@pytest.fixture
def wsgi_app():
    """The portal's WSGI application, keeping the test's database connection open between requests
    (Django's test client does the same: a finished request would otherwise close it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(world, wsgi_app):
    _rows(world, world.a, 3)
    _archive(world)
    _community_archive(world)
    submitted(world.a, world.users["secretary"])  # a version signed off and 上报: its status in the archive
    token = bearer(issue(world, street=world.street))
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7 + len(LEDGER_NAMES) == 27  # scope, 2 × figures, 2 × (archive, file), ledgers
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @fuzzing(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            # Inside the token's scope, so that the fuzzed query parameters reach the endpoints' code
            # (outside it every call is 404, which test_scoping and the permission matrix prove).
            if "code" in (case.path_parameters or {}):
                case.path_parameters["code"] = world.a.code
            if "street_id" in (case.path_parameters or {}):
                case.path_parameters["street_id"] = world.street.pk
            response = case.call(headers=token)
            calls.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

        fuzz()
    assert 200 in calls and 400 in calls and len(calls) > 100
