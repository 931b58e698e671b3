import pytest

from tests.reports.api.helpers import issue

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
    assert page.locator(".opblock-get").count() == 14 and page.locator(".opblock-post").count() == 0
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
