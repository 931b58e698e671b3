"""Religious liaison: scoped reads of the religious figures, joint visits and talks, the monthly
joint-visit duties (due / done / overdue), and the as-of-date conditions their figures count by."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from community.access import Access
from community.models import Community

from ..models import Event, EventStatus, FigureRole, JointVisit, ReligiousFigure, ReligiousSite
from .ledgers import events_for, sites_for


def in_force(on: date, start: str, end: str, *, open_start: bool = False) -> Q:
    """Rows that existed on ``on``: started on or before it and not ended by it.

    ``end`` is the first day a row no longer counts (a site closed, a figure who left, a shop shut).
    ``open_start``: a missing start date means "before the ledger began" (counted on every date).
    """
    started = Q(**{f"{start}__lte": on})
    if open_start:
        started |= Q(**{f"{start}__isnull": True})
    return started & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


def site_in_force(on: date, prefix: str = "") -> Q:
    return in_force(on, f"{prefix}since", f"{prefix}closed_on", open_start=True)


def figure_in_force(on: date) -> Q:
    """A religious figure serving on ``on`` at a site that existed then."""
    return in_force(on, "since", "left_on") & site_in_force(on, "site__")


# ---------------------------------------------------------------------------------------------
# Scoped querysets
# ---------------------------------------------------------------------------------------------


def role_order() -> Case:
    """阿訇 first, then the committee's chair, vice-chair and members (the order of FigureRole)."""
    return Case(
        *[When(role=value, then=Value(i)) for i, value in enumerate(FigureRole.values)],
        output_field=IntegerField(),
    )


def figures_for(access: Access) -> QuerySet[ReligiousFigure]:
    """Religious figures of the sites the user sees (grid workers: the sites of their grids)."""
    return (
        ReligiousFigure.objects.filter(community=access.community, site__in=sites_for(access).values("pk"))
        .select_related("site", "ethnicity", "resident__ethnicity")
        .annotate(role_order=role_order())
    )


def site_figures(site: ReligiousSite) -> QuerySet[ReligiousFigure]:
    """A site's figures, serving ones first, each in the order of their role."""
    return (
        site.figures.select_related("ethnicity", "resident__ethnicity")
        .annotate(role_order=role_order())
        .order_by(F("left_on").asc(nulls_first=True), "role_order", "name", "pk")
    )


def get_figure_for(access: Access, pk) -> ReligiousFigure:
    figure = figures_for(access).filter(pk=pk).first()
    if figure is None:
        raise Http404
    return figure


def joint_visits_for(access: Access) -> QuerySet[JointVisit]:
    return (
        JointVisit.objects.filter(community=access.community, site__in=sites_for(access).values("pk"))
        .select_related("site")
        .prefetch_related("staff", "figures")
    )


def get_joint_visit_for(access: Access, pk) -> JointVisit:
    visit = joint_visits_for(access).filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def with_religious_figures() -> Exists:
    return Exists(Event.religious_figures.through.objects.filter(event_id=OuterRef("pk")))


def talks_for(access: Access) -> QuerySet[Event]:
    """Events (座谈, 谈心) that religious figures took part in, each with those figures."""
    return (
        events_for(access)
        .filter(with_religious_figures())
        .prefetch_related(Prefetch("religious_figures", ReligiousFigure.objects.select_related("site")))
    )


def talks(community: Community, start: date, end: date) -> QuerySet[Event]:
    """Held events between two dates with at least one religious figure taking part."""
    return Event.objects.filter(
        with_religious_figures(), community=community, status=EventStatus.HELD, date__range=(start, end)
    )


# ---------------------------------------------------------------------------------------------
# The monthly joint-visit duty
# ---------------------------------------------------------------------------------------------

DONE, DUE, OVERDUE = "done", "due", "overdue"
STATUS_LABELS = {DONE: "已走访", DUE: "待走访", OVERDUE: "逾期未走访"}


def month_start(on: date) -> date:
    return on.replace(day=1)


def month_end(on: date) -> date:
    return (on.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def next_month(on: date) -> date:
    return month_end(on) + timedelta(days=1)


@dataclass
class Duty:
    """One month's joint visit owed by one site; ``visits`` are those made that month by ``on``."""

    site: ReligiousSite
    month: date  # the first day of the month
    status: str
    visits: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def due_on(self) -> date:
        return month_end(self.month)


def duty_months(site: ReligiousSite, start: date, end: date) -> list[date]:
    """The months between two dates in which ``site`` owes a joint visit.

    The duty runs from the month of ``joint_visits_from`` for every month the site is open on the
    month's first day. (A plan ledger may later supply these months instead.)
    """
    if site.joint_visits_from is None:
        return []
    month = max(month_start(start), month_start(site.joint_visits_from))
    months = []
    while month <= end:
        if site.closed_on is None or site.closed_on > month:
            months.append(month)
        month = next_month(month)
    return months


def joint_visits_by_community(ids: list[int], start: date, on: date) -> dict[int, tuple[int, int]]:
    """Per community (pk) with monthly joint visits arranged: (overdue months, sites due this month) of the
    duties between ``start`` and ``on``; a community with none arranged is absent. Three queries."""
    sites = ReligiousSite.objects.filter(community__in=ids, joint_visits_from__isnull=False).select_related(
        "community"
    )
    out: dict[int, tuple[int, int]] = {}
    for d in joint_visit_duties(None, start, on, sites=list(sites)):
        overdue, due = out.get(d.site.community_id, (0, 0))
        out[d.site.community_id] = (overdue + (d.status == OVERDUE), due + (d.status == DUE))
    return out


def joint_visit_duties(community: Community | None, start: date, on: date, sites=None) -> list[Duty]:
    """Every site-month owed between ``start`` and ``on`` (up to ``on``'s month), as it stood on ``on``.

    Done: a joint visit of the site dated in that month, on or before ``on``. Overdue: a month that
    ended before ``on`` with none. Due: the month of ``on`` (its last day included), not yet visited. ``sites`` defaults to the
    community's (pass those of several communities for a street's view). Two queries.
    """
    if sites is None:
        sites = ReligiousSite.objects.filter(community=community, joint_visits_from__isnull=False)
    sites = [s for s in sites if s.joint_visits_from is not None and s.joint_visits_from <= month_end(on)]
    by_site_month: dict[tuple[int, date], list] = {}
    visits = JointVisit.objects.filter(
        site__in=[s.pk for s in sites], date__range=(month_start(start), on)
    ).order_by("date", "pk")
    for visit in visits:
        by_site_month.setdefault((visit.site_id, month_start(visit.date)), []).append(visit)
    duties = []
    for site in sites:
        for month in duty_months(site, start, on):
            made = by_site_month.get((site.pk, month), [])
            status = DONE if made else OVERDUE if month_end(month) < on else DUE
            duties.append(Duty(site=site, month=month, status=status, visits=made))
    return sorted(duties, key=lambda d: (d.month, d.site.name))
