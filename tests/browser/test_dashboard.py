import re

import pytest

from tests.factories import HouseholdFactory, ResidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_opens_the_dashboard_sees_the_chart_and_opens_a_figures_rows(world, page, login):
    for ethnicity in ["03", "03", "26", "01", "01"]:
        ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity=ethnicity)
    login("secretary")
    page.goto("/c/HLS/dashboard/")
    chart = page.locator("[data-chart='composition'] svg")
    chart.wait_for()
    legend = chart.text_content()
    assert "回族" in legend and "东乡族" in legend and "汉族" in legend
    figure = page.locator("[data-figure='少数民族人口'] a")
    shown = int(figure.inner_text())
    assert shown == 3
    figure.click()
    page.wait_for_load_state()
    count = int(page.get_by_test_id("row-count").inner_text())
    rows = page.locator("main table tbody tr").count()
    assert count == rows == shown
    assert re.search(r"/reports/rows/minority/", page.url)
