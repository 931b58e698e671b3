"""Each role's own navigation, with the section of the current page marked."""

import pytest

from tests.outreach.factories import UnitFactory


def _active(html: str) -> list[str]:
    nav = html.split('data-testid="sidenav"')[1].split("</ul>")[0]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in nav.split('class="nav-link active"')[1:]]


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/c/HLS/", "社区概况"),
        ("/c/HLS/residents/", "居民"),
        ("/c/HLS/residents/ledgers/", "台帐"),
        ("/c/HLS/outreach/", "活动与宣传"),
        ("/c/HLS/outreach/propaganda/", "活动与宣传"),
        ("/c/HLS/outreach/visits/", "走访"),
        ("/c/HLS/outreach/visits/checklist/", "本月走访清单"),
        ("/c/HLS/outreach/agreements/", "走访"),
        ("/c/HLS/outreach/units/", "组织与辖区"),
        ("/c/HLS/welfare/due/", "救助与保障"),
        ("/c/HLS/dashboard/", "数据看板"),
    ],
)
def test_the_sidebar_marks_the_current_section_once(world, client_for, path, section):
    UnitFactory(community=world.a)
    assert _active(client_for("staff").get(path).content.decode()) == [section]


def test_the_street_office_has_its_own_navigation(world, client_for):
    client = client_for("street")
    home = client.get("/").content.decode()
    assert _active(home) == ["街道首页"]
    for text in ("各社区数据看板", "工作完成情况", "汇总报告与打包下载"):
        assert text in home.split('data-testid="sidenav"')[1].split("</ul>")[0]
    dashboard = client.get(f"/street/{world.street.pk}/reports/dashboard/").content.decode()
    assert _active(dashboard) == ["各社区数据看板"] and 'id="completeness"' in dashboard
    home_links = home.split('data-testid="street-home"')[1]
    assert f"/street/{world.street.pk}/reports/zip/" in home_links and "#completeness" in home_links


def test_the_auditor_sees_only_the_audit_trail_in_the_navigation(world, client_for):
    html = client_for("auditor").get("/audit/").content.decode()
    nav = html.split('data-testid="sidenav"')[1].split("</ul>")[0]
    assert _active(html) == ["审计日志"] and nav.count("nav-link") == 1
