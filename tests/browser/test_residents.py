"""Everyday path: a staff member adds a household of two, finds one by pinyin initials, sees the chain."""

from datetime import date
from importlib import import_module

import pytest

from tests.factories import UnitFactory, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def ethnicities(db):
    """The ethnicity reference is loaded by a data migration; an earlier transactional test flushes it."""
    from django.apps import apps

    import_module("residents.migrations.0002_load_ethnicities").load(apps, None)


def add_member(page, *, name, id_number, ethnicity):
    page.get_by_role("link", name="添加家庭成员").click()
    page.fill("#id_name", name)
    page.fill("#id_id_number", id_number)
    # The script fills birth date and sex from the ID number.
    page.wait_for_function("document.getElementById('id_birth_date').value !== ''")
    page.select_option("#id_ethnicity", ethnicity)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()


def test_staff_adds_a_household_of_two_finds_one_by_initials_and_sees_the_chain(world, page, login):
    unit = UnitFactory(building__compound__grid__community=world.a, head_name="单元长周七", number="2")
    building, compound, grid = unit.building, unit.building.compound, unit.building.compound.grid
    grid.cadre_name = "干部刘六"
    grid.save()
    compound.property_manager = "物业经理孙八"
    compound.save()

    login("staff")
    page.goto("/c/HLS/residents/households/new/")
    page.select_option("#id_grid", str(grid.pk))
    page.select_option("#id_compound", str(compound.pk))
    page.select_option("#id_building", str(building.pk))
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_door", "302")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "/residents/households/" in page.url

    head_id = valid_id(date(1975, 6, 1), "M")
    add_member(page, name="马建国", id_number=head_id, ethnicity="03")
    assert page.locator("h1").inner_text().startswith("马建国")
    page.get_by_role("link", name="查看户页").click()
    add_member(page, name="韩秀英", id_number=valid_id(date(1978, 9, 9), "F"), ethnicity="35")
    assert "韩秀英" in page.locator("h1").inner_text()

    page.goto("/c/HLS/residents/")
    page.fill("#id_q", "hxy")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("resident-table").locator("tbody tr")
    assert rows.count() == 1
    page.get_by_role("link", name="韩秀英").click()
    page.wait_for_load_state()

    chain = page.get_by_test_id("chain").inner_text()
    for person in ("马建国", "单元长周七", "物业经理孙八", "干部刘六"):
        assert person in chain
    assert "女" in page.content() and "1978-09-09" in page.content()
