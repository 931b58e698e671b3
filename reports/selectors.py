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
