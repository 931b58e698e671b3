"""The monthly visiting checklist, against a hand-counted fixture."""

import datetime

import pytest

from community.access import resolve_access
from outreach import selectors
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import VisitFactory

MONTH = datetime.date(2026, 5, 1)
IN_MONTH = datetime.date(2026, 5, 14)
LAST_MONTH = datetime.date(2026, 4, 28)


@pytest.fixture
def fixture(world):
    """Three persons under correction, three hardship households; who was visited in May:

    - 马一 (correction): visited in person in May → done
    - 马二 (correction): visited in April only → missing
    - 马三 (correction): their household visited in May without naming anyone → done
    - 困难户 A: a member visited in May (the visit records the household) → done
    - 困难户 B: visited in April only → missing
    - 困难户 C: never visited → missing; a moved-out hardship member's household is not due.
    """
    a = world.a
    people = {}
    for name in ("马一", "马二", "马三"):
        people[name] = ResidentFactory(household=HouseholdFactory(community=a), name=name, is_correction=True)
    ResidentFactory(
        household=HouseholdFactory(community=a),
        name="马四",
        is_correction=True,
        status="moved_out",
        status_date=datetime.date(2026, 1, 1),
    )
    VisitFactory(
        community=a,
        household=people["马一"].household,
        resident=people["马一"],
        date=IN_MONTH,
        purpose="correction",
    )
    VisitFactory(
        community=a,
        household=people["马二"].household,
        resident=people["马二"],
        date=LAST_MONTH,
        purpose="correction",
    )
    VisitFactory(community=a, household=people["马三"].household, date=IN_MONTH, purpose="correction")
    hardship = {}
    for label in "ABC":
        household = HouseholdFactory(community=a, door=f"困难户{label}")
        hardship[label] = household
        ResidentFactory(household=household, name=f"困难{label}", is_hardship=True)
        ResidentFactory(household=household, name=f"家属{label}", relation="spouse")
    gone = HouseholdFactory(community=a)
    ResidentFactory(
        household=gone, is_hardship=True, status="deceased", status_date=datetime.date(2026, 2, 1)
    )
    member_a = hardship["A"].members.get(name="困难A")
    VisitFactory(community=a, household=hardship["A"], resident=member_a, date=IN_MONTH, purpose="hardship")
    VisitFactory(community=a, household=hardship["B"], date=LAST_MONTH, purpose="hardship")
    # Another community's visit to nobody of ours changes nothing.
    VisitFactory(community=world.b, date=IN_MONTH)
    return people, hardship


def test_the_checklist_lists_who_has_not_been_visited_this_month(world, fixture):
    people, hardship = fixture
    checklist = selectors.monthly_checklist(resolve_access(world.users["staff"], "HLS"), MONTH)
    assert checklist.correction_due == 3
    assert [r.name for r in checklist.correction_missing] == ["马二"]
    assert checklist.correction_done == 2
    assert checklist.hardship_due == 3
    assert {h.pk for h in checklist.hardship_missing} == {hardship["B"].pk, hardship["C"].pk}
    assert checklist.hardship_done == 1


def test_the_community_figures_agree_with_the_checklist(world, fixture):
    figures = selectors.visit_figures(world.a, MONTH, datetime.date(2026, 5, 31))
    assert (figures.correction_done, figures.correction_due) == (2, 3)
    assert (figures.hardship_done, figures.hardship_due) == (1, 3)
    assert figures.total == 3  # 马一, 马三's household, 困难户 A


def test_a_grid_worker_sees_no_persons_under_correction_on_the_checklist(world, fixture, client_for):
    response = client_for("grid").get("/c/HLS/outreach/visits/checklist/?month=2026-05")
    assert response.status_code == 200
    assert "马二" not in response.content.decode()
    assert "社区矫正" not in response.content.decode()


def test_the_secretary_sees_the_missing_person_under_correction(world, fixture, client_for):
    response = client_for("secretary").get("/c/HLS/outreach/visits/checklist/?month=2026-05")
    html = response.content.decode()
    assert "马二" in html and "马一" not in html
    assert "困难户B" in html and "困难户A" not in html


def test_the_checklist_is_paged_by_grid_and_walked_building_by_building(world, client_for):
    from tests.factories import BuildingFactory, CompoundFactory, GridFactory

    grids = [GridFactory(community=world.a, name=f"第{n}网格", number=n) for n in (1, 2)]
    for grid in grids:
        grid.workers.add(world.users["grid"])
    compound = CompoundFactory(grid=grids[0], community=world.a, name="华林小区")
    buildings = [BuildingFactory(compound=compound, community=world.a, number=n) for n in (3, 5)]
    for i in range(25):  # 25 households of grid 1 in two buildings: two pages
        household = HouseholdFactory(
            community=world.a, grid=grids[0], compound=compound, building=buildings[i % 2], door=f"{100 + i}"
        )
        ResidentFactory(household=household, name=f"甲{i:02d}", is_hardship=True)
    other = HouseholdFactory(community=world.a, grid=grids[1], door="乙户")
    ResidentFactory(household=other, name="乙一", is_hardship=True)
    visited = HouseholdFactory(community=world.a, grid=grids[1], door="丙户")
    ResidentFactory(household=visited, name="丙一", is_hardship=True)
    VisitFactory(community=world.a, household=visited, date=datetime.date.today())
    client = client_for("grid")

    first = client.get("/c/HLS/outreach/visits/checklist/").content.decode()
    assert "第1网格" in first and "0/25" in first and "1/2" in first  # the tabs: done/due per grid
    assert first.count("登记走访") == 20 and "乙户" not in first  # one grid, 20 a page
    assert first.index("3号楼") < first.index("5号楼")  # grouped by building
    second = client.get(
        "/c/HLS/outreach/visits/checklist/", {"grid": grids[0].pk, "page": 2}
    ).content.decode()
    assert second.count("登记走访") == 5

    grid2 = {"grid": grids[1].pk}
    due = client.get("/c/HLS/outreach/visits/checklist/", {**grid2, "show": "due"}).content.decode()
    assert "乙户" in due and "丙户" not in due
    done = client.get("/c/HLS/outreach/visits/checklist/", {**grid2, "show": "done"}).content.decode()
    assert "丙户" in done and "乙户" not in done and "本月已走访" in done
    every = client.get("/c/HLS/outreach/visits/checklist/", {**grid2, "show": "all"}).content.decode()
    assert "乙户" in every and "丙户" in every
