"""Every figure a report states, by name, computed from the ledgers through the apps' selectors.

Reports, their HTML previews, dashboards and the narrative substitution all read this one
dictionary; the counting itself lives in the apps' selectors (``residents.selectors`` …), never in
a template or a view. Each figure that counts ledger rows also names those rows: ``rows(community,
on)`` returns the queryset behind it, and the figure's page (``reports:figure_rows``) lists them, so
every number can be opened and its list is exactly as long as the number.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from community.models import Community
from grids.models import Building, Compound, Grid, SubGrid
from residents.ethnicities import HAN
from residents.ledgers import LEDGERS
from residents.models import Household, PoliticalStatus, ResidenceType, Resident
from residents.selectors import active_on, counted_residents, population_figures


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | Decimal | None
    unit: str = ""
    rows_key: str = ""  # key in ROWS: the ledger rows behind the figure
    url: str = ""  # or a ledger page of another app (events, disputes, welfare cases) filtered to the figure
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

    def href(self, community, on) -> str:
        """Where the rows behind the figure are listed ("" when nowhere)."""
        if self.rows_key:
            from django.urls import reverse

            url = reverse("reports:figure_rows", kwargs={"code": community.code, "key": self.rows_key})
            return f"{url}?date={on.isoformat()}"
        return self.url

    def as_json(self):
        return {"value": None if self.value is None else str(self.value), "unit": self.unit}


@dataclass(frozen=True)
class Rows:
    """How to list the rows behind a figure: a queryset of residents or of households."""

    title: str
    kind: str  # "residents" | "households"
    queryset: Callable[[Community, date, str], QuerySet] = field(repr=False)


def _households(residents: QuerySet) -> QuerySet:
    return Household.objects.filter(pk__in=residents.values("household")).select_related(
        "grid", "compound", "building", "unit"
    )


def _minority(community, on, arg=""):
    return counted_residents(community, on).exclude(ethnicity_id=HAN)


def _ethnicity(community, on, arg):
    return counted_residents(community, on).filter(ethnicity_id=arg)


def _floating(community, on, arg=""):
    return Resident.objects.filter(active_on(on), community=community, residence_type=ResidenceType.FLOATING)


# Ledgers the reports cite by name (常住 residents in the ledger on the reference date).
LEDGER_FIGURES = {
    "hardship": "少数民族困难家庭人数",
    "unemployed": "下岗失业人数",
    "elders": "德高望重离退休人员数",
}

PARTY = Q(political_status__in=[PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY])

ROWS: dict[str, Rows] = {
    "registered": Rows("常住人口", "residents", lambda c, on, a: counted_residents(c, on)),
    "registered_households": Rows(
        "常住户", "households", lambda c, on, a: _households(counted_residents(c, on))
    ),
    "minority": Rows("少数民族人口", "residents", _minority),
    "minority_households": Rows("少数民族户", "households", lambda c, on, a: _households(_minority(c, on))),
    "ethnicity": Rows("民族人口", "residents", _ethnicity),
    "ethnicity_households": Rows("民族户", "households", lambda c, on, a: _households(_ethnicity(c, on, a))),
    "floating": Rows("流动人口", "residents", _floating),
    "party": Rows("党员", "residents", lambda c, on, a: counted_residents(c, on).filter(PARTY)),
    "retired": Rows(
        "离退休干部", "residents", lambda c, on, a: counted_residents(c, on).filter(is_retired_cadre=True)
    ),
    "disabled": Rows(
        "残疾人", "residents", lambda c, on, a: counted_residents(c, on).filter(is_disabled=True)
    ),
}


def population(community: Community, on: date) -> dict:
    fig = population_figures(community, on)
    figures = {
        "常住户数": Figure("常住户数", fig.households, "户", "registered_households"),
        "常住人口": Figure("常住人口", fig.persons, "人", "registered"),
        "少数民族户数": Figure("少数民族户数", fig.minority_households, "户", "minority_households"),
        "少数民族人口": Figure("少数民族人口", fig.minority_persons, "人", "minority"),
        "少数民族占比": Figure("少数民族占比", fig.minority_share, "%", "minority"),
        "流动人口": Figure("流动人口", fig.floating_persons, "人", "floating"),
        "少数民族数": Figure("少数民族数", len(fig.groups), "个"),
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
    """Grid tree sizes and the registry categories the profile paragraph cites."""
    counted = counted_residents(community, on).aggregate(
        party=Count("pk", filter=PARTY),
        retired=Count("pk", filter=Q(is_retired_cadre=True)),
        disabled=Count("pk", filter=Q(is_disabled=True)),
        **{f"ledger_{key}": Count("pk", filter=LEDGERS[key].condition) for key in LEDGER_FIGURES},
    )
    return {
        "网格数": Figure("网格数", Grid.objects.filter(community=community).count(), "个"),
        "片格数": Figure("片格数", SubGrid.objects.filter(community=community).count(), "个"),
        "小区数": Figure("小区数", Compound.objects.filter(community=community).count(), "个"),
        "楼栋数": Figure("楼栋数", Building.objects.filter(community=community).count(), "栋"),
        "党员人数": Figure("党员人数", counted["party"], "名", "party"),
        "离退休干部人数": Figure("离退休干部人数", counted["retired"], "名", "retired"),
        "残疾人数": Figure("残疾人数", counted["disabled"], "人", "disabled"),
        "辖区面积": Figure("辖区面积", community.area_km2, "平方公里"),
        **{
            name: Figure(name, counted[f"ledger_{key}"], "人", f"ledger:{key}")
            for key, name in LEDGER_FIGURES.items()
        },
    }


# Apps beyond the registry contribute figures here: (function(community, on, year) -> dict).
PROVIDERS: list[Callable] = []


def community_figures(community: Community, on: date, year: int | None = None) -> dict:
    """All figures of a community on the reference date ``on`` (and its year's activity)."""
    year = year or on.year
    figures = {}
    figures.update(population(community, on))
    figures.update(registry_extras(community, on))
    for provider in PROVIDERS:
        figures.update(provider(community, on, year))
    return figures


def public_figures(figures: dict) -> dict[str, Figure]:
    """The figures narratives may cite (internal entries start with an underscore)."""
    return {k: v for k, v in figures.items() if not k.startswith("_")}


def rows_for(rows_key: str, community: Community, on: date) -> tuple[Rows, QuerySet]:
    """The definition and the queryset behind ``rows_key`` (``"ethnicity:03"`` carries an argument)."""
    key, _, arg = rows_key.partition(":")
    rows = ROWS[key]
    return rows, rows.queryset(community, on, arg)
