"""The annual plan renders from the plan ledger (also in December of the year before); the annual summary's
plan against actual comes from it, every count one click from its rows."""

import datetime

import pytest

from outreach import services
from outreach.models import EventType, Plan
from reports.exporters import get_exporter
from tests.outreach.factories import (
    EventFactory,
    JointVisitFactory,
    PlanFactory,
    PlanItemFactory,
    VisitFactory,
)

YEAR = datetime.date.today().year


def _type(code):
    return EventType.objects.get(code=code)


def _tables(context) -> dict:
    return {b["caption"].split("　", 1)[1]: b for b in context["blocks"] if b["type"] == "table"}


def _plan(world, year):
    plan = PlanFactory(community=world.a, year=year)
    PlanItemFactory(plan=plan, month=3, title="民族团结座谈会")
    PlanItemFactory(plan=plan, month=1, event_type=_type("holiday"), occasion="春节", title="春节联欢")
    PlanItemFactory(plan=plan, kind="duty", duty="joint_visit", event_type=None, month=None, title="")
    PlanItemFactory(plan=plan, kind="target", target="leaflets", quantity=500, event_type=None, month=None)
    return plan


def test_next_years_plan_is_generated_in_december_from_the_plan_ledger(world):
    _plan(world, YEAR + 1)
    EventFactory(community=world.a, date=datetime.date(YEAR + 1, 6, 1), status="planned")  # not the plan
    exporter = get_exporter("annual-plan")(community=world.a)
    context = exporter.context({"year": YEAR + 1, "date": f"{YEAR}-12-15"}, html_links=False)
    tables = _tables(context)
    activities = tables[f"{YEAR + 1}年活动安排（草稿，尚未批准）"]
    assert activities["rows"] == [
        ["1月", "春节联欢", "节日活动（春节）"],
        ["3月", "民族团结座谈会", "座谈会"],
    ]
    duties = tables[f"{YEAR + 1}年常规工作和工作目标（草稿，尚未批准）"]
    assert duties["rows"] == [["每月与清真寺联合走访", "每月一次"], ["发放宣传资料（份）", "全年500"]]
    assert any("尚未经社区书记批准" in g.text for g in context["gaps"])
    # a counted duty is planned in its unit: "全年2名", not "全年2"
    plan = Plan.objects.get(community=world.a, year=YEAR + 1)
    PlanItemFactory(plan=plan, kind="duty", duty="party", quantity=2, event_type=None, month=None, title="")
    PlanItemFactory(
        plan=plan, kind="duty", duty="training", quantity=4, event_type=None, month=None, title=""
    )
    duties = _tables(exporter.context({"year": YEAR + 1, "date": f"{YEAR}-12-15"}, html_links=False))[
        f"{YEAR + 1}年常规工作和工作目标（草稿，尚未批准）"
    ]
    assert ["党员发展", "全年2名"] in duties["rows"] and ["工作人员培训", "全年4次"] in duties["rows"]
    assert exporter.signature({"year": YEAR + 1, "date": f"{YEAR}-12-15"})[-1] == f"{YEAR + 1}年1月"


def test_an_approved_plan_prints_without_the_draft_mark_and_without_its_withdrawn_items(world):
    plan = _plan(world, YEAR)
    services.plans.plan_approve(plan=plan, actor=world.users["secretary"])
    services.plans.item_delete(item=plan.items.get(title="春节联欢"), actor=None, reason="与街道活动合并")
    context = get_exporter("annual-plan")(community=world.a).context(
        {"year": YEAR, "date": f"{YEAR}-01-05"}, html_links=False
    )
    assert _tables(context)[f"{YEAR}年活动安排"]["rows"] == [["3月", "民族团结座谈会", "座谈会"]]
    assert not any("工作计划" in g.text for g in context["gaps"])


def test_without_a_plan_the_table_is_left_out_and_the_gap_is_said(world):
    context = get_exporter("annual-plan")(community=world.a).context(
        {"year": YEAR, "date": f"{YEAR}-01-05"}, html_links=False
    )
    assert not any("活动安排" in caption for caption in _tables(context))
    assert any(f"尚未建立{YEAR}年工作计划" in g.text for g in context["gaps"])
    summary = get_exporter("annual-summary")(community=world.a).context(
        {"year": YEAR, "date": f"{YEAR}-01-05"}, html_links=False
    )
    assert summary["figures"]["计划活动项数"].value is None  # missing, not 0: the clause is left out
    assert any("计划活动项数" in g.text for g in summary["gaps"])


@pytest.mark.django_db
def test_the_summary_states_plan_against_actual(world, client_for):
    """By hand on 31 December 2025: 3 activities planned (座谈会 held, 春节 not held for lack of a venue,
    a 讲座 withdrawn), one 义诊 held outside the plan, the joint visit done in 6 months (5 by linked visits, one
    more by the liaison register), 200 of 500 leaflets."""
    plan = _plan(world, 2025)
    lecture = PlanItemFactory(plan=plan, month=5, event_type=_type("lecture"), title="法律知识讲座")
    services.plans.plan_approve(plan=plan, actor=world.users["secretary"])
    services.plans.item_delete(item=lecture, actor=None, reason="讲师调离")
    march, spring = plan.items.get(title="民族团结座谈会"), plan.items.get(title="春节联欢")
    spring.shortfall = "活动场地维修"
    spring.save()
    EventFactory(community=world.a, date=datetime.date(2025, 3, 20), plan_item=march)
    EventFactory(community=world.a, date=datetime.date(2025, 8, 8), type=_type("clinic"), title="义诊")
    joint = plan.items.get(duty="joint_visit")
    for month in (1, 2, 3, 5, 8):
        VisitFactory(community=world.a, date=datetime.date(2025, month, 10), purpose="joint", plan_item=joint)
    # the liaison register's joint visits with the mosque count too: May again, and October besides
    for day in (datetime.date(2025, 5, 20), datetime.date(2025, 10, 12)):
        JointVisitFactory(community=world.a, date=day)
    from outreach.models import Propaganda

    Propaganda.objects.create(community=world.a, date=datetime.date(2025, 4, 1), subject="宣传", leaflets=200)

    context = get_exporter("annual-summary")(community=world.a).context(
        {"year": 2025, "date": "2025-12-31"}, html_links=True
    )
    tables = _tables(context)
    rows = {row[0]: [getattr(c, "value", c) for c in row[1:]] for row in tables["计划与完成（活动）"]["rows"]}
    assert rows == {
        "座谈会": [1, 1, 0, 0],
        "节日活动": [1, 0, 1, 0],
        "知识讲座": [1, 0, 1, 0],
        "义诊": [0, 0, 0, 1],
        "合计": [3, 1, 2, 1],
    }
    assert tables["未举办的计划活动及原因"]["rows"] == [
        ["1月", "春节联欢", "活动场地维修"],
        ["5月", "法律知识讲座", "已取消：讲师调离"],
    ]
    duties = {row[0]: row[1:] for row in tables["常规工作和工作目标完成情况"]["rows"]}
    assert duties["每月与清真寺联合走访"] == [12, 6, "部分完成"]
    assert duties["发放宣传资料（份）"] == [500, 200, "部分完成"]
    text = next(b["plain"] for b in context["blocks"] if b.get("section") == "activities")
    assert "年度计划安排活动3项，已举办1项，未举办2项，另开展计划外活动1场" in text

    # Each count opens exactly its rows.
    client = client_for("secretary")
    for name, expected in (
        ("计划活动项数", 3),
        ("计划活动已举办项数", 1),
        ("计划活动未举办项数", 2),
        ("计划外活动场次", 1),
    ):
        figure = context["figures"][name]
        response = client.get(figure.href(world.a, datetime.date(2025, 12, 31), 2025))
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected, name


def test_the_leading_group_table_lists_the_head_first_then_deputies_then_members(world):
    from tests.outreach.factories import MemberFactory, OrganisationFactory

    group = OrganisationFactory(community=world.a, kind="leading_group", name="民族工作领导小组")
    for name, role in (
        ("成员甲", "member"),
        ("副组长乙", "deputy"),
        ("组长丙", "head"),
        ("成员丁", "member"),
    ):
        MemberFactory(organisation=group, name=name, role=role)
    exporter = get_exporter("annual-plan")(community=world.a)
    context = exporter.context({"year": YEAR, "date": f"{YEAR}-01-01"}, html_links=False)
    rows = _tables(context)["民族工作领导小组"]["rows"]
    assert [row[0] for row in rows] == ["组长丙", "副组长乙", "成员甲", "成员丁"]
