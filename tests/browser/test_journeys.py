"""Each role's everyday journey in Chromium, from its home page, by clicking as a person would.

Staff and the secretary on a 1366 px desk PC, the grid worker on a 390 × 844 phone (no page of theirs may
scroll sideways), the street office and the auditor on the desk PC. Every step is saved as a screenshot in
the test's temporary folder (``tmp_path``), to be looked at.
"""

from datetime import date
from importlib import import_module

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from community.audit import log_action
from tests.browser.conftest import sign_in
from tests.factories import (
    BuildingFactory,
    CompoundFactory,
    GridFactory,
    HouseholdFactory,
    ResidentFactory,
    UnitFactory,
    valid_id,
)
from tests.test_permission_matrix import ROUTES
from tests.transfer.helpers import person, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def reference_data(db):
    """The reference tables are loaded by data migrations; an earlier transactional test may flush them."""
    from django.apps import apps

    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    if not apps.get_model("residents", "Ethnicity").objects.filter(code="03").exists():
        import_module("residents.migrations.0002_load_ethnicities").load(apps, None)


@pytest.fixture
def open_as(browser, live_server, tmp_path):
    """``open_as("staff", PHONE)`` → a signed-in page of that size; ``shot(page, name)`` saves a screenshot."""
    contexts = []

    def open_as(username: str, viewport=DESK):
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            viewport=viewport,
            is_mobile=viewport == PHONE,
            has_touch=viewport == PHONE,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, username)  # past the second factor for the street office and the auditor
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def shot(tmp_path):
    def take(page, name: str):
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)

    return take


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fits_its_box(page, selector: str) -> bool:
    """The table at ``selector`` shows every column in its scrolling box (nothing hidden to the right)."""
    return page.evaluate(
        """(selector) => {
        const table = document.querySelector(selector);
        const box = table.closest('.table-responsive') || table.parentElement;
        return table.getBoundingClientRect().width <= box.clientWidth + 1;
    }""",
        selector,
    )


def active_section(page) -> list[str]:
    return page.get_by_test_id("sidenav").locator("a.nav-link.active").all_inner_texts()


def click_nav(page, label: str):
    """Open a section from the sidebar (on a phone: through the 菜单 button)."""
    if page.viewport_size["width"] < 768:
        page.get_by_role("button", name="菜单").click()
        page.locator("#sidenav.show").wait_for()
    page.get_by_test_id("sidenav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def test_staff_register_a_household_of_three_and_import_a_sheet_with_a_bad_row(
    world, open_as, shot, tmp_path
):
    unit = UnitFactory(
        building__compound__grid__community=world.a, building__compound__name="华林小区", number="2"
    )
    building, compound, grid = unit.building, unit.building.compound, unit.building.compound.grid
    page = open_as("staff")
    shot(page, "staff-01-home")
    click_nav(page, "居民")
    page.get_by_role("link", name="新建户").click()
    page.select_option("#id_grid", str(grid.pk))
    page.select_option("#id_compound", str(compound.pk))
    page.select_option("#id_building", str(building.pk))
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_door", "302")
    shot(page, "staff-02-household")
    page.get_by_test_id("save-and-add-head").click()
    page.wait_for_load_state()
    banner = page.get_by_test_id("household-members")
    assert "HLS-00001" in banner.inner_text() and "请先登记户主" in banner.inner_text()

    family = [
        ("马建国", date(1975, 6, 1), "M", "03", "head"),
        ("韩秀英", date(1978, 9, 9), "F", "35", "spouse"),
        ("马小明", date(2008, 3, 3), "M", "03", "son"),
    ]
    for index, (name, born, sex, ethnicity, relation) in enumerate(family):
        page.fill("#id_name", name)
        page.fill("#id_id_number", valid_id(born, sex))
        page.wait_for_function("document.getElementById('id_birth_date').value !== ''")
        page.select_option("#id_ethnicity", ethnicity)
        assert page.locator("#id_household").input_value()  # the household is carried to each member
        page.select_option("#id_relation", relation)
        shot(page, f"staff-03-member-{index + 1}")
        if index < 2:
            page.get_by_test_id("save-and-next").click()
        else:
            page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("马小明")
    page.get_by_role("link", name="查看户页").click()
    page.wait_for_load_state()
    members = page.get_by_test_id("members").inner_text()
    assert all(name in members for name, *_ in family)
    shot(page, "staff-04-household-page")

    sheet = tmp_path / "三号楼.xlsx"
    sheet.write_bytes(
        xlsx([person("马建军", birth=date(1980, 1, 1), 门牌号="502"), person("韩梅", sex="F", 民族="火星族")])
    )
    click_nav(page, "导入与导出")
    page.set_input_files("#id_file", str(sheet))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("count-refused").inner_text() == "1", page.get_by_test_id(
        "refused-rows"
    ).inner_text()
    assert "马建军" in page.get_by_test_id("preview-names").inner_text()  # who will be added, by name
    assert "未知的民族：火星族" in page.locator("tr.table-danger").inner_text()
    shot(page, "staff-05-import-preview")
    page.get_by_label("跳过被拒绝的行").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state()
    assert "新增 1 人" in page.get_by_test_id("job-status").inner_text()
    shot(page, "staff-06-import-done")


def test_the_secretary_approves_a_case_and_opens_the_rows_behind_three_figures(world, open_as, shot):
    from tests.welfare.factories import CaseFactory

    for ethnicity in ["03", "03", "26", "01", "01"]:
        ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity_id=ethnicity)
    case = CaseFactory(
        resident=ResidentFactory(household=HouseholdFactory(community=world.a), name="马强"),
        status="reviewing",
        start_on=None,
    )
    page = open_as("secretary")
    pending = page.get_by_test_id("pending-panel")
    assert pending.get_by_test_id("pending-count").inner_text() == "1"
    shot(page, "secretary-01-home")
    pending.get_by_role("link", name="马强 · 低保").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("to-active").inner_text() == "批准"
    assert page.get_by_test_id("open-rejected").inner_text().startswith("不予批准")
    shot(page, "secretary-02-case")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("to-active").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("case-status").inner_text() == "在保"
    log = page.get_by_test_id("case-log").inner_text()
    assert "批准" in log and "在保" in log and "享受中" not in log  # the log and the badge use the same words
    assert "“终止”由社区工作人员办理" in page.get_by_test_id("case-steps").inner_text()
    shot(page, "secretary-03-approved")
    case.refresh_from_db()
    assert case.status == "active"

    click_nav(page, "数据看板")
    page.locator("[data-chart='composition'] svg").wait_for()
    shot(page, "secretary-04-dashboard")
    for label in ("常住人口", "少数民族人口", "少数民族户数"):
        figure = page.locator(f"[data-figure='{label}'] a")
        shown = int(figure.inner_text())
        figure.click()
        page.wait_for_load_state()
        assert int(page.get_by_test_id("row-count").inner_text()) == shown, label
        shot(page, f"secretary-05-rows-{label}")
        page.go_back()
        page.wait_for_load_state()
    page.goto("/c/HLS/dashboard/?print=1")
    page.emulate_media(media="print")
    page.locator("[data-chart='grids'] svg").wait_for()
    assert page.evaluate("""() => [...document.querySelectorAll('.chart')].every((chart) => {
        const svg = chart.querySelector('svg');
        return !svg || svg.getBoundingClientRect().right <= chart.closest('.card').getBoundingClientRect().right + 1;
    })""")  # no chart is wider than its card on paper
    assert page.evaluate("""() => [...document.querySelectorAll('tr, .card, .chart')].every((node) =>
        getComputedStyle(node).breakInside === 'avoid')""")  # no table row, card or chart split across pages
    assert page.evaluate("getComputedStyle(document.querySelector('thead')).display") == "table-header-group"
    shot(page, "secretary-06-print-view")


def test_the_street_office_reaches_the_rollup_zip_and_completeness_from_its_home(world, open_as, shot):
    from tests.reports.routes import _community_archive

    _community_archive(world)  # a community report of this year, for the ZIP
    page = open_as("street")
    home = page.get_by_test_id("street-home")
    assert "各社区数据看板" in home.inner_text()
    shot(page, "street-01-home")

    home.get_by_role("link", name="工作完成情况").click()
    page.wait_for_load_state()
    assert page.url.endswith("#completeness")
    assert page.locator("#completeness").is_visible()
    assert active_section(page) == ["工作完成情况"]  # the sidebar marks the section reached by its anchor
    stop = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('completeness')).scrollMarginTop)"
    )
    assert stop >= page.locator("header.portal-topbar").bounding_box()["height"]  # it stops below the top bar
    assert fits_its_box(page, "[data-testid='street-compare']")  # every community's column on a desk screen
    shot(page, "street-02-completeness")

    click_nav(page, "街道首页")
    page.get_by_test_id("street-home").get_by_role("link", name="街道汇总报告").click()
    page.wait_for_load_state()
    page.select_option("#rf", "xlsx")
    page.get_by_role("button", name="生成并存档").click()
    page.wait_for_load_state()
    assert "已生成" in page.locator(".alert-success").inner_text()
    assert active_section(page) == ["汇总报告与打包下载"]
    year = page.get_by_test_id("street-year")
    assert year.bounding_box()["height"] < 50, year.bounding_box()  # the year and its buttons on one line
    shot(page, "street-03-rollup")

    click_nav(page, "街道首页")
    with page.expect_download() as download:
        page.get_by_test_id("street-home").get_by_role("link", name="打包下载").click()
    assert download.value.suggested_filename.endswith(".zip")


def test_the_grid_worker_records_a_visit_on_a_phone(world, open_as, shot):
    grid = GridFactory(community=world.a, name="第一网格", number=1)
    grid.workers.add(world.users["grid"])
    compound = CompoundFactory(grid=grid, community=world.a, name="华林小区")
    building = BuildingFactory(compound=compound, community=world.a, number=3)
    household = HouseholdFactory(
        community=world.a, grid=grid, compound=compound, building=building, door="401"
    )
    ResidentFactory(household=household, name="马秀兰", is_hardship=True, ethnicity_id="03")

    page = open_as("grid", PHONE)
    assert no_sideways_scroll(page)
    shot(page, "grid-01-home")
    click_nav(page, "本月走访清单")
    assert no_sideways_scroll(page)
    record = page.get_by_role("link", name="登记走访").first
    assert record.bounding_box()["x"] + record.bounding_box()["width"] <= PHONE["width"]  # on the screen
    assert page.get_by_role("button", name="菜单").bounding_box()["height"] < 40  # "菜单" on one line
    shot(page, "grid-02-checklist")
    record.click()
    page.wait_for_load_state()
    assert no_sideways_scroll(page)
    page.fill("#id_notes", "入户了解生活情况，宣传低保政策。")
    shot(page, "grid-03-visit-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "走访记录已保存" in page.locator(".alert-success").inner_text()
    assert "入户了解生活情况" in page.content()
    assert no_sideways_scroll(page)
    shot(page, "grid-04-visits")
    click_nav(page, "本月走访清单")
    page.get_by_role("link", name="已走访").click()
    page.wait_for_load_state()
    assert "本月已走访" in page.get_by_test_id("hardship-missing").inner_text()
    shot(page, "grid-05-checklist-done")


def test_no_page_of_the_grid_worker_scrolls_sideways_on_a_phone(world, open_as, shot):
    """Every page the permission matrix opens to the grid worker, at 390 × 844."""
    pages = []
    for name, route in sorted(ROUTES.items()):
        if route.method == "get" and route.expect["grid"] == 200:
            pages.append((name, reverse(name, kwargs=route.kwargs(world))))
    page = open_as("grid", PHONE)
    wide = []
    for name, url in pages:
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            assert "Download is starting" in str(exc), exc
            continue  # a file, not a page
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        page.wait_for_load_state()
        if not no_sideways_scroll(page):
            wide.append((name, page.evaluate("document.documentElement.scrollWidth")))
            shot(page, f"wide-{name.replace(':', '-')}")
    assert len(pages) > 20
    assert not wide, wide


def test_the_auditor_finds_the_staffs_actions_by_a_chinese_filter(world, open_as, shot):
    staff = world.users["staff"]
    staff.last_name, staff.first_name = "李", "红梅"
    staff.save()
    log_action("ledger.export", user=staff, community=world.a, data={"ledger": "minority", "rows": 12})
    log_action("list.export", user=staff, community=world.a, data={"list": "走访记录", "rows": 3})
    log_action("resident.create", user=staff, community=world.a)
    log_action("report.download", user=world.users["secretary"], community=world.a)
    page = open_as("auditor")
    assert "/audit/" in page.url
    shot(page, "auditor-01-log")
    page.select_option("#f-action", label="导出")
    page.fill("#f-user", "李红梅")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    table = page.get_by_test_id("audit-table").inner_text()
    assert "导出台帐" in table and "导出列表" in table
    assert "登记居民" not in table and "下载报告" not in table
    assert "李红梅" in table
    assert "少数民族人员台帐" in table and "12 行" in table  # the object of an export
    shot(page, "auditor-02-exports")
    page.get_by_role("link", name="清除").click()
    page.wait_for_load_state()
    assert fits_its_box(page, "[data-testid='audit-table']")  # long objects wrap: 结果 and IP stay in view
