from django.urls import reverse

from grids.models import Building, Grid
from tests.factories import BuildingFactory, CompoundFactory, GridFactory, UnitFactory


def _tree(community, grids=1, buildings=1, units=1, heads=True):
    made = []
    for _ in range(grids):
        grid = GridFactory(community=community, cadre_name="王干部" if heads else "")
        compound = CompoundFactory(grid=grid, community=community, property_manager="物业甲" if heads else "")
        for _ in range(buildings):
            b = BuildingFactory(compound=compound, community=community, head_name="楼长" if heads else "")
            for _ in range(units):
                UnitFactory(building=b, community=community, head_name="单元长" if heads else "")
        made.append(grid)
    return made


def test_the_grid_list_costs_the_same_queries_for_5_and_50_grids(world, client_for, count_queries):
    client = client_for("staff")
    url = reverse("grids:list", kwargs={"code": "HLS"})
    _tree(world.a, grids=5)
    few = count_queries(lambda: client.get(url))
    _tree(world.a, grids=45)
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership, switcher, grids (annotated with counts), their workers
    assert few == many, (few, many)


def test_the_grid_tree_costs_the_same_queries_for_a_small_and_a_large_tree(world, client_for, count_queries):
    client = client_for("staff")
    small = _tree(world.a, buildings=1, units=1)[0]
    large = _tree(world.a, buildings=10, units=5)[0]
    a = count_queries(lambda: client.get(reverse("grids:detail", kwargs={"code": "HLS", "pk": small.pk})))
    b = count_queries(lambda: client.get(reverse("grids:detail", kwargs={"code": "HLS", "pk": large.pk})))
    assert a == b, (a, b)


def test_the_gap_view_lists_every_unassigned_link_and_costs_constant_queries(
    world, client_for, count_queries
):
    client = client_for("staff")
    url = reverse("grids:gaps", kwargs={"code": "HLS"})
    _tree(world.a, grids=1, buildings=2, units=2, heads=True)
    _tree(world.a, grids=1, buildings=2, units=3, heads=False)
    response = client.get(url)
    gaps = response.context["gaps"]
    assert (len(gaps["grids"]), len(gaps["compounds"]), len(gaps["buildings"]), len(gaps["units"])) == (
        1,
        2,
        2,
        6,
    )
    few = count_queries(lambda: client.get(url))
    _tree(world.a, grids=3, buildings=4, units=3, heads=False)
    assert count_queries(lambda: client.get(url)) == few


def test_grid_workers_see_and_edit_only_their_own_grids(world, client_for):
    mine, other = _tree(world.a, grids=2)
    mine.workers.add(world.users["grid"])
    client = client_for("grid")
    listed = [g.pk for g in client.get(reverse("grids:list", kwargs={"code": "HLS"})).context["grids"]]
    assert listed == [mine.pk]
    assert client.get(reverse("grids:detail", kwargs={"code": "HLS", "pk": other.pk})).status_code == 404
    building = Building.objects.filter(compound__grid=other).first()
    edit = reverse("grids:building_edit", kwargs={"code": "HLS", "pk": building.pk})
    assert client.post(edit, {"number": "9", "head_name": "x"}).status_code == 404


def test_assigning_a_building_head_closes_its_gap_and_is_audited(world, client_for):
    from community.models import AuditLog

    grid = _tree(world.a, heads=False)[0]
    building = Building.objects.get(compound__grid=grid)
    client = client_for("staff")
    response = client.post(reverse("grids:building_edit", kwargs={"code": "HLS", "pk": building.pk}),
                           {"number": building.number, "head_name": "马楼长", "head_phone": "13900000000"})  # fmt: skip
    assert response.status_code == 302
    gaps = client.get(reverse("grids:gaps", kwargs={"code": "HLS"})).context["gaps"]
    assert building not in gaps["buildings"]
    assert AuditLog.objects.filter(action="grid.update", object_id=str(building.pk)).exists()


def test_a_duplicate_grid_number_is_refused_in_chinese_and_input_kept(world, client_for):
    GridFactory(community=world.a, number=1, name="第一网格")
    response = client_for("staff").post(reverse("grids:create", kwargs={"code": "HLS"}),
                                        {"number": 1, "name": "新网格", "cadre_name": "张三"})  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert "已有该网格编号" in body and "新网格" in body
    assert Grid.objects.filter(community=world.a).count() == 1


def test_a_grid_worker_cannot_draw_a_new_grid(world, client_for):
    assert client_for("grid").get(reverse("grids:create", kwargs={"code": "HLS"})).status_code == 403
