"""Every page of the liaison, 清真 and 创建 registers answers in the same number of queries for 5 rows
as for 50.

"base" is the five queries of every community page: session, user, community and membership (access)
and the community switcher of the top bar.
"""

import datetime

import pytest

from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import (
    CommendationFactory,
    ComplaintFactory,
    EstablishmentFactory,
    EventFactory,
    FacilityFactory,
    FundingFactory,
    HonourFactory,
    InspectionFactory,
    JointVisitFactory,
    ReceiptFactory,
    ReligiousFigureFactory,
    SiteFactory,
    TrainingFactory,
)

TODAY = datetime.date.today()


def _site(world):
    return world.extra.setdefault(
        "site", SiteFactory(community=world.a, joint_visits_from=datetime.date(TODAY.year, 1, 1))
    )


def _sites(world, n):
    for _ in range(n):
        site = SiteFactory(community=world.a, joint_visits_from=datetime.date(TODAY.year, 1, 1))
        ReligiousFigureFactory(community=world.a, site=site)


def _figures(world, n):
    for _ in range(n):
        ReligiousFigureFactory(community=world.a, site=_site(world))


def _joint_visits(world, n):
    for i in range(n):
        visit = JointVisitFactory(
            community=world.a, site=_site(world), date=datetime.date(TODAY.year - 1, 1 + i % 12, 3)
        )
        visit.staff.add(world.users["staff"])
        visit.figures.add(ReligiousFigureFactory(community=world.a, site=_site(world)))


def _site_detail(world, n):
    _figures(world, n)
    _joint_visits(world, n)
    for _ in range(n):
        EventFactory(community=world.a).religious_figures.add(_site(world).figures.first())
    return {"pk": _site(world).pk}


def _talks(world, n):
    for _ in range(n):
        EventFactory(community=world.a).religious_figures.add(ReligiousFigureFactory(community=world.a))


def _shop(world):
    return world.extra.setdefault("shop", EstablishmentFactory(community=world.a))


def _halal_detail(world, n):
    for _ in range(n):
        InspectionFactory(community=world.a, establishment=_shop(world))
        ComplaintFactory(community=world.a, establishment=_shop(world))
    return {"pk": _shop(world).pk}


def _shops(world, n):
    for _ in range(n):
        InspectionFactory(community=world.a, establishment=EstablishmentFactory(community=world.a))


def _honours(world, n):
    for _ in range(n):
        HonourFactory(community=world.a)


def _commendations(world, n):
    for _ in range(n):
        CommendationFactory(
            community=world.a, resident=ResidentFactory(household=HouseholdFactory(community=world.a))
        )


def _funding(world, n):
    for _ in range(n):
        ReceiptFactory(funding=FundingFactory(community=world.a))


def _trainings(world, n):
    for _ in range(n):
        TrainingFactory(community=world.a).trainees.add(world.users["staff"], world.users["grid"])


def _everything(world, n):
    _sites(world, n)
    _joint_visits(world, n)
    _shops(world, n)
    _honours(world, n)
    _funding(world, n)
    _trainings(world, n)


# path, persona, add(world, n) -> extra url kwargs, query count
CASES = {
    # base, count, rows, this month's joint visits of the page's sites, their figure counts
    "sites": ("/c/HLS/outreach/sites/", "staff", _sites, 9),
    # base, site, figures, duties (visits), joint visits + staff + figures prefetch, talks + figures prefetch
    "site": ("/c/HLS/outreach/sites/{pk}/", "staff", _site_detail, 13),
    # base, site choices (filter), count, rows
    "figures": ("/c/HLS/outreach/religious/figures/", "secretary", _figures, 8),
    # base, sites with a duty, duties (visits), site choices (filter), count, rows, staff, figures
    "joint_visits": ("/c/HLS/outreach/religious/joint-visits/", "staff", _joint_visits, 12),
    # base, count, rows, religious figures prefetch
    "talks": ("/c/HLS/outreach/religious/talks/", "grid", _talks, 8),
    # base, count, rows (with inspection counts and open rectifications)
    "halal": ("/c/HLS/outreach/halal/", "staff", _shops, 7),
    # base, shop, inspections, complaints
    "halal_detail": ("/c/HLS/outreach/halal/{pk}/", "secretary", _halal_detail, 8),
    # base, count, rows
    "inspections": ("/c/HLS/outreach/halal/inspections/", "staff", _shops, 7),
    "complaints": (
        "/c/HLS/outreach/halal/complaints/",
        "staff",
        lambda w, n: [ComplaintFactory(community=w.a) for _ in range(n)],
        7,
    ),
    "honours": ("/c/HLS/outreach/creation/honours/", "staff", _honours, 7),
    "commendations": ("/c/HLS/outreach/creation/commendations/", "staff", _commendations, 7),
    "facilities": (
        "/c/HLS/outreach/creation/facilities/",
        "staff",
        lambda w, n: [FacilityFactory(community=w.a) for _ in range(n)],
        7,
    ),
    # base, count, rows (with receipt counts), the year's total
    "funding": ("/c/HLS/outreach/creation/funding/", "staff", _funding, 8),
    # base, count, rows (with trainee counts), trainees prefetch
    "trainings": ("/c/HLS/outreach/creation/trainings/", "staff", _trainings, 8),
    # base, the 33 figures in 8 queries (see test_register_figures)
    "creation": ("/c/HLS/outreach/creation/", "secretary", _everything, 13),
    # base, the figure's value, the paginator's count, the page's rows
    # (of 2026, the year the factories date their rows in: the page defaults to the current year)
    "figure_rows": ("/c/HLS/outreach/figures/halal_inspections/?year=2026", "secretary", _shops, 8),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_page_makes_the_same_queries_for_5_and_50_rows(name, world, client_for, count_queries):
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


def test_the_archive_takes_the_same_queries_for_5_and_50_rows(world, client_for, count_queries):
    client = client_for("staff")
    counts = []
    for n in (5, 45):
        _everything(world, n)
        counts.append(
            # of 2026, the year the factories date most rows in (the archive of an empty year skips queries)
            count_queries(lambda: client.get("/c/HLS/outreach/creation/archive/?year=2026"))
        )
    # session, user, community, membership; one query per register read for the archive's rows (religious
    # figures and sites, joint visits, events, halal shops, inspections, complaints, honours, commendations,
    # facilities, funding and receipts, trainings with trainees, organisations) and its figures (each a
    # count or an aggregate, none per row: the counts together in one query); the audit row — 31
    assert counts == [31, 31], counts
