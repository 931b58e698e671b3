"""Floating residents for tests: a stay made straight in the database (the pages are tested through
the services)."""

from datetime import date

from residents.floating.models import FloatingResident, ServiceRecord
from residents.models import ResidenceType
from tests.factories import ResidentFactory


def make_stay(*, household=None, resident=None, arrived_on=date(2025, 3, 1), origin="622900", **fields):
    if resident is None:
        resident = ResidentFactory(
            household=household,
            residence_type=ResidenceType.FLOATING,
            relation=fields.pop("relation", "head"),
            ethnicity=fields.pop("ethnicity", "03"),
        )
    stay = FloatingResident(
        community=resident.community,
        resident=resident,
        arrived_on=arrived_on,
        origin=origin,
        reason=fields.pop("reason", "work"),
        housing=fields.pop("housing", "rented"),
        **fields,
    )
    stay.save()
    return stay


def make_service(stay, *, served_on, household=False, kind="visit"):
    return ServiceRecord.objects.create(
        community=stay.community,
        kind=kind,
        served_on=served_on,
        served_by="网格员",
        resident=None if household else stay.resident,
        household=stay.resident.household if household else None,
    )
