"""The hardship register's pages in the permission matrix: readers and editors of the registry.

The household lies in a grid the grid worker is assigned to (outside their grids: 404, tested apart).
"""

from tests.factories import HouseholdFactory, ResidentFactory
from tests.routes import community_page

from .helpers import make_hardship, make_pairing

READERS = {"staff", "secretary", "grid"}
EDITORS = {"staff", "grid"}


def _record(world):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    ResidentFactory(household=household, ethnicity="03")
    record = make_hardship(household=household)
    make_pairing(record)
    return {"code": world.a.code, "pk": record.pk}


ROUTES = {
    "hardship:list": community_page(READERS),
    "hardship:create": community_page(EDITORS),
    "hardship:export": community_page(READERS),
    "hardship:detail": community_page(READERS, kwargs=_record),
    "hardship:edit": community_page(EDITORS, kwargs=_record),
    "hardship:end": community_page(EDITORS, kwargs=_record),
    "hardship:help_create": community_page(EDITORS, kwargs=_record),
    "hardship:pairing_create": community_page(EDITORS, kwargs=_record),
    "hardship:visit_create": community_page(EDITORS, kwargs=_record),
}
