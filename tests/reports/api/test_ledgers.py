"""Ledger endpoints: scoped to the token, masked, filtered like the pages, paged, junk refused with 400
in Chinese, and a fixed number of queries whatever the number of rows."""

from datetime import date

import pytest
from django.urls import reverse

from outreach.models import Dispute, Organisation
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, valid_id
from tests.floating.helpers import make_stay
from tests.hardship.helpers import make_hardship
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
from tests.reports.api.routes import LEDGER_NAMES as LEDGERS
from tests.welfare.factories import CaseFactory

PER_ROW = {"residents": 2}  # each household has a registered resident and a floating one


def url(name, code="HLS"):
    return reverse(f"api:{name}", kwargs={"code": code})


def _rows(world, community, n, tag=""):
    """``n`` rows in every ledger of ``community``."""
    grid = GridFactory(community=community)
    for i in range(n):
        household = HouseholdFactory(community=community, grid=grid)
        resident = ResidentFactory(
            household=household, ethnicity="03" if i % 2 else "01", phone="13912345678"
        )
        CaseFactory(resident=resident)
        EventFactory(community=community, title=f"{tag}活动{i}")
        VisitFactory(community=community, household=household, resident=resident, date=date(2026, 5, 1))
        dispute = Dispute.objects.create(
            community=community, received_on=date(2026, 3, 1), summary="邻里", category="neighbour"
        )
        dispute.parties.add(resident)
        Organisation.objects.create(
            community=community, kind="volunteer", name=f"{tag}志愿队{i}", head_name="马德明"
        )
        make_stay(household=household, relation="other")
        make_hardship(household=household)
        # the registers of religious liaison, 清真 oversight and 创建
        site = SiteFactory(community=community, grid=grid, joint_visits_from=date(2026, 1, 1))
        ReligiousFigureFactory(community=community, site=site, name="马德明", phone="13912345678")
        joint = JointVisitFactory(community=community, site=site, follow_up="回访" if i % 2 else "")
        joint.staff.add(world.users["staff"])
        joint.households.add(household)
        shop = EstablishmentFactory(community=community, grid=grid, operator_name="马福祥")
        InspectionFactory(
            community=community,
            establishment=shop,
            result="rectify",
            rectification_due=date(2026, 4, 10),
            rectification="更换标识",
        )
        ComplaintFactory(community=community, establishment=shop)
        HonourFactory(community=community, household=household)
        CommendationFactory(community=community, resident=resident if i % 2 else None)
        FacilityFactory(community=community)
        FundingFactory(community=community)
        TrainingFactory(community=community).trainees.add(world.users["staff"])


@pytest.mark.parametrize("name", LEDGERS)
def test_each_ledger_serves_its_own_communitys_rows_only(world, api, name):
    _rows(world, world.a, 2)
    _rows(world, world.b, 3)
    raw = issue(world)
    body = api(url(name), raw).json()
    assert body["count"] == 2 * PER_ROW.get(name, 1), body
    assert api(url(name, "XBG"), raw).status_code == 404  # the neighbour, same street
    assert api(url(name, "OTH"), raw).status_code == 404
    assert api(url(name, "NOPE"), raw).status_code == 404  # missing looks the same
    street = issue(world, street=world.street)
    assert api(url(name, "XBG"), street).json()["count"] == 3 * PER_ROW.get(name, 1)
    assert api(url(name, "OTH"), street).status_code == 404
    assert api(url(name), issue(world, view="figures")).status_code == 403


def test_residents_are_masked_and_the_restricted_category_never_served(world, api):
    number = valid_id()
    ResidentFactory(
        household=HouseholdFactory(community=world.a),
        name="马德明",
        id_number=number,
        phone="13912345678",
        is_correction=True,
        is_hardship=True,
    )
    body = api(url("residents"), issue(world)).json()
    row = body["results"][0]
    assert row["name"] == "马**" and row["id_number"] == "*" * 14 + number[-4:]  # last four only (finding 3)
    assert row["phone"] == "*******5678"
    assert row["categories"] == ["困难家庭"]
    text = str(body)
    assert "德明" not in text and number not in text and "13912345678" not in text and "矫正" not in text


def test_the_registers_are_masked(world, api):
    household = HouseholdFactory(community=world.a)
    make_stay(
        household=household,
        permit_number="P-62290012345",
        landlord_name="王房东",
        landlord_phone="13800001111",
    )
    make_hardship(household=household, notes="家中有病人")
    raw = issue(world)
    text = str(api(url("floating_residents"), raw).json()) + str(api(url("hardship_households"), raw).json())
    assert "P-62290012345" not in text and "王房东" not in text and "13800001111" not in text
    assert "家中有病人" not in text and "income" not in text


def test_every_ledger_of_the_api_is_in_this_file_and_in_the_permission_matrix():
    from reports.api.views import LEDGERS as SERVED
    from tests.reports.api.routes import ROUTES

    served = [slug.replace("-", "_") for slug, _view, _summary in SERVED]
    assert served == LEDGERS
    assert all(f"api:{name}" in ROUTES for name in served)


def test_the_liaison_halal_and_creation_registers_are_masked(world, api):
    _rows(world, world.a, 2)
    from outreach.models import HalalEstablishment, ReligiousSite

    ReligiousSite.objects.update(contact_name="马主任", contact_phone="13711112222", notes="寺内纠纷待调处")
    HalalEstablishment.objects.update(notes="经营者家庭困难")
    raw = issue(world)
    bodies = {name: api(url(name), raw).json() for name in LEDGERS[9:]}
    figure = bodies["religious_figures"]["results"][0]
    assert figure["name"] == "马**" and figure["phone"] == "*******5678"
    shop = bodies["halal_establishments"]["results"][0]
    assert shop["operator_name"] == "马**" and shop["operator_phone"] == "*******1234"
    assert shop["inspections"] == 1 and shop["open_rectifications"] == 1
    names = sorted(r["name"] for r in bodies["commendations"]["results"])  # a resident's and a named one
    assert names[1].startswith("马") and all(len(n) > 1 and set(n[1:]) == {"*"} for n in names), names
    visit = bodies["joint_visits"]["results"][0]
    assert (visit["staff"], visit["figures"], visit["households"]) == (1, 0, 1)
    assert bodies["trainings"]["results"][0]["trainees"] == 1
    text = str(bodies)
    for secret in [
        "德明",
        "13912345678",
        "福祥",
        "13909311234",
        "马主任",
        "13711112222",
        "寺内纠纷",
        "经营者家庭困难",
        "李女士",
        "13800001111",
        "清真标识不清",
        "马晓燕",
        "原料来源",
        "更换标识",
        "回访",
        "邻里和睦",
        "桂兰",
        world.users["staff"].display_name,
    ]:
        assert secret not in text, secret


def test_the_registers_filter_like_their_pages(world, api):
    from outreach.models import HalalComplaint, HalalEstablishment, HalalInspection, Honour, ReligiousFigure

    _rows(world, world.a, 4)
    raw = issue(world)
    site = api(url("religious_sites"), raw).json()["results"][0]["id"]
    assert api(url("religious_figures"), raw, site=site).json()["count"] == 1
    assert api(url("joint_visits"), raw, site=site, year=2026).json()["count"] == 1
    assert api(url("joint_visits"), raw, year=2025).json()["count"] == 0
    ReligiousFigure.objects.filter(site_id=site).update(left_on=date(2026, 1, 1))
    assert api(url("religious_figures"), raw, serving="serving").json()["count"] == 3
    assert api(url("religious_figures"), raw, serving="left").json()["count"] == 1
    HalalEstablishment.objects.filter(pk=HalalEstablishment.objects.first().pk).update(
        licence_expires=date(2020, 1, 1)
    )
    assert api(url("halal_establishments"), raw, state="expired").json()["count"] == 1
    assert api(url("halal_establishments"), raw, state="open").json()["count"] == 4
    HalalInspection.objects.filter(pk=HalalInspection.objects.first().pk).update(
        rectified_on=date(2026, 4, 1)
    )
    assert api(url("halal_inspections"), raw, rectification="open").json()["count"] == 3
    assert api(url("halal_inspections"), raw, result="passed").json()["count"] == 0
    HalalComplaint.objects.filter(pk=HalalComplaint.objects.first().pk).update(handled_on=date(2026, 3, 20))
    assert api(url("halal_complaints"), raw, state="handled").json()["count"] == 1
    Honour.objects.filter(pk=Honour.objects.first().pk).update(stage="named", named_on=date(2026, 5, 1))
    assert api(url("honours"), raw, current="named").json()["count"] == 1
    assert api(url("honours"), raw, kind="household", year=2026).json()["count"] == 4
    assert api(url("commendations"), raw, year=2025).json()["count"] == 0
    assert api(url("facilities"), raw, state="in_use").json()["count"] == 4
    assert api(url("funding"), raw, source="street", year=2026).json()["count"] == 4
    assert api(url("trainings"), raw, year=2026).json()["count"] == 4
    talk = EventFactory(community=world.a, title="春节座谈会")
    talk.religious_figures.add(*ReligiousFigure.objects.filter(community=world.a)[:2])
    talks = api(url("events"), raw, talks="true").json()
    assert [(e["title"], e["religious_figures"]) for e in talks["results"]] == [("春节座谈会", 2)]
    assert api(url("events"), raw, talks="false").json()["count"] == 4
    other_site = SiteFactory(community=world.b)
    assert api(url("religious_figures"), raw, site=other_site.pk).status_code == 400  # not a leak


def test_visits_of_correction_are_not_served(world, api):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), is_correction=True)
    VisitFactory(community=world.a, household=resident.household, resident=resident, purpose="correction")
    VisitFactory(community=world.a)
    raw = issue(world)
    assert api(url("visits"), raw).json()["count"] == 1
    assert api(url("visits"), raw, purpose="correction").status_code == 400


def test_filters_work_like_the_pages(world, api):
    _rows(world, world.a, 4)
    raw = issue(world)
    assert api(url("residents"), raw, ethnicity="03", residence_type="registered").json()["count"] == 2
    assert api(url("floating_residents"), raw, state="open").json()["count"] == 4
    assert api(url("floating_residents"), raw, state="ended").json()["count"] == 0
    assert api(url("hardship_households"), raw, paired="false").json()["count"] == 4
    assert api(url("welfare_cases"), raw, ethnicity="minority").json()["count"] == 2
    assert api(url("events"), raw, year=2026).json()["count"] == 4
    assert api(url("events"), raw, year=2025).json()["count"] == 0
    assert api(url("disputes"), raw, status="accepted", category="neighbour").json()["count"] == 4
    names = [r["name"] for r in api(url("organisations"), raw, kind="volunteer").json()["results"]]
    assert sorted(names) == names and len(names) == 4
    other = GridFactory(community=world.a)
    HouseholdFactory(community=world.a, grid=other)
    assert api(url("households"), raw).json()["count"] == 5
    assert api(url("households"), raw, grid=other.pk).json()["count"] == 1


def test_another_communitys_grid_is_a_bad_filter_not_a_leak(world, api):
    _rows(world, world.b, 1)
    other_grid = GridFactory(community=world.b)
    response = api(url("residents"), issue(world), grid=other_grid.pk)
    assert response.status_code == 400 and "grid" in response.json()


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("events", {"year": "abc"}, "year"),
        ("events", {"year": "99999"}, "year"),
        ("residents", {"page": "-1"}, "page"),
        ("residents", {"page": "abc"}, "page"),
        ("residents", {"page_size": "1000"}, "page_size"),
        ("residents", {"status": "zombie"}, "status"),
        ("residents", {"q": "620103198001021234"}, "q"),  # no search by ID number in a masked view
        ("welfare_cases", {"status": "x"}, "status"),
        ("disputes", {"is_petition": "maybe"}, "is_petition"),
        ("floating_residents", {"state": "gone"}, "state"),
        ("hardship_households", {"paired": "yes"}, "paired"),
        ("community_reports", {"year": "二〇二六"}, "year"),
        ("religious_figures", {"serving": "maybe"}, "serving"),
        ("joint_visits", {"site": "abc"}, "site"),
        ("halal_establishments", {"state": "gone"}, "state"),
        ("halal_inspections", {"rectification": "x"}, "rectification"),
        ("honours", {"level": "galactic"}, "level"),
        ("funding", {"year": "1999"}, "year"),
    ],
)
def test_junk_parameters_answer_400_with_a_chinese_message(world, api, name, params, field):
    response = api(url(name), issue(world), **params)
    assert response.status_code == 400, response.content
    message = str(response.json()[field])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"date": "2026-02-30"}, {"year": "2026", "date": "2025-12-31"}, {"year": "1800"}],
)
def test_junk_dates_on_the_figures_answer_400_in_chinese(world, api, params):
    for name, kwargs in [
        ("api:community_figures", {"code": "HLS"}),
        ("api:street_figures", {"street_id": world.street.pk}),
    ]:
        response = api(reverse(name, kwargs=kwargs), issue(world, street=world.street), **params)
        assert response.status_code == 400, response.content
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


def test_a_page_past_the_end_is_404_and_pages_link_onwards(world, api):
    _rows(world, world.a, 3)
    raw = issue(world)
    body = api(url("events"), raw, page_size=2).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and "page=2" in body["next"]
    assert api(url("events"), raw, page=3, page_size=2).status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # the token; the community; count and page (rows joined); the audit row — plus for visits and
        # disputes one prefetch (visitors, parties)
        ("residents", 5),
        ("households", 5),
        ("welfare_cases", 5),
        ("events", 5),
        ("visits", 6),
        ("disputes", 6),
        ("organisations", 5),
        ("floating_residents", 5),
        ("hardship_households", 5),
        *[(name, 5) for name in LEDGERS[9:]],  # the registers of #21: joined or annotated, never per row
    ],
)
def test_a_ledger_costs_the_same_queries_for_5_and_50_rows(world, api, count_queries, name, expected):
    raw = issue(world)
    _rows(world, world.a, 5)
    few = count_queries(lambda: api(url(name), raw))
    _rows(world, world.a, 45, tag="b")
    many = count_queries(lambda: api(url(name), raw))
    assert few == many == expected, (few, many)
