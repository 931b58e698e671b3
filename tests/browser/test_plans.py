"""The plan ledger in a real browser: staff draft this year's plan, the secretary approves it, and an event
recorded afterwards is suggested its plan item by type and month."""

import datetime
import os

import pytest

from outreach.models import Event, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("TX_SCREENSHOTS")  # a directory: the pages are saved there to be looked at


@pytest.fixture(autouse=True)
def event_types(db):
    from tests.outreach.conftest import ensure_event_types

    ensure_event_types()


def _shot(page, name):
    if SHOTS:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})


def test_staff_draft_the_plan_the_secretary_approves_it_and_an_event_is_suggested_its_item(
    world, page, login
):
    today = datetime.date.today()
    login("staff")
    page.goto("/c/HLS/")
    page.get_by_role("link", name="年度计划").first.click()
    page.get_by_role("button", name="建立空白计划").click()
    page.wait_for_load_state()
    assert "请逐项填写" in page.content()

    page.get_by_role("link", name="增加活动").click()
    page.select_option("#id_month", label=f"{today.month}月")
    page.select_option("#id_event_type", label="座谈会")
    page.fill("#id_title", "民族团结座谈会")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="增加常规工作").click()
    page.select_option("#id_duty", label="每月与清真寺联合走访")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("plan-status").inner_text() == "草稿"
    assert page.get_by_test_id("approve").count() == 0  # staff do not approve

    page.context.clear_cookies()
    login("secretary")
    page.goto("/c/HLS/outreach/plans/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("approve").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("plan-status").inner_text() == "已批准"
    plan = Plan.objects.get(community=world.a, year=today.year)
    assert plan.status == "approved" and plan.approved_by == world.users["secretary"]
    assert len(plan.snapshot) == 2

    page.context.clear_cookies()
    login("staff")
    page.goto("/c/HLS/outreach/events/new/")
    page.select_option("#id_type", label="座谈会")
    page.fill("#id_title", "第四季度民族团结座谈会")
    page.fill("#id_date", today.isoformat())
    page.locator("#id_date").dispatch_event("change")
    item = plan.items.get(kind="activity")
    assert page.locator("#id_plan_item").input_value() == str(item.pk)  # suggested by type and month
    _shot(page, "event-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert Event.objects.get(title="第四季度民族团结座谈会").plan_item == item

    page.goto("/c/HLS/outreach/plans/")
    assert "已完成" in page.get_by_test_id("activities").inner_text()
    _shot(page, "plan")
