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


def test_each_version_says_how_far_it_went_generated_signed_submitted_accepted_or_returned(world, api):
    """#18's sign-off and 上报 are reported per version: the status, when signed (and the SHA-256 signed),
    when submitted and when the street answered."""
    from reports.submissions import services
    from tests.reports.submission_helpers import pdf_archive, signed, submitted

    secretary, street = world.users["secretary"], world.users["street"]
    returned = submitted(world.a, secretary, report="work-report")
    services.submission_return(submission=returned, actor=street, comment="请补充活动照片")
    accepted = submitted(world.a, secretary, report="work-report")  # the next version, resubmitted
    services.submission_accept(submission=accepted, actor=street)
    pending = submitted(world.a, secretary, report="annual-summary")
    only_signed = signed(world.a, secretary, report="annual-plan")
    generated = pdf_archive(world.a, report="annual-plan", year=2025)
    body = api(reverse("api:community_reports", kwargs={"code": "HLS"}), issue(world, view="figures")).json()
    rows = {r["id"]: r for r in body["results"]}
    assert body["count"] == 5
    expect = {
        returned.archive_id: ("returned", "已退回"),
        accepted.archive_id: ("accepted", "已接收"),
        pending.archive_id: ("pending", "已上报"),
        only_signed.pk: ("signed", "已签发"),
        generated.pk: ("generated", "已生成"),
    }
    assert {pk: (rows[str(pk)]["status"], rows[str(pk)]["status_label"]) for pk in expect} == expect
    row = rows[str(accepted.archive_id)]
    accepted.refresh_from_db()
    assert row["signed_sha256"] == row["sha256"] == accepted.archive.sha256
    assert row["signed_at"] and row["submitted_at"] and row["decided_at"]
    assert rows[str(generated.pk)]["signed_at"] is None and rows[str(generated.pk)]["submitted_at"] is None
    assert "请补充活动照片" not in str(body)  # the street's comment stays between the offices


def test_the_archive_with_submissions_costs_no_query_per_version(world, api, count_queries):
    from tests.reports.submission_helpers import submitted

    secretary = world.users["secretary"]
    submitted(world.a, secretary, report="work-report")
    raw = issue(world)
    url = reverse("api:community_reports", kwargs={"code": "HLS"})
    few = count_queries(lambda: api(url, raw))
    for report in ["annual-summary", "annual-plan"]:
        submitted(world.a, secretary, report=report)
    many = count_queries(lambda: api(url, raw))
    assert few == many == 5
