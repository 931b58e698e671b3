"""Everyday path: a clerk uploads the office's sheet, sees the one bad row flagged, fixes it and imports."""

import pytest

from residents.models import Resident
from tests.transfer.helpers import person, xlsx

# serialized_rollback: the ethnicity reference is loaded by a migration, and an earlier transactional
# test may have flushed it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_uploads_a_sheet_sees_the_bad_row_flagged_fixes_it_and_imports(world, page, login, tmp_path):
    rows = [person(), person("韩秀英", sex="F", 与户主关系="配偶", 民族="火星族")]
    bad = tmp_path / "居民.xlsx"
    bad.write_bytes(xlsx(rows))

    login("staff")
    page.goto("/c/HLS/")
    page.get_by_role("link", name="导入与导出").first.click()
    page.wait_for_load_state()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()

    assert page.get_by_test_id("count-new").inner_text() == "1"
    assert page.get_by_test_id("count-refused").inner_text() == "1"
    flagged = page.locator("tr.table-danger")
    assert flagged.count() == 1
    assert "第 4 行" in flagged.inner_text() and "民族" in flagged.inner_text()
    assert "未知的民族：火星族" in flagged.inner_text()

    # Fix the row and upload again.
    rows[1]["民族"] = "撒拉族"
    fixed = tmp_path / "居民（改）.xlsx"
    fixed.write_bytes(xlsx(rows))
    page.get_by_role("link", name="导入与导出").first.click()
    page.wait_for_load_state()
    page.set_input_files("#id_file", str(fixed))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("count-new").inner_text() == "2"
    assert page.get_by_test_id("count-refused").inner_text() == "0"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state()
    # The import runs as a job; without a worker it is done by the time its page opens.
    assert "新增 2 人" in page.get_by_test_id("job-status").locator(".alert").first.inner_text()
    assert sorted(Resident.objects.values_list("name", "ethnicity_id")) == [
        ("韩秀英", "35"),
        ("马建国", "03"),
    ]
    page.get_by_role("link", name="返回导入与导出").click()
    page.wait_for_load_state()
    assert "居民（改）.xlsx" in page.get_by_test_id("recent-jobs").inner_text()
