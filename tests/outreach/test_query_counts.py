"""Every outreach list answers in the same number of queries for 5 rows as for 50.

The five queries common to every page ("base"): session, user, community and membership (access),
and the community switcher of the top bar. Then per page: the paginator's count, the page's rows, one prefetch per
many-to-many shown, and the page's figures (events by type: 2, propaganda totals: 1, disputes: 2,
volunteers: 2, unit and site counts: 2).
"""

import datetime

import pytest

from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import (
    AgreementFactory,
    DisputeFactory,
    EventFactory,
    MemberFactory,
    OrganisationFactory,
    PropagandaFactory,
    SiteFactory,
    UnitFactory,
    VisitFactory,
)

TODAY = datetime.date.today()


def _resident(world, **extra):
    return ResidentFactory(household=HouseholdFactory(community=world.a), **extra)


def _events(world, n):
    for _ in range(n):
        EventFactory(community=world.a, date=TODAY).participants.add(_resident(world, ethnicity="03"))


def _visits(world, n):
    for _ in range(n):
        visit = VisitFactory(community=world.a, resident=_resident(world))
        visit.household = visit.resident.household
        visit.save()
        visit.visitors.add(world.users["staff"])


def _checklist(world, n):
    for i in range(n):
        _resident(world, is_correction=True)
        _resident(world, is_hardship=True)
        if i % 2:
            VisitFactory(community=world.a, date=TODAY)


def _disputes(world, n):
    for _ in range(n):
        DisputeFactory(community=world.a).parties.add(_resident(world))


def _organisation(world, n):
    organisation = world.extra.setdefault("organisation", OrganisationFactory(community=world.a))
    for _ in range(n):
        MemberFactory(organisation=organisation, resident=_resident(world), name="")
    return {"pk": organisation.pk}


def _event_detail(world, n):
    event = world.extra.setdefault("event", EventFactory(community=world.a))
    for _ in range(n):
        event.participants.add(_resident(world, ethnicity="26"))
    return {"pk": event.pk}


# path, persona, add(world, n) -> extra url kwargs, query count
CASES = {
    # base, event types (filter), count, rows, events by type (2), propaganda totals
    "events": ("/c/HLS/outreach/", "staff", _events, 11),
    # base, count, rows, propaganda totals
    "propaganda": (
        "/c/HLS/outreach/propaganda/",
        "staff",
        lambda w, n: [PropagandaFactory(community=w.a) for _ in range(n)],
        8,
    ),
    # base, count, rows, visitors prefetch
    "visits": ("/c/HLS/outreach/visits/", "staff", _visits, 8),
    # base, correction due + missing, hardship per grid (the tabs), one grid's page: count + rows + members
    # prefetch, audit row, the plan's monthly duties (no plan: one query)
    "checklist": ("/c/HLS/outreach/visits/checklist/", "staff", _checklist, 13),
    # base, count, rows, audit row
    "agreements": (
        "/c/HLS/outreach/agreements/",
        "secretary",
        lambda w, n: [AgreementFactory(community=w.a) for _ in range(n)],
        8,
    ),
    # base, count, rows, parties prefetch, dispute figures (2)
    "disputes": ("/c/HLS/outreach/disputes/", "staff", _disputes, 10),
    # base, count, rows, volunteer figures (2), unit count, site count
    "organisations": (
        "/c/HLS/outreach/organisations/",
        "staff",
        lambda w, n: [OrganisationFactory(community=w.a) for _ in range(n)],
        11,
    ),
    # base, organisation, members, which of them the user may see (grid scope)
    "organisation": ("/c/HLS/outreach/organisations/{pk}/", "staff", _organisation, 8),
    # base, event, participants, breakdown (2), propaganda, religious figures
    "event": ("/c/HLS/outreach/events/{pk}/", "staff", _event_detail, 11),
    # base, count, rows
    "units": (
        "/c/HLS/outreach/units/",
        "staff",
        lambda w, n: [UnitFactory(community=w.a) for _ in range(n)],
        7,
    ),
    # base, count, rows, the page's figure counts (no site owes a joint visit: no visits query)
    "sites": (
        "/c/HLS/outreach/sites/",
        "staff",
        lambda w, n: [SiteFactory(community=w.a) for _ in range(n)],
        8,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_list_makes_the_same_queries_for_5_and_50_rows(name, world, client_for, count_queries):
    path, persona, add, expected = CASES[name]
    client = client_for(persona)
    counts = []
    for n in (5, 45):
        kwargs = add(world, n)
        url = path.format(**kwargs) if isinstance(kwargs, dict) else path
        response = None

        def get(url=url):
            nonlocal response
            response = client.get(url)

        counts.append(count_queries(get))
        assert response.status_code == 200
    assert counts[0] == counts[1], counts
    assert counts[0] == expected, counts


def test_the_overview_panel_makes_a_fixed_number_of_queries(world, client_for, count_queries):
    client = client_for("staff")
    counts = []
    for n in (5, 45):
        _events(world, n)
        _disputes(world, n)
        _checklist(world, n)
        counts.append(count_queries(lambda: client.get("/c/HLS/")))
    # session, user, community, membership; the residents' panel (count, reminders' residents, the floating
    # register's service records); welfare (cases due); disputes (rows, count); events (types, events,
    # propaganda); visits (count, residents, households); the plan and its events; the report submission
    # (due date, latest); the switcher — 21
    assert counts == [21, 21], counts
