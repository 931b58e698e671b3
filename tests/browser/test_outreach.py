import datetime

import pytest

from outreach.models import Event
from tests.factories import HouseholdFactory, ResidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def event_types(db):
    """Loaded by a data migration; an earlier transactional test's flush empties the table."""
    from tests.outreach.conftest import ensure_event_types

    ensure_event_types()


def test_staff_record_a_symposium_with_three_participants_and_see_it_on_the_overview(world, page, login):
    for name, code in (("马福林", "03"), ("马福祥", "26"), ("马福山", "01")):
        ResidentFactory(household=HouseholdFactory(community=world.a), name=name, ethnicity=code)
    login("staff")
    page.goto("/c/HLS/")
    assert page.locator('[data-testid="outreach-events-by-type"] [data-type="座谈会"]').inner_text() == "0"

    page.goto("/c/HLS/outreach/events/new/")
    page.select_option("#id_type", label="座谈会")
    page.fill("#id_title", "民族团结座谈会")
    page.fill("#id_date", datetime.date.today().isoformat())
    page.fill(".picker-search", "马福")
    results = page.get_by_test_id("picker-results")
    results.get_by_text("马福林").wait_for()
    for name in ("马福林", "马福祥", "马福山"):
        results.locator("label", has_text=name).locator("input").check()
    selected = page.get_by_test_id("picker-selected-participants")
    assert selected.locator("input:checked").count() == 3
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()

    assert "活动已保存" in page.content()
    assert "共 3 人" in page.get_by_test_id("participant-total").inner_text()
    event = Event.objects.get(title="民族团结座谈会")
    assert event.participants.count() == 3

    page.goto("/c/HLS/")
    assert page.locator('[data-testid="outreach-events-by-type"] [data-type="座谈会"]').inner_text() == "1"
