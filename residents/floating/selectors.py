"""Scoped reads of the floating register, its reminders, and its counting rules (implemented once).

A stay counts on a reference date when the person had arrived by then and had not left before it
(DOMAIN.md: as the ledgers stood on that date, never by today's status).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.http import Http404

from community.access import Access
from community.models import Community
from grids.selectors import scope_to_grids

from ..ethnicities import is_minority, minority
from ..models import Resident
from ..selectors import percent
from . import origins
from .models import FloatingResident, ServiceRecord

#: A 居住证 expiring within this many days is a reminder.
PERMIT_WARNING_DAYS = 30
#: An arrival not visited (no service recorded) within this many days is overdue.
VISIT_WITHIN_DAYS = 30


def floating_for(access: Access) -> QuerySet[FloatingResident]:
    """Stays of the user's scope (grid workers: residents of households in their grids)."""
    return FloatingResident.objects.filter(
        Q(community=access.community) & scope_to_grids(access, "resident__household__grid__")
    ).select_related(
        "resident__ethnicity",
        "resident__household__grid",
        "resident__household__compound",
        "resident__household__building",
        "resident__household__unit",
    )


def get_floating_for(access: Access, pk) -> FloatingResident:
    stay = floating_for(access).filter(pk=pk).first()
    if stay is None:
        raise Http404
    return stay


def services_for_stay(stay: FloatingResident) -> QuerySet[ServiceRecord]:
    """The services of the stay's person and of their household, newest first."""
    subject = Q(resident_id=stay.resident_id)
    if stay.resident.household_id:
        subject |= Q(household_id=stay.resident.household_id)
    return ServiceRecord.objects.filter(subject, community_id=stay.community_id).select_related(
        "resident", "household"
    )


def _served_since_arrival():
    """A service to the person, or to their household, on or after the day they arrived."""
    return Exists(
        ServiceRecord.objects.filter(
            Q(resident_id=OuterRef("resident_id")) | Q(household_id=OuterRef("resident__household_id")),
            served_on__gte=OuterRef("arrived_on"),
        )
    )


def with_visit_state(stays: QuerySet[FloatingResident]) -> QuerySet[FloatingResident]:
    return stays.annotate(visited=_served_since_arrival())


def permits_expiring(stays: QuerySet[FloatingResident], today: date) -> QuerySet[FloatingResident]:
    """Open stays whose 居住证 expires within 30 days (or has expired already)."""
    return stays.filter(
        departed_on__isnull=True, permit_expires__lte=today + timedelta(days=PERMIT_WARNING_DAYS)
    )


def arrivals_unvisited(stays: QuerySet[FloatingResident]) -> QuerySet[FloatingResident]:
    """Open stays with no service recorded since arrival."""
    return with_visit_state(stays).filter(departed_on__isnull=True, visited=False)


@dataclass
class Reminders:
    permits_expiring: int
    unvisited: int
    overdue: int  # of the unvisited, those who arrived more than a month ago


def reminders(stays: QuerySet[FloatingResident], today: date) -> Reminders:
    """The reminder counts of a scope, in one query."""
    overdue_since = today - timedelta(days=VISIT_WITHIN_DAYS)
    open_stays = with_visit_state(stays.filter(departed_on__isnull=True)).order_by()
    counts = open_stays.aggregate(
        permits=Count("pk", filter=Q(permit_expires__lte=today + timedelta(days=PERMIT_WARNING_DAYS))),
        unvisited=Count("pk", filter=Q(visited=False)),
        overdue=Count("pk", filter=Q(visited=False, arrived_on__lt=overdue_since)),
    )
    return Reminders(counts["permits"], counts["unvisited"], counts["overdue"])


# ---------------------------------------------------------------------------------------------
# Counting rules
# ---------------------------------------------------------------------------------------------


def register_kept(community: Community) -> bool:
    """Whether the community keeps this register at all: an empty one is a gap, not a count of zero."""
    return FloatingResident.objects.filter(community=community).exists()


def stood_on(on: date) -> Q:
    """A stay stood on ``on`` when the person had arrived by then and had not left before it."""
    return Q(arrived_on__lte=on) & (Q(departed_on__isnull=True) | Q(departed_on__gt=on))


def counted_stays(community: Community, on: date) -> QuerySet[FloatingResident]:
    return FloatingResident.objects.filter(stood_on(on), community=community)


def counted_floating_residents(community: Community, on: date) -> QuerySet[Resident]:
    """The persons behind the floating figures: residents with a stay standing on ``on``."""
    return Resident.objects.filter(pk__in=counted_stays(community, on).values("resident_id"))


def arrivals_between(community: Community, start: date, end: date) -> QuerySet[FloatingResident]:
    return FloatingResident.objects.filter(community=community, arrived_on__range=(start, end))


def departures_between(community: Community, start: date, end: date) -> QuerySet[FloatingResident]:
    return FloatingResident.objects.filter(community=community, departed_on__range=(start, end))


def served_minority_residents(community: Community, on: date, start: date) -> QuerySet[Resident]:
    """Minority floating residents standing on ``on`` served (in person or as a household) from ``start``."""
    services = ServiceRecord.objects.filter(community=community, served_on__range=(start, on))
    return counted_floating_residents(community, on).filter(
        minority()
        & (
            Q(pk__in=services.filter(resident__isnull=False).values("resident_id"))
            | Q(household_id__in=services.filter(household__isnull=False).values("household_id"))
        )
    )


@dataclass
class Group:
    key: str
    name: str
    persons: int


@dataclass
class FloatingFigures:
    on: date
    persons: int
    minority_persons: int
    served_minority: int
    by_ethnicity: list[Group] = field(default_factory=list)
    by_province: list[Group] = field(default_factory=list)
    arrivals: list[int] = field(default_factory=list)  # per month of the year, January first
    departures: list[int] = field(default_factory=list)

    @property
    def minority_share(self):
        return percent(self.minority_persons, self.persons)

    @property
    def provinces(self) -> int:
        """Origin provinces of the persons on the register."""
        return len(self.by_province)

    @property
    def arrived(self) -> int:
        """Arrivals of the year up to the date."""
        return sum(self.arrivals)

    @property
    def departed(self) -> int:
        """Departures of the year up to the date."""
        return sum(self.departures)


def floating_figures(community: Community, on: date, year: int | None = None) -> FloatingFigures:
    """Floating population on ``on`` by ethnicity and origin province, and the year's arrivals and
    departures per month up to ``on``; five queries whatever the number of stays."""
    year = year or on.year
    stays = counted_stays(community, on)
    by_ethnicity = [
        Group(row["resident__ethnicity_id"], row["resident__ethnicity__name"], row["n"])
        for row in stays.values("resident__ethnicity_id", "resident__ethnicity__name")
        .annotate(n=Count("resident", distinct=True))
        .order_by("-n", "resident__ethnicity_id")
    ]
    provinces = origins.provinces()
    by_province = [
        Group(row["origin_province"], provinces.get(row["origin_province"], row["origin_province"]), row["n"])
        for row in stays.values("origin_province")
        .annotate(n=Count("resident", distinct=True))
        .order_by("-n", "origin_province")
    ]
    start = date(year, 1, 1)
    end = min(on, date(year, 12, 31))
    arrivals = dict(
        arrivals_between(community, start, end)
        .annotate(m=ExtractMonth("arrived_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    departures = dict(
        departures_between(community, start, end)
        .annotate(m=ExtractMonth("departed_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    persons = sum(g.persons for g in by_ethnicity)
    return FloatingFigures(
        on=on,
        persons=persons,
        minority_persons=sum(g.persons for g in by_ethnicity if is_minority(g.key)),
        served_minority=served_minority_residents(community, on, start).count(),
        by_ethnicity=by_ethnicity,
        by_province=by_province,
        arrivals=[arrivals.get(m, 0) for m in range(1, 13)],
        departures=[departures.get(m, 0) for m in range(1, 13)],
    )
