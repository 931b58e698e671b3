"""Scoped reads of the grid tree and its gaps (links of the five-in-one chain with nobody assigned)."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length
from django.http import Http404

from community.access import Access
from community.models import User

from .models import Building, Compound, Grid, SubGrid, Unit


def grids_for(access: Access) -> QuerySet[Grid]:
    grids = Grid.objects.filter(community=access.community)
    if access.role == "grid_worker":
        grids = grids.filter(workers=access.membership.user_id)
    return grids.select_related("cadre")


def _size(path: str) -> Coalesce:
    """How many ``path`` objects hang off the outer grid, as a correlated subquery.

    One subquery per level instead of joining every level in the outer query, whose row count would be
    the product of compounds × buildings × units × households of each grid.
    """
    inner = Grid.objects.filter(pk=OuterRef("pk")).annotate(n=Count(path)).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def grid_list(access: Access) -> QuerySet[Grid]:
    """Grids with the sizes of their trees, in two queries (grids with their counts, workers).

    Households are counted through the reverse relation by name: ``grids`` does not import ``residents``.
    """
    return (
        grids_for(access)
        .annotate(
            n_subgrids=_size("subgrids"),
            n_compounds=_size("compounds"),
            n_buildings=_size("compounds__buildings"),
            n_units=_size("compounds__buildings__units"),
            n_households=_size("household"),
        )
        .prefetch_related(Prefetch("workers", queryset=User.objects.order_by("username")))
        .order_by("number")
    )


def get_grid_for(access: Access, pk) -> Grid:
    grid = grids_for(access).filter(pk=pk).first()
    if grid is None:
        raise Http404
    return grid


def grid_tree(grid: Grid) -> Grid:
    """The grid with its sub-grids, compounds (and committee), buildings and units prefetched.

    Seven queries whatever the size of the tree: grid, workers, sub-grids, compounds (with committee and
    sub-grid, and their household counts), buildings, units (with their household counts). Buildings
    and units are sorted by number as numbers where they are numbers (2 before 10).
    """
    units = Unit.objects.annotate(n_households=Count("household")).order_by(*_numeric("number"))
    buildings = Building.objects.order_by(*_numeric("number")).prefetch_related(
        Prefetch("units", queryset=units)
    )
    compounds = (
        Compound.objects.select_related("owners_committee", "subgrid")
        .annotate(n_households=Count("household"))
        .prefetch_related(Prefetch("buildings", queryset=buildings))
        .order_by("subgrid__name", "name")
    )
    return (
        Grid.objects.filter(pk=grid.pk)
        .select_related("cadre")
        .annotate(n_households=_size("household"))
        .prefetch_related(
            Prefetch("workers", queryset=User.objects.order_by("username")),
            Prefetch("subgrids", queryset=SubGrid.objects.order_by("name")),
            Prefetch("compounds", queryset=compounds),
        )
        .get()
    )


def _numeric(field: str) -> list:
    """Order by ``field`` as a number when it is one: its length first, then its text ("2" < "10")."""
    return [Length(field), field]


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
            .order_by("compound__grid__number", "compound__name", *_numeric("number"))
        ),
        "units": list(
            Unit.objects.filter(_in_grids(access, "building__compound__grid__"), head_name="")
            .select_related("building__compound__grid")
            .order_by(
                "building__compound__grid__number",
                "building__compound__name",
                *_numeric("building__number"),
                *_numeric("number"),
            )
        ),
    }
