import pytest

from tests.reports.api.helpers import issue
from tests.reports.api.routes import LEDGER_NAMES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_renders_every_operation_and_tries_one_with_a_token(world, page):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    raw = issue(world, view="figures")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on(
        "request",
        lambda r: None if r.url.startswith(("http://localhost", "data:")) else blocked.append(r.url),
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    operations = 7 + len(LEDGER_NAMES)  # scope, 2 × figures, 2 × (archive, file), every ledger
    assert page.locator(".opblock-get").count() == operations and page.locator(".opblock-post").count() == 0
    assert "同心 只读数据接口" in page.locator(".title").inner_text()
    page.click("button.authorize")
    page.fill(".auth-container input", raw)
    page.click(".auth-btn-wrapper button.authorize")
    page.click("button.btn-done")
    operation = page.locator(".opblock", has_text="/api/v1/communities/{code}/figures/")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("tr[data-param-name='code'] input").fill("HLS")
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status")
    status.first.wait_for()
    assert status.first.inner_text().strip().startswith("200")
    assert "常住人口" in operation.locator(".live-responses-table .microlight").first.inner_text()
    page.screenshot(path="var/screenshots/api-docs-1366.png", full_page=False)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="var/screenshots/api-docs-top-1366.png")
    assert blocked == []


def test_the_system_admin_issues_a_token_and_sees_it_once(world, page, login):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    admin = world.users["sysadmin"]
    admin.set_password("Tongxin@2026")
    admin.save()
    page.set_viewport_size({"width": 1366, "height": 900})
    login("admin")
    page.goto("/admin/reports/apitoken/add/")
    page.fill("#id_client", "七里河区民宗局统计平台")
    page.select_option("#id_street", label="西园街道")
    page.select_option("#id_view", "figures")
    page.fill("#id_expires_at_0", "2099-12-31")
    page.fill("#id_expires_at_1", "00:00:00")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    token = page.locator("code").first.inner_text()
    assert token.startswith("tx_")
    page.screenshot(path="var/screenshots/api-token-issued-1366.png")
    page.click("text=返回令牌列表")
    page.wait_for_load_state()
    assert "七里河区民宗局统计平台" in page.content() and token not in page.content()
    assert "有效" in page.locator("#result_list").inner_text()
    page.screenshot(path="var/screenshots/api-token-list-1366.png")
