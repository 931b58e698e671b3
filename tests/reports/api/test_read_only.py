"""No write endpoint: every API route refuses POST, PUT, PATCH and DELETE (405) with a valid token and
changes nothing; the README's example commands name real routes and valid command arguments."""

import re
import shlex
from pathlib import Path

import pytest
from django.test import Client
from django.urls import resolve, reverse

from community.models import AuditLog
from tests.reports.api.helpers import bearer, issue
from tests.reports.api.routes import ROUTES

README = Path(__file__).resolve().parents[3] / "README.md"
ENDPOINTS = sorted(name for name in ROUTES if name not in {"api:schema", "api:docs"})


@pytest.mark.parametrize("name", ENDPOINTS)
def test_no_api_route_accepts_a_write(world, name):
    from reports.models import ApiToken, ReportArchive

    route = ROUTES[name]
    path = reverse(name, kwargs=route.kwargs(world))
    headers = bearer(issue(world, street=world.street))
    before = (ApiToken.objects.count(), ReportArchive.objects.count())
    for method in ["post", "put", "patch", "delete"]:
        response = getattr(Client(), method)(
            path, {"x": "1"}, content_type="application/json", headers=headers
        )
        assert response.status_code == 405, (method, response.status_code)
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert (ApiToken.objects.count(), ReportArchive.objects.count()) == before
    assert AuditLog.objects.filter(action="api.read", outcome="denied_405").count() == 4  # refused, audited


def _readme_api_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Read API")
    return text[start : text.index("\n## ", start + 1)]


def test_the_readme_curl_examples_name_real_api_routes():
    urls = re.findall(r"https?://[^/\s\"]+(/api/v1/[^\s\"?]*)", _readme_api_section())
    assert len(urls) >= 3
    names = {resolve(url.replace("<id>", "00000000-0000-0000-0000-000000000000")).view_name for url in urls}
    assert {
        "api:scope",
        "api:street_figures",
        "api:community_figures",
        "api:community_reports",
        "api:community_report_file",
    } <= names


def test_the_readme_token_commands_parse_and_the_listed_endpoints_exist(world):
    from reports.api.views import LEDGERS
    from reports.management.commands.api_token import Command

    section = _readme_api_section()
    parser = Command().create_parser("manage.py", "api_token")
    commands = re.findall(r"^python manage.py api_token (.+?)(?:\s+#.*)?$", section, flags=re.M)
    assert [c.split()[0] for c in commands] == ["issue", "list", "revoke"]
    for command in commands:
        parser.parse_args(shlex.split(command))  # an unknown option exits: the README would mislead
    for slug, _view, _summary in LEDGERS:
        assert f"`{slug}/`" in section, slug  # every ledger is listed among the endpoints
