"""Scoped reads of the grid tree and its gaps (links of the five-in-one chain with nobody assigned)."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length
from django.http import Http404

from community.access import Access
from community.models import User

from .models import Building, Compound, Grid, SubGrid, Unit


def scope_to_grids(access: Access, via: str = "") -> Q:
    """What ``access`` may see of its community by grid: with "community.own_grids_only" (grid workers) only
    the grids the user is assigned to, reached from the queried model through ``via`` (``"grid__"``,
    ``"household__grid__"``); everything otherwise. The one place grid-worker scoping is written."""
    if not access.grid_scoped:
        return Q()
    return Q(**{f"{via}workers": access.membership.user_id})


def tree_scope(community_id: int) -> str:
    """The cache scope (community.caching) of what is read from one community's grids and compounds: any
    change to either forgets it (grids/signals.py)."""
    return f"tree:{community_id}"


def tree_counts(community) -> dict[str, int]:
    """Grids, 片格, 小区 and 楼栋 of a community's tree as it is today (the tree has no dates). A 小区 or 楼栋
    is one row however many grids it spans, so these are counts of distinct places. Four queries."""
    return {
        "grids": Grid.objects.filter(community=community).count(),
        "subgrids": SubGrid.objects.filter(community=community).count(),
        "compounds": Compound.objects.filter(community=community).count(),
        "buildings": Building.objects.filter(community=community).count(),
    }


def grids_for(access: Access) -> QuerySet[Grid]:
    return Grid.objects.filter(Q(community=access.community) & scope_to_grids(access)).select_related("cadre")


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


def building_in(grids) -> Q:
    """Buildings falling in ``grids`` (a queryset or list of grids): their own grid, else their compound's."""
    return Q(grid__in=grids) | Q(grid__isnull=True, compound__grid__in=grids)


def compound_in(grids) -> Q:
    """Compounds touching ``grids``: drawn in one of them, or with a building in one (a compound spans grids)."""
    return Q(grid__in=grids) | Q(pk__in=Building.objects.filter(grid__in=grids).values("compound"))


def unit_in(grids) -> Q:
    return Q(building__grid__in=grids) | Q(building__grid__isnull=True, building__compound__grid__in=grids)


def grid_tree(grid: Grid) -> Grid:
    """The grid with its sub-grids, its compounds (and committee), their buildings in this grid and units.

    A compound spanning grids is shown in each of its grids with the buildings that fall in it
    (``grid.tree_compounds``). Seven queries whatever the size of the tree: grid, workers, sub-grids,
    compounds (with committee and sub-grid, and their household counts in this grid), buildings, units
    (with their household counts). Buildings and units are sorted by number as numbers (2 before 10).
    """
    units = Unit.objects.annotate(n_households=Count("household")).order_by(*_numeric("number"))
    buildings = (
        Building.objects.filter(building_in([grid.pk]))
        .order_by(*_numeric("number"))
        .prefetch_related(Prefetch("units", queryset=units))
    )
    compounds = (
        Compound.objects.filter(compound_in([grid.pk]))
        .select_related("owners_committee", "subgrid", "grid")
        .annotate(n_households=Count("household", filter=Q(household__grid=grid.pk)))
        .prefetch_related(Prefetch("buildings", queryset=buildings))
        .order_by("subgrid__name", "name")
    )
    tree = (
        Grid.objects.filter(pk=grid.pk)
        .select_related("cadre")
        .annotate(n_households=_size("household"))
        .prefetch_related(
            Prefetch("workers", queryset=User.objects.order_by("username")),
            Prefetch("subgrids", queryset=SubGrid.objects.order_by("name")),
        )
        .get()
    )
    tree.tree_compounds = list(compounds)
    return tree


def _numeric(field: str) -> list:
    """Order by ``field`` as a number when it is one: its length first, then its text ("2" < "10")."""
    return [Length(field), field]


def gaps(access: Access) -> dict:
    """Every link of the chain with nobody assigned, per level (four queries)."""
    grids = grids_for(access).values("pk")
    return {
        "grids": list(grids_for(access).filter(cadre__isnull=True, cadre_name="").order_by("number")),
        "compounds": list(
            Compound.objects.filter(compound_in(grids))
            .filter(
                Q(property_manager="") | Q(owners_committee__isnull=True) | Q(owners_committee__chair_name="")
            )
            .select_related("grid", "owners_committee")
            .order_by("grid__number", "name")
        ),
        "buildings": list(
            Building.objects.filter(building_in(grids), head_name="")
            .select_related("compound__grid")
            .order_by("compound__grid__number", "compound__name", *_numeric("number"))
        ),
        "units": list(
            Unit.objects.filter(unit_in(grids), head_name="")
            .select_related("building__compound__grid")
            .order_by(
                "building__compound__grid__number",
                "building__compound__name",
                *_numeric("building__number"),
                *_numeric("number"),
            )
        ),
    }
