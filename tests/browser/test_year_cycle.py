"""The year's cycle in Chromium, by clicking as the offices would: staff draft this year's plan and the
secretary approves it; an event recorded afterwards is suggested its plan item; the secretary generates and
signs off the work report and 上报 it; the street office returns it with a comment, which the community reads
on its reports page; the secretary regenerates, signs off and resubmits; the street accepts, and the ZIP's
manifest (清单.csv) names the accepted version. Then 信息报送: reported, acknowledged, followed up.
Screenshots (1366 px and 390 px) in the test's ``tmp_path``."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone

from outreach.models import Event, Plan
from reports.models import Submission
from tests.browser.test_journeys import DESK, PHONE, click_nav, open_as, reference_data, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMENT = "请补充第三部分民族团结进步创建的情况。"


@pytest.fixture(autouse=True)
def event_types(db):
    from tests.outreach.conftest import ensure_event_types

    ensure_event_types()


def _both_widths(page, take, name: str):
    take(page, f"{name}-desk")
    page.set_viewport_size(PHONE)
    take(page, f"{name}-phone")
    page.set_viewport_size(DESK)


def _staff_draft_the_plan(staff, take, today):
    click_nav(staff, "年度计划")
    assert f"{today.year}年尚未建立工作计划。" in staff.content()
    staff.get_by_role("button", name="建立空白计划").click()
    staff.wait_for_load_state()
    assert "请逐项填写" in staff.locator(".alert-success").inner_text()
    staff.get_by_role("link", name="增加活动").click()
    staff.select_option("#id_month", label=f"{today.month}月")
    staff.select_option("#id_event_type", label="座谈会")
    staff.fill("#id_title", "民族团结座谈会")
    staff.get_by_role("button", name="保存").click()
    staff.wait_for_load_state()
    staff.get_by_role("link", name="增加常规工作").click()
    staff.select_option("#id_duty", label="每月与清真寺联合走访")
    staff.get_by_role("button", name="保存").click()
    staff.wait_for_load_state()
    assert staff.get_by_test_id("plan-status").inner_text() == "草稿"
    assert "民族团结座谈会" in staff.get_by_test_id("activities").inner_text()
    assert "每月与清真寺联合走访" in staff.get_by_test_id("duties").inner_text()
    assert staff.get_by_test_id("approve").count() == 0  # staff do not approve
    take(staff, "staff-01-plan-draft")


def _secretary_approves(secretary, take, world, today):
    click_nav(secretary, "年度计划")
    assert secretary.get_by_test_id("plan-status").inner_text() == "草稿"
    secretary.once("dialog", lambda dialog: dialog.accept())
    secretary.get_by_test_id("approve").click()
    secretary.wait_for_load_state()
    assert secretary.get_by_test_id("plan-status").inner_text() == "已批准"
    assert secretary.get_by_role("link", name="增加活动").count() == 0  # the secretary approves, staff edit
    plan = Plan.objects.get(community=world.a, year=today.year)
    assert plan.status == "approved" and plan.approved_by == world.users["secretary"]
    assert len(plan.snapshot) == 2
    take(secretary, "secretary-01-plan-approved")
    return plan


def _staff_hold_the_planned_event(staff, take, plan, today):
    click_nav(staff, "活动与宣传")
    staff.get_by_role("link", name="登记活动").click()
    staff.wait_for_load_state()
    staff.select_option("#id_type", label="座谈会")
    staff.fill("#id_title", "第四季度民族团结座谈会")
    staff.fill("#id_date", today.isoformat())
    staff.locator("#id_date").dispatch_event("change")
    item = plan.items.get(kind="activity")
    assert staff.locator("#id_plan_item").input_value() == str(item.pk)  # suggested by type and month
    _both_widths(staff, take, "staff-02-event-form")
    staff.get_by_role("button", name="保存").click()
    staff.wait_for_load_state()
    assert Event.objects.get(title="第四季度民族团结座谈会").plan_item == item
    click_nav(staff, "年度计划")
    assert staff.get_by_test_id("plan-status").inner_text() == "已批准"
    assert "已完成" in staff.get_by_test_id("activities").inner_text()
    assert "第四季度民族团结座谈会" in staff.get_by_test_id("activities").inner_text()
    _both_widths(staff, take, "staff-03-plan-progress")


def _generate_sign_and_submit(page, take, step: str, version: int):
    click_nav(page, "报告")
    page.locator(".card", has_text="民族工作汇报材料").get_by_role("button", name="预览").click()
    page.wait_for_load_state()
    anyway = page.locator("input[name=anyway]")
    if anyway.count():
        anyway.check()
    page.get_by_role("button", name="生成 PDF 并存档").click()
    page.get_by_text("已生成并存档").wait_for(timeout=60000)
    click_nav(page, "报告")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("signoff").first.click()
    page.wait_for_load_state()
    assert "已审核签发" in page.locator(".alert-success").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit").first.click()
    page.wait_for_load_state()
    assert "已将《" in page.locator(".alert-success").inner_text()
    standing = page.get_by_test_id("standing-work-report").inner_text()
    assert "已上报" in standing and f"第{version}版" in standing
    take(page, f"secretary-{step}-submitted")


def _open_inbox(page):
    click_nav(page, "街道首页")
    page.get_by_test_id("street-home").get_by_role("link", name="报告上报收件箱").click()
    page.wait_for_load_state()


def test_the_plan_is_approved_and_the_work_report_is_signed_submitted_returned_resubmitted_and_accepted(
    world,
    open_as,  # noqa: F811
    shot,  # noqa: F811
):
    today = timezone.localdate()
    year = today.year

    # The plan: staff draft it, the secretary approves it, an event held later is linked to its item.
    staff = open_as("staff")
    _staff_draft_the_plan(staff, shot, today)
    secretary = open_as("secretary")
    plan = _secretary_approves(secretary, shot, world, today)
    _staff_hold_the_planned_event(staff, shot, plan, today)

    # 审核签发 and 上报 of the work report.
    _generate_sign_and_submit(secretary, shot, "02", version=1)

    # The street office returns it with a comment (refused without one).
    street = open_as("street")
    _open_inbox(street)
    row = street.get_by_test_id("inbox-HLS")
    assert "待接收" in row.inner_text() and "第1版" in row.inner_text()
    assert "未上报" in street.get_by_test_id("inbox-XBG").inner_text()
    shot(street, "street-01-inbox")
    row.get_by_role("link", name="处理").click()
    street.wait_for_load_state()
    street.get_by_test_id("return").click()  # without a comment: refused beside the field
    street.wait_for_load_state()
    assert "退回时请填写修改意见。" in street.locator(".invalid-feedback").inner_text()
    street.fill("#id_comment", COMMENT)
    street.get_by_test_id("return").click()
    street.wait_for_load_state()
    row = street.get_by_test_id("inbox-HLS")
    assert "已退回" in row.inner_text() and row.get_by_role("link", name="处理").count() == 0
    shot(street, "street-02-returned")

    # The community reads the comment on its reports page, then regenerates, signs off and resubmits.
    click_nav(secretary, "报告")
    standing = secretary.get_by_test_id("standing-work-report").inner_text()
    assert "已退回" in standing and COMMENT in standing and "第1版" in standing
    shot(secretary, "secretary-03-returned")
    _generate_sign_and_submit(secretary, shot, "04", version=2)
    secretary.set_viewport_size(PHONE)
    shot(secretary, "secretary-05-reports-phone")

    # The street accepts the second version.
    _open_inbox(street)
    row = street.get_by_test_id("inbox-HLS")
    assert "待接收" in row.inner_text() and "第2版" in row.inner_text()
    row.get_by_role("link", name="处理").click()
    street.wait_for_load_state()
    history = street.get_by_test_id("history").inner_text()
    assert "第2版" in history and "第1版" in history and "请补充第三部分" in history
    shot(street, "street-03-detail")
    street.get_by_test_id("accept").click()
    street.wait_for_load_state()
    assert "已接收" in street.get_by_test_id("inbox-HLS").inner_text()
    shot(street, "street-04-accepted")
    street.set_viewport_size(PHONE)
    shot(street, "street-05-inbox-phone")
    street.set_viewport_size(DESK)

    click_nav(secretary, "报告")  # the community sees it accepted
    assert "已接收" in secretary.get_by_test_id("standing-work-report").inner_text()

    # The ZIP for the street: the accepted version and the manifest naming it, and the community without one.
    with street.expect_download() as download:
        street.get_by_role("link", name=f"打包下载 {year} 年已接收的报告（ZIP，含清单）").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as zf:
        rows = list(csv.reader(io.StringIO(zf.read("清单.csv").decode("utf-8-sig"))))
        accepted = Submission.objects.get(status="accepted")
        assert accepted.archive.version == 2
        assert f"华林山社区/{accepted.archive.file_name}" in zf.namelist()
    by = {(r[0], r[1]): r for r in rows[1:]}
    assert by[("华林山社区", "民族工作汇报材料")][2:4] == ["2", "已接收"]
    assert by[("华林山社区", "民族工作汇报材料")][7] == accepted.archive.signed_sha256
    assert by[("小北沟社区", "民族工作汇报材料")][3] == "无已接收版本：未上报"

    click_nav(street, "街道首页")
    street.get_by_test_id("street-home").get_by_role("link", name="各社区数据看板").click()
    street.wait_for_load_state()
    assert "已接收" in street.get_by_test_id("cell-HLS-work-report").inner_text()
    street.locator("#submissions").scroll_into_view_if_needed()
    shot(street, "street-06-dashboard")


def test_information_is_reported_acknowledged_and_followed_up(world, open_as, shot, tmp_path):  # noqa: F811
    pdf = tmp_path / "现场.pdf"
    pdf.write_bytes(b"%PDF-1.4 demo")
    staff = open_as("staff")
    click_nav(staff, "信息报送")
    staff.get_by_test_id("info-new").click()
    staff.wait_for_load_state()
    staff.select_option("#id_category", "dispute")
    staff.select_option("#id_urgency", "urgent")
    staff.fill("#id_title", "两户居民因楼道堆物发生争执")
    staff.fill("#id_occurred_on", timezone.localdate().isoformat())
    staff.fill("#id_text", "网格员已到场劝解，双方情绪平稳。")
    staff.get_by_test_id("info-submit").click()  # the informant is missing: said beside the field
    staff.wait_for_load_state()
    assert "请填写信息员姓名。" in staff.locator(".invalid-feedback").first.inner_text()
    assert staff.input_value("#id_title") == "两户居民因楼道堆物发生争执"
    staff.fill("#id_informant", "李建国")
    staff.set_input_files("#id_files", str(pdf))
    shot(staff, "staff-01-information-form")
    staff.get_by_test_id("info-submit").click()
    staff.wait_for_load_state()
    assert "待签收" in staff.get_by_test_id("info-status").inner_text()

    street = open_as("street")
    click_nav(street, "信息报送")
    assert "两户居民因楼道堆物发生争执" in street.get_by_test_id("info-list").inner_text()
    shot(street, "street-07-information-list")
    street.get_by_role("link", name="两户居民因楼道堆物发生争执").click()
    street.wait_for_load_state()
    street.get_by_test_id("info-acknowledge").click()
    street.wait_for_load_state()
    street.fill("#id_text", "请续报调解结果。")
    street.get_by_test_id("info-ask").click()
    street.wait_for_load_state()
    assert "需续报" in street.get_by_test_id("info-status").inner_text()
    shot(street, "street-08-information-detail")
    street.set_viewport_size(PHONE)
    shot(street, "street-09-information-detail-phone")

    staff.reload()
    assert "请续报调解结果。" in staff.get_by_test_id("info-steps").inner_text()
    staff.fill("#id_text", "经调解，双方已清理楼道，达成谅解。")
    staff.get_by_test_id("info-follow-up").click()
    staff.wait_for_load_state()
    assert "待签收" in staff.get_by_test_id("info-status").inner_text()
    staff.set_viewport_size(PHONE)
    shot(staff, "staff-02-information-phone")
