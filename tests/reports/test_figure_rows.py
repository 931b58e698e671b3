"""The rows page behind a figure: any kind of row, the same queries for 5 rows as for 50, junk keys 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import EventFactory
from tests.welfare.factories import CaseFactory


def _people(world, n):
    household = HouseholdFactory(community=world.a)
    people = [ResidentFactory(household=household, ethnicity="03", relation="other") for _ in range(n)]
    for person in people:
        CaseFactory(resident=person)
        EventFactory(community=world.a, date=timezone.localdate())
    return people


@pytest.mark.parametrize(
    ("key", "queries"),
    [
        # session, user, community, membership; the row count; the page's rows with their joins; the user's
        # communities (switcher)
        ("registered", 7),
        ("welfare_persons:dibao", 9),  # … and the benefit type named by the key (for the rows and the title)
        ("events", 7),
    ],
)
def test_the_rows_page_costs_the_same_queries_for_5_and_50_rows(
    world, client_for, count_queries, key, queries
):
    client = client_for("secretary")
    url = reverse("reports:figure_rows", kwargs={"code": "HLS", "key": key})
    _people(world, 5)
    client.get(url)  # warm up: session, permissions cache
    five = count_queries(lambda: client.get(url))
    _people(world, 45)
    fifty = count_queries(lambda: client.get(url))
    assert client.get(url).context["page"].paginator.count == 50
    assert five == fifty == queries, (five, fifty)


@pytest.mark.parametrize(
    "key",
    [
        "nope",
        "grid:abc",
        "grid:999",
        "ethnicity:zz",
        "welfare_persons:nope",
        "events_month:2026-13",
        "disputes_state:x",
        "arrived:yesterday",
    ],
)
def test_a_key_that_names_nothing_is_404(world, client_for, key):
    response = client_for("secretary").get(reverse("reports:figure_rows", kwargs={"code": "HLS", "key": key}))
    assert response.status_code == 404


def test_restricted_rows_need_the_restricted_permission_and_are_audited(world, client_for):
    from community.models import AuditLog
    from residents.models import Resident

    ResidentFactory(household=HouseholdFactory(community=world.a), is_correction=True)
    url = reverse("reports:figure_rows", kwargs={"code": "HLS", "key": "category:is_correction"})
    response = client_for("secretary").get(url)
    assert (
        response.status_code == 200 and response.context["page"].paginator.count == Resident.objects.count()
    )
    assert AuditLog.objects.filter(
        action="resident.view_restricted", data__list="category:is_correction"
    ).exists()
