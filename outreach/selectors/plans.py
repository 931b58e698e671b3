"""Reads of the plan ledger, and plan against actual (the one place it is counted).

Plan progress is counted as the ledgers stood on a reference date ``on``: an activity item is held when an
event linked to it was held on or before ``on`` in the plan's year; a monthly visiting duty is done for the
months with a linked visit; a target is met by the year's propaganda totals or the volunteers on ``on``.
Held events of the year linked to no item of the plan are the unplanned extras.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.http import Http404

from community.access import Access
from community.models import Community

from ..models import (
    DUTY_PURPOSES,
    AmendmentAction,
    Duty,
    Event,
    EventStatus,
    JointVisit,
    Plan,
    PlanAmendment,
    PlanItem,
    PlanItemKind,
    Target,
    Visit,
)
from .ledgers import propaganda_totals, volunteer_figures, year_range

TARGET_FIELDS = {
    Target.LEAFLETS: "leaflets",
    Target.BANNERS: "banners",
    Target.BOARDS: "boards",
    Target.QUIZZES: "quizzes",
}


def plans_for(access: Access) -> QuerySet[Plan]:
    return Plan.objects.filter(community=access.community).select_related("approved_by")


def plan_of(community: Community, year: int) -> Plan | None:
    """The community's plan for ``year`` (None when none was started). One query."""
    return Plan.objects.filter(community=community, year=year).select_related("approved_by").first()


def items_of(plan: Plan) -> QuerySet[PlanItem]:
    """The plan's items in reading order: activities by month, then duties, then targets."""
    return plan.items.select_related("event_type").order_by("kind", "month", "event_type__order", "pk")


def get_item_for(access: Access, pk) -> PlanItem:
    item = (
        PlanItem.objects.filter(plan__community=access.community, pk=pk)
        .select_related("plan", "event_type")
        .first()
    )
    if item is None:
        raise Http404
    return item


def amendments_of(plan: Plan) -> QuerySet[PlanAmendment]:
    return plan.amendments.select_related("created_by").order_by("-created_at", "-pk")


def open_items(community: Community, years) -> QuerySet[PlanItem]:
    """Items an event or visit may carry out: not withdrawn, of the community's plans of ``years``."""
    return (
        PlanItem.objects.filter(
            plan__community=community, plan__year__in=list(years), withdrawn_on__isnull=True
        )
        .select_related("plan", "event_type")
        .order_by("-plan__year", "kind", "month", "pk")
    )


def suggest_item(community: Community, day: date, *, event_type=None, purpose: str = "") -> PlanItem | None:
    """The plan item an event of ``event_type`` (or a visit of ``purpose``) on ``day`` most likely carries
    out: an activity of that type in that month (else the nearest month not yet held), or the visiting
    duty of that purpose. One query."""
    items = open_items(community, [day.year])
    if event_type is not None:
        candidates = list(items.filter(kind=PlanItemKind.ACTIVITY, event_type=event_type))
        candidates.sort(key=lambda i: (abs(i.month - day.month), i.pk))
        return candidates[0] if candidates else None
    duties = [duty for duty, p in DUTY_PURPOSES.items() if p == purpose]
    return items.filter(kind=PlanItemKind.DUTY, duty__in=duties).first() if duties else None


@dataclass
class ItemProgress:
    """One item against what was done: ``planned`` times, ``done`` times (None: not tracked, a gap)."""

    item: PlanItem
    planned: int | None
    done: int | None
    due: int | None = None  # how many of the planned were due by the reference date
    events: list = field(default_factory=list)
    state: str = "pending"  # done, partly, missed, pending, withdrawn
    reason: str = ""

    STATE_LABELS = {
        "done": "已完成",
        "partly": "部分完成",
        "missed": "未完成",
        "pending": "进行中",
        "withdrawn": "已取消",
    }

    @property
    def state_label(self) -> str:
        return self.STATE_LABELS[self.state]


@dataclass
class MonthProgress:
    month: int
    planned: int = 0
    held: int = 0
    extras: int = 0


@dataclass
class TypeProgress:
    """The plan's activities of one event type: planned, held, not held (missed or withdrawn), and the
    events of the type held outside the plan."""

    name: str
    planned: int = 0
    held: int = 0
    not_held: int = 0
    extras: int = 0


@dataclass
class PlanProgress:
    """The plan of a year against the ledgers on ``on``."""

    plan: Plan | None
    year: int
    on: date
    items: list[ItemProgress] = field(default_factory=list)
    extras: list = field(default_factory=list)  # held events of the year carrying out no plan item

    def of_kind(self, kind) -> list[ItemProgress]:
        return [p for p in self.items if p.item.kind == kind]

    @property
    def activities(self) -> list[ItemProgress]:
        return self.of_kind(PlanItemKind.ACTIVITY)

    @property
    def duties(self) -> list[ItemProgress]:
        return self.of_kind(PlanItemKind.DUTY)

    @property
    def targets(self) -> list[ItemProgress]:
        return self.of_kind(PlanItemKind.TARGET)

    @property
    def planned_activities(self) -> int:
        """计划活动项数: the activity items of the plan, withdrawn ones included (they were planned)."""
        return len(self.activities)

    @property
    def held_activities(self) -> int:
        return sum(1 for p in self.activities if p.state == "done")

    @property
    def pending_activities(self) -> int:
        """Activity items whose month is not over yet and not yet held (neither held nor missed)."""
        return sum(1 for p in self.activities if p.state == "pending")

    @property
    def not_held(self) -> list[ItemProgress]:
        """Activity items due by ``on`` (or withdrawn) and not held, each with its reason."""
        return [p for p in self.activities if p.state in ("missed", "withdrawn")]

    @property
    def by_type(self) -> list[TypeProgress]:
        """Per event type (by name, in the order the plan's activities name them, then the extras')."""
        types: dict[str, TypeProgress] = {}
        for p in self.activities:
            row = types.setdefault(p.item.event_type.name, TypeProgress(p.item.event_type.name))
            row.planned += 1
            row.held += p.state == "done"
            row.not_held += p.state in ("missed", "withdrawn")
        for event in self.extras:
            types.setdefault(event.type.name, TypeProgress(event.type.name)).extras += 1
        return list(types.values())

    @property
    def by_month(self) -> list[MonthProgress]:
        months = {m: MonthProgress(m) for m in range(1, 13)}
        for p in self.activities:
            if p.state != "withdrawn":
                months[p.item.month].planned += 1
                months[p.item.month].held += p.state == "done"
        for event in self.extras:
            months[event.date.month].extras += 1
        return list(months.values())


def _month_end(year: int, month: int) -> date:
    return (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _months_due(year: int, on: date) -> int:
    """Whole or current months of ``year`` up to ``on`` (a monthly duty is due once in each)."""
    if on.year < year:
        return 0
    return 12 if on.year > year else on.month


def plan_progress(community: Community, year: int, on: date) -> PlanProgress:
    """Plan against actual for ``year`` as the ledgers stood on ``on``.

    A fixed number of queries whatever the number of items and events: the plan, its items, the linked
    held events, the linked visits' months, (with a joint-visit duty) the liaison register's joint-visit
    months, the unplanned events, the withdrawals, the propaganda totals and (when a volunteer target is
    set) the volunteers (two).
    """
    start, end = year_range(year)
    end = min(end, on)
    progress = PlanProgress(plan=plan_of(community, year), year=year, on=on)
    held = Event.objects.filter(community=community, status=EventStatus.HELD, date__range=(start, end))
    if progress.plan is None:
        progress.extras = list(held.select_related("type").order_by("date", "pk"))
        return progress
    plan = progress.plan
    items = list(items_of(plan))
    ids = [i.pk for i in items]
    events: dict[int, list] = {}
    for event in held.filter(plan_item__in=ids).select_related("type").order_by("date", "pk"):
        events.setdefault(event.plan_item_id, []).append(event)
    visit_months: dict[int, set] = {}
    visits = Visit.objects.filter(community=community, plan_item__in=ids, date__range=(start, end))
    for item_id, month in visits.annotate(m=ExtractMonth("date")).values_list("plan_item_id", "m").distinct():
        visit_months.setdefault(item_id, set()).add(month)
    joint = [i.pk for i in items if i.kind == PlanItemKind.DUTY and i.duty == Duty.JOINT_VISIT]
    if joint:  # the monthly joint visit with the mosque is done in a month the liaison register has one
        registered = JointVisit.objects.filter(community=community, date__range=(start, end))
        months = set(registered.annotate(m=ExtractMonth("date")).values_list("m", flat=True).distinct())
        for item_id in joint:
            visit_months.setdefault(item_id, set()).update(months)
    progress.extras = list(held.exclude(plan_item__plan=plan).select_related("type").order_by("date", "pk"))
    withdrawn = dict(
        PlanAmendment.objects.filter(plan=plan, action=AmendmentAction.WITHDRAW).values_list(
            "item_id", "reason"
        )
    )
    totals = propaganda_totals(community, start, end) if items else None
    volunteers = (
        volunteer_figures(community, end).members
        if any(i.target == Target.VOLUNTEERS for i in items) and on >= start
        else None
    )
    months_due = _months_due(year, on)
    for item in items:
        p = ItemProgress(item=item, planned=1, done=0, events=events.get(item.pk, []))
        if item.kind == PlanItemKind.ACTIVITY:
            p.done = len(p.events)
            p.due = int(on >= _month_end(year, item.month))  # due once its month is over
            p.state = "done" if p.done else ("missed" if p.due else "pending")
        elif item.is_monthly_visit:
            p.planned = 1 if item.month else 12
            covered = visit_months.get(item.pk, set())
            p.done = len(covered & {item.month}) if item.month else len(covered)
            p.due = (1 if months_due >= item.month else 0) if item.month else months_due
            p.state = _count_state(p)
        elif item.kind == PlanItemKind.DUTY:
            p.planned = item.quantity
            p.done = len(p.events) + len(visit_months.get(item.pk, ()))
            p.due = item.quantity if months_due == 12 else None
            p.state = _count_state(p)
        else:
            p.planned = item.quantity
            p.done = (
                volunteers
                if item.target == Target.VOLUNTEERS
                else getattr(totals, TARGET_FIELDS[item.target])
            )
            p.due = item.quantity if months_due == 12 else None
            p.state = _count_state(p)
        if item.withdrawn_on:
            p.state, p.reason = "withdrawn", withdrawn.get(item.pk, "")
        elif p.state in ("missed", "partly"):
            p.reason = item.shortfall
        progress.items.append(p)
    return progress


def _count_state(p: ItemProgress) -> str:
    if p.done is None:
        return "pending"
    if p.planned and p.done >= p.planned:
        return "done"
    if p.due and p.done < p.due:
        return "missed" if p.done == 0 else "partly"
    return "pending"


@dataclass
class MonthlyDuty:
    item: PlanItem
    visits: int  # visits carrying it out in the month

    @property
    def done(self) -> bool:
        return self.visits > 0


def monthly_duties(community: Community, month: date, *, restricted: bool) -> list[MonthlyDuty]:
    """The plan's visiting duties due in ``month`` (every month, or that one), each with the visits that
    carried it out that month; the 帮教 duty only for roles that may see correction (``restricted``).
    Two queries."""
    first = month.replace(day=1)
    items = [
        item
        for item in open_items(community, [month.year]).filter(
            kind=PlanItemKind.DUTY, duty__in=list(DUTY_PURPOSES)
        )
        if item.month in (None, month.month) and (restricted or DUTY_PURPOSES[item.duty] != "correction")
    ]
    if not items:
        return []
    end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    counts = dict(
        Visit.objects.filter(plan_item__in=items, date__range=(first, end))
        .values_list("plan_item_id")
        .annotate(n=Count("pk"))
    )
    return [MonthlyDuty(item, counts.get(item.pk, 0)) for item in items]
