import pytest

from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_approves_a_case(world, page, login):
    case = CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a), name="马强"),
                       status="reviewing", start_on=None)  # fmt: skip
    login("secretary")
    page.goto(f"/c/HLS/welfare/{case.pk}/")
    assert page.get_by_test_id("case-status").inner_text() == "审核中"
    page.once("dialog", lambda dialog: dialog.accept())
    form = page.locator("form", has=page.get_by_test_id("to-active"))
    form.locator("input[name=reason]").fill("经入户调查，符合低保条件")
    page.get_by_test_id("to-active").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("case-status").inner_text() == "在保"
    assert "经入户调查，符合低保条件" in page.content()
