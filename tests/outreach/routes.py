"""The outreach pages in the permission matrix.

outreach.view: staff, secretary, grid worker; outreach.edit: staff, grid worker. The 责任书 pages
(persons under community correction) need residents.view_restricted: staff and secretary; the
street office and grid workers get 403 there, outsiders 404.

Religious liaison (sites, figures, joint visits, talks): read by staff, secretary and grid workers
(the sites of their own grids), recorded by staff. 清真 oversight and the 创建 record: staff and
secretary read, staff record; grid workers and the street office get 403.
"""

from tests.outreach.factories import (
    AgreementFactory,
    CommendationFactory,
    ComplaintFactory,
    DisputeFactory,
    EstablishmentFactory,
    EventFactory,
    FacilityFactory,
    FundingFactory,
    HonourFactory,
    InspectionFactory,
    JointVisitFactory,
    MemberFactory,
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    PropagandaFactory,
    ReceiptFactory,
    ReligiousFigureFactory,
    SiteFactory,
    TrainingFactory,
    UnitFactory,
    VisitFactory,
)
from tests.routes import community_page

VIEW = {"staff", "secretary", "grid"}
EDIT = {"staff", "grid"}
RESTRICTED = {"staff", "secretary"}
LIAISON = {"staff", "secretary", "grid"}
READ = {"staff", "secretary"}
STAFF = {"staff"}


def _with(factory, **extra):
    return lambda world: {"code": world.a.code, "pk": factory(community=world.a, **extra).pk}


def _member(world):
    member = MemberFactory(organisation=OrganisationFactory(community=world.a))
    return {"code": world.a.code, "pk": member.organisation_id, "member_pk": member.pk}


def _own_visit(world):
    # The grid worker sees the visits of their own grid: put the household in a grid they work in.
    visit = VisitFactory(community=world.a)
    visit.household.grid.workers.add(world.users["grid"])
    return {"code": world.a.code, "pk": visit.pk}


def _own_site(world):
    """A site in a grid the grid worker looks after (grid workers see the sites of their grids)."""
    from tests.factories import GridFactory

    grid = GridFactory(community=world.a)
    grid.workers.add(world.users["grid"])
    return SiteFactory(community=world.a, grid=grid)


def _site(world):
    return {"code": world.a.code, "pk": _own_site(world).pk}


def _figure(world):
    return {"code": world.a.code, "pk": ReligiousFigureFactory(community=world.a, site=_own_site(world)).pk}


def _joint_visit(world):
    return {"code": world.a.code, "pk": JointVisitFactory(community=world.a, site=_own_site(world)).pk}


def _reveal(world):
    return {**_figure(world), "kind": "figure"}


def _receipt(world):
    return {"code": world.a.code, "pk": ReceiptFactory(funding=FundingFactory(community=world.a)).pk}


def _this_years_plan(world):
    import datetime

    from outreach.models import Plan

    plan = Plan.objects.filter(community=world.a, year=datetime.date.today().year).first()
    return plan or PlanFactory(community=world.a)


def _plan_year(world):
    return {"code": world.a.code, "year": _this_years_plan(world).year}


def _next_year(world):
    return {"code": world.a.code, "year": _this_years_plan(world).year + 1}


def _plan_item(world):
    return {"code": world.a.code, "pk": PlanItemFactory(plan=_this_years_plan(world)).pk}


def _plan_item_page(world):
    _plan_item(world)  # this year's plan with an item: its links (edit, delete) are there to follow
    return {"code": world.a.code}


ROUTES = {
    "outreach:events": community_page(VIEW),
    "outreach:event_create": community_page(EDIT),
    "outreach:event_detail": community_page(VIEW, kwargs=_with(EventFactory)),
    "outreach:event_edit": community_page(EDIT, kwargs=_with(EventFactory)),
    "outreach:propaganda": community_page(VIEW),
    "outreach:propaganda_create": community_page(EDIT),
    "outreach:propaganda_edit": community_page(EDIT, kwargs=_with(PropagandaFactory)),
    "outreach:visits": community_page(VIEW),
    "outreach:visit_create": community_page(EDIT),
    "outreach:visit_edit": community_page(EDIT, kwargs=_own_visit),
    "outreach:checklist": community_page(VIEW),
    "outreach:agreements": community_page(RESTRICTED),
    # Secretaries may read the agreements but not record them.
    "outreach:agreement_create": community_page({"staff"}),
    "outreach:agreement_edit": community_page({"staff"}, kwargs=_with(AgreementFactory)),
    "outreach:agreement_file": community_page(RESTRICTED, kwargs=_with(AgreementFactory, with_file=True)),
    "outreach:disputes": community_page(VIEW),
    "outreach:dispute_create": community_page(EDIT),
    # Reading a case is outreach.view; saving it needs outreach.edit.
    "outreach:dispute_edit": community_page(VIEW, kwargs=_with(DisputeFactory)),
    "outreach:organisations": community_page(VIEW),
    "outreach:organisation_create": community_page(EDIT),
    "outreach:organisation_detail": community_page(VIEW, kwargs=_with(OrganisationFactory)),
    "outreach:organisation_edit": community_page(EDIT, kwargs=_with(OrganisationFactory)),
    # POST-only: an empty form is refused with a message and a redirect (302) for the allowed roles.
    "outreach:member_add": community_page(EDIT, kwargs=_with(OrganisationFactory), method="post"),
    "outreach:member_remove": community_page(EDIT, kwargs=_member, method="post"),
    "outreach:units": community_page(VIEW),
    "outreach:unit_create": community_page(EDIT),
    "outreach:unit_edit": community_page(EDIT, kwargs=_with(UnitFactory)),
    # 宗教事务联络
    "outreach:sites": community_page(LIAISON),
    "outreach:site_create": community_page(STAFF),
    "outreach:site_detail": community_page(LIAISON, kwargs=_site),
    "outreach:site_edit": community_page(STAFF, kwargs=_site),
    "outreach:figures": community_page(LIAISON),
    "outreach:figure_create": community_page(STAFF),
    "outreach:figure_edit": community_page(STAFF, kwargs=_figure),
    "outreach:joint_visits": community_page(LIAISON),
    "outreach:joint_visit_create": community_page(STAFF),
    "outreach:joint_visit_detail": community_page(LIAISON, kwargs=_joint_visit),
    "outreach:joint_visit_edit": community_page(STAFF, kwargs=_joint_visit),
    "outreach:talks": community_page(LIAISON),
    # POST-only; the number is shown on a small page (htmx: in place), and audited.
    "outreach:contact_reveal": community_page(LIAISON, kwargs=_reveal, method="post"),
    # 清真食品监管
    "outreach:halal": community_page(READ),
    "outreach:halal_create": community_page(STAFF),
    "outreach:halal_detail": community_page(READ, kwargs=_with(EstablishmentFactory)),
    "outreach:halal_edit": community_page(STAFF, kwargs=_with(EstablishmentFactory)),
    "outreach:inspections": community_page(READ),
    "outreach:inspection_create": community_page(STAFF),
    "outreach:inspection_edit": community_page(STAFF, kwargs=_with(InspectionFactory)),
    "outreach:complaints": community_page(READ),
    "outreach:complaint_create": community_page(STAFF),
    "outreach:complaint_edit": community_page(STAFF, kwargs=_with(ComplaintFactory)),
    # 民族团结进步创建
    "outreach:creation": community_page(READ),
    "outreach:creation_archive": community_page(READ),
    "outreach:honours": community_page(READ),
    "outreach:honour_create": community_page(STAFF),
    "outreach:honour_edit": community_page(STAFF, kwargs=_with(HonourFactory)),
    "outreach:commendations": community_page(READ),
    "outreach:commendation_create": community_page(STAFF),
    "outreach:commendation_edit": community_page(STAFF, kwargs=_with(CommendationFactory)),
    "outreach:facilities": community_page(READ),
    "outreach:facility_create": community_page(STAFF),
    "outreach:facility_edit": community_page(STAFF, kwargs=_with(FacilityFactory)),
    "outreach:funding": community_page(READ),
    "outreach:funding_create": community_page(STAFF),
    "outreach:funding_detail": community_page(READ, kwargs=_with(FundingFactory)),
    "outreach:funding_edit": community_page(STAFF, kwargs=_with(FundingFactory)),
    # POST-only: without a file the upload is refused with a message and a redirect (302).
    "outreach:receipt_upload": community_page(STAFF, kwargs=_with(FundingFactory), method="post"),
    "outreach:receipt": community_page(READ, kwargs=_receipt),
    "outreach:trainings": community_page(READ),
    "outreach:training_create": community_page(STAFF),
    "outreach:training_edit": community_page(STAFF, kwargs=_with(TrainingFactory)),
    # 年度工作计划: staff and secretary read; staff draft and amend; the secretary alone approves.
    "outreach:plan": community_page(READ, kwargs=_plan_item_page),
    "outreach:plan_create": community_page(STAFF, kwargs=_next_year, method="post"),
    "outreach:plan_copy": community_page(STAFF, kwargs=_next_year, method="post"),
    "outreach:plan_approve": community_page({"secretary"}, kwargs=_plan_year, method="post"),
    "outreach:plan_import": community_page(STAFF, kwargs=_plan_year),
    "outreach:plan_item_create": community_page(STAFF, kwargs=_plan_year),
    "outreach:plan_item_edit": community_page(STAFF, kwargs=_plan_item),
    "outreach:plan_item_delete": community_page(STAFF, kwargs=_plan_item),
    "outreach:figure_rows": community_page(READ, kwargs=lambda world: {"code": world.a.code, "key": "sites"}),
    "outreach:resident_search": community_page(EDIT),
}

# POST-only views answer with a redirect for the allowed roles.
for _name in ("outreach:member_add", "outreach:member_remove"):
    for _persona in EDIT:
        ROUTES[_name].expect[_persona] = 302
ROUTES["outreach:receipt_upload"].expect["staff"] = 302
for _name in ("outreach:plan_create", "outreach:plan_copy"):
    ROUTES[_name].expect["staff"] = 302
ROUTES["outreach:plan_approve"].expect["secretary"] = 302
