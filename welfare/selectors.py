"""Scoped reads of welfare cases, and the coverage figures (the single source for dashboards and reports)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from community.access import Access
from community.models import Community
from residents.ethnicities import HAN
from residents.selectors import percent, residents_for

from .models import BenefitType, Case, Status


def types_for(community: Community) -> QuerySet[BenefitType]:
    return BenefitType.objects.filter(Q(community__isnull=True) | Q(community=community))


def cases_for(access: Access) -> QuerySet[Case]:
    """The cases ``access`` may see: its community's, and for grid workers only those of residents they may
    see (``residents_for`` is the one place that scopes people, so a case follows its resident's grid)."""
    cases = Case.objects.filter(community=access.community)
    if access.role == "grid_worker":
        cases = cases.filter(resident__in=residents_for(access).values("pk"))
    return cases.select_related("resident__ethnicity", "household__grid", "type")


def get_case_for(access: Access, pk) -> Case:
    case = cases_for(access).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def active_on(on: date) -> Q:
    """Cases counted on ``on``: approved, started by then, not ended before it."""
    return (
        Q(status=Status.ACTIVE)
        & (Q(start_on__isnull=True) | Q(start_on__lte=on))
        & (Q(end_on__isnull=True) | Q(end_on__gte=on))
    )


def due_for_review(community: Community, start: date, end: date) -> QuerySet[Case]:
    return Case.objects.filter(community=community, status=Status.ACTIVE, next_review_on__range=(start, end))


def overdue_reviews(community: Community, on: date) -> QuerySet[Case]:
    return Case.objects.filter(community=community, status=Status.ACTIVE, next_review_on__lt=on)


@dataclass
class Coverage:
    type_code: str
    type_name: str
    persons: int
    households: int
    minority_persons: int
    minority_households: int
    amount: Decimal
    minority_amount: Decimal

    @property
    def minority_person_share(self):
        return percent(self.minority_persons, self.persons)

    @property
    def minority_household_share(self):
        return percent(self.minority_households, self.households)


def coverage(community: Community, on: date, *, housing_mode: str | None = None) -> dict[str, Coverage]:
    """Per benefit type code: persons and households with an active case on ``on``, and the minority ones.

    A person counts once per type however many cases; a household counts as a minority household when
    one of its members with that benefit is of a minority. Two queries, whatever the number of cases.
    """
    cases = Case.objects.filter(active_on(on), community=community)
    if housing_mode:
        cases = cases.filter(Q(type__has_housing_mode=False) | Q(housing_mode=housing_mode))
    minority = ~Q(resident__ethnicity_id=HAN)
    rows = cases.values("type_id").annotate(
        persons=Count("resident", distinct=True),
        households=Count("household", distinct=True),
        minority_persons=Count("resident", distinct=True, filter=minority),
        minority_households=Count("household", distinct=True, filter=minority),
        total_amount=Sum("amount"),
        minority_total_amount=Sum("amount", filter=minority),
    )
    by_type = {row["type_id"]: row for row in rows}
    out = {}
    for t in types_for(community):
        row = by_type.get(t.pk, {})
        out[t.code] = Coverage(
            t.code, t.name, row.get("persons", 0), row.get("households", 0), row.get("minority_persons", 0),
            row.get("minority_households", 0), row.get("total_amount") or Decimal(0), row.get("minority_total_amount") or Decimal(0),
        )  # fmt: skip
    return out


def active_cases(community: Community, on: date, type_code: str, *, minority: bool = False,
                 housing_mode: str | None = None) -> QuerySet[Case]:  # fmt: skip
    """The cases behind a coverage figure."""
    cases = Case.objects.filter(active_on(on), community=community, type__code=type_code)
    if housing_mode:
        cases = cases.filter(housing_mode=housing_mode)
    if minority:
        cases = cases.exclude(resident__ethnicity_id=HAN)
    return cases
