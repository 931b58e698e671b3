from django.urls import reverse

from tests.grids.helpers import make_tree

URL = reverse("grids:list", kwargs={"code": "HLS"})


def test_the_grid_list_costs_the_same_queries_for_5_and_50_grids(world, client_for, count_queries):
    client = client_for("staff")
    for _ in range(5):
        make_tree(world.a, buildings=2, units=2, households=1).workers.add(world.users["grid"])
    few = count_queries(lambda: client.get(URL))
    for _ in range(45):
        make_tree(world.a, buildings=2, units=2, households=1).workers.add(world.users["grid"])
    many = count_queries(lambda: client.get(URL))
    # session, user, community, membership (access), nav switcher, grids with their counts
    # (sub-queries), their workers — 7
    assert few == many == 7, (few, many)


def test_the_grid_list_counts_compounds_buildings_units_and_households(world, client_for):
    grid = make_tree(world.a, buildings=2, units=3, households=2)
    grid.subgrids.create(community=world.a, name="北片")
    make_tree(world.b, buildings=5, units=5)  # another community's tree is not counted
    [row] = client_for("staff").get(URL).context["grids"]
    assert (row.n_subgrids, row.n_compounds, row.n_buildings, row.n_units, row.n_households) == (
        1,
        1,
        2,
        6,
        12,
    )


def test_the_grid_list_shows_the_cadre_and_the_grid_workers(world, client_for):
    grid = make_tree(world.a, cadre_phone="13912345678")
    grid.workers.add(world.users["grid"])
    body = client_for("secretary").get(URL).content.decode()
    assert "王干部" in body and "13912345678" in body and world.users["grid"].display_name in body
    assert "新建网格" not in body  # the secretary reads, the staff draw


def test_a_grid_without_a_cadre_shows_unassigned(world, client_for):
    make_tree(world.a, heads=False)
    assert "未指定" in client_for("staff").get(URL).content.decode()


def test_a_grid_worker_sees_only_the_grids_assigned_to_them(world, client_for):
    mine, other = make_tree(world.a), make_tree(world.a)
    mine.workers.add(world.users["grid"])
    listed = [g.pk for g in client_for("grid").get(URL).context["grids"]]
    assert listed == [mine.pk]
    assert other.pk not in listed


def test_a_grid_worker_without_a_grid_is_told_so(world, client_for):
    make_tree(world.a)
    assert "尚未被分配到任何网格" in client_for("grid").get(URL).content.decode()
