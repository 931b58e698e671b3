"""Scoped reads of the registry, and the population counting rules of DOMAIN.md (implemented once).

Every function takes the request's :class:`community.access.Access` (or a community for the
counting rules, which reports and dashboards call) and returns querysets already scoped and
joined: a grid worker sees the households of their own grids only.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.http import Http404

from community.access import Access
from community.models import Community
from grids.models import Building, Compound, Grid, Unit

from .ethnicities import HAN
from .models import Ethnicity, Household, ResidenceType, Resident, Status


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
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL join_collapse_limit = 1")
        try:
            yield
        finally:  # inside an outer transaction SET LOCAL would outlive this block
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL join_collapse_limit = DEFAULT")


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
    with joins_in_written_order():
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


def compounds_for(access: Access) -> QuerySet[Compound]:
    """小区 of the user's grids."""
    return Compound.objects.filter(
        Q(community=access.community) & _grid_scope(access, "grid__")
    ).select_related("grid")


def buildings_for(access: Access) -> QuerySet[Building]:
    return Building.objects.filter(
        Q(community=access.community) & _grid_scope(access, "compound__grid__")
    ).select_related("compound")


def units_for(access: Access) -> QuerySet[Unit]:
    return Unit.objects.filter(
        Q(community=access.community) & _grid_scope(access, "building__compound__grid__")
    ).select_related("building__compound")


@dataclass
class Change:
    """One entry of a record's history: who changed what, when, and why."""

    when: object
    who: str
    kind: str  # 新建 / 修改 / 删除
    reason: str
    fields: list[tuple[str, str, str]]  # (label, old, new)


HISTORY_KINDS = {"+": "新建", "~": "修改", "-": "删除"}


def _display(field, value, names: dict) -> str:
    from . import idnumber

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

    Two queries (the records with their users, the ethnicity names) whatever the number of records.
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
    names = (
        dict(Ethnicity.objects.values_list("code", "name"))
        if any(f.name == "ethnicity" for f in tracked)
        else {}
    )
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
    from .ledgers import visible_ledgers

    ledgers = visible_ledgers(access)
    return (
        residents_for(access)
        .filter(status=Status.ACTIVE)
        .aggregate(**{lg.key: Count("pk", filter=lg.condition) for lg in ledgers})
    )
