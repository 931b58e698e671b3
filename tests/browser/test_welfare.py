import pytest

from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_approves_a_case(world, page, login):
    case = CaseFactory(
        resident=ResidentFactory(household=HouseholdFactory(community=world.a), name="马强"),
        status="reviewing",
        start_on=None,
    )
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


def test_the_form_names_the_person_masks_the_id_and_shows_a_types_own_fields(world, page, login):
    from tests.welfare.factories import btype

    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马兰")
    login("staff")
    page.goto(f"/c/HLS/welfare/new/?resident={person.pk}")
    chosen = page.get_by_test_id("case-resident").inner_text()
    assert "马兰" in chosen and person.id_number[-4:] in chosen and person.id_number not in page.content()
    assert not page.locator(f"input[value='{person.id_number}']").count()  # no editable full number
    housing, placement = page.locator("#div_id_housing_mode"), page.locator("#div_id_placement")
    for code, shows_housing, shows_placement in [
        ("dibao", False, False),
        ("housing", True, False),
        ("employment", False, True),
    ]:
        page.select_option("#id_type", str(btype(code).pk))
        assert housing.is_visible() == shows_housing, code
        assert placement.is_visible() == shows_placement, code
