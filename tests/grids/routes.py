from tests.factories import BuildingFactory, CompoundFactory, GridFactory, UnitFactory
from tests.routes import community_page

VIEW = {"staff", "secretary", "grid"}
EDIT = {"staff", "grid"}


def _grid(world):
    grid = GridFactory(community=world.a)
    grid.workers.add(world.users["grid"])
    return grid


def _compound(world):
    return CompoundFactory(grid=_grid(world), community=world.a)


def _building(world):
    return BuildingFactory(compound=_compound(world), community=world.a)


def _unit(world):
    return UnitFactory(building=_building(world), community=world.a)


def k(**kw):
    return lambda w: {"code": "HLS", **{name: make(w).pk for name, make in kw.items()}}


ROUTES = {
    "grids:list": community_page(VIEW),
    "grids:gaps": community_page(VIEW),
    "grids:create": community_page({"staff"}),
    "grids:detail": community_page(VIEW, kwargs=k(pk=_grid)),
    "grids:edit": community_page(EDIT, kwargs=k(pk=_grid)),
    "grids:subgrid_create": community_page(EDIT, kwargs=k(grid_pk=_grid)),
    "grids:subgrid_edit": community_page(
        EDIT, kwargs=k(pk=lambda w: _grid(w).subgrids.create(community=w.a, name="片1"))
    ),
    "grids:compound_create": community_page(EDIT, kwargs=k(grid_pk=_grid)),
    "grids:compound_edit": community_page(EDIT, kwargs=k(pk=_compound)),
    "grids:committee": community_page(EDIT, kwargs=k(pk=_compound)),
    "grids:building_create": community_page(EDIT, kwargs=k(compound_pk=_compound)),
    "grids:building_edit": community_page(EDIT, kwargs=k(pk=_building)),
    "grids:unit_create": community_page(EDIT, kwargs=k(building_pk=_building)),
    "grids:unit_edit": community_page(EDIT, kwargs=k(pk=_unit)),
}
