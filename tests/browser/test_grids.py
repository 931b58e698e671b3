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
    page.goto(f"/c/HLS/grids/{grid.pk}/")
    page.locator(f"tr[data-building='{building.pk}'] a", has_text="修改").first.click()
    page.fill("#id_head_name", "马楼长")
    page.click("main button[type=submit]")  # not the header's logout button
    page.wait_for_load_state()
    assert "马楼长" in page.content()
    page.goto("/c/HLS/grids/gaps/")
    assert "华林小区3号楼" not in page.get_by_test_id("building-gaps").inner_text()
