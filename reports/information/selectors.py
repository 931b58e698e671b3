"""Reads of the information reports, scoped: a community's own, or every community of a street office.

Overdue: waiting for the street's acknowledgement (待签收) longer than its urgency allows (ACK_WITHIN).
Counts by category and month count the reports *submitted* in the period up to the reference date.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from community.models import Community

from ..models import InfoCategory, InformationReport, InfoStatus, InfoUrgency

#: How long the street office has to acknowledge a report, by urgency.
ACK_WITHIN = {
    InfoUrgency.CRITICAL: timedelta(hours=2),
    InfoUrgency.URGENT: timedelta(hours=24),
    InfoUrgency.NORMAL: timedelta(days=3),
}


def overdue_q(now: datetime | None = None) -> Q:
    """Reports waiting for acknowledgement past their urgency's limit."""
    now = now or timezone.now()
    return Q(status=InfoStatus.PENDING) & (
        Q(urgency=InfoUrgency.CRITICAL, waiting_since__lt=now - ACK_WITHIN[InfoUrgency.CRITICAL])
        | Q(urgency=InfoUrgency.URGENT, waiting_since__lt=now - ACK_WITHIN[InfoUrgency.URGENT])
        | Q(urgency=InfoUrgency.NORMAL, waiting_since__lt=now - ACK_WITHIN[InfoUrgency.NORMAL])
    )


def is_overdue(report: InformationReport, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return report.status == InfoStatus.PENDING and now - report.waiting_since > ACK_WITHIN[report.urgency]


def for_community(community) -> QuerySet[InformationReport]:
    return InformationReport.objects.filter(community=community).select_related(
        "submitted_by", "acknowledged_by"
    )


def for_street(street) -> QuerySet[InformationReport]:
    return InformationReport.objects.filter(community__street=street).select_related(
        "community", "submitted_by", "acknowledged_by"
    )


def filtered(queryset, params) -> QuerySet[InformationReport]:
    """The list's filters: category, status (``overdue`` too), year and month of submission, a search."""
    category, status, q = (
        params.get("category", ""),
        params.get("status", ""),
        params.get("q", "").strip()[:50],
    )
    if category in InfoCategory.values:
        queryset = queryset.filter(category=category)
    if status == "overdue":
        queryset = queryset.filter(overdue_q())
    elif status in InfoStatus.values:
        queryset = queryset.filter(status=status)
    year, month = params.get("year", ""), params.get("month", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        start, end = _bounds(int(year), int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
        queryset = queryset.filter(submitted_at__gte=start, submitted_at__lt=end)
    if q:
        queryset = queryset.filter(Q(title__contains=q) | Q(text__contains=q) | Q(informant__contains=q))
    return queryset


def _bounds(year: int, month: int | None) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    if month is None:
        return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return datetime(year, month, 1, tzinfo=tz), end


SORTS = {
    "submitted": "-submitted_at",
    "-submitted": "submitted_at",
    "urgency": "urgency",
    "category": "category",
}


@dataclass
class Counts:
    """Reports submitted in the year up to the reference date: by category, and by category and month."""

    year: int
    by_category: dict[str, int]
    by_month: dict[int, dict[str, int]]  # month → category → n
    total: int


def counts(communities_q: Q, year: int, on: date) -> Counts:
    """One query. ``on`` cuts the year (a report submitted after the reference date is not counted)."""
    start, _end = _bounds(year, None)
    end = datetime.combine(on + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    rows = (
        InformationReport.objects.filter(communities_q, submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=ExtractMonth("submitted_at"))
        .values("month", "category")
        .annotate(n=Count("pk"))
    )
    by_month: dict[int, dict[str, int]] = {m: dict.fromkeys(InfoCategory.values, 0) for m in range(1, 13)}
    by_category = dict.fromkeys(InfoCategory.values, 0)
    for row in rows:
        by_month[row["month"]][row["category"]] += row["n"]
        by_category[row["category"]] += row["n"]
    return Counts(year, by_category, by_month, sum(by_category.values()))


def pending_counts(communities_q: Q) -> tuple[int, int]:
    """(待签收, of which overdue) across the scope. One query."""
    row = InformationReport.objects.filter(communities_q).aggregate(
        pending=Count("pk", filter=Q(status=InfoStatus.PENDING)), overdue=Count("pk", filter=overdue_q())
    )
    return row["pending"], row["overdue"]


def street_table(street, year: int, on: date) -> list[dict]:
    """Per community of ``street``: the year's reports by category up to ``on``, and (live) the reports
    waiting for acknowledgement and those overdue. Three queries."""
    communities = list(Community.objects.filter(street=street).order_by("name"))
    start, _end = _bounds(year, None)
    end = datetime.combine(on + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    per: dict[int, dict[str, int]] = {c.pk: dict.fromkeys(InfoCategory.values, 0) for c in communities}
    for row in (
        InformationReport.objects.filter(
            community__street=street, submitted_at__gte=start, submitted_at__lt=end
        )
        .values("community_id", "category")
        .annotate(n=Count("pk"))
    ):
        per[row["community_id"]][row["category"]] = row["n"]
    waiting = {
        row["community_id"]: row
        for row in InformationReport.objects.filter(community__street=street)
        .values("community_id")
        .annotate(
            pending=Count("pk", filter=Q(status=InfoStatus.PENDING)), overdue=Count("pk", filter=overdue_q())
        )
    }
    return [
        {
            "community": c,
            "categories": [per[c.pk][v] for v in InfoCategory.values],
            "total": sum(per[c.pk].values()),
            "pending": waiting.get(c.pk, {}).get("pending", 0),
            "overdue": waiting.get(c.pk, {}).get("overdue", 0),
        }
        for c in communities
    ]
