"""民族团结进步创建: scoped reads of the 示范 records, commendations, facilities, funding and training,
and the as-of-date conditions their figures count by."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from community.access import Access

from ..models import Commendation, Facility, Funding, FundingReceipt, Honour, Training
from .liaison import in_force


def named_on(on: date) -> Q:
    """A 示范 named on or before ``on`` and not revoked by then."""
    return Q(named_on__lte=on) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))


def facility_in_use(on: date) -> Q:
    return in_force(on, "since", "until")


def honours_for(access: Access) -> QuerySet[Honour]:
    return Honour.objects.filter(community=access.community).select_related(
        "household__compound",
        "household__building",
        "household__unit",
        "household__grid",
        "building__compound",
        "unit__building__compound",
        "workplace",
    )


def get_honour_for(access: Access, pk) -> Honour:
    row = honours_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def commendations_for(access: Access) -> QuerySet[Commendation]:
    return Commendation.objects.filter(community=access.community).select_related("resident")


def get_commendation_for(access: Access, pk) -> Commendation:
    row = commendations_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def facilities_for(access: Access) -> QuerySet[Facility]:
    return Facility.objects.filter(community=access.community)


def get_facility_for(access: Access, pk) -> Facility:
    row = facilities_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def funding_for(access: Access) -> QuerySet[Funding]:
    return Funding.objects.filter(community=access.community).annotate(receipt_count=Count("receipts"))


def get_funding_for(access: Access, pk) -> Funding:
    row = funding_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def get_receipt_for(access: Access, pk) -> FundingReceipt:
    row = (
        FundingReceipt.objects.filter(pk=pk, funding__community=access.community)
        .select_related("funding")
        .first()
    )
    if row is None:
        raise Http404
    return row


def trainings_for(access: Access) -> QuerySet[Training]:
    return (
        Training.objects.filter(community=access.community)
        .annotate(trainee_count=Count("trainees"))
        .prefetch_related("trainees")
    )


def get_training_for(access: Access, pk) -> Training:
    row = trainings_for(access).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row
