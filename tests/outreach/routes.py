"""The outreach pages in the permission matrix.

outreach.view: staff, secretary, grid worker; outreach.edit: staff, grid worker. The 责任书 pages
(persons under community correction) need residents.view_restricted: staff and secretary; the
street office and grid workers get 403 there, outsiders 404.
"""

from tests.outreach.factories import (
    AgreementFactory,
    DisputeFactory,
    EventFactory,
    MemberFactory,
    OrganisationFactory,
    PropagandaFactory,
    SiteFactory,
    UnitFactory,
    VisitFactory,
)
from tests.routes import community_page

VIEW = {"staff", "secretary", "grid"}
EDIT = {"staff", "grid"}
RESTRICTED = {"staff", "secretary"}


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
    "outreach:sites": community_page(VIEW),
    "outreach:site_create": community_page(EDIT),
    "outreach:site_edit": community_page(EDIT, kwargs=_with(SiteFactory)),
    "outreach:resident_search": community_page(EDIT),
}

# POST-only views answer with a redirect for the allowed roles.
for _name in ("outreach:member_add", "outreach:member_remove"):
    for _persona in EDIT:
        ROUTES[_name].expect[_persona] = 302
