"""The registry's pages in the permission matrix.

Objects are made inside the kwargs lambdas. The resident/household lives in a grid the grid worker
is assigned to, so that "grid" reaches it (a grid worker outside their grids gets 404, tested apart).
"""

from tests.factories import HouseholdFactory, ResidentFactory
from tests.routes import Route, community_page

READERS = {"staff", "secretary", "grid"}
EDITORS = {"staff", "grid"}


def _household(world):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    return household


def _resident(world):
    return {"code": world.a.code, "pk": ResidentFactory(household=_household(world)).pk}


def _post_redirects(allowed: set[str], kwargs) -> Route:
    """A POST-only action answering with a redirect (302) to the allowed personas."""
    route = community_page(allowed, kwargs=kwargs, method="post")
    route.expect = {p: 302 if code == 200 else code for p, code in route.expect.items()}
    return route


ROUTES = {
    "residents:list": community_page(READERS),
    "residents:detail": community_page(READERS, kwargs=_resident),
    "residents:reveal_id": _post_redirects(READERS, kwargs=_resident),
    "residents:create": community_page(EDITORS),
    "residents:edit": community_page(EDITORS, kwargs=_resident),
    "residents:status": community_page(EDITORS, kwargs=_resident),
    "residents:household": community_page(
        READERS, kwargs=lambda world: {"code": world.a.code, "pk": _household(world).pk}
    ),
    "residents:household_create": community_page(EDITORS),
    "residents:ledgers": community_page(READERS),
    "residents:ledger": community_page(
        READERS, kwargs=lambda world: {"code": world.a.code, "key": "minority"}
    ),
    # The restricted ledger is checked by name in test_ledgers.py (grid worker: 403).
}
