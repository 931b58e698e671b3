import pytest

from tests.factories import BuildingFactory, CompoundFactory, GridFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_assigns_a_building_head_and_the_gap_disappears(world, page, login):
    grid = GridFactory(community=world.a, name="第一网格", cadre_name="王干部")
    compound = CompoundFactory(grid=grid, community=world.a, name="华林小区", property_manager="物业甲")
    building = BuildingFactory(compound=compound, community=world.a, number="3", head_name="")
    login("staff")
    page.goto("/c/HLS/grids/gaps/")
    assert "华林小区3号楼" in page.get_by_test_id("building-gaps").inner_text()
    before = int(page.get_by_test_id("gap-total").inner_text())

    page.goto(f"/c/HLS/grids/{grid.pk}/")
    row = page.locator(f"tr[data-building='{building.pk}']")
    assert "未指定" in row.inner_text()
    row.get_by_role("link", name="修改").click()
    page.fill("#id_head_name", "马楼长")
    page.fill("#id_head_phone", "13912345678")
    page.click("main button[type=submit]")  # not the header's logout button
    page.wait_for_url(f"**/c/HLS/grids/{grid.pk}/")
    row = page.locator(f"tr[data-building='{building.pk}']")
    assert "马楼长" in row.inner_text() and "未指定" not in row.inner_text()

    page.goto("/c/HLS/grids/gaps/")
    assert "华林小区3号楼" not in page.get_by_test_id("building-gaps").inner_text()
    assert int(page.get_by_test_id("gap-total").inner_text()) == before - 1
