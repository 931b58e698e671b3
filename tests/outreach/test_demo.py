"""The demo outreach: HLS's current year carries the seed documents' figures; seeding twice adds nothing."""

import datetime
import io

from outreach import demo, selectors
from outreach.models import Event, Plan
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory


def test_the_demo_carries_the_seed_figures_and_is_idempotent(world):
    for number in range(1, 8):
        grid = GridFactory(community=world.a, number=number, name=f"第{number}网格")
        for i in range(12):
            ResidentFactory(
                household=HouseholdFactory(
                    community=world.a, unit=UnitFactory(building__compound__grid=grid)
                ),
                ethnicity="03" if i % 3 else "01",
                is_correction=i == 0 and number == 1,
                is_hardship=i == 1,
            )
    out = io.StringIO()
    demo.seed(stdout=out, communities={"HLS": world.a, "XBG": world.b})
    year = selectors.year_range(datetime.date.today().year)
    totals = selectors.propaganda_totals(world.a, *year)
    assert (totals.banners, totals.boards, totals.leaflets, totals.quizzes) == (5, 1, 1500, 200)
    volunteers = selectors.volunteer_figures(world.a)
    assert (volunteers.grid_teams, volunteers.grid_members) == (7, 300)
    assert "小北沟社区尚无居民，跳过" in out.getvalue()
    # This year's plan, approved by the secretary and amended since; next year's as a draft copied from it.
    year = datetime.date.today().year
    plan = Plan.objects.get(community=world.a, year=year)
    assert plan.status == "approved" and plan.approved_by == world.users["secretary"]
    assert plan.amendments.filter(action="add", reason="街道通知增加秋季就业援助专场").exists()
    assert Plan.objects.get(community=world.a, year=year + 1).status == "draft"
    assert Plan.objects.get(community=world.a, year=year + 1).items.count() == plan.items.count()
    assert Event.objects.filter(community=world.a, plan_item__isnull=False).exists()
    progress = selectors.plans.plan_progress(world.a, year, datetime.date.today())
    if datetime.date.today() > datetime.date(year, 3, 15):  # the street's job fair: held, outside the plan
        assert "春季就业援助月专场招聘会" in [e.title for e in progress.extras]
    if datetime.date.today().month > 3:  # planned for March, not held (its reason noted)
        assert "民族团结进步知识竞赛" in [p.item.title for p in progress.not_held]
    events, plans = Event.objects.count(), Plan.objects.count()
    demo.seed(stdout=out, communities={"HLS": world.a, "XBG": world.b})
    assert Event.objects.count() == events and Plan.objects.count() == plans
    assert "华林山社区已有记录，跳过" in out.getvalue()


def test_the_report_figures_come_in_a_fixed_number_of_queries(world, count_queries):
    from tests.outreach.factories import DisputeFactory, EventFactory, PropagandaFactory, VisitFactory

    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    counts = []
    for n in (5, 45):
        for _ in range(n):
            EventFactory(community=world.a)
            PropagandaFactory(community=world.a)
            VisitFactory(community=world.a, date=datetime.date(2026, 5, 5))
            DisputeFactory(community=world.a)
        counts.append(count_queries(lambda: selectors.outreach_figures(world.a, start, end)))
    # event types, events by type, the events' minority participants, events held, propaganda totals; visits,
    # the residents and households visited; disputes, their count by state; the organisations' members and
    # the organisations — 12
    assert counts == [12, 12], counts
    figures = selectors.outreach_figures(world.a, start, end)
    assert figures.events_held == 50 and figures.propaganda.leaflets == 5000 and figures.disputes.total == 50


def _community(world, community, grids: int, per_grid: int, religious: int):
    for number in range(1, grids + 1):
        grid = GridFactory(community=community, number=number, name=f"第{number}网格")
        for i in range(per_grid):
            ResidentFactory(
                household=HouseholdFactory(
                    community=community, unit=UnitFactory(building__compound__grid=grid)
                ),
                ethnicity="03" if i % 3 else "01",
                is_religious=i == 1 and number <= religious,
                is_minority_rep=i == 2,
                political_status="party" if i % 4 == 0 else "masses",
            )


def test_the_demo_fills_the_liaison_halal_and_creation_registers_of_both_communities(world):
    from outreach.models import ReligiousSite
    from outreach.selectors import figures

    _community(world, world.a, 7, 12, religious=7)
    _community(world, world.b, 3, 8, religious=1)
    out = io.StringIO()
    demo.seed(stdout=out, communities={"HLS": world.a, "XBG": world.b})
    today = datetime.date.today()
    hls = figures.register_figures(world.a, today)
    xbg = figures.register_figures(world.b, today)
    # Seed document 3: "辖区民族宗教场所2处"; the monthly joint visit with the mosque is kept up.
    assert list(ReligiousSite.objects.filter(community=world.a).values_list("name", flat=True)) == [
        "华林山清真寺",
        "雷坛河清真寺",
    ]
    assert hls["sites"] == 2 and hls["religious_figures"] >= 6 and hls["joint_overdue"] == 0
    # the year's talks and inspections of the demo fall from February: none yet in the first days of a year
    january = today.month == 1
    assert hls["joint_due"] == today.month and (hls["talks"] >= 1 or january)
    assert (
        hls["halal_shops"] == 5 and (hls["halal_inspections"] >= 5 or january) and hls["halal_expired"] == 1
    )
    assert (hls["facilities"], hls["facility_area"]) == (4, 465)
    assert hls["model_households"] >= 1 and hls["associations"] == 1 and hls["association_members"] > 0
    assert (hls["teams"], hls["party_groups"]) == (5, 9)  # "一个协会、五个队、九个特色党小组"
    # 小北沟社区: its own, smaller record.
    assert xbg["sites"] == 1 and xbg["halal_shops"] == 2 and xbg["teams"] == 3 and xbg["facilities"] == 3
    assert xbg["joint_done"] < xbg["joint_due"] or today.month < 3
    before = (hls, xbg)
    demo.seed(stdout=out, communities={"HLS": world.a, "XBG": world.b})
    assert "宗教事务与创建：华林山社区已有记录，跳过" in out.getvalue()
    assert (figures.register_figures(world.a, today), figures.register_figures(world.b, today)) == before
