"""Scoped reads of the grid tree and its gaps (links of the five-in-one chain with nobody assigned)."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from community.access import Access

from .models import Building, Compound, Grid, SubGrid, Unit


def grids_for(access: Access) -> QuerySet[Grid]:
    grids = Grid.objects.filter(community=access.community)
    if access.role == "grid_worker":
        grids = grids.filter(workers=access.membership.user_id)
    return grids.select_related("cadre")


def grid_list(access: Access) -> QuerySet[Grid]:
    """Grids with the sizes of their trees, in two queries (grids, workers)."""
    return (
        grids_for(access)
        .annotate(
            n_compounds=Count("compounds", distinct=True),
            n_buildings=Count("compounds__buildings", distinct=True),
            n_units=Count("compounds__buildings__units", distinct=True),
        )
        .prefetch_related("workers")
        .order_by("number")
    )


def get_grid_for(access: Access, pk) -> Grid:
    grid = grids_for(access).filter(pk=pk).first()
    if grid is None:
        raise Http404
    return grid


def grid_tree(grid: Grid) -> Grid:
    """The grid with its sub-grids, compounds (and committee), buildings and units prefetched."""
    return (
        Grid.objects.filter(pk=grid.pk)
        .select_related("cadre")
        .prefetch_related(
            "workers",
            Prefetch("subgrids", queryset=SubGrid.objects.order_by("name")),
            Prefetch(
                "compounds",
                queryset=Compound.objects.select_related("owners_committee", "subgrid")
                .prefetch_related(
                    Prefetch(
                        "buildings",
                        queryset=Building.objects.order_by("number").prefetch_related(
                            Prefetch("units", queryset=Unit.objects.order_by("number"))
                        ),
                    )
                )
                .order_by("name"),
            ),
        )
        .get()
    )


def _in_grids(access, prefix: str) -> Q:
    return Q(**{f"{prefix}in": grids_for(access).values("pk")})


def gaps(access: Access) -> dict:
    """Every link of the chain with nobody assigned, per level (four queries)."""
    return {
        "grids": list(grids_for(access).filter(cadre__isnull=True, cadre_name="").order_by("number")),
        "compounds": list(
            Compound.objects.filter(_in_grids(access, "grid__"))
            .filter(
                Q(property_manager="") | Q(owners_committee__isnull=True) | Q(owners_committee__chair_name="")
            )
            .select_related("grid", "owners_committee")
            .order_by("grid__number", "name")
        ),
        "buildings": list(
            Building.objects.filter(_in_grids(access, "compound__grid__"), head_name="")
            .select_related("compound__grid")
            .order_by("compound__grid__number", "compound__name", "number")
        ),
        "units": list(
            Unit.objects.filter(_in_grids(access, "building__compound__grid__"), head_name="")
            .select_related("building__compound__grid")
            .order_by(
                "building__compound__grid__number", "building__compound__name", "building__number", "number"
            )
        ),
    }
