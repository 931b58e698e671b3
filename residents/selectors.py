"""Scoped reads of the registry, and the population counting rules of DOMAIN.md (implemented once).

Every function takes the request's :class:`community.access.Access` (or a community for the
counting rules, which reports and dashboards call) and returns querysets already scoped and
joined: a grid worker sees the households of their own grids only.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from community.access import Access
from community.caching import cached
from community.models import Community
from grids.models import Building, Compound, Grid, Unit
from grids.selectors import building_in, compound_in, grids_for, scope_to_grids, tree_scope, unit_in

from . import idnumber
from .ethnicities import ETHNICITIES, minority
from .ledgers import visible_ledgers
from .models import CATEGORIES, Household, PoliticalStatus, ResidenceType, Resident, ResidentStatus


@contextmanager
def joins_in_written_order() -> Iterator[None]:
    """Plan the queries inside in the join order Django writes them (PostgreSQL; elsewhere nothing).

    A row of the resident list joins the household, its grid, compound, building and unit, and the
    ethnicity. PostgreSQL weighs every order of those joins against every index: planning took 5 ms, the
    query itself under 1 ms. Written order — the community's residents first, then outward along the
    foreign keys — is the right one for these scoped reads; planning then takes 0.6 ms (bench, 100,000
    residents). The setting is put back when the block ends: nothing else is planned this way.
    """
    if connection.vendor != "postgresql":
        yield
        return
    outermost = not connection.in_atomic_block  # then the block's own COMMIT ends the setting
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL join_collapse_limit = 1")
        try:
            yield
        finally:  # inside an outer transaction SET LOCAL would outlive this block
            if not outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL join_collapse_limit = DEFAULT")


def households_for(access: Access) -> QuerySet[Household]:
    return Household.objects.filter(
        Q(community=access.community) & scope_to_grids(access, "grid__")
    ).select_related("grid", "subgrid", "compound", "building", "unit")


def residents_for(access: Access) -> QuerySet[Resident]:
    return Resident.objects.filter(
        Q(community=access.community) & scope_to_grids(access, "household__grid__")
    ).select_related(
        "ethnicity", "household__grid", "household__compound", "household__building", "household__unit"
    )


def get_resident_for(access: Access, pk) -> Resident:
    with joins_in_written_order():
        resident = residents_for(access).filter(pk=pk).first()
    if resident is None:
        raise Http404
    return resident


def get_resident_and_household_for(access: Access, pk) -> tuple[Resident, Household | None]:
    """A resident of the user's scope and their household as the chain reads it (``get_chain_household_for``),
    in one block of written-order planning (one transaction instead of two)."""
    with joins_in_written_order():
        resident = residents_for(access).filter(pk=pk).first()
        if resident is None:
            raise Http404
        household = _chain_household(access, resident.household_id) if resident.household_id else None
    if resident.household_id and household is None:
        raise Http404
    return resident, household


# ---------------------------------------------------------------------------------------------
# Counting rules (DOMAIN.md). Reports and dashboards call these and nothing else.
# ---------------------------------------------------------------------------------------------


def percent(part: int, whole: int) -> Decimal | None:
    """A share with one decimal, rounded half up (35.0). None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def active_on(on: date | None = None) -> Q:
    """On the register on ``on``: registered (登记日期) on or before it, not gone (迁出/死亡) on or before it.

    Applies to a resident or to one recorded version of a resident (:func:`resident_versions`): the two
    carry the same field names.
    """
    if on is None:
        return Q(status=ResidentStatus.ACTIVE)
    return (Q(status=ResidentStatus.ACTIVE) | Q(status_date__gt=on)) & (
        Q(moved_in_on__isnull=True) | Q(moved_in_on__lte=on)
    )


PARTY = Q(
    political_status__in=[PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY]
)  # 党员 and 预备党员
REGISTERED = Q(residence_type=ResidenceType.REGISTERED)
FLOATING = Q(residence_type=ResidenceType.FLOATING)
MINORITY = minority()


def end_of_day(on: date) -> datetime:
    """The first instant after ``on`` in the portal's time zone (records saved before it stood on ``on``)."""
    return datetime.combine(on + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())


def resident_versions(on: date | None = None, **scope) -> QuerySet:
    """Every resident of ``scope`` (``community=`` or ``community__in=``) as the register stood on ``on``.

    The register keeps every version of a resident (django-simple-history). On a past date each resident
    is read in the version recorded by the end of that day — its residence type, categories, political
    status, status and dates as they were then, so a later change (a category dropped, a move recorded)
    never alters the figures of an earlier date. A resident first entered after that day is read in the
    version they were entered with: a sheet of last year's people imported today counts in last year by
    its 登记日期. On ``on`` today or later (or None) the versions are the residents' current rows.

    The rows are :class:`Resident` or its historical model; both have the same field names, so the
    counting rules (:func:`active_on`, ``REGISTERED``, the category fields) apply to either, and ``id`` is
    the resident's id in both. :func:`residents_of` turns them back into residents.
    """
    if on is None or on >= timezone.localdate():
        return Resident.objects.filter(**scope)
    history = Resident.history.model
    recorded = history.objects.filter(id=OuterRef("id"))
    then = recorded.filter(history_date__lt=end_of_day(on)).order_by("-history_date", "-history_id")
    first = recorded.order_by("history_date", "history_id")
    version = Coalesce(Subquery(then.values("history_id")[:1]), Subquery(first.values("history_id")[:1]))
    return history.objects.filter(**scope).filter(history_id=version)


def residents_of(versions: QuerySet) -> QuerySet[Resident]:
    """The residents behind :func:`resident_versions` rows (one resident per version row)."""
    if versions.model is Resident:
        return versions
    return Resident.objects.filter(pk__in=versions.values("id"))


def counted_versions(on: date | None = None, **scope) -> QuerySet:
    """Versions of the residents behind the headline figures: on the register on ``on``, 常住."""
    return resident_versions(on, **scope).filter(active_on(on), REGISTERED)


def counted_residents(community: Community, on: date | None = None) -> QuerySet[Resident]:
    """The residents behind the headline figures: on the register of the community on ``on``, 常住."""
    return residents_of(counted_versions(on, community=community))


def floating_residents(community: Community, on: date | None = None) -> QuerySet[Resident]:
    """流动人口: on the register on ``on`` with the residence type 流动."""
    return residents_of(resident_versions(on, community=community).filter(active_on(on), FLOATING))


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


def population_by_community(communities, on: date | None = None) -> dict[int, PopulationFigures]:
    """:class:`PopulationFigures` of each community (by pk), in two queries whatever their number.

    - 常住人口 = residents on the register whose residence type is 常住; 户 = households with such a member.
    - 少数民族人口 = those whose ethnicity is not 汉族; a household is a 少数民族户 when one of its
      常住 members on the register is of a minority, and counts under each ethnicity its members have.
    """
    ids = [c.pk for c in communities]
    on_register = resident_versions(on, community__in=ids).filter(active_on(on))
    out = {
        pk: PopulationFigures(
            on=on, persons=0, households=0, floating_persons=0, minority_persons=0, minority_households=0
        )
        for pk in ids
    }
    for row in on_register.values("community_id").annotate(
        persons=Count("id", filter=REGISTERED),
        households=Count("household", distinct=True, filter=REGISTERED),
        minority_persons=Count("id", filter=REGISTERED & MINORITY),
        minority_households=Count("household", distinct=True, filter=REGISTERED & MINORITY),
        floating_persons=Count("id", filter=FLOATING),
    ):
        figures = out[row.pop("community_id")]
        for name, value in row.items():
            setattr(figures, name, value)
    for row in (
        on_register.filter(REGISTERED & MINORITY)
        .values("community_id", "ethnicity_id", "ethnicity__name")
        .annotate(persons=Count("id"), households=Count("household", distinct=True))
        .order_by("community_id", "-persons", "ethnicity_id")
    ):
        out[row["community_id"]].groups.append(
            EthnicGroupFigure(row["ethnicity_id"], row["ethnicity__name"], row["households"], row["persons"])
        )
    return out


def population_figures(community: Community, on: date | None = None) -> PopulationFigures:
    """Headline population figures of one community on ``on`` (:func:`population_by_community`)."""
    return population_by_community([community], on)[community.pk]


def counted_meeting(community: Community, on: date, **conditions: Q) -> dict[str, int]:
    """常住 residents on the register on ``on`` meeting each condition (name → count): 党员 (``PARTY``),
    a category (``Q(is_disabled=True)``), a ledger (``residents.ledgers.LEDGERS[key].condition``). One query."""
    return counted_versions(on, community=community).aggregate(
        **{name: Count("id", filter=condition) for name, condition in conditions.items()}
    )


# ---------------------------------------------------------------------------------------------
# The dashboard's breakdowns of the registry (same counting rules)
# ---------------------------------------------------------------------------------------------


@dataclass
class CompositionRow:
    """One ethnicity's residents on the register: 常住 and 流动."""

    code: str
    name: str
    registered: int
    floating: int


def ethnic_composition(community: Community, on: date) -> list[CompositionRow]:
    """Residents on the register by ethnicity and residence type (常住 and 流动), largest first. One query."""
    rows = {}
    for row in (
        resident_versions(on, community=community)
        .filter(active_on(on))
        .values("ethnicity_id", "ethnicity__name", "residence_type")
        .annotate(n=Count("id"))
    ):
        entry = rows.setdefault(
            row["ethnicity_id"], CompositionRow(row["ethnicity_id"], row["ethnicity__name"], 0, 0)
        )
        if row["residence_type"] == ResidenceType.REGISTERED:
            entry.registered += row["n"]
        else:
            entry.floating += row["n"]
    return sorted(rows.values(), key=lambda r: (-r.registered, r.code))


@dataclass
class GridRow:
    id: int
    name: str
    persons: int
    minority: int
    households: int

    @property
    def minority_share(self):
        return percent(self.minority, self.persons)


def population_by_grid(community: Community, on: date) -> list[GridRow]:
    """常住 persons, minority persons and households per grid (grids without residents included). Two queries."""
    counts = {
        row["household__grid"]: row
        # The household's own community too: without it PostgreSQL hash-joins every household of the city
        # (bench, 1,000,000 residents: 35 ms → 4 ms); residents without a household belong to no grid anyway.
        for row in counted_versions(on, community=community)
        .filter(household__community=community)
        .values("household__grid")
        .annotate(
            persons=Count("id"),
            minority=Count("id", filter=MINORITY),
            households=Count("household", distinct=True),
        )
    }
    out = []
    for grid in Grid.objects.filter(community=community).order_by("number"):
        row = counts.get(grid.pk, {})
        out.append(
            GridRow(
                grid.pk, grid.name, row.get("persons", 0), row.get("minority", 0), row.get("households", 0)
            )
        )
    return out


def category_counts(
    community: Community, on: date, *, include_restricted: bool
) -> list[tuple[str, str, int]]:
    """(field, label, count of 常住 residents) per ledger category. One query."""
    fields = [(f, label) for f, label, restricted in CATEGORIES if include_restricted or not restricted]
    totals = counted_versions(on, community=community).aggregate(
        **{f: Count("id", filter=Q(**{f: True})) for f, _ in fields}
    )
    return [(f, str(label), totals[f]) for f, label in fields]


def arrived(since: date, on: date) -> Q:
    """Registered (登记日期) after ``since``, up to ``on``."""
    return Q(moved_in_on__gt=since, moved_in_on__lte=on)


def left(since: date, on: date) -> Q:
    """Moved out after ``since``, up to ``on``."""
    return Q(status=ResidentStatus.MOVED_OUT, status_date__gt=since, status_date__lte=on)


def died(since: date, on: date) -> Q:
    """Died after ``since``, up to ``on``."""
    return Q(status=ResidentStatus.DECEASED, status_date__gt=since, status_date__lte=on)


@dataclass
class PopulationChanges:
    since: date
    registered_then: int
    registered_now: int
    minority_then: int
    minority_now: int
    arrived: int
    left: int
    died: int

    @property
    def registered_delta(self):
        return self.registered_now - self.registered_then

    @property
    def minority_delta(self):
        return self.minority_now - self.minority_then


def changes_since(community: Community, since: date, on: date) -> PopulationChanges:
    """What changed between two dates: headline counts then and now, registrations (登记日期), departures
    and deaths after ``since`` up to ``on``. Three queries."""
    then = counted_versions(since, community=community).aggregate(
        n=Count("id"), m=Count("id", filter=MINORITY)
    )
    now = counted_versions(on, community=community).aggregate(n=Count("id"), m=Count("id", filter=MINORITY))
    moves = resident_versions(on, community=community).aggregate(
        arrived=Count("id", filter=arrived(since, on)),
        left=Count("id", filter=left(since, on)),
        died=Count("id", filter=died(since, on)),
    )
    return PopulationChanges(since, then["n"], now["n"], then["m"], now["m"], **moves)


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
        if member.relation == "head" and member.status == ResidentStatus.ACTIVE:
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


# ---------------------------------------------------------------------------------------------
# Pages: the chain of one household, the change history, and panels other apps contribute
# ---------------------------------------------------------------------------------------------


# The household head first, then the other members from the eldest.
HEAD_FIRST = Case(When(relation="head", then=0), default=1)


def get_chain_household_for(access: Access, pk) -> Household:
    """One household of the user's scope with everything the chain and the members table read."""
    with joins_in_written_order():  # nine tables joined: planned in written order (see above)
        household = _chain_household(access, pk)
    if household is None:
        raise Http404
    return household


def _chain_household(access: Access, pk) -> Household | None:
    return (
        households_for(access)
        .select_related("grid__cadre", "compound__owners_committee", "building__compound")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Resident.objects.select_related("ethnicity").order_by(HEAD_FIRST, "birth_date"),
            )
        )
        .filter(pk=pk)
        .first()
    )


def _tree_scope(access: Access, level) -> Q:
    """Grid workers: the nodes in their grids (a compound spanning grids is in each; see grids.selectors)."""
    if not access.grid_scoped:
        return Q()
    return level(grids_for(access).values("pk"))


def compounds_for(access: Access) -> QuerySet[Compound]:
    """小区 of the user's grids."""
    return Compound.objects.filter(
        Q(community=access.community) & _tree_scope(access, compound_in)
    ).select_related("grid")


def place_options(access: Access) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The grids and compounds of the user's scope as ``(pk, name)`` options of a filter bar, in their order.

    The community-wide lists are cached until a grid or compound of the community changes; a grid worker's
    (their assigned grids) are read each time.
    """

    def read():
        grids = grids_for(access).order_by("number").values_list("pk", "name")
        compounds = compounds_for(access).order_by("grid__number", "name").values_list("pk", "name")
        return list(grids), list(compounds)

    if access.grid_scoped:
        return read()
    return cached(tree_scope(access.community.pk), "places", read)


def buildings_for(access: Access) -> QuerySet[Building]:
    return Building.objects.filter(
        Q(community=access.community) & _tree_scope(access, building_in)
    ).select_related("compound")


def units_for(access: Access) -> QuerySet[Unit]:
    return Unit.objects.filter(Q(community=access.community) & _tree_scope(access, unit_in)).select_related(
        "building__compound"
    )


@dataclass
class Change:
    """One entry of a record's history: who changed what, when, and why."""

    when: object
    who: str
    kind: str  # 新建 / 修改 / 删除
    reason: str
    fields: list[tuple[str, str, str]]  # (label, old, new)


HISTORY_KINDS = {"+": "新建", "~": "修改", "-": "删除"}
ETHNICITY_NAMES = {code: name for code, name, _roman, _letters in ETHNICITIES}


def _display(field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if field.name == "id_number":
        return idnumber.mask(value)
    if field.name == "birth_date":
        return idnumber.mask_birth_date(value)  # beside masked numbers it would complete them
    if field.name == "ethnicity":
        return names.get(value, value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.is_relation:
        return "（已调整）"  # a different household or level of the grid tree
    return str(value)


def change_history(obj, *, hidden: set[str] = frozenset(), limit: int = 50) -> list[Change]:
    """The django-simple-history records of ``obj``, newest first, each with its field changes.

    One query (the records with their users) whatever the number of records.
    ``hidden`` fields (restricted categories for roles that may not see them) are left out entirely.
    """
    model = type(obj)
    skip = {"id", "community", "created_at", *hidden}
    tracked = [
        f
        for f in model.history.model._meta.fields
        if not f.name.startswith("history_") and f.name not in skip
    ]
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    names = ETHNICITY_NAMES  # the read-only GB/T 3304 table, as its migration loaded it (no query)
    changes = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        fields = []
        if previous is not None:
            for f in tracked:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    fields.append((str(f.verbose_name), _display(f, old, names), _display(f, new, names)))
        user = record.history_user
        changes.append(
            Change(
                when=record.history_date,
                who=(user.display_name if user else "系统"),
                kind=HISTORY_KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                fields=fields,
            )
        )
    return changes


def resident_panels(request, resident: Resident) -> list[dict]:
    """Panels other apps contribute to a resident's page (``resident_panel(request, resident)``)."""
    panels = []
    for config in apps.get_app_configs():
        provider = getattr(config, "resident_panel", None)
        if provider is None:
            continue
        panel = provider(request, resident)
        if panel:
            panels.append(panel)
    return panels


def household_panels(request, household: Household) -> list[dict]:
    """Panels other apps contribute to a household's page (``household_panel(request, household)``)."""
    panels = []
    for config in apps.get_app_configs():
        provider = getattr(config, "household_panel", None)
        if provider is None:
            continue
        panel = provider(request, household)
        if panel:
            panels.append(panel)
    return panels


def ledger_counts(access: Access) -> dict[str, int]:
    """Rows of every ledger visible to the user, in one query."""
    ledgers = visible_ledgers(access)
    return (
        residents_for(access)
        .filter(status=ResidentStatus.ACTIVE)
        .aggregate(**{lg.key: Count("pk", filter=lg.condition) for lg in ledgers})
    )
