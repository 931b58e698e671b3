"""Hardship households for tests, made straight in the database (the pages are tested through the services)."""

from datetime import date
from decimal import Decimal

from residents.hardship.models import HardshipHelp, HardshipHousehold, Pairing
from tests.factories import HouseholdFactory, ResidentFactory


def make_hardship(
    *, household=None, community=None, since=date(2025, 1, 10), ethnicities=("03", "01"), **fields
):
    """A household with one member per ethnicity code (the first is the head), recognised from ``since``."""
    if household is None:
        household = HouseholdFactory(community=community)
        for index, code in enumerate(ethnicities):
            ResidentFactory(household=household, ethnicity=code, relation="head" if index == 0 else "other")
    fields.setdefault("causes", ["illness"])
    return HardshipHousehold.objects.create(
        community=household.community, household=household, since=since, **fields
    )


def make_help(record, *, given_on, amount="500.00", source="street", kind="money"):
    return HardshipHelp.objects.create(
        hardship=record,
        kind=kind,
        amount=Decimal(amount) if amount else None,
        given_on=given_on,
        source=source,
        handed_over_by="社区主任",
    )


def make_pairing(record, *, since=date(2025, 2, 1), ended_on=None):
    return Pairing.objects.create(
        hardship=record, helper_kind="party_member", helper_name="党员李某", since=since, ended_on=ended_on
    )
