"""The shape of a figure, and the residents' and grids' figures, counted by their apps' selectors.

Every figure a report states is listed once in ``reports/registry.py`` (name, owner selector, unit, rows),
which also lists the functions giving them and ``community_figures``, the one dictionary reports, their
HTML previews, dashboards, narratives and the read API all read. The counting itself lives in the apps'
selectors (``residents.selectors`` …), never in a template or a view. Every figure is counted as the
ledgers stood on the reference date (see ``residents.selectors.resident_versions`` and
``welfare.selectors.cases_on``).

The shape, for code that adds figures:

- :class:`Figure` — a name, a value, a unit and ``rows_key``, the key of its rows in ``registry.ROWS``
  (``"ethnicity:03"``: a key with an argument). A figure without ``rows_key`` is not a link.
- :class:`Rows` — how to list the rows behind figures: a title, a ``kind`` of row (``reports.rows.KINDS``:
  residents, households, cases, events…), ``queryset(scope, arg)``, and for a figure that sums a column
  rather than counting rows, ``total(scope, arg, queryset)``. The rows page (``reports:figure_rows``)
  lists exactly those rows: its count (or total) is the figure.
- :class:`Scope` — what a figure is counted over: the community, the reference date ``on`` and the
  report's ``year`` (activity figures run from 1 January of the year to ``on``).
- A provider — a function ``(community, on, year) -> {name: Figure}`` (:func:`population`,
  ``reports/providers.py`` …), listed in ``registry.PROVIDERS``. Names starting with ``_`` are internal
  (tables, dataclasses) and are not cited.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse

from community.models import Community
from grids.models import Building, Compound, Grid, SubGrid
from grids.selectors import tree_counts
from residents.ledgers import LEDGERS
from residents.models import RESTRICTED_CATEGORIES, Ethnicity, Household, Resident
from residents.selectors import (
    FLOATING,
    MINORITY,
    PARTY,
    active_on,
    arrived,
    counted_meeting,
    counted_versions,
    died,
    left,
    population_figures,
    resident_versions,
    residents_of,
)


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | Decimal | str | None
    unit: str = ""
    rows_key: str = ""  # key in ROWS: the ledger rows behind the figure ("" when it counts no rows)
    url: str = ""  # kept for callers; figures of the ledgers link to their rows through rows_key
    definition: str = (
        ""  # what it counts, when the registry that publishes it says so (the read API shows it)
    )

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value}%"
        if isinstance(self.value, Decimal):
            text = f"{self.value:f}"
            return text.rstrip("0").rstrip(".") if "." in text else text  # 0.70 → 0.7, 44.00 → 44
        return f"{self.value}"

    def href(self, community, on: date, year: int | None = None) -> str:
        """Where the rows behind the figure are listed ("" when nowhere)."""
        if self.rows_key:
            return rows_url(community, self.rows_key, on, year)
        return self.url

    def as_json(self):
        return {"value": None if self.value is None else str(self.value), "unit": self.unit}


def rows_url(community, rows_key: str, on: date, year: int | None = None) -> str:
    url = reverse("reports:figure_rows", kwargs={"code": community.code, "key": rows_key})
    query = {"date": on.isoformat()}
    if year is not None and year != on.year:
        query["year"] = year
    return f"{url}?{urlencode(query)}"


@dataclass(frozen=True)
class Scope:
    """What a figure is counted over: a community on a reference date, in a report year."""

    community: Community
    on: date
    year: int

    @property
    def start(self) -> date:
        """The first day of the year's activity figures (events, visits, disputes)."""
        return date(self.year, 1, 1)


@dataclass(frozen=True)
class Rows:
    """How to list the rows behind a figure (see the module docstring)."""

    title: str | Callable[[Scope, str], str]
    kind: str
    queryset: Callable[[Scope, str], QuerySet] = field(repr=False)
    total: Callable[[Scope, str, QuerySet], int | Decimal] | None = field(default=None, repr=False)
    total_label: str = ""
    restricted: bool | Callable[[str], bool] = False  # needs residents.view_restricted (audited)

    def title_for(self, scope: Scope, arg: str) -> str:
        return self.title(scope, arg) if callable(self.title) else self.title

    def is_restricted(self, arg: str) -> bool:
        return self.restricted(arg) if callable(self.restricted) else self.restricted


# --- the registry's rows --------------------------------------------------------------------------


def _counted(scope: Scope, condition: Q | None = None) -> QuerySet[Resident]:
    """常住 residents on the register on the date meeting ``condition`` (read in their version of that date)."""
    return residents_of(counted_versions(scope.on, community=scope.community).filter(condition or Q()))


def _households(residents: QuerySet[Resident]) -> QuerySet[Household]:
    return Household.objects.filter(pk__in=residents.values("household"))


def _grid_id(arg: str) -> int:
    if not arg.isdigit():
        raise ValueError(arg)
    return int(arg)


def _grid_name(scope: Scope, arg: str) -> str:
    grid = Grid.objects.filter(community=scope.community, pk=_grid_id(arg)).first()
    if grid is None:
        raise ValueError(arg)
    return grid.name


def _ethnicity_name(arg: str) -> str:
    ethnicity = Ethnicity.objects.filter(code=arg).first()
    if ethnicity is None:
        raise ValueError(arg)
    return ethnicity.name


def _in_grid(scope: Scope, arg: str) -> Q:
    return Q(household__community=scope.community, household__grid_id=_grid_id(arg))


def _moved(scope: Scope, arg: str, condition: Q) -> QuerySet[Resident]:
    """Residents whose move (registration, departure, death) falls after ``arg`` (a date) up to the date."""
    try:
        since = date.fromisoformat(arg)
    except ValueError:
        raise ValueError(arg) from None
    versions = resident_versions(scope.on, community=scope.community)
    return residents_of(versions.filter(condition(since, scope.on)))


def _category_field(arg: str) -> str:
    if arg not in {name for name in CATEGORY_FIELDS}:
        raise ValueError(arg)
    return arg


def _ledger(arg: str):
    if arg not in LEDGER_FIGURES:
        raise ValueError(arg)
    return LEDGERS[arg]


CATEGORY_FIELDS = [f.name for f in Resident._meta.fields if f.name.startswith("is_")]

# Ledgers the reports cite by name (常住 residents in the ledger on the reference date). The 下岗失业
# ledger is of minority residents (DOMAIN.md), so the figure is too (residents.ledgers says so).
LEDGER_FIGURES = {
    "hardship": "少数民族困难家庭人数",
    "unemployed": "下岗失业人数",
    "elders": "德高望重离退休人员数",
}


#: The rows behind the residents' and the grids' figures (``reports/registry.py`` lists them with the others').
RESIDENT_ROWS = {
    "registered": Rows("常住人口", "residents", lambda s, a: _counted(s)),
    "registered_households": Rows("常住户", "households", lambda s, a: _households(_counted(s))),
    "minority": Rows("少数民族人口", "residents", lambda s, a: _counted(s, MINORITY)),
    "minority_households": Rows("少数民族户", "households", lambda s, a: _households(_counted(s, MINORITY))),
    "ethnicity": Rows(
        lambda s, a: f"{_ethnicity_name(a)}常住人口", "residents", lambda s, a: _counted(s, Q(ethnicity_id=a))
    ),
    "ethnicity_households": Rows(
        lambda s, a: f"{_ethnicity_name(a)}户",
        "households",
        lambda s, a: _households(_counted(s, Q(ethnicity_id=a))),
    ),
    "ethnic_groups": Rows(
        "常住人口中的少数民族",
        "ethnicities",
        lambda s, a: Ethnicity.objects.filter(code__in=_counted(s, MINORITY).values("ethnicity_id")),
    ),
    "floating": Rows(
        "流动人口",
        "residents",
        lambda s, a: residents_of(
            resident_versions(s.on, community=s.community).filter(active_on(s.on), FLOATING)
        ),
    ),
    "floating_ethnicity": Rows(
        lambda s, a: f"{_ethnicity_name(a)}流动人口",
        "residents",
        lambda s, a: residents_of(
            resident_versions(s.on, community=s.community).filter(active_on(s.on), FLOATING, ethnicity_id=a)
        ),
    ),
    "party": Rows("党员", "residents", lambda s, a: _counted(s, PARTY)),
    "retired": Rows("离退休干部", "residents", lambda s, a: _counted(s, Q(is_retired_cadre=True))),
    "disabled": Rows("残疾人", "residents", lambda s, a: _counted(s, Q(is_disabled=True))),
    "ledger": Rows(
        lambda s, a: str(_ledger(a).title), "residents", lambda s, a: _counted(s, _ledger(a).condition)
    ),
    "category": Rows(
        lambda s, a: str(Resident._meta.get_field(_category_field(a)).verbose_name),
        "residents",
        lambda s, a: _counted(s, Q(**{_category_field(a): True})),
        restricted=lambda a: a in RESTRICTED_CATEGORIES,
    ),
    "grid": Rows(
        lambda s, a: f"{_grid_name(s, a)}常住人口", "residents", lambda s, a: _counted(s, _in_grid(s, a))
    ),
    "grid_minority": Rows(
        lambda s, a: f"{_grid_name(s, a)}少数民族人口",
        "residents",
        lambda s, a: _counted(s, _in_grid(s, a) & MINORITY),
    ),
    "grid_households": Rows(
        lambda s, a: f"{_grid_name(s, a)}常住户",
        "households",
        lambda s, a: _households(_counted(s, _in_grid(s, a))),
    ),
    "grids": Rows("网格", "grids", lambda s, a: Grid.objects.filter(community=s.community)),
    "subgrids": Rows("片格", "subgrids", lambda s, a: SubGrid.objects.filter(community=s.community)),
    "compounds": Rows(
        "居民住宅小区", "compounds", lambda s, a: Compound.objects.filter(community=s.community)
    ),
    "buildings": Rows("住宅楼", "buildings", lambda s, a: Building.objects.filter(community=s.community)),
    "arrived": Rows(lambda s, a: f"{a} 之后新登记", "residents", lambda s, a: _moved(s, a, arrived)),
    "left": Rows(lambda s, a: f"{a} 之后迁出", "residents", lambda s, a: _moved(s, a, left)),
    "died": Rows(lambda s, a: f"{a} 之后死亡", "residents", lambda s, a: _moved(s, a, died)),
}


# --- the registry's figures -----------------------------------------------------------------------


def population(community: Community, on: date) -> dict:
    fig = population_figures(community, on)
    figures = {
        "常住户数": Figure("常住户数", fig.households, "户", "registered_households"),
        "常住人口": Figure("常住人口", fig.persons, "人", "registered"),
        "少数民族户数": Figure("少数民族户数", fig.minority_households, "户", "minority_households"),
        "少数民族人口": Figure("少数民族人口", fig.minority_persons, "人", "minority"),
        "少数民族占比": Figure("少数民族占比", fig.minority_share, "%", "minority"),
        "流动人口": Figure("流动人口", fig.floating_persons, "人", "floating"),
        "少数民族数": Figure("少数民族数", len(fig.groups), "个", "ethnic_groups"),
    }
    for group in fig.groups:
        figures[f"{group.name}户数"] = Figure(
            f"{group.name}户数", group.households, "户", f"ethnicity_households:{group.code}"
        )
        figures[f"{group.name}人口"] = Figure(
            f"{group.name}人口", group.persons, "人", f"ethnicity:{group.code}"
        )
    figures["_population"] = fig  # the full dataclass, for tables and the chart
    return figures


def registry_extras(community: Community, on: date) -> dict:
    """Grid tree sizes and the registry categories the profile paragraph cites (two queries and four counts).

    The grid tree has no dates: its counts are of today's tree. A 小区 or 楼栋 is one row however many
    grids it spans, so the counts are of distinct places.
    """
    counted = counted_meeting(
        community,
        on,
        party=PARTY,
        retired=Q(is_retired_cadre=True),
        disabled=Q(is_disabled=True),
        **{f"ledger_{key}": LEDGERS[key].condition for key in LEDGER_FIGURES},
    )
    tree = tree_counts(community)
    return {
        "网格数": Figure("网格数", tree["grids"], "个", "grids"),
        "片格数": Figure("片格数", tree["subgrids"], "个", "subgrids"),
        "小区数": Figure("小区数", tree["compounds"], "个", "compounds"),
        "楼栋数": Figure("楼栋数", tree["buildings"], "栋", "buildings"),
        "党员人数": Figure("党员人数", counted["party"], "名", "party"),
        "离退休干部人数": Figure("离退休干部人数", counted["retired"], "名", "retired"),
        "残疾人数": Figure("残疾人数", counted["disabled"], "人", "disabled"),
        "辖区面积": Figure("辖区面积", community.area_km2, "平方公里"),
        **{
            name: Figure(name, counted[f"ledger_{key}"], "人", f"ledger:{key}")
            for key, name in LEDGER_FIGURES.items()
        },
    }


def public_figures(figures: dict) -> dict[str, Figure]:
    """The figures narratives may cite (internal entries start with an underscore)."""
    return {k: v for k, v in figures.items() if not k.startswith("_")}
