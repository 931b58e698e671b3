"""The registers' figures: each opens exactly its rows (or the rows it adds up), reaches the reports,
narratives and dashboards by name, and is computed in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest

from outreach.selectors import figures
from reports.registry import community_figures
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import (
    CommendationFactory,
    ComplaintFactory,
    EstablishmentFactory,
    EventFactory,
    FacilityFactory,
    FundingFactory,
    HonourFactory,
    InspectionFactory,
    JointVisitFactory,
    MemberFactory,
    OrganisationFactory,
    ReligiousFigureFactory,
    SiteFactory,
    TrainingFactory,
)

ON = datetime.date(2026, 6, 30)


def fill(world, n: int = 1) -> None:
    """``n`` rows for every figure (and rows each figure must leave out: closed, future, last year)."""
    a = world.a
    for i in range(n):
        site = SiteFactory(community=a, joint_visits_from=datetime.date(2026, 1, 1))
        SiteFactory(community=a, closed_on=datetime.date(2026, 3, 1))  # closed before ON
        ReligiousFigureFactory(community=a, site=site)
        ReligiousFigureFactory(community=a, site=site, since=datetime.date(2026, 8, 1))  # appointed after ON
        JointVisitFactory(community=a, site=site, date=datetime.date(2026, 1 + i % 5, 10))
        talk = EventFactory(community=a, date=datetime.date(2026, 2, 10))
        talk.religious_figures.add(site.figures.first())
        shop = EstablishmentFactory(community=a, licence_expires=datetime.date(2026, 1, 1))
        EstablishmentFactory(community=a, opened_on=datetime.date(2026, 9, 1))  # opened after ON
        InspectionFactory(
            community=a,
            establishment=shop,
            date=datetime.date(2026, 4, 1),
            result="rectify",
            rectification="更换标识",
            rectification_due=datetime.date(2026, 4, 15),
            rectified_on=datetime.date(2026, 4, 10) if i % 2 else None,
        )
        ComplaintFactory(community=a, establishment=shop, received_on=datetime.date(2026, 5, 1))
        for kind in ("household", "building", "unit", "workplace"):
            target = {}
            if kind == "building":
                from tests.factories import BuildingFactory

                target = {"household": None, "building": BuildingFactory(compound__grid__community=a)}
            elif kind == "unit":
                from tests.factories import UnitFactory

                target = {"household": None, "unit": UnitFactory(building__compound__grid__community=a)}
            elif kind == "workplace":
                from tests.outreach.factories import UnitFactory as JurisdictionUnitFactory

                target = {"household": None, "workplace": JurisdictionUnitFactory(community=a)}
            HonourFactory(
                community=a,
                kind=kind,
                stage="named",
                nominated_on=datetime.date(2026, 3, 1),
                named_on=datetime.date(2026, 6, 1),
                **target,
            )
        CommendationFactory(community=a, awarded_on=datetime.date(2026, 3, 8))
        FacilityFactory(community=a, area_m2=Decimal("40.5"))
        FundingFactory(community=a, date=datetime.date(2026, 3, 2), amount=Decimal("1000.25"))
        FundingFactory(community=a, date=datetime.date(2025, 3, 2))  # last year
        training = TrainingFactory(community=a, date=datetime.date(2026, 4, 15), other_trainee_count=2)
        training.trainees.add(world.users["staff"])
        for kind in ("association", "team", "party_group"):
            organisation = OrganisationFactory(community=a, kind=kind)
            MemberFactory(
                organisation=organisation,
                resident=ResidentFactory(household=HouseholdFactory(community=a)),
                name="",
            )
            MemberFactory(organisation=organisation, name="外单位成员", left_on=datetime.date(2026, 1, 5))


def test_every_figure_opens_exactly_its_rows(world, client_for):
    fill(world, 2)
    values = figures.register_figures(world.a, ON)
    client = client_for("secretary")
    for key, definition in figures.FIGURES.items():
        response = client.get(f"/c/HLS/outreach/figures/{key}/?date={ON.isoformat()}&year=2026")
        assert response.status_code == 200, key
        assert response.context["value"] == values[key], key
        rows = response.context["page"].paginator.count
        if definition.sums:
            column = [label for label, _getter in definition.columns].index(definition.sums)
            listed = sum(Decimal(str(row[column])) for row in response.context["table"] if row[column] != "—")
            assert listed == values[key], key
        else:
            assert rows == values[key], key
            assert f'data-testid="row-count">{rows}<' in response.content.decode()
    # Every figure was exercised by the data above.
    assert all(values[key] for key in figures.FIGURES if key not in ("joint_done",)), values


def test_the_figures_counted_together_equal_each_count_alone(world):
    fill(world, 2)
    values = figures.register_figures(world.a, ON)
    p = figures.period(world.a, ON)
    assert values == {d.key: d.measure(d.rows(p)) for d in figures.FIGURES.values()}


def test_the_counts_follow_the_reference_date(world):
    fill(world, 1)
    values = figures.register_figures(world.a, ON)
    assert values["sites"] == 1 and values["religious_figures"] == 1 and values["halal_shops"] == 1
    assert (values["joint_due"], values["joint_done"], values["joint_overdue"]) == (6, 1, 4)  # June: due
    assert values["funding"] == Decimal("1000.25") and values["trainees"] == 3
    assert values["party_group_members"] == 1  # the outsider left in January
    january = figures.register_figures(world.a, datetime.date(2026, 1, 4))
    assert january["party_group_members"] == 2 and january["model_households"] == 0


def test_the_figures_reach_reports_and_narratives_by_name_with_their_links(world, client_for):
    fill(world, 1)
    SiteFactory(community=world.a)  # a second site
    all_figures = community_figures(world.a, ON, 2026)
    for definition in figures.FIGURES.values():
        figure = all_figures[definition.name]
        assert figure.url.startswith(f"/c/HLS/outreach/figures/{definition.key}/?date=2026-06-30")
    assert all_figures["宗教场所数"].value == 2
    page = (
        client_for("secretary").get("/c/HLS/reports/work-report/preview/?year=2026&date=2026-06-30").content
    )
    page = page.decode()
    assert "辖区有宗教场所" in page and "每个月与清真寺联合走访" in page
    assert 'href="/c/HLS/outreach/figures/sites/?date=2026-06-30&amp;year=2026">2</a>' in page


def test_the_dashboard_shows_the_registers_linked_for_the_secretary_and_plain_for_the_street(
    world, client_for
):
    fill(world, 1)
    page = client_for("secretary").get("/c/HLS/dashboard/").content.decode()
    assert 'data-section="registers"' in page and "/c/HLS/outreach/figures/sites/" in page
    page = client_for("street").get("/c/HLS/dashboard/").content.decode()
    assert 'data-section="registers"' in page and "/outreach/figures/" not in page


def test_the_street_sees_each_communitys_joint_visits_in_a_fixed_number_of_queries(
    world, client_for, count_queries
):
    from reports.outreach_registers import check_joint_visits

    mid_june = datetime.date(2026, 6, 15)
    SiteFactory(community=world.a, joint_visits_from=datetime.date(2026, 1, 1))
    result = check_joint_visits(world.street, mid_june, 2026)
    assert result["rows"] == [
        ("华林山社区", "逾期 5 次，本月待走访 1 处", False),
        ("小北沟社区", "未安排", True),
    ]
    # On the last day of June, June's visit is still due that day; on the first of July it is overdue.
    assert check_joint_visits(world.street, ON, 2026)["rows"][0][1] == "逾期 5 次，本月待走访 1 处"
    assert (
        check_joint_visits(world.street, datetime.date(2026, 7, 1), 2026)["rows"][0][1]
        == "逾期 6 次，本月待走访 1 处"
    )
    few = count_queries(lambda: check_joint_visits(world.street, ON, 2026))
    for _ in range(5):
        site = SiteFactory(community=world.b, joint_visits_from=datetime.date(2026, 1, 1))
        JointVisitFactory(community=world.b, site=site, date=datetime.date(2026, 3, 3))
    assert count_queries(lambda: check_joint_visits(world.street, ON, 2026)) == few == 3


def test_the_figures_take_the_same_queries_for_5_and_50_rows(world, count_queries):
    fill(world, 1)
    few = count_queries(lambda: figures.register_figures(world.a, ON))
    fill(world, 9)
    many = count_queries(lambda: figures.register_figures(world.a, ON))
    # One query for the 25 figures that count rows of a queryset (community.counts), one for each of the
    # 3 sums and 培训人次 (staff trainees, then the others: 2), two for the three duty figures together
    # (the sites, their visits) — 8 (it was 33).
    assert len(figures.FIGURES) == 33
    assert few == many == 1 + 3 + 2 + 2, (few, many)


@pytest.mark.parametrize(
    "query", ["", "?date=2026-02-30", "?date=abc&year=zz", "?year=99999", "?page=abc", "?date=1900-01-01"]
)
def test_junk_parameters_never_break_the_rows_page(world, client_for, query):
    assert client_for("secretary").get(f"/c/HLS/outreach/figures/joint_due/{query}").status_code == 200


def test_an_unknown_figure_is_missing(world, client_for):
    assert client_for("secretary").get("/c/HLS/outreach/figures/nothing/").status_code == 404
