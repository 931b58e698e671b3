"""Scoped reads of the registry, and the population counting rules of DOMAIN.md (implemented once).

Every function takes the request's :class:`community.access.Access` (or a community for the
counting rules, which reports and dashboards call) and returns querysets already scoped and
joined: a grid worker sees the households of their own grids only.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from community.access import Access
from community.models import Community
from grids.models import Grid

from .ethnicities import HAN
from .models import Household, ResidenceType, Resident, Status


def _grid_scope(access: Access, prefix: str) -> Q:
    """Grid workers are limited to the grids they are assigned to."""
    if access.role == "grid_worker":
        return Q(**{f"{prefix}workers": access.membership.user_id})
    return Q()


def grids_for(access: Access) -> QuerySet[Grid]:
    return Grid.objects.filter(Q(community=access.community) & _grid_scope(access, "")).select_related(
        "cadre"
    )


def households_for(access: Access) -> QuerySet[Household]:
    return Household.objects.filter(
        Q(community=access.community) & _grid_scope(access, "grid__")
    ).select_related("grid", "subgrid", "compound", "building", "unit")


def residents_for(access: Access) -> QuerySet[Resident]:
    return Resident.objects.filter(
        Q(community=access.community) & _grid_scope(access, "household__grid__")
    ).select_related(
        "ethnicity", "household__grid", "household__compound", "household__building", "household__unit"
    )


def get_resident_for(access: Access, pk) -> Resident:
    resident = residents_for(access).filter(pk=pk).first()
    if resident is None:
        raise Http404
    return resident


def get_household_for(access: Access, pk) -> Household:
    household = households_for(access).filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


# ---------------------------------------------------------------------------------------------
# Counting rules (DOMAIN.md). Reports and dashboards call these and nothing else.
# ---------------------------------------------------------------------------------------------


def percent(part: int, whole: int) -> Decimal | None:
    """A share with one decimal, rounded half up (35.0). None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def active_on(on: date | None = None) -> Q:
    """Residents on the register on ``on``: active, or left/died after it; registered by then."""
    if on is None:
        return Q(status=Status.ACTIVE)
    return (Q(status=Status.ACTIVE) | Q(status_date__gt=on)) & (
        Q(moved_in_on__isnull=True) | Q(moved_in_on__lte=on)
    )


def counted_residents(community: Community, on: date | None = None) -> QuerySet[Resident]:
    """The residents behind the headline figures: active 常住 residents of the community on ``on``."""
    return Resident.objects.filter(
        active_on(on), community=community, residence_type=ResidenceType.REGISTERED
    )


@dataclass
class EthnicGroupFigure:
    code: str
    name: str
    households: int
    persons: int


@dataclass
class PopulationFigures:
    """常住人口 and its minority share, per DOMAIN.md's counting rules."""

    on: date | None
    persons: int
    households: int
    floating_persons: int
    minority_persons: int
    minority_households: int
    groups: list[EthnicGroupFigure] = field(default_factory=list)

    @property
    def minority_share(self) -> Decimal | None:
        return percent(self.minority_persons, self.persons)


def population_figures(community: Community, on: date | None = None) -> PopulationFigures:
    """Headline population figures in three queries, whatever the number of residents.

    - 常住人口 = active residents whose residence type is 常住; 户 = households with such a member.
    - 少数民族人口 = those whose ethnicity is not 汉族; a household is a 少数民族户 when one of its
      active 常住 members is of a minority, and counts under each ethnicity its members have.
    """
    registered = counted_residents(community, on)
    minority = Q(~Q(ethnicity_id=HAN))
    totals = registered.aggregate(
        persons=Count("pk"),
        households=Count("household", distinct=True),
        minority_persons=Count("pk", filter=minority),
        minority_households=Count("household", distinct=True, filter=minority),
    )
    floating = Resident.objects.filter(
        active_on(on), community=community, residence_type=ResidenceType.FLOATING
    ).count()
    groups = [
        EthnicGroupFigure(row["ethnicity_id"], row["ethnicity__name"], row["households"], row["persons"])
        for row in registered.exclude(ethnicity_id=HAN)
        .values("ethnicity_id", "ethnicity__name")
        .annotate(persons=Count("pk"), households=Count("household", distinct=True))
        .order_by("-persons", "ethnicity_id")
    ]
    return PopulationFigures(on=on, floating_persons=floating, groups=groups, **totals)


# ---------------------------------------------------------------------------------------------
# The five-in-one responsibility chain (五位一体)
# ---------------------------------------------------------------------------------------------


@dataclass
class ChainLink:
    level: str  # 户主, 单元长, 楼长, 业主委员会, 物业经理, 包网格干部
    person: str  # "" when nobody is assigned: a gap
    phone: str = ""
    unit_of: str = ""  # what this person answers for, e.g. "3单元"

    @property
    def is_gap(self) -> bool:
        return not self.person


def household_head(household: Household) -> Resident | None:
    """The active member whose relation is 本人 (uses prefetched ``members`` when present)."""
    for member in household.members.all():
        if member.relation == "head" and member.status == Status.ACTIVE:
            return member
    return None


def responsibility_chain(household: Household) -> list[ChainLink]:
    """For one household, who answers for it, link by link, up to the grid's cadre.

    household head → 单元长 → 楼长 → owners' committee → property manager → grid cadre.
    Levels the address does not have (a bungalow has no unit) are left out; an unassigned link is a gap.
    """
    chain = []
    head = household_head(household)
    chain.append(ChainLink("户主", head.name if head else "", head.phone if head else "", household.address))
    if household.unit_id:
        unit = household.unit
        chain.append(ChainLink("单元长", unit.head_name, unit.head_phone, str(unit)))
    if household.building_id:
        building = household.building
        chain.append(ChainLink("楼长", building.head_name, building.head_phone, str(building)))
    if household.compound_id:
        compound = household.compound
        committee = getattr(compound, "owners_committee", None)
        chain.append(
            ChainLink(
                "业主委员会",
                (committee.chair_name and f"{committee} · 主任 {committee.chair_name}") if committee else "",
                committee.chair_phone if committee else "",
                compound.name,
            )
        )
        chain.append(
            ChainLink("物业经理", compound.property_manager, compound.property_manager_phone, compound.name)
        )
    grid = household.grid
    chain.append(ChainLink("包网格社区干部", grid.responsible, grid.cadre_phone, grid.name))
    return chain


def chain_household_queryset() -> QuerySet[Household]:
    """Households with everything ``responsibility_chain`` reads, in a fixed number of queries."""
    return Household.objects.select_related(
        "grid__cadre", "compound__owners_committee", "building", "unit"
    ).prefetch_related("members")
