"""community.counts: many counts in one query, each what QuerySet.count() says."""

from django.db.models import Count

from community.counts import counts
from residents.models import Household, Resident
from tests.factories import HouseholdFactory, ResidentFactory


def test_counts_equal_each_querysets_count_in_one_query(world, count_queries):
    for i in range(3):
        household = HouseholdFactory(community=world.a)
        for _ in range(i + 1):
            ResidentFactory(household=household, ethnicity="03" if i else "01")
    querysets = {
        "residents": Resident.objects.filter(community=world.a).select_related("household").order_by("name"),
        "minority": Resident.objects.filter(community=world.a).exclude(ethnicity="01"),
        "grouped": Household.objects.filter(community=world.a).annotate(n=Count("members")).filter(n__gt=1),
        "distinct": Resident.objects.filter(community=world.a).values("household").distinct(),
        "nothing": Resident.objects.filter(pk__in=[]),
        "elsewhere": Resident.objects.filter(community=world.b),
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    assert expected == {
        "residents": 6,
        "minority": 5,
        "grouped": 2,
        "distinct": 3,
        "nothing": 0,
        "elsewhere": 0,
    }
    result = {}
    assert count_queries(lambda: result.update(counts(querysets))) == 1
    assert result == expected
    assert counts({}) == {}
