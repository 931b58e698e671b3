"""信息报送: submitting with attachments, the street's acknowledgement, answers and 续报, overdue flags, who
may do what, the counts by category and month and the rows behind them, and the lists' query counts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from reports.information import selectors, services
from reports.models import InformationAttachment, InformationReport
from reports.registry import community_figures
from tests.factories import HouseholdFactory, MembershipFactory, ResidentFactory
from tests.reports.routes import INFO_FORM
from tests.reports.submission_helpers import information_report

PDF = b"%PDF-1.4 scan"


def test_staff_submit_with_an_attachment_and_the_street_downloads_it(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), name="马小明")
    client = client_for("staff")
    response = client.post(
        reverse("reports:info_new", kwargs={"code": "HLS"}),
        {
            **INFO_FORM,
            "residents": [resident.pk],
            "files": [SimpleUploadedFile("现场照片.pdf", PDF, "application/pdf")],
        },
    )
    assert response.status_code == 302
    report = InformationReport.objects.get()
    assert (report.category, report.urgency, report.status, report.informant) == (
        "dispute",
        "urgent",
        "pending",
        "李建国",
    )
    assert list(report.residents.all()) == [resident]
    attachment = report.attachments.get()
    assert AuditLog.objects.filter(action="information.submit", user=world.users["staff"]).count() == 1
    street = client_for("street")
    detail = street.get(reverse("street:info_detail", kwargs={"street_id": world.street.pk, "pk": report.pk}))
    body = detail.content.decode()
    assert "1 人（姓名仅社区可见）" in body and "马小明" not in body  # the street reads no names
    download = street.get(
        reverse("street:info_attachment", kwargs={"street_id": world.street.pk, "pk": attachment.pk})
    )
    assert b"".join(download.streaming_content) == PDF and download["X-Content-Type-Options"] == "nosniff"
    assert AuditLog.objects.filter(action="information.attachment_download").count() == 1


def test_a_wrong_attachment_or_missing_field_is_explained_beside_it_and_the_input_kept(world, client_for):
    client = client_for("secretary")
    url = reverse("reports:info_new", kwargs={"code": "HLS"})
    html = SimpleUploadedFile("报告.pdf", b"<html><script>x</script></html>", "application/pdf")
    response = client.post(url, {**INFO_FORM, "files": [html]})
    body = response.content.decode()
    assert response.status_code == 400 and "不是 PDF、JPG 或 PNG 文件" in body and "邻里纠纷苗头" in body
    many = [SimpleUploadedFile(f"{i}.pdf", PDF, "application/pdf") for i in range(6)]
    assert "一次最多上传5个附件。" in client.post(url, {**INFO_FORM, "files": many}).content.decode()
    response = client.post(
        url, {**INFO_FORM, "informant": "", "occurred_on": (date.today() + timedelta(days=1)).isoformat()}
    )
    body = response.content.decode()
    assert (
        "请填写信息员姓名。" in body and "发生日期不能晚于今天。" in body and "两户因停车发生口角。" in body
    )
    assert not InformationReport.objects.exists()


def test_acknowledge_answer_ask_and_follow_up_each_kept_and_audited(world, client_for):
    report = information_report(world.a, world.users["staff"])
    street = client_for("street")
    kw = {"street_id": world.street.pk, "pk": report.pk}
    # an answer before acknowledging is refused
    street.post(reverse("street:info_answer", kwargs=kw), {"text": "知道了"})
    report.refresh_from_db()
    assert report.status == "pending"
    assert street.post(reverse("street:info_acknowledge", kwargs=kw), {"text": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == "acknowledged" and report.acknowledged_by == world.users["street"]
    empty = street.post(reverse("street:info_ask", kwargs=kw), {"text": " "})
    assert empty.status_code == 400 and "请说明需要续报的内容。" in empty.content.decode()
    street.post(reverse("street:info_ask", kwargs=kw), {"text": "请续报参与人数和现场秩序。"})
    report.refresh_from_db()
    assert report.status == "follow_up"
    staff = client_for("staff")
    page = staff.get(reverse("reports:info_detail", kwargs={"code": "HLS", "pk": report.pk})).content.decode()
    assert "请续报参与人数和现场秩序。" in page
    before = report.waiting_since
    assert (
        staff.post(
            reverse("reports:info_follow_up", kwargs={"code": "HLS", "pk": report.pk}),
            {"text": "约两百人，秩序良好。"},
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == "pending" and report.waiting_since > before and report.acknowledged_at is None
    assert [s.kind for s in report.steps.all()] == ["submit", "acknowledge", "ask", "follow_up"]
    assert [a.action for a in AuditLog.objects.filter(action__startswith="information.").order_by("at")] == [
        "information.submit",
        "information.acknowledge",
        "information.ask",
        "information.follow_up",
    ]


@pytest.mark.parametrize("persona", ["grid", "street"])
def test_only_staff_and_the_secretary_submit_and_follow_up(world, client_for, persona):
    report = information_report(world.a, world.users["staff"])
    client = client_for(persona)
    assert client.post(reverse("reports:info_new", kwargs={"code": "HLS"}), INFO_FORM).status_code == 403
    url = reverse("reports:info_follow_up", kwargs={"code": "HLS", "pk": report.pk})
    assert client.post(url, {"text": "x"}).status_code == 403
    assert InformationReport.objects.count() == 1


def test_another_street_and_an_outsider_get_404(world, client, client_for):
    from tests.conftest import pass_second_factor

    report = information_report(world.a, world.users["staff"])
    other = MembershipFactory(
        user__username="street_c", role="street", community=None, street=world.other_street
    ).user
    client.force_login(other)
    pass_second_factor(client, other)
    own = {"street_id": world.other_street.pk}
    assert client.get(reverse("street:info_detail", kwargs={**own, "pk": report.pk})).status_code == 404
    assert client.post(reverse("street:info_acknowledge", kwargs={**own, "pk": report.pk})).status_code == 404
    assert "清真寺主麻日人数增多" not in client.get(reverse("street:info", kwargs=own)).content.decode()
    outsider = client_for("outsider")
    assert (
        outsider.get(reverse("reports:info_detail", kwargs={"code": "HLS", "pk": report.pk})).status_code
        == 404
    )
    assert (
        outsider.get(reverse("reports:info_detail", kwargs={"code": "XBG", "pk": report.pk})).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == "pending"


def test_overdue_acknowledgements_are_flagged_by_urgency(world, client_for):
    now = timezone.now()
    critical = information_report(world.a, title="特急", urgency="critical")
    urgent = information_report(world.a, title="紧急", urgency="urgent")
    normal = information_report(world.a, title="一般", urgency="normal")
    InformationReport.objects.filter(pk=critical.pk).update(waiting_since=now - timedelta(hours=3))
    InformationReport.objects.filter(pk=urgent.pk).update(waiting_since=now - timedelta(hours=3))
    InformationReport.objects.filter(pk=normal.pk).update(waiting_since=now - timedelta(days=4))
    overdue = set(InformationReport.objects.filter(selectors.overdue_q()).values_list("title", flat=True))
    assert overdue == {"特急", "一般"}
    assert selectors.pending_counts(selectors.Q(community__street=world.street)) == (3, 2)
    page = client_for("street").get(
        reverse("street:info", kwargs={"street_id": world.street.pk}) + "?status=overdue"
    )
    assert [r.title for r in page.context["page"]] == ["一般", "特急"] or {
        r.title for r in page.context["page"]
    } == overdue
    assert "其中超时未签收 2 件" in page.content.decode()
    services.information_acknowledge(report=critical, actor=world.users["street"])
    assert not InformationReport.objects.filter(selectors.overdue_q(), pk=critical.pk).exists()


def _at(report, when):
    InformationReport.objects.filter(pk=report.pk).update(submitted_at=when)


def test_counts_by_category_and_month_as_figures_with_their_rows(world, client_for):
    tz = timezone.get_current_timezone()
    from datetime import datetime

    _at(information_report(world.a, category="dispute"), datetime(2026, 2, 10, 9, tzinfo=tz))
    _at(information_report(world.a, category="dispute"), datetime(2026, 3, 1, 9, tzinfo=tz))
    _at(information_report(world.a, category="event"), datetime(2026, 3, 2, 9, tzinfo=tz))
    _at(information_report(world.a, category="event"), datetime(2026, 7, 1, 9, tzinfo=tz))  # after the date
    _at(information_report(world.a, category="event"), datetime(2025, 12, 31, 23, tzinfo=tz))  # last year
    information_report(world.b, category="dispute")  # another community
    figures = community_figures(world.a, date(2026, 6, 30), 2026)
    assert figures["信息报送件数"].value == 3
    assert figures["矛盾纠纷苗头信息件数"].value == 2 and figures["重要活动信息件数"].value == 1
    assert figures["民族宗教动态信息件数"].value == 0  # counted: zero, not missing
    c = figures["_information"]
    assert c.by_month[2]["dispute"] == 1 and c.by_month[3] == {
        "ethnic_religious": 0,
        "dispute": 1,
        "event": 1,
        "other": 0,
    }
    client = client_for("secretary")
    for key, n in [("information:dispute", 2), ("information", 3), ("information:2026-03", 2)]:
        page = client.get(
            reverse("reports:figure_rows", kwargs={"code": "HLS", "key": key}) + "?date=2026-06-30&year=2026"
        )
        assert page.status_code == 200 and page.context["page"].paginator.count == n, key
    from reports.api.definitions import definition_of

    for name in ("信息报送件数", "矛盾纠纷苗头信息件数", "其他信息件数"):
        assert definition_of(figures[name])


def test_the_dashboard_shows_the_counts_linked_to_their_rows(world, client_for):
    information_report(world.a, category="dispute")
    page = client_for("secretary").get(reverse("dashboard:community", kwargs={"code": "HLS"}))
    body = page.content.decode()
    assert (
        'data-testid="dash-information"' in body
        and "/rows/information%3Adispute/" in body
        or "/rows/information:dispute/" in body
    )


def test_the_lists_cost_the_same_queries_for_5_and_50_reports(world, client_for, count_queries):
    def measure(persona, url):
        client = client_for(persona)
        client.get(url)
        return count_queries(lambda: client.get(url))

    community_url = reverse("reports:info", kwargs={"code": "HLS"})
    street_url = reverse("street:info", kwargs={"street_id": world.street.pk})
    for i in range(5):
        information_report(world.a, world.users["staff"], title=f"信息{i}")
    five, street_five = measure("staff", community_url), measure("street", street_url)
    for i in range(45):
        information_report(world.a if i % 2 else world.b, world.users["staff"], title=f"更多{i}")
    fifty, street_fifty = measure("staff", community_url), measure("street", street_url)
    # Community: session, user, community, membership (access); the page's count and rows (a page of 20,
    # with submitters); pending and overdue counts; the switcher's communities — 8. Street: session, user,
    # second-factor device, street; count, rows (with communities); pending/overdue; the filter's
    # communities; the switcher (the user's memberships, their communities) — 10.
    assert five == fifty == 8, (five, fifty)
    assert street_five == street_fifty, (street_five, street_fifty)
    assert street_five == 10, street_five


def test_the_street_dashboard_counts_each_communitys_reports_and_links_the_overdue_ones(world, client_for):
    late = information_report(world.a, title="超时", urgency="critical")
    InformationReport.objects.filter(pk=late.pk).update(waiting_since=timezone.now() - timedelta(hours=5))
    information_report(world.a, title="及时", category="event")
    information_report(world.b, title="小北沟", category="other")
    client = client_for("street")
    page = client.get(reverse("street:dashboard", kwargs={"street_id": world.street.pk}))
    rows = {r["community"].code: r for r in page.context["information"]}
    assert (rows["HLS"]["total"], rows["HLS"]["pending"], rows["HLS"]["overdue"]) == (2, 2, 1)
    assert rows["XBG"]["categories"] == [0, 0, 0, 1]
    listed = client.get(
        reverse("street:info", kwargs={"street_id": world.street.pk}),
        {"community": world.a.pk, "status": "overdue"},
    )  # the link behind the 1
    assert [r.title for r in listed.context["page"]] == ["超时"]


def _stored_files(root) -> list[str]:
    folder = root / "information"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_step_that_fails_after_its_attachment_was_stored_leaves_no_file_behind(
    world, settings, tmp_path, monkeypatch
):
    """The files are written before the transaction; a refusal or a failure inside it (here: the title
    refused by the model, then the audit row failing after the attachment's row was saved) deletes them."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    staff = world.users["staff"]
    data = {
        "category": "dispute",
        "urgency": "urgent",
        "title": "邻里纠纷苗头",
        "text": "两户因停车发生口角。",
        "occurred_on": date(2026, 3, 1),
        "informant": "李建国",
    }

    def files(name):
        return [(SimpleUploadedFile(name, PDF, "application/pdf"), "application/pdf", ".pdf")]

    with pytest.raises(ValidationError):
        services.information_submit(
            community=world.a, data={**data, "title": "长" * 201}, files=files("a.pdf"), actor=staff
        )
    assert _stored_files(settings.PRIVATE_ROOT) == [] and not InformationReport.objects.exists()

    def audit_fails(*args, **kwargs):
        assert InformationAttachment.objects.exists()  # the row was saved: the failure comes after it
        raise RuntimeError("审计日志写入失败")

    with monkeypatch.context() as patch:
        patch.setattr(services, "log_action", audit_fails)
        with pytest.raises(RuntimeError):
            services.information_submit(community=world.a, data=data, files=files("b.pdf"), actor=staff)
    assert _stored_files(settings.PRIVATE_ROOT) == [] and not InformationReport.objects.exists()

    report = services.information_submit(community=world.a, data=data, files=files("c.pdf"), actor=staff)
    kept = report.attachments.get()
    assert _stored_files(settings.PRIVATE_ROOT) == [kept.storage_name]  # a step that succeeds keeps its file
    with monkeypatch.context() as patch:
        patch.setattr(services, "log_action", audit_fails)
        with pytest.raises(RuntimeError):
            services.information_follow_up(
                report=report, text="续报调解结果。", files=files("d.pdf"), actor=staff
            )
    assert _stored_files(settings.PRIVATE_ROOT) == [kept.storage_name]
    assert list(report.attachments.all()) == [kept] and report.steps.count() == 1
