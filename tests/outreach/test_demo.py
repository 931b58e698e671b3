"""The demo outreach: HLS's current year carries the seed documents' figures; seeding twice adds nothing."""

import datetime
import io

from outreach import demo, selectors
from outreach.models import Event
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory


def test_the_demo_carries_the_seed_figures_and_is_idempotent(world):
    for number in range(1, 8):
        grid = GridFactory(community=world.a, number=number, name=f"第{number}网格")
        for i in range(12):
            ResidentFactory(
                household=HouseholdFactory(community=world.a, unit=UnitFactory(building__compound__grid=grid)),
                ethnicity="03" if i % 3 else "01", is_correction=i == 0 and number == 1, is_hardship=i == 1,
            )  # fmt: skip
    out = io.StringIO()
    demo.seed(stdout=out, communities={"HLS": world.a, "XBG": world.b})
    year = selectors.year_range(datetime.date.today().year)
    totals = selectors.propaganda_totals(world.a, *year)
    assert (totals.banners, totals.boards, totals.leaflets, totals.quizzes) == (5, 1, 1500, 200)
    volunteers = selectors.volunteer_figures(world.a)
    assert (volunteers.grid_teams, volunteers.grid_members) == (7, 300)
    assert "小北沟社区尚无居民，跳过" in out.getvalue()
    events = Event.objects.count()
    demo.seed(stdout=out, communities={"HLS": world.a, "XBG": world.b})
    assert Event.objects.count() == events
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
    assert counts[0] == counts[1]
    figures = selectors.outreach_figures(world.a, start, end)
    assert figures.events_held == 50 and figures.propaganda.leaflets == 5000 and figures.disputes.total == 50
