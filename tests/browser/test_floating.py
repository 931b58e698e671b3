"""A grid worker registers an arriving Hui family on a phone and records a service; the secretary sees
them in the dashboard's floating-population panel and opens the rows."""

import os
from datetime import date

import pytest

from tests.factories import HouseholdFactory, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("TONGXIN_SCREENSHOTS")  # a folder to keep screenshots in (to look at them)


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _login(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Tongxin@2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_grid_worker_registers_an_arriving_family_and_the_secretary_opens_its_rows(
    world, browser, live_server
):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    phone = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15000)
    _login(page, "grid")
    page.goto("/c/HLS/floating/")
    _no_sideways_scroll(page)
    page.get_by_test_id("floating-create").click()
    page.wait_for_load_state()
    _no_sideways_scroll(page)

    page.fill("#id_person-name", "马志强")
    page.fill("#id_person-id_number", valid_id(date(1988, 4, 9), "M", "622901"))
    page.select_option("#id_person-ethnicity", "03")
    page.select_option("#id_person-household", str(household.pk))
    page.fill("#id_stay-arrived_on", "2025-03-01")
    page.select_option("#id_stay-origin", "622900")
    page.select_option("#id_stay-reason", "business")
    page.select_option("#id_stay-housing", "rented")
    page.fill("#id_stay-landlord_name", "王房东")
    page.fill("#id_stay-landlord_phone", "13800001111")
    page.fill("#id_stay-employer", "清真牛肉面馆")
    _shot(page, "floating-form-390")
    page.click("form[data-testid=floating-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("stay-state").inner_text() == "在住"
    assert page.get_by_test_id("landlord-phone").inner_text() == "138****1111"
    _no_sideways_scroll(page)

    # The wife: the stay's fields come over from her husband's registration.
    page.get_by_test_id("add-family").click()
    page.wait_for_load_state()
    assert page.input_value("#id_stay-origin") == "622900"
    page.fill("#id_person-name", "马秀兰")
    page.fill("#id_person-id_number", valid_id(date(1990, 7, 2), "F", "622901"))
    page.select_option("#id_person-ethnicity", "03")
    page.click("form[data-testid=floating-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("stay-state").inner_text() == "在住"

    # A service to the whole household: halal food and a place to pray.
    form = page.get_by_test_id("service-form")
    form.locator("select[name=kind]").select_option("halal")
    form.locator("select[name=subject]").select_option("household")
    form.locator("textarea[name=notes]").fill("介绍附近清真寺和清真食品店")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "介绍附近清真寺和清真食品店" in page.get_by_test_id("services").inner_text()
    _no_sideways_scroll(page)
    _shot(page, "floating-detail-390")
    page.goto("/c/HLS/floating/")
    assert page.locator("[data-testid=floating-table] tbody tr").count() == 2
    _no_sideways_scroll(page)
    _shot(page, "floating-list-390")
    phone.close()

    desk = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    page = desk.new_page()
    page.set_default_timeout(15000)
    _login(page, "secretary")
    page.goto(f"/c/HLS/dashboard/?date={date.today().isoformat()}")
    panel = page.get_by_test_id("floating-panel")
    link = panel.locator("[data-table=floating-ethnicity] a").first
    assert link.inner_text() == "2"
    _shot(page, "dashboard-1366")
    link.click()
    page.wait_for_load_state()
    assert int(page.get_by_test_id("row-count").inner_text()) == 2
    assert page.locator("main table tbody tr").count() == 2
    assert "马志强" in page.locator("main table").inner_text()
    desk.close()
