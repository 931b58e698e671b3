from django.urls import reverse

from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory


def _populate(world, n):
    grid = GridFactory(community=world.a, number=900 + n, name=f"网格{n}")
    unit = UnitFactory(building__compound__grid=grid, building__compound__community=world.a,
                       building__community=world.a, community=world.a)  # fmt: skip
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
    assert few == many, (few, many)


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
