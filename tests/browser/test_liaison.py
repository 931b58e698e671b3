"""Real browser: the month's joint visit with the mosque is recorded from the duty grid, and a religious
figure's number is revealed in place (audited)."""

import datetime

import pytest

from community.models import AuditLog
from outreach.models import JointVisit
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory
from tests.outreach.factories import ReligiousFigureFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(db):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()


def test_staff_record_the_months_joint_visit_from_the_duty_grid(world, page, login):
    today = datetime.date.today()
    grid = GridFactory(community=world.a)
    site = SiteFactory(
        community=world.a, name="华林山清真寺", grid=grid, joint_visits_from=today.replace(day=1)
    )
    ReligiousFigureFactory(community=world.a, site=site, name="马永福", phone="13893112345")
    household = HouseholdFactory(community=world.a, unit=UnitFactory(building__compound__grid=grid))
    ResidentFactory(household=household, name="马福林", ethnicity="03")
    login("staff")
    page.goto("/c/HLS/outreach/religious/joint-visits/")
    cell = page.get_by_test_id("duty-grid").locator('td[data-status="due"]')
    assert "待走访" in cell.inner_text()
    cell.get_by_role("link", name="登记").click()
    page.wait_for_load_state()
    assert page.locator("#id_site").input_value() == str(site.pk)
    page.get_by_label("马永福（华林山清真寺·阿訇（教长））").check()
    page.fill("#id_topics", "了解回族居民生产生活情况")
    page.fill(".picker-search", "马福")
    page.get_by_test_id("picker-results").locator("label", has_text="马福林").locator("input").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "联合走访已登记" in page.content()
    visit = JointVisit.objects.get()
    assert list(visit.households.all()) == [household] and visit.staff.count() == 1

    page.goto("/c/HLS/outreach/religious/joint-visits/")
    assert page.get_by_test_id("duty-grid").locator('td[data-status="done"]').count() == 1

    page.goto(f"/c/HLS/outreach/sites/{site.pk}/")
    figures = page.get_by_test_id("site-figures")
    assert "138****2345" in figures.inner_text()
    figures.get_by_role("button", name="显示完整号码").click()
    figures.get_by_text("13893112345").wait_for()
    assert "已记录审计" in figures.inner_text()
    assert AuditLog.objects.filter(action="outreach.contact.reveal", username="staff").count() == 1
