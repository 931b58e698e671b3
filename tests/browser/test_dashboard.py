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


def test_on_a_phone_the_dashboard_does_not_scroll_sideways(world, page, login):
    """At 390 px the label beside a figure wraps (the visits card's "社区矫正/帮教对象走访（已走访/应走访）"
    once pushed the page to 417 px); wide tables scroll inside their own box."""
    ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03")
    page.set_viewport_size({"width": 390, "height": 844})
    login("secretary")
    page.goto("/c/HLS/dashboard/")
    page.locator("[data-chart='composition'] svg").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
