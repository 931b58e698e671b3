from django.urls import reverse

from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory


def _populate(world, n):
    grid = GridFactory(community=world.a, number=900 + n, name=f"网格{n}")
    unit = UnitFactory(
        building__compound__grid=grid,
        building__compound__community=world.a,
        building__community=world.a,
        community=world.a,
    )
    for i in range(n):
        h = HouseholdFactory(community=world.a, unit=unit)
        ResidentFactory(household=h, ethnicity="03" if i % 2 else "01")


def test_the_community_dashboard_costs_the_same_queries_for_5_and_50_residents(
    world, client_for, count_queries
):
    client = client_for("secretary")
    url = reverse("dashboard:community", kwargs={"code": "HLS"})
    _populate(world, 5)
    few = count_queries(lambda: client.get(url))
    _populate(world, 45)
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership; population (totals, per ethnicity, grids and their levels);
    # outreach (events by type, propaganda, visits, disputes, organisations, units, the plan); welfare
    # (coverage, types); floating and hardship registers; the creation registers' figures (sites, figures,
    # joint visits, halal, honours, commendations, facilities, funding, trainings, organisations);
    # information reports; the checks; the switcher — 65, none per resident (90 before the creation
    # registers' counts were asked together: community.counts)
    assert few == many == 65, (few, many)


def test_the_dashboard_shows_the_ethnic_composition_and_links_each_figure(world, client_for):
    _populate(world, 4)
    response = client_for("secretary").get(reverse("dashboard:community", kwargs={"code": "HLS"}))
    body = response.content.decode()
    assert response.context["figures"]["常住人口"].value == 4
    assert "回族" in body and "dashboard-charts" in body
    assert reverse("reports:figure_rows", kwargs={"code": "HLS", "key": "minority"}) in body


def test_the_street_dashboard_lists_its_communities_with_totals_and_no_id_numbers(world, client_for):
    _populate(world, 3)
    response = client_for("street").get(reverse("street:dashboard", kwargs={"street_id": world.street.pk}))
    assert [r["community"].name for r in response.context["table"]] == ["华林山社区", "小北沟社区"]
    body = response.content.decode()
    assert "620103" not in body  # no ID numbers (all test IDs start with this area code)
    # The street office sees aggregates; the rows behind them are not linked for it.
    assert "figure_rows" not in body and "/rows/" not in body


def test_the_street_dashboard_sorts_by_a_column(world, client_for):
    _populate(world, 3)
    url = reverse("street:dashboard", kwargs={"street_id": world.street.pk})
    response = client_for("street").get(url, {"sort": "常住人口"})
    assert [r["community"].name for r in response.context["table"]] == ["小北沟社区", "华林山社区"]
    response = client_for("street").get(url, {"sort": "-常住人口"})
    assert [r["community"].name for r in response.context["table"]] == ["华林山社区", "小北沟社区"]


def test_the_street_office_gets_404_for_another_streets_dashboard(world, client_for):
    url = reverse("street:dashboard", kwargs={"street_id": world.other_street.pk})
    assert client_for("street").get(url).status_code == 404
    assert client_for("street").get(reverse("dashboard:community", kwargs={"code": "OTH"})).status_code == 404


def test_the_dashboard_is_served_from_the_cache_on_the_second_request(world, client_for, settings):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    client = client_for("secretary")
    url = reverse("dashboard:community", kwargs={"code": "HLS"})
    assert client.get(url)["X-Dashboard-Cache"] == "miss"
    assert client.get(url)["X-Dashboard-Cache"] == "hit"
    street = client_for("street")
    url = reverse("street:dashboard", kwargs={"street_id": world.street.pk})
    assert street.get(url)["X-Dashboard-Cache"] == "miss"
    assert street.get(url)["X-Dashboard-Cache"] == "hit"
    cache.clear()


def _fill(community):
    from tests.factories import HouseholdFactory, ResidentFactory

    household = HouseholdFactory(community=community)
    ResidentFactory(household=household, ethnicity="03")


def test_the_street_dashboard_costs_the_same_queries_for_2_and_5_communities(
    world, client_for, count_queries
):
    """The roll-up and the completeness view are grouped by community: no query per community."""
    from tests.factories import CommunityFactory

    _fill(world.a)
    _fill(world.b)
    client = client_for("street")
    url = reverse("street:dashboard", kwargs={"street_id": world.street.pk})
    client.get(url)  # warm up: session, permissions
    two = count_queries(lambda: client.get(url))
    for code in ("C3", "C4", "C5"):
        _fill(CommunityFactory(code=code, name=f"社区{code}", street=world.street))
    five = count_queries(lambda: client.get(url))
    assert len(client.get(url).context["table"]) == 5
    # Session, user, the street office's second-factor device, street; the communities (roll-up, table);
    # population (totals, per ethnicity), grids, welfare coverage (cases, the types each community ever
    # recorded — a type never recorded is a gap, not 0 —, types), events, visits, disputes;
    # the checks, each listing the communities and counting in one grouped query (visits: two; hardship
    # households; the religious sites' joint visits); the user's memberships and communities (switcher);
    # the reports' submission states (communities, due dates, latest submissions); the information reports
    # (communities, counts by category, waiting and overdue) — 36 for 2 communities and for 5 (it was 76
    # and 175).
    assert two == five == 36, (two, five)


def test_the_street_roll_up_states_each_communitys_own_figures(world):
    """The grouped roll-up and ``community_figures`` of each community agree."""
    from django.utils import timezone

    from reports.exporters.street_rollup import COLUMNS, rollup
    from reports.registry import community_figures
    from tests.reports.builders import rich_community

    rich_community(world.a)
    _fill(world.b)
    on = timezone.localdate()
    header, rows, _totals = rollup(world.street, on, on.year)
    for community, row in zip([world.a, world.b], rows, strict=True):
        figures = community_figures(community, on, on.year)
        assert row[1:] == [figures[name].value for _h, name, _s in COLUMNS], community.name


def test_the_work_report_costs_the_same_queries_for_5_and_50_residents(world, count_queries):
    """The work report's context — every figure of the report read from the ledgers as they stood on the date:
    the registry's headline and composition, welfare, housing and insurance, outreach, each register's
    counts, the periods and the community — costs the same number of queries whatever the number of
    residents (50 now, the plan ledger included, the registers' counts asked together in one query: the
    issue's 28 was counted before the later registers were added to the report; it was 75)."""
    import datetime

    from reports.exporters import get_exporter

    exporter = get_exporter("work-report")(community=world.a)
    form = {"year": datetime.date.today().year, "date": datetime.date.today().isoformat()}
    _populate(world, 5)
    few = count_queries(lambda: exporter.context(form, html_links=False))
    _populate(world, 45)
    many = count_queries(lambda: exporter.context(form, html_links=False))
    assert few == many == 50, (few, many)
