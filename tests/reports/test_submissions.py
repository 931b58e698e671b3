"""审核签发 and 上报: every state change, who may make it, what each side sees, the ZIP's manifest and the
roll-up's choice of versions."""

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.models import AuditLog
from community.storage import private_storage
from reports.exporters import get_exporter
from reports.exporters.street_rollup import rollup_from_versions
from reports.models import Submission, SubmissionDue
from reports.submissions import selectors, services
from reports.submissions.package import MANIFEST, street_package
from tests.factories import CommunityFactory, MembershipFactory
from tests.reports.submission_helpers import pdf_archive, signed, submitted


@pytest.fixture
def secretary(world):
    return world.users["secretary"]


@pytest.fixture
def street(world):
    return world.users["street"]


# -- 审核签发 -------------------------------------------------------------------------------------------
def test_the_secretary_signs_off_a_version_with_its_sha256_and_it_is_audited(world, client_for, secretary):
    archive = pdf_archive(world.a, user=secretary)
    response = client_for("secretary").post(
        reverse("reports:signoff", kwargs={"code": "HLS", "pk": archive.pk})
    )
    assert response.status_code == 302
    archive.refresh_from_db()
    assert archive.signed_by == secretary and archive.signed_at is not None
    assert archive.signed_sha256 == archive.sha256 and len(archive.signed_sha256) == 64
    log = AuditLog.objects.get(action="report.signoff")
    assert log.user == secretary and log.data["sha256"] == archive.sha256 and log.data["version"] == 1


@pytest.mark.parametrize("persona", ["staff", "street", "grid"])
def test_only_the_secretary_signs_off(world, client_for, persona):
    archive = pdf_archive(world.a)
    response = client_for(persona).post(reverse("reports:signoff", kwargs={"code": "HLS", "pk": archive.pk}))
    assert response.status_code == 403
    archive.refresh_from_db()
    assert archive.signed_at is None


def test_a_file_changed_since_it_was_generated_cannot_be_signed(world, secretary):
    archive = pdf_archive(world.a)
    storage = private_storage()
    storage.delete(f"archive/{archive.storage_name}")
    storage.save(f"archive/{archive.storage_name}", io.BytesIO(b"%PDF-1.4 altered"))
    with pytest.raises(ValidationError, match="SHA-256 不一致"):
        services.archive_sign_off(archive=archive, actor=secretary)
    archive.refresh_from_db()
    assert archive.signed_at is None


def test_a_version_is_signed_once_and_only_a_community_pdf(world, secretary):
    archive = signed(world.a, secretary)
    with pytest.raises(ValidationError, match="已于"):
        services.archive_sign_off(archive=archive, actor=secretary)
    archive.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    archive.signed_at = None
    archive.save()
    with pytest.raises(ValidationError, match="PDF"):
        services.archive_sign_off(archive=archive, actor=secretary)


# -- 上报 -----------------------------------------------------------------------------------------------
def test_an_unsigned_or_superseded_version_cannot_be_submitted(world, secretary):
    with pytest.raises(ValidationError, match="请先审核签发"):
        services.report_submit(archive=pdf_archive(world.a), actor=secretary)
    old = signed(world.a, secretary)
    pdf_archive(world.a)  # version 2
    with pytest.raises(ValidationError, match="不是最新版本"):
        services.report_submit(archive=old, actor=secretary)
    assert not Submission.objects.exists()


def test_a_second_version_waits_until_the_first_is_answered(world, secretary, street):
    first = submitted(world.a, secretary)
    second = signed(world.a, secretary)
    with pytest.raises(ValidationError, match="待接收"):
        services.report_submit(archive=second, actor=secretary)
    services.submission_return(submission=first, actor=street, comment="缺少第三部分")
    resubmitted = services.report_submit(archive=second, actor=secretary)
    assert resubmitted.status == "pending" and resubmitted.archive.version == 2


def test_the_database_refuses_two_open_submissions_of_one_report_and_year(world, secretary):
    submitted(world.a, secretary)
    other = signed(world.a, secretary)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(archive=other, community=world.a, report="work-report", year=2026)


def test_staff_cannot_submit_and_the_secretary_can(world, client_for, secretary):
    archive = signed(world.a, secretary)
    url = reverse("reports:submit", kwargs={"code": "HLS", "pk": archive.pk})
    assert client_for("staff").post(url).status_code == 403
    assert client_for("secretary").post(url).status_code == 302
    submission = Submission.objects.get()
    assert submission.status == "pending" and submission.submitted_by == secretary
    assert AuditLog.objects.filter(action="report.submit", user=secretary).count() == 1


# -- the street's answer --------------------------------------------------------------------------------
def test_the_street_returns_with_a_comment_the_community_sees_it_and_resubmits(
    world, client_for, secretary, street
):
    first = submitted(world.a, secretary)
    client = client_for("street")
    url = reverse("street:return", kwargs={"street_id": world.street.pk, "pk": first.pk})
    empty = client.post(url, {"comment": "  "})
    assert empty.status_code == 400 and "退回时请填写修改意见。" in empty.content.decode()
    first.refresh_from_db()
    assert first.status == "pending"
    assert client.post(url, {"comment": "请补充民族团结进步创建的数据。"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.decided_by, first.comment) == (
        "returned",
        street,
        "请补充民族团结进步创建的数据。",
    )
    page = client_for("secretary").get(reverse("reports:index", kwargs={"code": "HLS"}) + "?year=2026")
    assert "请补充民族团结进步创建的数据。" in page.content.decode()
    second = submitted(world.a, secretary)
    client = client_for("street")
    accept = reverse("street:accept", kwargs={"street_id": world.street.pk, "pk": second.pk})
    assert client.post(accept, {"comment": ""}).status_code == 302
    second.refresh_from_db()
    assert second.status == "accepted"
    # every step kept: both versions, who and when, the comment
    steps = list(selectors.history(world.a, "work-report", 2026))
    assert [(s.archive.version, s.status) for s in steps] == [(2, "accepted"), (1, "returned")]
    assert [
        log.action
        for log in AuditLog.objects.filter(action__startswith="report.")
        .exclude(action="report.signoff")
        .order_by("at")
    ] == ["report.submit", "report.return", "report.submit", "report.accept"]
    # an answered submission is not answered again
    assert (
        client.post(
            reverse("street:return", kwargs={"street_id": world.street.pk, "pk": second.pk}),
            {"comment": "再退回"},
        ).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.status == "accepted"


def test_the_return_form_keeps_the_input_beside_the_error(world, client_for, secretary):
    s = submitted(world.a, secretary)
    response = client_for("street").post(
        reverse("street:return", kwargs={"street_id": world.street.pk, "pk": s.pk}), {"comment": "x" * 2001}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "意见不超过2000字。" in body and "x" * 2001 in body


def test_the_street_office_of_another_district_gets_404(world, client, secretary):
    from tests.conftest import pass_second_factor

    s = submitted(world.a, secretary)
    other = MembershipFactory(
        user__username="street_c", role="street", community=None, street=world.other_street
    ).user
    client.force_login(other)
    pass_second_factor(client, other)
    own = {"street_id": world.other_street.pk}
    assert client.get(reverse("street:inbox", kwargs=own)).status_code == 200
    assert client.get(reverse("street:submission", kwargs={**own, "pk": s.pk})).status_code == 404
    assert client.post(reverse("street:accept", kwargs={**own, "pk": s.pk})).status_code == 404
    assert (
        client.post(reverse("street:return", kwargs={**own, "pk": s.pk}), {"comment": "x"}).status_code == 404
    )
    theirs = {"street_id": world.street.pk}
    assert client.get(reverse("street:inbox", kwargs=theirs)).status_code == 404
    assert client.get(reverse("street:submission", kwargs={**theirs, "pk": s.pk})).status_code == 404
    assert client.get(reverse("street:zip", kwargs=theirs)).status_code == 404
    s.refresh_from_db()
    assert s.status == "pending"
    # nor does the other street's inbox list the community
    assert "华林山社区" not in client.get(reverse("street:inbox", kwargs=own)).content.decode()


def test_a_community_outsider_gets_404(world, client_for, secretary):
    archive = signed(world.a, secretary)
    client = client_for("outsider")
    assert client.post(reverse("reports:submit", kwargs={"code": "HLS", "pk": archive.pk})).status_code == 404
    assert (
        client.post(reverse("reports:signoff", kwargs={"code": "HLS", "pk": archive.pk})).status_code == 404
    )
    # and a version of another community is not found under one's own
    assert client.post(reverse("reports:submit", kwargs={"code": "XBG", "pk": archive.pk})).status_code in (
        403,
        404,
    )
    assert not Submission.objects.exists()


# -- states, due dates, overdue -------------------------------------------------------------------------
def test_each_community_stands_missing_submitted_returned_or_accepted_and_overdue_in_red(
    world, client_for, secretary, street
):
    c = CommunityFactory(code="C3", name="三社区", street=world.street)
    MembershipFactory(user__username="sec_b", role="secretary", community=world.b)
    services.submission_accept(submission=submitted(world.a, secretary), actor=street)
    services.submission_return(submission=submitted(world.b, secretary), actor=street, comment="改")
    submitted(c, secretary, report="work-report")
    services.due_set(
        street=world.street, report="work-report", year=2026, due_on=date(2026, 3, 1), actor=street
    )
    d = CommunityFactory(code="C4", name="四社区", street=world.street)
    standings = {
        s.community.code: s
        for s in selectors.street_standings(world.street, 2026, ["work-report"], today=date(2026, 3, 2))[
            "work-report"
        ]
    }
    assert {k: (s.label, s.overdue) for k, s in standings.items()} == {
        "HLS": ("已接收", False),
        "XBG": ("已退回", True),
        "C3": ("已上报", False),
        "C4": ("未上报", True),
    }
    on_due_day = selectors.street_standings(world.street, 2026, ["work-report"], today=date(2026, 3, 1))
    assert not any(s.overdue for s in on_due_day["work-report"])
    assert d.pk


def test_the_street_sets_a_due_date_and_a_wrong_one_is_explained_beside_the_field(world, client_for):
    client = client_for("street")
    url = reverse("street:set_due", kwargs={"street_id": world.street.pk})
    bad = client.post(url, {"report": "work-report", "year": 2026, "due_on": "2026-13-40"})
    assert bad.status_code == 400 and "请按“年-月-日”填写日期。" in bad.content.decode()
    far = client.post(url, {"report": "work-report", "year": 2026, "due_on": "2030-01-01"})
    assert far.status_code == 400 and "截止日期应在该年度或下一年度之内。" in far.content.decode()
    assert (
        client.post(url, {"report": "work-report", "year": 2026, "due_on": "2026-12-20"}).status_code == 302
    )
    assert (
        client.post(url, {"report": "work-report", "year": 2026, "due_on": "2026-12-25"}).status_code == 302
    )
    assert list(SubmissionDue.objects.values_list("due_on", flat=True)) == [date(2026, 12, 25)]
    assert AuditLog.objects.filter(action="report.due").count() == 2


def test_the_communitys_home_page_shows_what_is_due(world, client_for, street):
    today = date.today()
    services.due_set(
        street=world.street,
        report="work-report",
        year=today.year,
        due_on=today - timedelta(days=1),
        actor=street,
    )
    page = client_for("secretary").get(reverse("community:overview", kwargs={"code": "HLS"})).content.decode()
    assert 'data-testid="due-work-report"' in page and "已逾期" in page and "未上报" in page
    assert 'data-testid="due-annual-plan"' not in page  # no due date, nothing submitted: not listed


def test_the_street_dashboard_shows_each_communitys_state(world, client_for, secretary, street):
    services.submission_accept(submission=submitted(world.a, secretary), actor=street)
    page = client_for("street").get(
        reverse("street:dashboard", kwargs={"street_id": world.street.pk}) + "?year=2026"
    )
    body = page.content.decode()
    assert 'data-testid="cell-HLS-work-report"' in body
    cells = page.context["submissions"]
    assert [(c.code, [s.label for s in row]) for c, row in cells][0] == (
        "HLS",
        ["已接收", "未上报", "未上报"],
    )


# -- the ZIP and the roll-up ------------------------------------------------------------------------------
def _manifest(content: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        text = zf.read(MANIFEST).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_zip_holds_the_accepted_versions_and_a_manifest_naming_every_community(
    world, client_for, secretary, street
):
    accepted = services.submission_accept(submission=submitted(world.a, secretary), actor=street)
    response = client_for("street").get(
        reverse("street:zip", kwargs={"street_id": world.street.pk}) + "?year=2026"
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert sorted(zf.namelist()) == ["华林山社区/work-report-1.pdf", MANIFEST]
    rows = _manifest(response.content)
    assert rows[0] == [
        "社区",
        "报告",
        "版本",
        "状态",
        "统计截止日期",
        "签发人",
        "签发时间",
        "SHA-256",
        "文件",
    ]
    by = {(r[0], r[1]): r for r in rows[1:]}
    hls = by[("华林山社区", "民族工作汇报材料")]
    assert hls[2:4] == ["1", "已接收"] and hls[7] == accepted.archive.signed_sha256
    assert by[("小北沟社区", "民族工作汇报材料")][2:4] == ["", "无已接收版本：未上报"]
    assert by[("（街道汇总）", "街道汇总")][3] == "2026年尚未生成"
    assert {r[0] for r in rows[1:]} == {"华林山社区", "小北沟社区", "（街道汇总）"}


def test_the_zip_on_request_takes_the_newest_submitted_and_never_a_returned_one(world, secretary, street):
    MembershipFactory(user__username="sec_b", role="secretary", community=world.b)
    services.submission_return(submission=submitted(world.a, secretary), actor=street, comment="改")
    submitted(world.b, secretary)
    package = street_package(world.street, 2026, "submitted")
    by = {(r[0], r[1]): r for r in _manifest(package.content)[1:]}
    assert by[("华林山社区", "民族工作汇报材料")][3] == "无上报版本：已退回"
    assert by[("小北沟社区", "民族工作汇报材料")][2:4] == ["1", "待接收"]
    accepted_only = {(r[0], r[1]): r for r in _manifest(street_package(world.street, 2026).content)[1:]}
    assert accepted_only[("小北沟社区", "民族工作汇报材料")][3] == "无已接收版本：待接收（未接收）"


def _with_figures(submission, **values):
    archive = submission.archive
    archive.figures = {name: {"value": str(v), "unit": ""} for name, v in values.items()}
    archive.save()
    return submission


FIGS = {
    "常住户数": 10,
    "常住人口": 30,
    "少数民族户数": 4,
    "少数民族人口": 9,
    "少数民族占比": "30.0",
    "流动人口": 2,
    "网格数": 3,
    "低保人数": 5,
    "少数民族低保人数": 1,
    "少数民族低保人数占比": "20.0",
    "活动场次": 6,
    "走访次数": 7,
    "纠纷件数": 2,
    "已化解件数": 1,
    "纠纷化解率": "50.0",
}


def test_the_rollup_uses_the_accepted_versions_and_states_which(world, secretary, street):
    # version 1 accepted with its figures; version 2 of B waiting: only with basis "submitted"
    _with_figures(services.submission_accept(submission=submitted(world.a, secretary), actor=street), **FIGS)
    MembershipFactory(user__username="sec_b", role="secretary", community=world.b)
    b = submitted(world.b, secretary)
    _with_figures(b, **{**FIGS, "常住人口": 70, "少数民族人口": 21})
    header, rows, totals, used = rollup_from_versions(world.street, 2026, "accepted")
    assert rows[0][:3] == ["华林山社区", 10, 30]
    assert rows[1] == ["小北沟社区"] + [None] * (len(header) - 1)  # missing, not zero
    assert totals[2] == 30
    assert [(c.name, s.archive.version if s else None, state) for c, s, state in used] == [
        ("华林山社区", 1, "已接收"),
        ("小北沟社区", None, "已上报"),
    ]
    _h, rows, totals, used = rollup_from_versions(world.street, 2026, "submitted")
    assert rows[1][2] == 70 and totals[2] == 100
    assert totals[header.index("少数民族占比")] == pytest.approx(30)  # (9 + 21) / 100, never averaged
    assert [state for _c, _s, state in used] == ["已接收", "待接收"]


def test_the_archived_rollup_names_the_versions_it_used(world, secretary, street):
    from reports.services import report_generate

    _with_figures(services.submission_accept(submission=submitted(world.a, secretary), actor=street), **FIGS)
    exporter = get_exporter("street-rollup")(street=world.street)
    form_data = exporter.form_data(
        {"year": 2026, "date": date(2026, 12, 31), "format": "xlsx", "basis": "accepted"}
    )
    archive = report_generate(exporter=exporter, form_data=form_data, actor=street)
    versions = archive.figures["versions"]
    assert [(v["community"], v["version"], v["status"]) for v in versions] == [
        ("华林山社区", 1, "已接收"),
        ("小北沟社区", None, "未上报"),
    ]
    assert versions[0]["sha256"] == Submission.objects.get().archive.signed_sha256
    rows = _manifest(street_package(world.street, 2026).content)
    assert [r[2:4] for r in rows if r[0] == "（街道汇总）"] == [["1", "街道生成"]]


# -- query counts ---------------------------------------------------------------------------------------
def _communities_with_submissions(world, n, secretary, street):
    for i in range(n):
        c = CommunityFactory(code=f"Q{n}{i}", name=f"社区{n}-{i}", street=world.street)
        s = submitted(c, secretary)
        if i % 2:
            services.submission_accept(submission=s, actor=street)


def test_the_inbox_costs_the_same_queries_for_5_and_50_communities(
    world, client_for, secretary, street, count_queries
):
    client = client_for("street")
    url = reverse("street:inbox", kwargs={"street_id": world.street.pk}) + "?year=2026"
    _communities_with_submissions(world, 3, secretary, street)  # with A and B: 5
    client.get(url)
    five = count_queries(lambda: client.get(url))
    assert len(client.get(url).context["standings"]) == 5
    _communities_with_submissions(world, 45, secretary, street)
    fifty = count_queries(lambda: client.get(url))
    assert len(client.get(url).context["standings"]) == 50
    # Session, user, second-factor device, street; the user's memberships and communities (switcher);
    # the communities, the due date, the latest submissions (with their versions, signers, submitters).
    assert five == fifty == 9, (five, fifty)


def test_the_reports_page_costs_the_same_queries_for_5_and_50_versions(
    world, client_for, secretary, street, count_queries
):
    client = client_for("secretary")
    url = reverse("reports:index", kwargs={"code": "HLS"}) + "?year=2026"

    def versions(n):
        for _ in range(n):
            s = submitted(world.a, secretary)
            services.submission_return(submission=s, actor=street, comment="改")

    versions(5)
    client.get(url)
    five = count_queries(lambda: client.get(url))
    versions(45)
    fifty = count_queries(lambda: client.get(url))
    # Session, user, membership (access); the page's versions (count, rows with signer and submission);
    # due dates, latest submissions; the switcher.
    assert five == fifty, (five, fifty)
    assert five == 9, five


def test_the_zip_costs_the_same_queries_for_5_and_50_communities(world, secretary, street, count_queries):
    _communities_with_submissions(world, 3, secretary, street)
    five = count_queries(lambda: street_package(world.street, 2026))
    _communities_with_submissions(world, 45, secretary, street)
    fifty = count_queries(lambda: street_package(world.street, 2026))
    # communities, due dates, latest submissions (states); chosen versions; roll-ups
    assert five == fifty == 5, (five, fifty)


# -- the demo -------------------------------------------------------------------------------------------
def test_the_demo_shows_every_state(db):
    from io import StringIO

    from django.core.management import call_command

    from community.models import Community

    call_command("seed_demo", stdout=StringIO())
    street = Community.objects.get(code="HLS").street
    standings = selectors.street_standings(street, date.today().year)
    states = {
        (s.community.code, report): (s.label, s.overdue) for report, rows in standings.items() for s in rows
    }
    assert states[("HLS", "work-report")] == ("已接收", False)
    assert states[("XBG", "work-report")] == ("已退回", True)
    assert states[("HLS", "annual-summary")] == ("已上报", False)
    assert states[("HLS", "annual-plan")] == ("未上报", True)
    returned = Submission.objects.get(status="returned")
    assert returned.comment and returned.archive.signed_by.username == "secretary_b"
    from reports.information.selectors import overdue_q
    from reports.models import InformationReport

    info = InformationReport.objects.filter(community__code="HLS")
    assert set(info.values_list("status", flat=True)) == {"acknowledged", "follow_up", "pending"}
    assert info.filter(overdue_q()).count() == 1  # the 特急 report of yesterday, not acknowledged
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert Submission.objects.count() == 3 and info.count() == 4
