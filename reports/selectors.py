"""Scoped reads of the report archive."""

from django.db.models import QuerySet
from django.http import Http404

from .models import ReportArchive


def archives_for_community(community) -> QuerySet[ReportArchive]:
    return (
        ReportArchive.objects.filter(community=community)
        .select_related("created_by", "signed_by", "submission", "submission__decided_by")
        .order_by("-created_at")
    )


def get_archive(community, pk) -> ReportArchive:
    archive = archives_for_community(community).filter(pk=pk).first()
    if archive is None:
        raise Http404
    return archive


def latest_archives_for_street(street, year: int) -> list[ReportArchive]:
    """The newest version of each report of each community of ``street`` for ``year``."""
    rows = (
        ReportArchive.objects.filter(community__street=street, year=year)
        .select_related("community")
        .order_by("community__name", "report", "content_type", "-version")
    )
    latest = {}
    for archive in rows:
        latest.setdefault((archive.community_id, archive.report, archive.content_type), archive)
    return list(latest.values())


def street_archives(street) -> QuerySet[ReportArchive]:
    return ReportArchive.objects.filter(street=street).select_related("created_by").order_by("-created_at")


# ---------------------------------------------------------------------------------------------
# Dashboard breakdowns of the registry, built on residents.selectors' counting rules.
# ---------------------------------------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402

from django.db.models import Count, Q  # noqa: E402

from residents.models import CATEGORIES, ResidenceType, Status  # noqa: E402
from residents.selectors import (  # noqa: E402
    MINORITY,
    active_on,
    counted_versions,
    percent,
    resident_versions,
)


@dataclass
class EthnicRow:
    code: str
    name: str
    registered: int
    floating: int


def ethnic_composition(community, on: date) -> list[EthnicRow]:
    """Residents on the register by ethnicity and residence type (常住 and 流动), largest first. One query."""
    rows = {}
    for row in (
        resident_versions(on, community=community)
        .filter(active_on(on))
        .values("ethnicity_id", "ethnicity__name", "residence_type")
        .annotate(n=Count("id"))
    ):
        entry = rows.setdefault(
            row["ethnicity_id"], EthnicRow(row["ethnicity_id"], row["ethnicity__name"], 0, 0)
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


def population_by_grid(community, on: date) -> list[GridRow]:
    """常住 persons, minority persons and households per grid (grids without residents included). Two queries."""
    from grids.models import Grid

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


def category_counts(community, on: date, *, include_restricted: bool) -> list[tuple[str, str, int]]:
    """(field, label, count of 常住 residents) per ledger category. One query."""
    fields = [(f, label) for f, label, restricted in CATEGORIES if include_restricted or not restricted]
    totals = counted_versions(on, community=community).aggregate(
        **{f: Count("id", filter=Q(**{f: True})) for f, _ in fields}
    )
    return [(f, str(label), totals[f]) for f, label in fields]


@dataclass
class Changes:
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


def changes_since(community, since: date, on: date) -> Changes:
    """What changed between two dates: headline counts then and now, registrations (登记日期), departures
    and deaths after ``since`` up to ``on``. Three queries."""
    then = counted_versions(since, community=community).aggregate(
        n=Count("id"), m=Count("id", filter=MINORITY)
    )
    now = counted_versions(on, community=community).aggregate(n=Count("id"), m=Count("id", filter=MINORITY))
    moves = resident_versions(on, community=community).aggregate(
        arrived=Count("id", filter=Q(moved_in_on__gt=since, moved_in_on__lte=on)),
        left=Count("id", filter=Q(status=Status.MOVED_OUT, status_date__gt=since, status_date__lte=on)),
        died=Count("id", filter=Q(status=Status.DECEASED, status_date__gt=since, status_date__lte=on)),
    )
    return Changes(since, then["n"], now["n"], then["m"], now["m"], **moves)
