"""Hardship figures count households (persons beside them) as they stood on the reference date."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.registry import community_figures, rows_for
from residents.hardship.selectors import hardship_figures
from tests.factories import ResidentFactory

from .helpers import make_hardship, make_help, make_pairing

ON = date(2025, 6, 30)


@pytest.fixture
def register(world):
    a = world.a
    mixed = make_hardship(
        community=a, ethnicities=("01", "03", "03"), since=date(2024, 5, 1)
    )  # Han–Hui, 3 persons
    han = make_hardship(community=a, ethnicities=("01",), since=date(2025, 2, 1))
    ended = make_hardship(community=a, ethnicities=("03",), since=date(2024, 1, 1), ended_on=date(2025, 3, 1))
    later = make_hardship(community=a, ethnicities=("05",), since=date(2025, 8, 1))
    gone_member = make_hardship(community=a, ethnicities=("01",), since=date(2024, 1, 1))
    ResidentFactory(
        household=gone_member.household,
        ethnicity="03",
        relation="other",
        status="moved_out",
        status_date=date(2025, 1, 1),
    )  # a Hui who left before ON: the household is not minority
    make_pairing(mixed, since=date(2025, 1, 1))
    make_pairing(han, since=date(2025, 7, 1))  # paired after ON
    make_help(mixed, given_on=date(2025, 2, 1), amount="500.00", source="street")
    make_help(mixed, given_on=date(2025, 5, 1), amount="300.50", source="partner")
    make_help(han, given_on=date(2025, 6, 1), amount=None, kind="service", source="social")
    make_help(mixed, given_on=date(2024, 12, 1), amount="999.00")  # last year
    make_help(mixed, given_on=date(2025, 7, 1), amount="999.00")  # after ON
    make_hardship(community=world.b)
    return {"mixed": mixed, "han": han, "ended": ended, "later": later}


def test_the_figures_stand_as_on_the_reference_date(world, register):
    fig = hardship_figures(world.a, ON)
    assert (fig.households, fig.persons) == (3, 5)  # mixed (3), han (1), gone_member (1 still there)
    assert (fig.minority_households, fig.minority_persons) == (1, 3)
    assert (fig.paired, fig.paired_share) == (1, Decimal("33.3"))
    assert (fig.help_count, fig.help_amount) == (3, Decimal("800.50"))
    by_source = {s.source: (s.count, s.amount) for s in fig.by_source}
    assert by_source["street"] == (1, Decimal("500.00")) and by_source["social"] == (1, Decimal(0))
    assert by_source["party"] == (0, Decimal(0))
    assert (
        hardship_figures(world.a, date(2024, 12, 31)).minority_households == 3
    )  # + ended, + gone_member (Hui there)


@pytest.mark.parametrize(
    "name",
    ["困难家庭户数", "困难家庭人口", "少数民族困难家庭户数", "少数民族困难家庭人口", "未结对困难家庭户数"],
)
def test_every_hardship_figure_has_exactly_its_rows(world, register, name):
    figure = community_figures(world.a, ON)[name]
    _rows, queryset = rows_for(figure.rows_key, world.a, ON)
    assert queryset.count() == figure.value > 0


def test_the_dashboard_shows_the_gap_of_unpaired_households(world, client_for, register):
    response = client_for("secretary").get(
        reverse("dashboard:community", kwargs={"code": world.a.code}), {"date": ON.isoformat()}
    )
    html = response.content.decode()
    assert 'data-testid="hardship-panel"' in html
    hardship = next(
        s for s in response.context["sections"] if s["template"] == "reports/_dash_registers.html"
    )
    assert hardship["unpaired"] == 2


def test_the_street_office_sees_each_communitys_unpaired_households(world, client_for, register):
    response = client_for("street").get(
        reverse("street:dashboard", kwargs={"street_id": world.street.pk}), {"date": ON.isoformat()}
    )
    check = next(c for c in response.context["completeness"] if c["title"] == "困难家庭结对帮扶")
    assert check["rows"] == [("华林山社区", "未结对 2 户", False), ("小北沟社区", "未结对 1 户", False)]
