"""Scoped reads of the hardship households and their counting rules (implemented once).

A hardship household counts on a reference date when it had been recognised by then and had not left
the register before it; it is a 少数民族困难家庭 when one of its active 常住 members on that date is of a
minority (DOMAIN.md's household rule). Help is counted in the year up to the reference date.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from community.access import Access
from community.models import Community
from grids.selectors import scope_to_grids

from .. import ethnicities
from ..models import Household, Relation, Resident, ResidentStatus
from ..selectors import counted_versions, percent, residents_of
from .models import HardshipHelp, HardshipHousehold, HelpSource, Pairing


def _open_pairing(on: date | None = None):
    pairings = Pairing.objects.filter(hardship_id=OuterRef("pk"))
    if on is None:
        return Exists(pairings.filter(ended_on__isnull=True))
    return Exists(pairings.filter(Q(since__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))))


def hardship_for(access: Access) -> QuerySet[HardshipHousehold]:
    """Hardship records of the user's scope, each with its head, member counts and whether it is paired."""
    active = Q(household__members__status=ResidentStatus.ACTIVE)
    head = Resident.objects.filter(
        household_id=OuterRef("household_id"), relation=Relation.HEAD, status=ResidentStatus.ACTIVE
    ).values("name")[:1]
    return (
        HardshipHousehold.objects.filter(
            Q(community=access.community) & scope_to_grids(access, "household__grid__")
        )
        .select_related("household__grid", "household__compound", "household__building", "household__unit")
        .annotate(
            head_name=Subquery(head),
            persons=Count("household__members", filter=active, distinct=True),
            minority_persons=Count(
                "household__members",
                filter=active & ethnicities.minority("household__members__"),
                distinct=True,
            ),
            paired=_open_pairing(),
        )
    )


def get_hardship_for(access: Access, pk) -> HardshipHousehold:
    record = hardship_for(access).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


@dataclass
class YearTotal:
    year: int
    count: int
    amount: Decimal


def help_totals_per_year(record: HardshipHousehold) -> list[YearTotal]:
    """Help given to one household, counted and summed per year (newest first), in one query."""
    rows = (
        HardshipHelp.objects.filter(hardship=record)
        .annotate(y=ExtractYear("given_on"))
        .values("y")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("-y")
    )
    return [YearTotal(r["y"], r["n"], r["total"] or Decimal(0)) for r in rows]


# ---------------------------------------------------------------------------------------------
# Counting rules
# ---------------------------------------------------------------------------------------------


def register_kept(community: Community) -> bool:
    """Whether the community keeps this register at all: an empty one is a gap, not a count of zero."""
    return HardshipHousehold.objects.filter(community=community).exists()


def stood_on(on: date) -> Q:
    return Q(since__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def counted_hardship(community: Community, on: date) -> QuerySet[HardshipHousehold]:
    return HardshipHousehold.objects.filter(stood_on(on), community=community)


def _members_on(community: Community, on: date):
    """常住 members on the register on ``on``, as they stood that day (``residents.selectors.resident_versions``:
    the residents the household rule counts)."""
    return counted_versions(on, community=community)


def hardship_homes(community: Community, on: date, *, minority: bool = False) -> list:
    """The households in hardship on ``on`` (ids); with ``minority``, those with a minority 常住 member then.

    Read into a list, two queries: a nested ``IN (… IN (…))`` over residents is planned as a loop of loops
    when PostgreSQL has no statistics yet (freshly loaded data inside one transaction: minutes for the demo),
    while a list of ids is looked up on the household index whatever the statistics say.
    """
    homes = list(counted_hardship(community, on).values_list("household_id", flat=True))
    if minority and homes:
        members = _members_on(community, on).filter(household_id__in=homes).filter(ethnicities.minority())
        homes = list(members.order_by().values_list("household_id", flat=True).distinct())
    return homes


def minority_hardship(community: Community, on: date) -> QuerySet[HardshipHousehold]:
    return counted_hardship(community, on).filter(
        household_id__in=hardship_homes(community, on, minority=True)
    )


def hardship_households(community: Community, on: date, *, minority: bool = False) -> QuerySet[Household]:
    """The households behind the hardship figures (rows of a figure)."""
    return Household.objects.filter(pk__in=hardship_homes(community, on, minority=minority)).select_related(
        "grid", "compound", "building", "unit"
    )


def hardship_persons(
    community: Community, on: date, *, minority: bool = False, homes: list | None = None
) -> QuerySet[Resident]:
    """The persons beside the household figure: active 常住 members of those households on ``on``."""
    if homes is None:
        homes = hardship_homes(community, on, minority=minority)
    return residents_of(_members_on(community, on).filter(household_id__in=homes))


def unpaired_households(community: Community, on: date) -> QuerySet[Household]:
    records = counted_hardship(community, on).exclude(_open_pairing(on))
    return Household.objects.filter(pk__in=records.values("household_id"))


def paired_households(community: Community, on: date) -> QuerySet[Household]:
    """Hardship households with a helper paired on ``on`` (the rows behind 结对帮扶户数)."""
    records = counted_hardship(community, on).filter(_open_pairing(on))
    return Household.objects.filter(pk__in=records.values("household_id"))


def unpaired_by_community(communities, on: date) -> dict[int, int]:
    """Unpaired hardship households on ``on`` per community (pk), in one query (the street's view)."""
    return dict(
        HardshipHousehold.objects.filter(stood_on(on), community__in=[c.pk for c in communities])
        .exclude(_open_pairing(on))
        .values_list("community_id")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )


def help_given(community: Community, start: date, on: date) -> QuerySet[HardshipHelp]:
    return HardshipHelp.objects.filter(hardship__community=community, given_on__range=(start, on))


@dataclass
class SourceTotal:
    source: str
    label: str
    count: int
    amount: Decimal


@dataclass
class HardshipFigures:
    on: date
    households: int
    persons: int
    minority_households: int
    minority_persons: int
    paired: int
    help_count: int = 0
    help_amount: Decimal = Decimal(0)
    by_source: list[SourceTotal] = field(default_factory=list)

    @property
    def unpaired(self) -> int:
        """Households without a paired helper (the gap)."""
        return self.households - self.paired

    @property
    def paired_share(self):
        return percent(self.paired, self.households)

    @property
    def minority_share(self):
        return percent(self.minority_households, self.households)


def hardship_figures(community: Community, on: date, year: int | None = None) -> HardshipFigures:
    """Hardship households (all / minority, persons beside them), the paired share, and the help of the year
    up to ``on`` by source; six queries whatever the number of households."""
    year = year or on.year
    counted = counted_hardship(community, on)
    homes = hardship_homes(community, on)
    minority_homes = hardship_homes(community, on, minority=True)
    totals = counted.aggregate(households=Count("pk"), paired=Count("pk", filter=Q(_open_pairing(on))))
    labels = dict(HelpSource.choices)
    by_source = {
        row["source"]: SourceTotal(
            row["source"], str(labels[row["source"]]), row["n"], row["total"] or Decimal(0)
        )
        for row in help_given(community, date(year, 1, 1), on)
        .values("source")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    }
    sources = [
        by_source.get(value, SourceTotal(value, str(label), 0, Decimal(0)))
        for value, label in HelpSource.choices
    ]
    return HardshipFigures(
        on=on,
        households=totals["households"],
        persons=hardship_persons(community, on, homes=homes).count(),
        minority_households=len(minority_homes),
        minority_persons=hardship_persons(community, on, homes=minority_homes).count(),
        paired=totals["paired"],
        help_count=sum(s.count for s in sources),
        help_amount=sum((s.amount for s in sources), Decimal(0)),
        by_source=sources,
    )
