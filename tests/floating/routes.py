"""The floating register's pages in the permission matrix: readers and editors of the registry.

The stay's household lies in a grid the grid worker is assigned to (outside their grids: 404, tested apart).
"""

from tests.factories import HouseholdFactory
from tests.routes import community_page

from .helpers import make_stay

READERS = {"staff", "secretary", "grid"}
EDITORS = {"staff", "grid"}


def _stay(world):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    return {"code": world.a.code, "pk": make_stay(household=household).pk}


ROUTES = {
    "floating:list": community_page(READERS),
    "floating:create": community_page(EDITORS),
    "floating:detail": community_page(READERS, kwargs=_stay),
    "floating:edit": community_page(EDITORS, kwargs=_stay),
    "floating:depart": community_page(EDITORS, kwargs=_stay),
    "floating:service_create": community_page(EDITORS, kwargs=_stay),
}
