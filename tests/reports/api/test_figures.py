"""The API's figures are the registry's: the same names, values and units as the dashboard and the
reports for the same date — one comparison over every name, on a community with every kind of row."""

from datetime import date

from django.urls import reverse

from outreach.models import Dispute, Propaganda
from reports.exporters import get_exporter
from reports.exporters.street_rollup import rollup
from reports.figures import public_figures
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
    ReligiousFigureFactory,
    SiteFactory,
    TrainingFactory,
    VisitFactory,
)
from tests.reports.api.helpers import issue
from tests.welfare.factories import CaseFactory, btype

ON = date(2026, 6, 30)


def _ledgers(world):
    a = world.a
    mixed = HouseholdFactory(community=a)
    han = ResidentFactory(household=mixed, ethnicity="01", political_status="party")
    hui = ResidentFactory(household=mixed, ethnicity="03", relation="spouse", sex="F", is_hardship=True)
    dx = HouseholdFactory(community=a)
    dx_head = ResidentFactory(household=dx, ethnicity="26", is_disabled=True)
    ResidentFactory(household=dx, ethnicity="26", relation="other", residence_type="floating")
    ResidentFactory(
        household=dx, ethnicity="26", relation="son", status="moved_out", status_date=date(2026, 8, 1)
    )
    CaseFactory(resident=hui, start_on=date(2025, 1, 1))
    CaseFactory(resident=han, start_on=date(2025, 1, 1), status="ended", end_on=date(2026, 1, 1))
    CaseFactory(resident=dx_head, type=btype("housing"), housing_mode="subsidy", start_on=date(2025, 5, 1))
    CaseFactory(resident=hui, type=btype("student_aid"), amount=3000, start_on=date(2026, 3, 1))
    EventFactory(community=a, date=date(2026, 3, 8))
    VisitFactory(community=a, household=mixed, date=date(2026, 4, 2))
    Propaganda.objects.create(community=a, date=date(2026, 4, 1), subject="民族团结", banners=2, leaflets=300)
    Dispute.objects.create(
        community=a,
        received_on=date(2026, 3, 1),
        summary="邻里",
        category="neighbour",
        status="resolved",
        settled_level="compound",
        resolution="调解",
        closed_on=date(2026, 3, 5),
    )
    ResidentFactory(household=HouseholdFactory(community=world.b), ethnicity="03")
    # the registers of #21, so that their figures are compared at values other than 0
    site = SiteFactory(community=a, since=date(2020, 1, 1), joint_visits_from=date(2026, 1, 1))
    ReligiousFigureFactory(community=a, site=site)
    JointVisitFactory(community=a, site=site, date=date(2026, 3, 5))
    shop = EstablishmentFactory(community=a)
    InspectionFactory(
        community=a,
        establishment=shop,
        date=date(2026, 3, 10),
        result="rectify",
        rectification_due=date(2026, 4, 10),
    )
    ComplaintFactory(community=a, establishment=shop)
    HonourFactory(community=a, household=mixed, stage="named", named_on=date(2026, 5, 1))
    CommendationFactory(community=a)
    FacilityFactory(community=a)
    FundingFactory(community=a, amount=1200)
    TrainingFactory(community=a)


def test_every_figure_of_the_api_equals_the_dashboards_and_the_reports(world, api, client_for):
    _ledgers(world)
    url = reverse("api:community_figures", kwargs={"code": "HLS"})
    response = api(url, issue(world, view="figures"), year=2026, date=ON.isoformat())
    assert response.status_code == 200, response.content
    served = {f["name"]: (f["value"], f["unit"]) for f in response.json()["figures"]}

    dashboard = client_for("secretary").get(
        reverse("dashboard:community", kwargs={"code": "HLS"}), {"year": 2026, "date": ON.isoformat()}
    )
    on_dashboard = public_figures(dashboard.context["figures"])
    report = public_figures(
        get_exporter("work-report")(community=world.a).figures({"year": 2026, "date": ON.isoformat()})
    )

    def as_served(figures):
        return {
            name: (None if f.value is None else str(f.value), f.unit)
            for name, f in figures.items()
            if hasattr(f, "unit")
        }

    assert served == as_served(on_dashboard)
    in_report = as_served(report)  # the report adds its own facts (社区名称 …) beside every registry figure
    assert {name: in_report[name] for name in served} == served
    assert served["常住人口"] == ("4", "人") and served["少数民族占比"] == (
        "75.0",
        "%",
    )  # the son left after ON
    assert len(served) > 40
    nonzero = {name for name, (value, _unit) in served.items() if value not in (None, "0", "0.0", "0.00")}
    assert len(nonzero) > 40, sorted(set(served) - nonzero)  # compared at values that could differ


def test_each_figure_says_what_it_counts(world, api):
    response = api(reverse("api:community_figures", kwargs={"code": "HLS"}), issue(world, view="figures"))
    figures = response.json()["figures"]
    assert all(f["definition"] for f in figures), [f["name"] for f in figures if not f["definition"]]


def test_the_street_rollup_is_served_as_data_equal_to_the_rollup(world, api):
    _ledgers(world)
    url = reverse("api:street_figures", kwargs={"street_id": world.street.pk})
    body = api(url, issue(world, street=world.street, view="figures"), year=2026, date=ON.isoformat()).json()
    header, rows, totals = rollup(world.street, ON, 2026)
    assert body["header"] == header[1:]
    assert (
        [r["community"]["name"] for r in body["rows"]] == [r[0] for r in rows] == ["华林山社区", "小北沟社区"]
    )
    assert [r["community"]["code"] for r in body["rows"]] == ["HLS", "XBG"]
    assert [r["values"] for r in body["rows"]] == [
        [None if v is None else str(v) for v in r[1:]] for r in rows
    ]
    assert body["totals"] == [None if v is None else str(v) for v in totals[1:]]
    assert body["rows"][0]["values"][header.index("常住人口") - 1] == "4"
    # each column names its registry figure with the same unit and definition as the community's figures
    community = api(
        reverse("api:community_figures", kwargs={"code": "HLS"}),
        issue(world, view="figures"),
        year=2026,
        date=ON.isoformat(),
    ).json()
    registry = {f["name"]: (f["unit"], f["definition"]) for f in community["figures"]}
    assert [c["heading"] for c in body["columns"]] == body["header"]
    assert {c["name"]: (c["unit"], c["definition"]) for c in body["columns"]} == {
        c["name"]: registry[c["name"]] for c in body["columns"]
    }
    assert all(c["definition"] for c in body["columns"])


def test_a_missing_figure_is_null_not_zero(world, api):
    body = api(reverse("api:community_figures", kwargs={"code": "HLS"}), issue(world, view="figures")).json()
    area = next(f for f in body["figures"] if f["name"] == "辖区面积")
    assert world.a.area_km2 is None and area["value"] is None


def test_the_figures_cost_the_same_queries_for_5_and_50_residents(world, api, count_queries):
    from tests.reports.test_dashboard import _populate

    raw = issue(world, view="figures")
    url = reverse("api:community_figures", kwargs={"code": "HLS"})
    _populate(world, 5)
    few = count_queries(lambda: api(url, raw))
    _populate(world, 45)
    many = count_queries(lambda: api(url, raw))
    from django.utils import timezone

    from reports.registry import community_figures

    today = timezone.localdate()
    registry = count_queries(lambda: community_figures(world.a, today, today.year))
    # the token, the community and the audit row around the registry's own queries — the API counts nothing
    assert few == many == registry + 3, (few, many, registry)
