"""审核签发 and 上报 in Chromium: the secretary generates and signs off the work report and submits it; the
street office returns it with a comment; the secretary regenerates, signs off and resubmits; the street
accepts; the ZIP's manifest names the accepted version. Screenshots at 1366 px and 390 px in ``tmp_path``."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone

from reports.models import Submission
from tests.browser.test_journeys import DESK, PHONE, click_nav, open_as, reference_data, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _generate_sign_and_submit(page, take, step: str):
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
    assert "已上报" in page.get_by_test_id("standing-work-report").inner_text()
    take(page, f"secretary-{step}-submitted")


def _open_inbox(page):
    click_nav(page, "街道首页")
    page.get_by_test_id("street-home").get_by_role("link", name="报告上报收件箱").click()
    page.wait_for_load_state()


def test_sign_off_submit_return_resubmit_accept_and_the_manifest(world, open_as, shot):  # noqa: F811
    year = timezone.localdate().year
    secretary = open_as("secretary")
    _generate_sign_and_submit(secretary, shot, "01")

    street = open_as("street")
    _open_inbox(street)
    row = street.get_by_test_id("inbox-HLS")
    assert "待接收" in row.inner_text()
    assert "未上报" in street.get_by_test_id("inbox-XBG").inner_text()
    shot(street, "street-01-inbox")
    row.get_by_role("link", name="处理").click()
    street.wait_for_load_state()
    street.get_by_test_id("return").click()  # without a comment: refused beside the field
    street.wait_for_load_state()
    assert "退回时请填写修改意见。" in street.locator(".invalid-feedback").inner_text()
    street.fill("#id_comment", "请补充第三部分民族团结进步创建的情况。")
    street.get_by_test_id("return").click()
    street.wait_for_load_state()
    assert "已退回" in street.get_by_test_id("inbox-HLS").inner_text()
    shot(street, "street-02-returned")

    secretary.reload()
    standing = secretary.get_by_test_id("standing-work-report")
    assert (
        "已退回" in standing.inner_text()
        and "请补充第三部分民族团结进步创建的情况。" in standing.inner_text()
    )
    shot(secretary, "secretary-02-returned")
    _generate_sign_and_submit(secretary, shot, "03")
    secretary.set_viewport_size(PHONE)
    shot(secretary, "secretary-04-reports-phone")

    _open_inbox(street)
    street.get_by_test_id("inbox-HLS").get_by_role("link", name="处理").click()
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

    with street.expect_download() as download:
        street.get_by_role("link", name=f"打包下载 {year} 年已接收的报告（ZIP，含清单）").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as zf:
        rows = list(csv.reader(io.StringIO(zf.read("清单.csv").decode("utf-8-sig"))))
        accepted = Submission.objects.get(status="accepted")
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
