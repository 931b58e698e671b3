"""Scoped reads of welfare cases, and the coverage figures (the single source for dashboards and reports)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from community.access import Access
from community.models import Community
from residents import ethnicities
from residents.models import Household, Resident
from residents.selectors import counted_versions, end_of_day, percent, residents_for

from .models import BenefitType, Case, CaseStatus, Transition


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


IN_BENEFIT = [CaseStatus.ACTIVE, CaseStatus.ENDED]


def _read_on(on: date, **scope) -> tuple[QuerySet[Case], Q, Q]:
    """The cases of ``scope`` read as the ledger stood on ``on``, with two conditions on them: in benefit
    on ``on``, and approved but starting after ``on`` (see :func:`cases_on`)."""
    cases = Case.objects.filter(**scope)
    started = Q(start_on__isnull=True) | Q(start_on__lte=on)
    open_on = Q(end_on__isnull=True) | Q(end_on__gt=on)
    if on >= timezone.localdate():
        in_benefit = started & (
            (Q(status=CaseStatus.ACTIVE) & open_on) | Q(status=CaseStatus.ENDED, end_on__gt=on)
        )
        return cases, in_benefit, Q(status=CaseStatus.ACTIVE, start_on__gt=on)
    cutoff = end_of_day(on)
    steps = Transition.objects.filter(case=OuterRef("pk"))
    then = steps.filter(at__lt=cutoff).order_by("-at", "-pk").values("to_status")[:1]
    first = steps.order_by("at", "pk").values("to_status")[:1]
    ended_later = Exists(
        steps.filter(at__gte=cutoff, from_status=CaseStatus.ACTIVE, to_status=CaseStatus.ENDED)
    )
    cases = cases.alias(
        state_on=Coalesce(Subquery(then), Subquery(first), F("status")), ended_later=ended_later
    )
    in_benefit = started & (
        (Q(state_on=CaseStatus.ACTIVE) & (open_on | Q(ended_later=True)))
        | Q(state_on=CaseStatus.ENDED, end_on__gt=on)
    )
    return cases, in_benefit, Q(state_on=CaseStatus.ACTIVE, start_on__gt=on)


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
    cases, in_benefit, _arranged = _read_on(on, **scope)
    return cases.filter(in_benefit)


def cases_arranged_on(on: date, **scope) -> QuerySet[Case]:
    """The cases of ``scope`` approved by ``on`` (read as :func:`cases_on` reads them) whose benefit starts
    after ``on``: a 廉租房 flat allotted whose family moves in later (准备入住)."""
    cases, _in_benefit, arranged = _read_on(on, **scope)
    return cases.filter(arranged)


def due_for_review(community: Community, start: date, end: date) -> QuerySet[Case]:
    return Case.objects.filter(
        community=community, status=CaseStatus.ACTIVE, next_review_on__range=(start, end)
    )


def overdue_reviews(community: Community, on: date) -> QuerySet[Case]:
    return Case.objects.filter(community=community, status=CaseStatus.ACTIVE, next_review_on__lt=on)


def reviews_due_on(community: Community, on: date) -> QuerySet[Case]:
    """本月待复审: cases in benefit on ``on`` whose review date falls in ``on``'s month."""
    first = on.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return cases_on(on, community=community).filter(next_review_on__range=(first, last))


def reviews_overdue_on(community: Community, on: date) -> QuerySet[Case]:
    """逾期未复审: cases in benefit on ``on`` whose review date has passed."""
    return cases_on(on, community=community).filter(next_review_on__lt=on)


def overdue_reviews_by_community(ids: list[int], on: date) -> dict[int, int]:
    """Cases in benefit on ``on`` whose review date has passed, per community (pk; none: absent). One query."""
    return dict(
        cases_on(on, community__in=ids)
        .filter(next_review_on__lt=on)
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )


@dataclass
class Coverage:
    """Persons and households in benefit of one type. A type the community never recorded a case of (no row
    in its ledger, in any state) is a gap, not zero: every count is None and ``recorded`` is False."""

    type_code: str
    type_name: str
    persons: int | None
    households: int | None
    minority_persons: int | None
    minority_households: int | None
    amount: Decimal | None
    minority_amount: Decimal | None
    recorded: bool = True

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


def recorded_types(communities) -> set[tuple[int, str]]:
    """(community pk, type code) of every type each community has ever recorded a case of, in any state.
    One query. Missing is not zero: a type never recorded is reported as a gap, never as 0."""
    return set(
        Case.objects.filter(community__in=[c.pk for c in communities])
        .values_list("community_id", "type__code")
        .distinct()
    )


def coverage_by_community(
    communities, on: date, *, housing_mode: str | None = None, recorded: set | None = None
) -> dict[int, dict[str, Coverage]]:
    """Per community (pk) and benefit type code: persons and households in benefit on ``on``, the minority
    ones, and the amounts. Three queries, whatever the number of communities and cases.

    A person counts once per type however many cases; a household counts as a minority household when
    one of its members with that benefit is of a minority. A type the community never recorded is a gap
    (``Coverage.recorded`` False, its counts None; ``recorded``: :func:`recorded_types`, when already read).
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
    recorded = recorded_types(communities) if recorded is None else recorded
    types = list(BenefitType.objects.filter(Q(community__isnull=True) | Q(community__in=ids)))
    out = {}
    for pk in ids:
        out[pk] = {}
        for t in types:
            if t.community_id not in (None, pk):
                continue
            if (pk, t.code) not in recorded:
                out[pk][t.code] = Coverage(t.code, t.name, None, None, None, None, None, None, recorded=False)
                continue
            row = found.get((pk, t.pk), {})
            out[pk][t.code] = Coverage(
                t.code,
                t.name,
                row.get("persons", 0),
                row.get("households", 0),
                row.get("minority_persons", 0),
                row.get("minority_households", 0),
                row.get("total_amount") or Decimal(0),
                row.get("minority_total_amount") or Decimal(0),
            )
    return out


def coverage(community: Community, on: date, *, housing_mode: str | None = None) -> dict[str, Coverage]:
    """:func:`coverage_by_community` of one community."""
    return coverage_by_community([community], on, housing_mode=housing_mode)[community.pk]


# --- 廉租房: a household's benefit -------------------------------------------------------------------
# The seed counts 廉租房 in three rows: families that moved into a low-rent flat (实物配租, 已入住), families
# allotted one that move in later (准备入住), and families receiving a rent subsidy (租赁补贴). The benefit
# covers the household: its 人数 are the household's 常住 members on the register on the date (a case
# without a household covers its holder alone), and a household is a minority household when one of
# those members is of a minority.
HOUSING = "housing"
HOUSING_ROWS = {  # key → (label, housing mode)
    "in_kind": ("实物配租（已入住）", "in_kind"),
    "arranged": ("实物配租（准备入住）", "in_kind"),
    "subsidy": ("租赁补贴", "subsidy"),
    "unknown": ("未注明方式", "unknown"),
}


@dataclass
class HousingFigures:
    """One 廉租房 row: households and the persons they hold, all and minority (None: never recorded)."""

    key: str
    label: str
    households: int | None
    persons: int | None
    minority_households: int | None
    minority_persons: int | None

    @property
    def minority_household_share(self):
        return percent(self.minority_households, self.households)

    @property
    def minority_person_share(self):
        return percent(self.minority_persons, self.persons)


@dataclass
class _Covered:
    homes: set = field(default_factory=set)
    persons: set = field(default_factory=set)
    minority_homes: set = field(default_factory=set)
    minority_persons: set = field(default_factory=set)


def _housing_covered(communities, on: date) -> dict[int, dict[str, _Covered]]:
    """Per community and row of HOUSING_ROWS: the households and residents (ids) covered on ``on``. Two
    queries: the cases (in benefit, or approved and starting later), then the covered 常住 members."""
    ids = [c.pk for c in communities]
    cases, in_benefit, arranged = _read_on(on, community__in=ids, type__code=HOUSING)
    rows = list(
        cases.filter(in_benefit | arranged).values_list(
            "community_id", "household_id", "resident_id", "housing_mode", "start_on"
        )
    )
    out = {pk: {key: _Covered() for key in HOUSING_ROWS} for pk in ids}
    homes, lone = {}, {}
    for community_id, household_id, resident_id, mode, start_on in rows:
        later = start_on is not None and start_on > on
        if later and mode != "in_kind":  # a subsidy approved to start later is not yet in benefit
            continue
        key = "arranged" if later else mode
        if key not in out[community_id]:
            continue
        if household_id is None:
            lone.setdefault(resident_id, []).append(out[community_id][key])
        else:
            homes.setdefault(household_id, []).append(out[community_id][key])
            out[community_id][key].homes.add(household_id)
    if not rows:
        return out
    # ids as lists: an IN over a subquery of residents is planned as a loop of loops by PostgreSQL without
    # statistics (see residents.hardship.selectors.hardship_homes).
    members = counted_versions(on, community__in=ids).filter(
        Q(household_id__in=list(homes)) | Q(id__in=list(lone))
    )
    for resident_id, household_id, ethnicity_id in members.values_list("id", "household_id", "ethnicity_id"):
        covering = homes.get(household_id, []) + lone.get(resident_id, [])
        for covered in covering:
            covered.persons.add(resident_id)
            if ethnicities.is_minority(ethnicity_id):
                covered.minority_persons.add(resident_id)
                if household_id in covered.homes:
                    covered.minority_homes.add(household_id)
    return out


def housing_by_community(
    communities, on: date, *, recorded: set | None = None
) -> dict[int, list[HousingFigures]]:
    """The 廉租房 rows (HOUSING_ROWS, in order) of each community (pk) on ``on``; a community that never
    recorded a 廉租房 case gets rows of None (a gap). Two queries, three without ``recorded``
    (:func:`recorded_types`)."""
    recorded = recorded_types(communities) if recorded is None else recorded
    covered = _housing_covered(communities, on)
    out = {}
    for c in communities:
        rows = []
        for key, (label, _mode) in HOUSING_ROWS.items():
            cv = covered[c.pk][key]
            counts = (len(cv.homes), len(cv.persons), len(cv.minority_homes), len(cv.minority_persons))
            rows.append(HousingFigures(key, label, *(counts if (c.pk, HOUSING) in recorded else [None] * 4)))
        out[c.pk] = rows
    return out


def housing_coverage(community: Community, on: date, *, recorded: set | None = None) -> list[HousingFigures]:
    """:func:`housing_by_community` of one community."""
    return housing_by_community([community], on, recorded=recorded)[community.pk]


def housing_rows(community: Community, on: date, key: str, *, unit: str, minority: bool = False) -> QuerySet:
    """The rows behind one figure of :func:`housing_coverage`: the covered households (``unit`` "households")
    or residents ("persons"), all or minority ones — exactly what the figure counts."""
    if key not in HOUSING_ROWS or unit not in ("households", "persons"):
        raise ValueError(key)
    cv = _housing_covered([community], on)[community.pk][key]
    if unit == "households":
        return Household.objects.filter(pk__in=list(cv.minority_homes if minority else cv.homes))
    return Resident.objects.filter(pk__in=list(cv.minority_persons if minority else cv.persons))


def active_cases(
    community: Community, on: date, type_code: str, *, minority: bool = False, housing_mode: str | None = None
) -> QuerySet[Case]:
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
