"""Past figures read the register's recorded versions; rows written in bulk get theirs too."""

from datetime import date, timedelta

from django.utils import timezone

from residents.history import record_missing_versions
from residents.models import Resident
from residents.selectors import counted_residents
from tests.factories import HouseholdFactory, valid_id


def test_residents_written_in_bulk_count_on_past_dates_once_their_versions_are_recorded(world):
    household = HouseholdFactory(community=world.a)
    Resident.objects.bulk_create(
        Resident(
            community=world.a,
            household=household,
            name=f"批量{i}",
            sex="M",
            birth_date=date(1980, 1, 2),
            id_number=valid_id(),
            ethnicity_id="03",
            relation="other",
        )
        for i in range(3)
    )
    last_month = timezone.localdate() - timedelta(days=30)
    assert counted_residents(world.a, last_month).count() == 0  # no recorded version: unknown to the past
    assert record_missing_versions(Resident, community_id=world.a.pk) == 3
    assert counted_residents(world.a, last_month).count() == 3
    assert record_missing_versions(Resident, community_id=world.a.pk) == 0  # once
