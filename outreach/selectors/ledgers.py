"""Scoped reads of the outreach ledgers and the figures dashboards and reports take from them.

This module is the single source of every outreach figure: events by type and month, participants
by ethnicity, propaganda totals, visits done against due, disputes by status and settling level.
Each figure function runs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth
from django.http import Http404

from community.access import Access
from community.models import Community
from grids.selectors import scope_to_grids
from residents.ethnicities import is_minority
from residents.models import Household, Resident, ResidentStatus
from residents.selectors import (
    active_on,
    households_for,
    percent,
    resident_versions,
    residents_for,
    residents_of,
)

from ..models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeStatus,
    Event,
    EventStatus,
    EventType,
    JurisdictionUnit,
    MemberRole,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    Propaganda,
    ReligiousSite,
    SettlingLevel,
    UnitKind,
    Visit,
    VisitPurpose,
)

# ---------------------------------------------------------------------------------------------
# Scoped querysets (views call these, never Model.objects)
# ---------------------------------------------------------------------------------------------


def can_see_restricted(access: Access) -> bool:
    return access.has("residents.view_restricted")


# ---------------------------------------------------------------------------------------------
# The residents named on outreach pages: only those of the user's scope (grid workers: their grids).
# Events, disputes and organisations belong to the community; the people on them are shown, picked and
# removed only within the user's scope — the others are counted, never named, and never dropped.
# ---------------------------------------------------------------------------------------------


def scoped_people(
    access: Access, people: QuerySet[Resident], total: int | None = None
) -> tuple[list[Resident], int]:
    """(the residents of ``people`` the user may see, how many others there are). One query, two when
    ``total`` (the number of ``people``, often annotated already) is not given."""
    visible = list(residents_for(access).filter(pk__in=people.values("pk")).order_by("name_pinyin", "pk"))
    return visible, (people.count() if total is None else total) - len(visible)


def hidden_people_ids(access: Access, people: QuerySet[Resident]) -> list:
    """Primary keys of the residents of ``people`` outside the user's scope (kept when a form saves)."""
    return list(people.exclude(pk__in=residents_for(access).values("pk")).values_list("pk", flat=True))


def events_for(access: Access) -> QuerySet[Event]:
    return (
        Event.objects.filter(community=access.community)
        .select_related("type", "religious_site", "partner_unit", "partner_team")
        .annotate(registered_count=Count("participants", distinct=True))
    )


def get_event_for(access: Access, pk) -> Event:
    event = (
        events_for(access).select_related("plan_item__plan", "plan_item__event_type").filter(pk=pk).first()
    )
    if event is None:
        raise Http404
    return event


def propaganda_for(access: Access) -> QuerySet[Propaganda]:
    return Propaganda.objects.filter(community=access.community).select_related("event")


def get_propaganda_for(access: Access, pk) -> Propaganda:
    row = propaganda_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def visits_for(access: Access) -> QuerySet[Visit]:
    """Visits of the user's scope. Grid workers: their grids; 帮教走访 only for restricted roles."""
    visits = Visit.objects.filter(community=access.community)
    visits = visits.filter(scope_to_grids(access, "household__grid__"))
    if not can_see_restricted(access):
        visits = visits.exclude(purpose=VisitPurpose.CORRECTION).exclude(resident__is_correction=True)
    return visits.select_related(
        "household__compound", "household__building", "household__unit", "household__grid", "resident"
    ).prefetch_related("visitors")


def get_visit_for(access: Access, pk) -> Visit:
    visit = visits_for(access).filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def agreements_for(access: Access) -> QuerySet[Agreement]:
    """责任书 — callers have already checked residents.view_restricted (the view declares it)."""
    if not can_see_restricted(access):
        return Agreement.objects.none()
    return Agreement.objects.filter(
        community=access.community, resident__in=residents_for(access).values("pk")
    ).select_related("resident__household__grid", "resident__ethnicity")


def get_agreement_for(access: Access, pk) -> Agreement:
    agreement = agreements_for(access).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return agreement


def correction_residents_for(access: Access) -> QuerySet[Resident]:
    if not can_see_restricted(access):
        return Resident.objects.none()
    return residents_for(access).filter(is_correction=True, status=ResidentStatus.ACTIVE)


def disputes_for(access: Access) -> QuerySet[Dispute]:
    """Disputes of the community; ``visible_parties`` holds the parties of the user's scope and
    ``party_count`` all of them (a grid worker reads "另有 N 名其他网格居民", not their names)."""
    return (
        Dispute.objects.filter(community=access.community)
        .annotate(party_count=Count("parties", distinct=True))
        .prefetch_related(
            Prefetch(
                "parties", queryset=residents_for(access).order_by("name_pinyin"), to_attr="visible_parties"
            )
        )
    )


def get_dispute_for(access: Access, pk) -> Dispute:
    dispute = disputes_for(access).filter(pk=pk).first()
    if dispute is None:
        raise Http404
    return dispute


def overdue_disputes(community: Community, today: date | None = None) -> QuerySet[Dispute]:
    """Open cases past their deadline."""
    today = today or date.today()
    return Dispute.objects.filter(community=community, status__in=OPEN_STATUSES, deadline__lt=today)


def organisations_for(access: Access) -> QuerySet[Organisation]:
    """Organisations with their registered member count and ``kind_order`` (the leading group first)."""
    kind_order = Case(
        *[When(kind=value, then=Value(i)) for i, value in enumerate(OrganisationKind.values)],
        output_field=IntegerField(),
    )
    return (
        Organisation.objects.filter(community=access.community)
        .select_related("grid")
        .annotate(
            # A join sees members who left too (the default manager does not apply to it).
            registered_members=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            kind_order=kind_order,
        )
    )


def get_organisation_for(access: Access, pk) -> Organisation:
    organisation = organisations_for(access).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def organisation_members(
    organisation: Organisation, access: Access | None = None
) -> list[OrganisationMember]:
    """The members; with ``access``, each carries ``visible`` — False for a registered resident outside the
    user's scope, who is shown as "其他网格居民" without name, ethnicity or grid, and cannot be removed."""
    members = list(
        organisation.members.select_related("resident__ethnicity", "resident__household__grid").order_by(
            "role", "resident__name_pinyin", "name"
        )
    )
    if access is None:
        return members
    residents = [m.resident_id for m in members if m.resident_id]
    visible = (
        set(residents_for(access).filter(pk__in=residents).values_list("pk", flat=True))
        if residents
        else set()
    )
    for member in members:
        member.visible = member.resident_id is None or member.resident_id in visible
    return members


def organisations_on(on: date | None = None, **scope) -> QuerySet[Organisation]:
    """Organisations of ``scope`` in the register on ``on`` (founded by then, not yet 撤销); now when None."""
    organisations = Organisation.objects.filter(**scope)
    if on is None:
        return organisations.filter(is_active=True)
    return organisations.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on)).filter(
        Q(dissolved_on__isnull=True, is_active=True) | Q(dissolved_on__gt=on)
    )


def members_on(on: date | None = None, **scope) -> QuerySet[OrganisationMember]:
    """Members (``organisation__…`` scope) on ``on``: joined by then (or undated) and not yet left."""
    members = OrganisationMember.all_objects.filter(**scope)
    if on is None:
        return members.filter(left_on__isnull=True)
    return members.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=on), Q(left_on__isnull=True) | Q(left_on__gt=on)
    )


def units_for(access: Access) -> QuerySet[JurisdictionUnit]:
    return JurisdictionUnit.objects.filter(community=access.community)


def unit_counts(community: Community) -> dict[str, int]:
    """Jurisdiction units by kind (``UnitKind`` value → units; every kind, 0 included). One query."""
    counts = dict.fromkeys(UnitKind.values, 0)
    counts.update(
        JurisdictionUnit.objects.filter(community=community).values_list("kind").annotate(n=Count("pk"))
    )
    return counts


def leading_group_members(community: Community, on: date):
    """The 民族工作领导小组 in the register on ``on`` (None when there is none) and its members then, the head
    first (``MemberRole`` order). One query, and the members' when read."""
    group = organisations_on(on, community=community, kind=OrganisationKind.LEADING_GROUP).first()
    if group is None:
        return None, members_on(on, organisation=None).none()
    rank = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(MemberRole.values)),
        default=Value(len(MemberRole.values)),
        output_field=IntegerField(),
    )
    return group, members_on(on, organisation=group).order_by(rank, "pk")


@dataclass
class LeadingGroup:
    group: Organisation | None
    members: list[OrganisationMember]

    @property
    def head(self) -> str:
        """组长: the first member recorded as head, else the group's head name ("" when none: a gap)."""
        heads = [m.display_name for m in self.members if m.role == MemberRole.HEAD]
        return heads[0] if heads else (self.group.head_name if self.group else "")


def leading_group(community: Community, on: date) -> LeadingGroup:
    """The leading group on ``on`` with its members (their residents read along). Two queries."""
    group, members = leading_group_members(community, on)
    return LeadingGroup(group, list(members.select_related("resident")))


def sites_for(access: Access) -> QuerySet[ReligiousSite]:
    """Religious sites; grid workers see those of their own grids (a site without a grid: nobody's)."""
    sites = ReligiousSite.objects.filter(Q(community=access.community) & scope_to_grids(access, "grid__"))
    return sites.select_related("grid")


def get_unit_for(access: Access, pk) -> JurisdictionUnit:
    unit = units_for(access).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_site_for(access: Access, pk) -> ReligiousSite:
    site = sites_for(access).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def month_range(on: date) -> tuple[date, date]:
    first = on.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


@dataclass
class TypeRow:
    code: str
    name: str
    months: list[int]  # 12 counts, January first
    participants: int = 0

    @property
    def total(self) -> int:
        return sum(self.months)


def events_by_type_and_month(
    community: Community, year: int, status: str = EventStatus.HELD, until: date | None = None
) -> list[TypeRow]:
    """Every event type (even with no events) × month of ``year`` (up to ``until``). Two queries."""
    start, end = year_range(year)
    if until is not None:
        end = min(end, until)
    rows = {t.pk: TypeRow(t.code, t.name, [0] * 12) for t in EventType.objects.all()}
    counts = (
        Event.objects.filter(community=community, status=status, date__range=(start, end))
        .annotate(month=ExtractMonth("date"))
        .values("type_id", "month")
        .annotate(n=Count("pk"), others=Sum("other_participants"))
    )
    for row in counts:
        rows[row["type_id"]].months[row["month"] - 1] += row["n"]
    return list(rows.values())


def per_month(rows: list[TypeRow]) -> list[int]:
    """Events of every type by month (12 counts, January first)."""
    return [sum(r.months[m] for r in rows) for m in range(12)]


def events_by_type(community: Community, year: int, status: str = EventStatus.HELD) -> dict[str, int]:
    """Type name → number of events of ``year`` (types without events included). Two queries."""
    return {row.name: row.total for row in events_by_type_and_month(community, year, status)}


@dataclass
class EthnicRow:
    code: str
    name: str
    persons: int
    share: Decimal | None


@dataclass
class ParticipantBreakdown:
    """Registered participants by ethnicity, plus the head count of others (not in the registry)."""

    registered: int
    others: int
    minority: int
    rows: list[EthnicRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.registered + self.others

    @property
    def minority_share(self) -> Decimal | None:
        return percent(self.minority, self.registered)


def participants_by_ethnicity(events: QuerySet[Event]) -> ParticipantBreakdown:
    """Distinct registered participants of ``events`` by ethnicity (from the registry). Two queries.

    A resident who took part in several of the events counts once; shares are over registered
    participants (others have no recorded ethnicity).
    """
    event_ids = events.values("pk")
    people = Resident.objects.filter(outreach_events__in=event_ids).distinct()
    grouped = list(
        Resident.objects.filter(pk__in=people.values("pk"))
        .values("ethnicity_id", "ethnicity__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "ethnicity_id")
    )
    registered = sum(row["n"] for row in grouped)
    others = Event.objects.filter(pk__in=event_ids).aggregate(n=Sum("other_participants"))["n"] or 0
    return ParticipantBreakdown(
        registered=registered,
        others=others,
        minority=sum(row["n"] for row in grouped if is_minority(row["ethnicity_id"])),
        rows=[
            EthnicRow(row["ethnicity_id"], row["ethnicity__name"], row["n"], percent(row["n"], registered))
            for row in grouped
        ],
    )


@dataclass
class PropagandaTotals:
    banners: int = 0
    boards: int = 0
    leaflets: int = 0
    quizzes: int = 0
    entries: int = 0


def propaganda_totals(community: Community, start: date, end: date) -> PropagandaTotals:
    """Banners, display boards, leaflets and quiz sheets recorded between two dates. One query."""
    totals = Propaganda.objects.filter(community=community, date__range=(start, end)).aggregate(
        banners=Sum("banners"),
        boards=Sum("boards"),
        leaflets=Sum("leaflets"),
        quizzes=Sum("quizzes"),
        entries=Count("pk"),
    )
    return PropagandaTotals(**{k: v or 0 for k, v in totals.items()})


@dataclass
class Checklist:
    """The monthly visiting duty: who is due and who has not been visited yet."""

    month: date
    correction_due: int
    correction_missing: list = field(default_factory=list)
    hardship_due: int = 0
    hardship_missing: list = field(default_factory=list)
    show_correction: bool = False

    @property
    def correction_done(self) -> int:
        return self.correction_due - len(self.correction_missing)

    @property
    def hardship_done(self) -> int:
        return self.hardship_due - len(self.hardship_missing)


def _visited_resident(start: date, end: date) -> Exists:
    """A visit in the month to the resident, or to their household without naming anyone."""
    return Exists(
        Visit.objects.filter(date__range=(start, end)).filter(
            Q(resident=OuterRef("pk")) | Q(resident__isnull=True, household=OuterRef("household"))
        )
    )


def _visited_household(start: date, end: date) -> Exists:
    return Exists(Visit.objects.filter(date__range=(start, end), household=OuterRef("pk")))


def hardship_households(community: Community, on: date | None = None) -> QuerySet[Household]:
    """Households with a member in the 困难家庭 ledger on the register on ``on`` (now when None)."""
    members = resident_versions(on, community=community).filter(active_on(on), is_hardship=True)
    return Household.objects.filter(community=community, pk__in=members.values("household"))


def correction_residents(community: Community, on: date | None = None) -> QuerySet[Resident]:
    """Persons under community correction on the register on ``on`` (now when None). Restricted."""
    return residents_of(resident_versions(on, community=community).filter(active_on(on), is_correction=True))


@dataclass
class ChecklistGrid:
    """One grid's share of the month's hardship visits (a tab of the checklist page)."""

    pk: int
    name: str
    due: int
    done: int

    @property
    def missing(self) -> int:
        return self.due - self.done


def checklist_grids(access: Access, month: date) -> list[ChecklistGrid]:
    """Per grid of ``access``: hardship households due a visit in ``month`` and those visited. One query."""
    start, end = month_range(month)
    households = households_for(access).filter(pk__in=hardship_households(access.community).values("pk"))
    rows = (
        households.values("grid_id", "grid__name", "grid__number")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(_visited_household(start, end))))
        .order_by("grid__number", "grid_id")
    )
    return [ChecklistGrid(r["grid_id"], r["grid__name"], r["due"], r["done"]) for r in rows]


CHECKLIST_SHOW = {"due": "未走访", "done": "已走访", "all": "全部"}


def checklist_households(access: Access, month: date, *, grid_id: int | None, show: str = "due"):
    """The hardship households of one grid for the checklist page, in walking order (compound, building,
    unit, door), each with ``visited`` (a visit in ``month``); ``show`` is due (not yet), done or all."""
    start, end = month_range(month)
    households = (
        households_for(access)
        .filter(pk__in=hardship_households(access.community).values("pk"))
        .annotate(visited=_visited_household(start, end))
        .select_related("grid", "compound", "building", "unit")
        .prefetch_related("members")
        .order_by("compound__name", "building__number", "unit__number", "door", "pk")
    )
    if grid_id is not None:
        households = households.filter(grid_id=grid_id)
    if show == "due":
        households = households.filter(visited=False)
    elif show == "done":
        households = households.filter(visited=True)
    return households


def monthly_checklist(access: Access, month: date, *, include_hardship: bool = True) -> Checklist:
    """Persons under community correction and hardship families not yet visited in ``month``.

    Four queries (due and missing for each list); the correction part only for roles holding
    residents.view_restricted, otherwise it is left empty and not queried.
    """
    start, end = month_range(month)
    show = can_see_restricted(access)
    checklist = Checklist(month=start, correction_due=0, show_correction=show)
    if show:
        due = correction_residents_for(access)
        checklist.correction_due = due.count()
        checklist.correction_missing = list(
            due.filter(~_visited_resident(start, end)).order_by("household__grid__number", "name_pinyin")
        )
    if not include_hardship:  # the page reads the hardship part grid by grid (checklist_households)
        return checklist
    households = households_for(access).filter(pk__in=hardship_households(access.community).values("pk"))
    checklist.hardship_due = households.count()
    checklist.hardship_missing = list(
        households.filter(~_visited_household(start, end))
        .select_related("grid")
        .prefetch_related("members")
        .order_by("grid__number", "compound__name", "door")
    )
    return checklist


@dataclass
class VisitFigures:
    total: int
    by_purpose: dict[str, int]  # VisitPurpose value → visits (keyed by the value, never the label)
    correction_due: int
    correction_done: int
    hardship_due: int
    hardship_done: int


def visit_figures(community: Community, start: date, end: date) -> VisitFigures:
    """Visits between two dates by purpose, and the monthly duty of the month of ``end`` as it stood on
    ``end``: who was due that day, and who had been visited from the 1st up to it. Three queries."""
    visits = Visit.objects.filter(community=community, date__range=(start, end))
    by_purpose = dict.fromkeys(VisitPurpose.values, 0)
    for row in visits.values("purpose").annotate(n=Count("pk")):
        by_purpose[row["purpose"]] = row["n"]
    m_start = end.replace(day=1)
    correction = correction_residents(community, end).aggregate(
        due=Count("pk"), done=Count("pk", filter=Q(_visited_resident(m_start, end)))
    )
    hardship = hardship_households(community, end).aggregate(
        due=Count("pk"), done=Count("pk", filter=Q(_visited_household(m_start, end)))
    )
    return VisitFigures(
        total=sum(by_purpose.values()),
        by_purpose=by_purpose,
        correction_due=correction["due"],
        correction_done=correction["done"],
        hardship_due=hardship["due"],
        hardship_done=hardship["done"],
    )


@dataclass
class DisputeFigures:
    total: int
    by_status: dict[str, int]  # DisputeStatus value (the status on the date) → cases
    by_level: dict[str, int]  # SettlingLevel value → cases (keyed by the value, never the label)
    by_category: dict[str, int]  # DisputeCategory value → cases
    petitions: int
    overdue: int

    @property
    def settled(self) -> int:
        return self.by_status[DisputeStatus.RESOLVED]

    @property
    def open(self) -> int:
        return sum(self.by_status[s] for s in OPEN_STATUSES)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """(label, cases) per status, for display."""
        return [(str(DisputeStatus(value).label), n) for value, n in self.by_status.items()]

    @property
    def closed(self) -> int:
        return self.total - self.open

    @property
    def compound(self) -> int:
        """Closed cases settled inside the compound (小区化解)."""
        return self.by_level[SettlingLevel.COMPOUND]

    @property
    def inside(self) -> int:
        """Closed cases settled inside the community — in a compound or by the community (社区内化解)."""
        return self.by_level[SettlingLevel.COMPOUND] + self.by_level[SettlingLevel.COMMUNITY]

    @property
    def compound_share(self) -> Decimal | None:
        """Share of closed cases settled inside the compound (小矛盾不出小区)."""
        return percent(self.compound, self.closed)

    @property
    def community_share(self) -> Decimal | None:
        """Share of closed cases settled inside the community — in a compound or by the community
        (大矛盾不出社区); cases settled higher up or reported upward are outside it."""
        return percent(self.inside, self.closed)

    @property
    def settle_rate(self) -> Decimal | None:
        """纠纷化解率: settled (已化解) over received."""
        return percent(self.settled, self.total)

    @property
    def closure_rate(self) -> Decimal | None:
        """纠纷结案率: closed (已化解 or otherwise closed) over received."""
        return percent(self.closed, self.total)


def disputes_received(community: Community, start: date, end: date) -> QuerySet[Dispute]:
    """Disputes received between two dates (the rows behind 纠纷件数)."""
    return Dispute.objects.filter(community=community, received_on__range=(start, end))


def dispute_state_on(on: date) -> Case:
    """A dispute's status on ``on``: its closing status if closed by then (办结日期), else still open — as
    recorded now when it is still open, 调处中 when it was closed only later."""
    return Case(
        When(status__in=CLOSED_STATUSES, closed_on__lte=on, then=F("status")),
        When(status__in=OPEN_STATUSES, then=F("status")),
        default=Value(DisputeStatus.MEDIATING),
        output_field=CharField(),
    )


def disputes_in_state(community: Community, start: date, end: date, *states: str) -> QuerySet[Dispute]:
    """Disputes received between two dates whose status on ``end`` is one of ``states``."""
    return (
        disputes_received(community, start, end).alias(state=dispute_state_on(end)).filter(state__in=states)
    )


def dispute_figures(
    community: Community, start: date, end: date, today: date | None = None
) -> DisputeFigures:
    """Disputes received between two dates by status, settling level and category. Two queries.

    Settling shares are over closed cases (已化解 or 已上报); a case reported upward counts as
    settled outside the community. Each case is counted in its status on ``end`` (closed only if its
    办结日期 is not after ``end``); ``today`` (default: ``end``, or today if sooner) decides which open cases
    are overdue.
    """
    today = today or min(end, date.today())
    disputes = disputes_received(community, start, end).annotate(state=dispute_state_on(end))
    by_status = dict.fromkeys(DisputeStatus.values, 0)
    by_level = dict.fromkeys(SettlingLevel.values, 0)
    petitions = overdue = 0
    for row in disputes.values("state", "settled_level", "is_petition").annotate(
        n=Count("pk"), late=Count("pk", filter=Q(state__in=OPEN_STATUSES, deadline__lt=today))
    ):
        by_status[row["state"]] += row["n"]
        if row["state"] == DisputeStatus.RESOLVED and row["settled_level"]:
            by_level[row["settled_level"]] += row["n"]
        elif row["state"] == DisputeStatus.REPORTED:
            by_level[SettlingLevel.STREET] += row["n"]
        petitions += row["n"] if row["is_petition"] else 0
        overdue += row["late"]
    by_category = dict.fromkeys(DisputeCategory.values, 0)
    for row in disputes.values("category").annotate(n=Count("pk")):
        by_category[row["category"]] = row["n"]
    return DisputeFigures(
        total=sum(by_status.values()),
        by_status=by_status,
        by_level=by_level,
        by_category=by_category,
        petitions=petitions,
        overdue=overdue,
    )


@dataclass
class VolunteerFigures:
    teams: int
    members: int
    grid_teams: int
    grid_members: int


def volunteer_teams(community: Community, on: date | None = None) -> QuerySet[Organisation]:
    """Volunteer teams in the register on ``on`` (now when None)."""
    return organisations_on(on, community=community, kind=OrganisationKind.VOLUNTEER)


def team_sizes(teams: QuerySet[Organisation], on: date | None = None) -> QuerySet[Organisation]:
    """``teams`` with ``size``: members on ``on`` in the register of names plus the unregistered ones."""
    registered = (
        members_on(on, organisation=OuterRef("pk")).values("organisation").annotate(n=Count("pk")).values("n")
    )
    return teams.annotate(size=Coalesce(Subquery(registered), 0) + F("unregistered_members"))


def volunteer_figures(community: Community, on: date | None = None) -> VolunteerFigures:
    """Volunteer teams in the register on ``on`` and their members then (registered + unregistered).
    Two queries."""
    teams = volunteer_teams(community, on)
    registered = dict(
        members_on(on, organisation__in=teams)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    rows = list(teams.values("pk", "grid_id", "unregistered_members"))
    members = {row["pk"]: row["unregistered_members"] + registered.get(row["pk"], 0) for row in rows}
    grid_rows = [row for row in rows if row["grid_id"]]
    return VolunteerFigures(
        teams=len(rows),
        members=sum(members.values()),
        grid_teams=len(grid_rows),
        grid_members=sum(members[row["pk"]] for row in grid_rows),
    )


@dataclass
class OutreachFigures:
    """Everything a report states about outreach over a period (see each part's function)."""

    start: date
    end: date
    events: list[TypeRow]
    participants: ParticipantBreakdown
    propaganda: PropagandaTotals
    visits: VisitFigures
    disputes: DisputeFigures
    volunteers: VolunteerFigures

    @property
    def events_held(self) -> int:
        return sum(row.total for row in self.events)

    def events_of_type(self, code: str) -> int:
        """Events held of the type ``code`` (``EventType.code``: "symposium", "holiday"…)."""
        return sum(row.total for row in self.events if row.code == code)


def outreach_figures(community: Community, start: date, end: date) -> OutreachFigures:
    """The outreach figures of a report period (events by type for the calendar year of ``end``).

    A fixed number of queries (about 13), whatever the number of rows.
    """
    return OutreachFigures(
        start=start,
        end=end,
        events=events_by_type_and_month(community, start.year, until=end),
        participants=participants_by_ethnicity(events_held(community, start, end)),
        propaganda=propaganda_totals(community, start, end),
        visits=visit_figures(community, start, end),
        disputes=dispute_figures(community, start, end, today=end),
        volunteers=volunteer_figures(community, end),
    )


def events_held(community: Community, start: date, end: date) -> QuerySet[Event]:
    """Events held between two dates (an event is held on its date: a later one was only planned)."""
    return Event.objects.filter(community=community, status=EventStatus.HELD, date__range=(start, end))


@dataclass
class Activity:
    """The outreach columns of the street's roll-up, for one community."""

    events_held: int = 0
    visits: int = 0
    visits_by_purpose: dict[str, int] = field(default_factory=dict)  # VisitPurpose value → visits
    disputes: int = 0
    disputes_closed: int = 0
    disputes_settled: int = 0

    @property
    def closure_rate(self) -> Decimal | None:
        """纠纷结案率: closed (settled or reported) over received."""
        return percent(self.disputes_closed, self.disputes)

    @property
    def settle_rate(self) -> Decimal | None:
        """纠纷化解率: settled (已化解) over received."""
        return percent(self.disputes_settled, self.disputes)


def activity_by_community(communities, start: date, end: date) -> dict[int, Activity]:
    """Events held, visits (in all and by purpose), disputes received and closed by ``end``, between two
    dates, per community (pk).

    Three queries whatever the number of communities; the same rules as :func:`outreach_figures`.
    """
    ids = [c.pk for c in communities]
    out = {pk: Activity() for pk in ids}
    events = Event.objects.filter(community__in=ids, status=EventStatus.HELD, date__range=(start, end))
    for pk, n in events.values_list("community_id").annotate(n=Count("pk")):
        out[pk].events_held = n
    visits = Visit.objects.filter(community__in=ids, date__range=(start, end))
    for pk, purpose, n in visits.values_list("community_id", "purpose").annotate(n=Count("pk")):
        out[pk].visits += n
        out[pk].visits_by_purpose[purpose] = n
    disputes = Dispute.objects.filter(community__in=ids, received_on__range=(start, end))
    for row in (
        disputes.annotate(state=dispute_state_on(end))
        .values("community_id")
        .annotate(
            n=Count("pk"),
            closed=Count("pk", filter=Q(state__in=CLOSED_STATUSES)),
            settled=Count("pk", filter=Q(state=DisputeStatus.RESOLVED)),
        )
    ):
        out[row["community_id"]].disputes = row["n"]
        out[row["community_id"]].disputes_closed = row["closed"]
        out[row["community_id"]].disputes_settled = row["settled"]
    return out


# ---------------------------------------------------------------------------------------------
# The street office's completeness view: one grouped query per check, whatever the communities
# ---------------------------------------------------------------------------------------------


def unvisited_by_community(ids: list[int], on: date) -> dict[int, int]:
    """The monthly visiting duty on ``on`` per community (pk): 社区矫正 residents and hardship households due
    that day and not visited from the 1st up to it. Two queries."""
    first = on.replace(day=1)
    versions = resident_versions(on, community__in=ids).filter(active_on(on))
    correction = {
        row["community_id"]: row
        for row in Resident.objects.filter(pk__in=versions.filter(is_correction=True).values("id"))
        .values("community_id")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(_visited_resident(first, on))))
    }
    visited = Exists(Visit.objects.filter(date__range=(first, on), household=OuterRef("pk")))
    hardship = {
        row["community_id"]: row
        for row in Household.objects.filter(pk__in=versions.filter(is_hardship=True).values("household"))
        .values("community_id")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(visited)))
    }
    missing = {}
    for pk in ids:
        cr, hh = correction.get(pk, {}), hardship.get(pk, {})
        missing[pk] = (cr.get("due", 0) - cr.get("done", 0)) + (hh.get("due", 0) - hh.get("done", 0))
    return missing


def overdue_disputes_by_community(ids: list[int], on: date) -> dict[int, int]:
    """Disputes received by ``on``, past their deadline and still open on ``on``, per community (pk; none:
    absent). One query."""
    return dict(
        Dispute.objects.filter(community__in=ids, received_on__lte=on, deadline__lt=on)
        .alias(state=dispute_state_on(on))
        .filter(state__in=OPEN_STATUSES)
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )


def events_held_by_community(ids: list[int], start: date, end: date) -> dict[int, int]:
    """Events held between two dates per community (pk; none: absent). One query."""
    return dict(
        Event.objects.filter(community__in=ids, status=EventStatus.HELD, date__range=(start, end))
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )
