"""``community.constraints.dated_range``: the one helper behind every "ends on or after it starts" check
of the registers, enforced by the database itself (both SQLite and PostgreSQL)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from community.constraints import dated_range
from outreach.models import Facility, HalalEstablishment, ReligiousSite
from tests.outreach.factories import EstablishmentFactory, FacilityFactory, SiteFactory


def test_the_condition_is_the_one_the_migrations_hold():
    assert dated_range("since", "until", name="x").condition == Q(until__isnull=True) | Q(
        until__gte=F("since")
    )
    assert dated_range("since", "closed_on", name="x", start_optional=True).condition == (
        Q(closed_on__isnull=True) | Q(since__isnull=True) | Q(closed_on__gte=F("since"))
    )


def _refused(model, pk, **dates):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**dates)


def test_the_database_refuses_an_end_before_the_start(world):
    facility = FacilityFactory(community=world.a, since=date(2026, 3, 1))
    _refused(Facility, facility.pk, until=date(2026, 2, 28))
    Facility.objects.filter(pk=facility.pk).update(until=date(2026, 3, 1))  # the same day is fine
    shop = EstablishmentFactory(community=world.a, opened_on=date(2020, 1, 1))
    _refused(HalalEstablishment, shop.pk, closed_on=date(2019, 12, 31))


def test_an_optional_start_lets_an_end_stand_alone(world):
    site = SiteFactory(community=world.a, since=None)
    ReligiousSite.objects.filter(pk=site.pk).update(closed_on=date(2026, 1, 1))  # since unknown: allowed
    _refused(ReligiousSite, site.pk, since=date(2026, 6, 1))  # now known, and after the closing
