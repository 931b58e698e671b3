"""Small grid trees for the grid tests."""

from grids.models import OwnersCommittee
from tests.factories import BuildingFactory, CompoundFactory, GridFactory, HouseholdFactory, UnitFactory


def make_tree(community, *, buildings=1, units=1, households=0, heads=True, **grid):
    """One grid with one compound of ``buildings`` × ``units``, everyone assigned unless ``heads=False``."""
    grid = GridFactory(community=community, cadre_name="王干部" if heads else "", **grid)
    compound = CompoundFactory(grid=grid, community=community, property_manager="周经理" if heads else "")
    if heads:
        OwnersCommittee.objects.create(compound=compound, name="业委会", chair_name="马主任")
    for b in range(buildings):
        building = BuildingFactory(
            compound=compound, community=community, number=str(b + 1), head_name="楼长" if heads else ""
        )
        for u in range(units):
            unit = UnitFactory(
                building=building, community=community, number=str(u + 1), head_name="单元长" if heads else ""
            )
            for _ in range(households):
                HouseholdFactory(community=community, unit=unit)
    return grid
