"""A community with something in every ledger, for tests that open every figure of the dashboards and reports.

Dates are relative to today (this year's activity, last year's cases), so the tests hold on any day.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from outreach.models import EventType
from tests.factories import BuildingFactory, GridFactory, HouseholdFactory, ResidentFactory, UnitFactory
from tests.outreach.factories import (
    DisputeFactory,
    EventFactory,
    MemberFactory,
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    PropagandaFactory,
    VisitFactory,
)
from tests.outreach.factories import (
    UnitFactory as JurisdictionUnitFactory,
)
from tests.welfare.factories import CaseFactory, btype


def this_year(days_ago: int) -> date:
    """A date of this year ``days_ago`` days before today (1 January at the earliest)."""
    today = timezone.localdate()
    return max(date(today.year, 1, 1), today - timedelta(days=days_ago))


def rich_community(community) -> dict:
    """Households of mixed ethnicities in two grids, floating and departed residents, every category,
    welfare cases of every kind (one ended), events, propaganda, visits, disputes, teams and units."""
    today = timezone.localdate()
    last_year = date(today.year - 1, 6, 1)
    grid1 = GridFactory(community=community, number=1)
    grid2 = GridFactory(community=community, number=2)
    unit1 = UnitFactory(building=BuildingFactory(compound__grid=grid1, compound__community=community))
    unit2 = UnitFactory(building=BuildingFactory(compound__grid=grid2, compound__community=community))
    h1 = HouseholdFactory(community=community, unit=unit1)
    h2 = HouseholdFactory(community=community, unit=unit2)
    h3 = HouseholdFactory(community=community, unit=unit1)
    people = {
        "han_head": ResidentFactory(
            household=h1, ethnicity="01", political_status="party", is_retired_cadre=True
        ),
        "hui_wife": ResidentFactory(
            household=h1, ethnicity="03", relation="spouse", sex="F", is_hardship=True, is_unemployed=True
        ),
        "dx_head": ResidentFactory(
            household=h2, ethnicity="26", is_disabled=True, is_respected_elder=True, is_correction=True
        ),
        "floating": ResidentFactory(
            household=h2, ethnicity="03", relation="other", residence_type="floating"
        ),
        "gone": ResidentFactory(
            household=h2,
            ethnicity="26",
            relation="son",
            status="moved_out",
            status_date=this_year(3),
            moved_in_on=last_year,
        ),
        "dead": ResidentFactory(household=h3, ethnicity="01", status="deceased", status_date=this_year(5)),
        "new": ResidentFactory(household=h3, ethnicity="03", relation="other", moved_in_on=this_year(2)),
    }
    CaseFactory(resident=people["hui_wife"], start_on=last_year)  # 低保
    CaseFactory(resident=people["han_head"], start_on=last_year)
    CaseFactory(resident=people["dx_head"], status="ended", start_on=last_year, end_on=this_year(10))
    CaseFactory(resident=people["dx_head"], type=btype("housing"), housing_mode="subsidy", start_on=last_year)
    CaseFactory(
        resident=people["hui_wife"], type=btype("student_aid"), amount=Decimal("2500"), start_on=last_year
    )
    CaseFactory(resident=people["hui_wife"], type=btype("medical_insurance"), start_on=last_year)
    CaseFactory(
        resident=people["hui_wife"], type=btype("employment"), start_on=last_year, next_review_on=this_year(1)
    )
    symposium = EventType.objects.get(code="symposium")
    holiday = EventType.objects.get(code="holiday")
    event = EventFactory(community=community, type=symposium, date=this_year(20), other_participants=12)
    event.participants.set([people["hui_wife"], people["han_head"]])
    # This year's approved plan: the symposium carries out one item, another was withdrawn (not held, with
    # its reason), the 春节 event below is an unplanned extra, the joint visit carries out the monthly duty.
    plan = PlanFactory(community=community, year=today.year)
    event.plan_item = PlanItemFactory(plan=plan, month=event.date.month, event_type=symposium)
    event.save()
    withdrawn = PlanItemFactory(plan=plan, month=12, event_type=EventType.objects.get(code="lecture"))
    joint = PlanItemFactory(plan=plan, kind="duty", duty="joint_visit", event_type=None, month=None)
    PlanItemFactory(plan=plan, kind="target", target="leaflets", quantity=300, event_type=None, month=None)
    from outreach import services

    services.plans.plan_approve(plan=plan, actor=None)
    services.plans.item_delete(item=withdrawn, actor=None, reason="讲师调离")
    EventFactory(community=community, type=holiday, occasion="春节", date=this_year(30))
    EventFactory(community=community, type=holiday, occasion="国庆", date=date(today.year - 1, 10, 1))
    PropagandaFactory(community=community, date=this_year(20), banners=2, boards=3, leaflets=150, quizzes=40)
    VisitFactory(community=community, household=h1, date=this_year(0), purpose="joint", plan_item=joint)
    VisitFactory(
        community=community, household=h2, resident=people["dx_head"], date=this_year(0), purpose="correction"
    )
    VisitFactory(community=community, household=h1, date=this_year(15), purpose="hardship")
    DisputeFactory(
        community=community,
        received_on=this_year(40),
        status="resolved",
        settled_level="compound",
        resolution="调解",
        closed_on=this_year(35),
    )
    DisputeFactory(
        community=community,
        received_on=this_year(30),
        status="reported",
        closed_on=this_year(25),
        is_petition=True,
    )
    DisputeFactory(community=community, received_on=this_year(10), status="mediating", deadline=this_year(5))
    leading = OrganisationFactory(community=community, kind="leading_group", name="民族工作领导小组")
    MemberFactory(organisation=leading, resident=people["han_head"], role="head", name="")
    MemberFactory(organisation=leading, name="社区主任", role="member")
    team = OrganisationFactory(community=community, kind="volunteer", grid=grid1, unregistered_members=8)
    MemberFactory(organisation=team, resident=people["hui_wife"], name="")
    OrganisationFactory(community=community, kind="volunteer", unregistered_members=20)
    JurisdictionUnitFactory(community=community, kind="school")
    JurisdictionUnitFactory(community=community, kind="shop")
    return people
