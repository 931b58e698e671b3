"""Scoped reads of welfare cases, and the coverage figures (the single source for dashboards and reports)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from community.access import Access
from community.models import Community
from residents import ethnicities
from residents.selectors import end_of_day, percent, residents_for

from .models import BenefitType, Case, Status, Transition


def types_for(community: Community) -> QuerySet[BenefitType]:
    return BenefitType.objects.filter(Q(community__isnull=True) | Q(community=community))


def cases_for(access: Access) -> QuerySet[Case]:
    """The cases ``access`` may see: its community's, and for grid workers only those of residents they may
    see (``residents_for`` is the one place that scopes people, so a case follows its resident's grid)."""
    cases = Case.objects.filter(community=access.community)
    if access.grid_scoped:
        cases = cases.filter(resident__in=residents_for(access).values("pk"))
    return cases.select_related("resident__ethnicity", "household__grid", "type")


def get_case_for(access: Access, pk) -> Case:
    case = cases_for(access).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


IN_BENEFIT = [Status.ACTIVE, Status.ENDED]


def cases_on(on: date, **scope) -> QuerySet[Case]:
    """The cases of ``scope`` (``community=`` or ``community__in=``) in benefit on ``on``, as the ledger
    stood that day — the single rule of every welfare figure.

    A case is read in the state its workflow had reached by the end of ``on`` (the last ``Transition``
    recorded by then; a case entered later in the state it was entered with). It counts when that state is
    approved (享受中; or 已终止 for a case entered later already ended), it had started by ``on`` and had not
    ended by it (``end_on`` after ``on``). An ending recorded after ``on`` is not yet known on ``on``:
    a 低保 case ended in March is counted in the figures of the December before, whenever they are
    computed. Today's figures read the current status.
    """
    cases = Case.objects.filter(**scope)
    started = Q(start_on__isnull=True) | Q(start_on__lte=on)
    open_on = Q(end_on__isnull=True) | Q(end_on__gt=on)
    if on >= timezone.localdate():
        return cases.filter(
            started & ((Q(status=Status.ACTIVE) & open_on) | Q(status=Status.ENDED, end_on__gt=on))
        )
    cutoff = end_of_day(on)
    steps = Transition.objects.filter(case=OuterRef("pk"))
    then = steps.filter(at__lt=cutoff).order_by("-at", "-pk").values("to_status")[:1]
    first = steps.order_by("at", "pk").values("to_status")[:1]
    ended_later = Exists(steps.filter(at__gte=cutoff, from_status=Status.ACTIVE, to_status=Status.ENDED))
    return cases.alias(
        state_on=Coalesce(Subquery(then), Subquery(first), F("status")), ended_later=ended_later
    ).filter(
        started
        & (
            (Q(state_on=Status.ACTIVE) & (open_on | Q(ended_later=True)))
            | Q(state_on=Status.ENDED, end_on__gt=on)
        )
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


def _with_mode(cases: QuerySet[Case], housing_mode: str | None) -> QuerySet[Case]:
    """Only one 廉租房 mode (实物配租 / 租赁补贴); the other types are unaffected."""
    if housing_mode:
        return cases.filter(Q(type__has_housing_mode=False) | Q(housing_mode=housing_mode))
    return cases


def coverage_by_community(
    communities, on: date, *, housing_mode: str | None = None
) -> dict[int, dict[str, Coverage]]:
    """Per community (pk) and benefit type code: persons and households in benefit on ``on``, the minority
    ones, and the amounts. Two queries, whatever the number of communities and cases.

    A person counts once per type however many cases; a household counts as a minority household when
    one of its members with that benefit is of a minority.
    """
    ids = [c.pk for c in communities]
    minority = ethnicities.minority("resident__")
    rows = (
        _with_mode(cases_on(on, community__in=ids), housing_mode)
        .values("community_id", "type_id")
        .annotate(
            persons=Count("resident", distinct=True),
            households=Count("household", distinct=True),
            minority_persons=Count("resident", distinct=True, filter=minority),
            minority_households=Count("household", distinct=True, filter=minority),
            total_amount=Sum("amount"),
            minority_total_amount=Sum("amount", filter=minority),
        )
    )
    found = {(row["community_id"], row["type_id"]): row for row in rows}
    types = list(BenefitType.objects.filter(Q(community__isnull=True) | Q(community__in=ids)))
    out = {}
    for pk in ids:
        out[pk] = {}
        for t in types:
            if t.community_id not in (None, pk):
                continue
            row = found.get((pk, t.pk), {})
            out[pk][t.code] = Coverage(
                t.code, t.name, row.get("persons", 0), row.get("households", 0), row.get("minority_persons", 0),
                row.get("minority_households", 0), row.get("total_amount") or Decimal(0),
                row.get("minority_total_amount") or Decimal(0),
            )  # fmt: skip
    return out


def coverage(community: Community, on: date, *, housing_mode: str | None = None) -> dict[str, Coverage]:
    """:func:`coverage_by_community` of one community."""
    return coverage_by_community([community], on, housing_mode=housing_mode)[community.pk]


def active_cases(community: Community, on: date, type_code: str, *, minority: bool = False,
                 housing_mode: str | None = None) -> QuerySet[Case]:  # fmt: skip
    """The cases of one type in benefit on ``on`` (all of them: the rows behind an amount)."""
    cases = _with_mode(cases_on(on, community=community, type__code=type_code), housing_mode)
    if minority:
        cases = cases.filter(ethnicities.minority("resident__"))
    return cases


def one_case_per(cases: QuerySet[Case], field: str) -> QuerySet[Case]:
    """One case for each ``field`` value (``resident`` or ``household``) among ``cases``: the rows behind
    a figure of persons or of households, as many as the figure counts (cases without a household are not
    a household)."""
    first = cases.filter(**{field: OuterRef(field)}).order_by("start_on", "pk").values("pk")[:1]
    return cases.filter(**{f"{field}__isnull": False}).filter(pk=Subquery(first))
