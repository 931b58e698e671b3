"""The report archive over the API: every version with its SHA-256, and the file itself, scoped."""

import hashlib

from django.urls import reverse

from tests.reports.api.helpers import issue
from tests.reports.routes import _archive, _community_archive


def test_a_community_lists_its_archived_versions_with_sha256_and_downloads_the_file(world, api):
    archive = _community_archive(world)
    raw = issue(world, view="figures")
    body = api(reverse("api:community_reports", kwargs={"code": "HLS"}), raw).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["sha256"] == archive.sha256 and row["version"] == 1 and row["report"] == "work-report"
    response = api(row["download"], raw)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == archive.sha256
    assert api(reverse("api:community_reports", kwargs={"code": "HLS"}), raw, year=2025).json()["count"] == 0


def test_another_communitys_archive_is_404_even_by_its_id(world, api):
    archive = _community_archive(world)
    url = reverse("api:community_report_file", kwargs={"code": "HLS", "pk": archive.pk})
    assert api(url, issue(world, community=world.b)).status_code == 404
    wrong_code = reverse("api:community_report_file", kwargs={"code": "XBG", "pk": archive.pk})
    assert api(wrong_code, issue(world, street=world.street)).status_code == 404  # B's token path, A's file


def test_the_street_lists_and_downloads_its_rollups(world, api):
    archive = _archive(world)
    raw = issue(world, street=world.street)
    body = api(reverse("api:street_reports", kwargs={"street_id": world.street.pk}), raw).json()
    assert [r["sha256"] for r in body["results"]] == [archive.sha256]
    response = api(body["results"][0]["download"], raw)
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == archive.sha256
    assert api(body["results"][0]["download"], issue(world, street=world.other_street)).status_code == 404
    assert api(body["results"][0]["download"], issue(world)).status_code == 404  # a community token


def test_the_archive_list_costs_the_same_queries_for_1_and_6_versions(world, api, count_queries):
    from reports.models import ReportArchive

    first = _community_archive(world)
    raw = issue(world)
    url = reverse("api:community_reports", kwargs={"code": "HLS"})
    few = count_queries(lambda: api(url, raw))

    fields = {
        f.name: getattr(first, f.name) for f in ReportArchive._meta.fields if f.name not in {"id", "version"}
    }
    for version in range(2, 7):
        ReportArchive.objects.create(**fields, version=version)
    many = count_queries(lambda: api(url, raw))
    # the token; the community; count and page (with the creator); the audit row
    assert few == many == 5
