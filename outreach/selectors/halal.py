"""清真食品 oversight: scoped reads of the shops and canteens, their inspections and complaints, and
the as-of-date conditions their figures count by."""

from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from community.access import Access

from ..models import HalalComplaint, HalalEstablishment, HalalInspection, InspectionResult
from .liaison import in_force


def open_on(on: date, prefix: str = "") -> Q:
    """A shop or canteen open on ``on`` (opened on or before it, not closed by it)."""
    return in_force(on, f"{prefix}opened_on", f"{prefix}closed_on")


def rectification_open_on(on: date) -> Q:
    """An inspection made by ``on`` whose rectification was not done by then."""
    return Q(date__lte=on, result=InspectionResult.RECTIFY) & (
        Q(rectified_on__isnull=True) | Q(rectified_on__gt=on)
    )


def complaint_open_on(on: date) -> Q:
    return Q(received_on__lte=on) & (Q(handled_on__isnull=True) | Q(handled_on__gt=on))


def establishments_for(access: Access) -> QuerySet[HalalEstablishment]:
    """Shops and canteens with their inspection count, last inspection and open rectifications."""
    return (
        establishment_choices(access)
        .select_related("grid", "operator_ethnicity")
        .annotate(
            inspection_count=Count("inspections"),
            last_inspected=Max("inspections__date"),
            # Rectification dates are never in the future: not rectified yet means open today.
            open_rectifications=Count(
                "inspections",
                filter=Q(
                    inspections__result=InspectionResult.RECTIFY, inspections__rectified_on__isnull=True
                ),
            ),
        )
    )


def establishment_choices(access: Access) -> QuerySet[HalalEstablishment]:
    return HalalEstablishment.objects.filter(community=access.community).order_by("name")


def get_establishment_for(access: Access, pk) -> HalalEstablishment:
    row = establishments_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def inspections_for(access: Access) -> QuerySet[HalalInspection]:
    return HalalInspection.objects.filter(community=access.community).select_related("establishment")


def get_inspection_for(access: Access, pk) -> HalalInspection:
    row = inspections_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def complaints_for(access: Access) -> QuerySet[HalalComplaint]:
    return HalalComplaint.objects.filter(community=access.community).select_related("establishment")


def get_complaint_for(access: Access, pk) -> HalalComplaint:
    row = complaints_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row
