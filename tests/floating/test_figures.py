"""Floating figures count as the register stood on the reference date, and each opens exactly its rows."""

from datetime import date

import pytest
from django.urls import reverse

from reports.registry import community_figures, rows_for
from residents.floating.selectors import floating_figures
from tests.factories import HouseholdFactory

from .helpers import make_service, make_stay

ON = date(2025, 6, 30)


@pytest.fixture
def register(world):
    """Gansu Hui family (arrived March, one served in May); a Han worker from Qinghai who left on ON;
    a Dongxiang arrival after ON; a Hui who left in April; another community's stay."""
    a = world.a
    home = HouseholdFactory(community=a)
    return {
        "hui": make_stay(household=home, origin="622900", arrived_on=date(2025, 3, 5)),
        "hui_child": make_stay(household=home, origin="622900", arrived_on=date(2025, 3, 5), relation="son"),
        "han": make_stay(
            household=HouseholdFactory(community=a),
            origin="630100",
            ethnicity="01",
            arrived_on=date(2024, 11, 1),
            departed_on=ON,
        ),
        "later": make_stay(
            household=HouseholdFactory(community=a),
            origin="622900",
            ethnicity="26",
            arrived_on=date(2025, 7, 2),
        ),
        "left": make_stay(
            household=HouseholdFactory(community=a),
            origin="650100",
            arrived_on=date(2025, 1, 9),
            departed_on=date(2025, 4, 20),
        ),
        "other": make_stay(household=HouseholdFactory(community=world.b), arrived_on=date(2025, 2, 1)),
    }


def test_the_figures_stand_as_on_the_reference_date(world, register):
    make_service(register["hui"], served_on=date(2025, 5, 12), household=True)
    make_service(register["han"], served_on=date(2025, 5, 12))  # Han: not among the minority served
    fig = floating_figures(world.a, ON)
    # Standing on 30 June: the Hui family (2). The Han worker left that day, the Dongxiang came later.
    assert (fig.persons, fig.minority_persons) == (2, 2)
    assert [(g.name, g.persons) for g in fig.by_ethnicity] == [("回族", 2)]
    assert [(g.name, g.persons) for g in fig.by_province] == [("甘肃省", 2)]
    assert fig.arrivals[:7] == [1, 0, 2, 0, 0, 0, 0] and fig.departures[:7] == [0, 0, 0, 1, 0, 1, 0]
    assert fig.served_minority == 2  # the household service reaches both
    earlier = floating_figures(world.a, date(2025, 4, 1))
    assert (earlier.persons, {g.name: g.persons for g in earlier.by_province}) == (
        4,
        {"甘肃省": 2, "青海省": 1, "新疆维吾尔自治区": 1},
    )


@pytest.mark.parametrize(
    "name",
    [
        "登记流动人口数",
        "少数民族流动人口数",
        "本年来社区流动人口数",
        "本年离开流动人口数",
        "服务少数民族流动人口数",
        "回族流动人口数",
    ],
)
def test_every_floating_figure_has_exactly_its_rows(world, register, name):
    make_service(register["hui"], served_on=date(2025, 5, 12))
    figure = community_figures(world.a, ON)[name]
    _rows, queryset = rows_for(figure.rows_key, world.a, ON)
    assert queryset.count() == figure.value > 0


def test_the_secretary_opens_the_rows_of_the_dashboards_floating_panel(world, client_for, register):
    client = client_for("secretary")
    response = client.get(
        reverse("dashboard:community", kwargs={"code": world.a.code}), {"date": ON.isoformat()}
    )
    html = response.content.decode()
    assert 'data-testid="floating-panel"' in html
    rows_url = reverse(
        "reports:figure_rows", kwargs={"code": world.a.code, "key": "floating_stays_province:620000"}
    )
    assert f"{rows_url}?date={ON.isoformat()}" in html
    rows = client.get(rows_url, {"date": ON.isoformat()})
    assert rows.status_code == 200 and rows.context["page"].paginator.count == 2


def test_the_street_office_sees_the_panel_without_links_to_named_persons(world, client_for, register):
    html = (
        client_for("street")
        .get(reverse("dashboard:community", kwargs={"code": world.a.code}))
        .content.decode()
    )
    assert 'data-testid="floating-panel"' in html and "floating_stays" not in html


def test_a_community_keeping_neither_register_reports_gaps_not_zeros(world):
    figures = community_figures(world.a, ON)
    assert figures["登记流动人口数"].value is None and figures["服务少数民族流动人口数"].value is None
    assert figures["本年帮扶次数"].value is None and figures["结对帮扶户数"].value is None
    assert figures["困难家庭户数"].value == 0  # no household is in hardship: a count, not a gap
