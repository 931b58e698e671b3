"""Grid workers see and edit only their own grids; nobody reaches another community's tree."""

import pytest
from django.urls import reverse

from grids.models import Building, Grid, Unit
from tests.conftest import with_edit_token
from tests.grids.helpers import make_tree


def u(name, **kwargs):
    return reverse(f"grids:{name}", kwargs={"code": "HLS", **kwargs})


@pytest.fixture
def grids(world):
    mine, other = make_tree(world.a), make_tree(world.a)
    mine.workers.add(world.users["grid"])
    return mine, other


def test_a_grid_worker_assigns_a_building_head_in_their_own_grid(world, client_for, grids):
    building = Building.objects.get(compound__grid=grids[0])
    client, url = client_for("grid"), u("building_edit", pk=building.pk)
    response = client.post(url, with_edit_token(client, url, {"number": "1", "head_name": "新楼长"}))
    assert response.status_code == 302
    building.refresh_from_db()
    assert building.head_name == "新楼长"


@pytest.mark.parametrize(
    "route,node",
    [
        ("detail", "grid"),
        ("edit", "grid"),
        ("subgrid_create", "grid_pk"),
        ("compound_create", "grid_pk"),
        ("compound_edit", "compound"),
        ("committee", "compound"),
        ("building_create", "compound_pk"),
        ("building_edit", "building"),
        ("unit_create", "building_pk"),
        ("unit_edit", "unit"),
    ],
)
def test_another_grid_of_the_same_community_is_not_found_for_a_grid_worker(
    world, client_for, grids, route, node
):
    other = grids[1]
    objects = {
        "grid": other,
        "grid_pk": other,
        "compound": other.compounds.get(),
        "compound_pk": other.compounds.get(),
        "building": Building.objects.get(compound__grid=other),
        "building_pk": Building.objects.get(compound__grid=other),
        "unit": Unit.objects.get(building__compound__grid=other),
    }
    kwarg = node if node.endswith("_pk") else "pk"
    url = u(route, **{kwarg: objects[node].pk})
    client = client_for("grid")
    assert client.get(url).status_code == 404
    assert client.post(url, {"number": "9", "name": "x", "head_name": "x"}).status_code == 404
    assert (
        not Building.objects.filter(head_name="x").exists()
        and not Unit.objects.filter(head_name="x").exists()
    )


def test_a_grid_worker_may_not_renumber_their_grid_or_change_its_workers(world, client_for, grids):
    mine = grids[0]
    client, url = client_for("grid"), u("edit", pk=mine.pk)
    response = client.post(
        url,
        with_edit_token(client, url, {"number": 99, "name": "改名", "cadre_name": "新干部", "workers": []}),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.number, mine.cadre_name) != (99, "新干部") and mine.cadre_name == "新干部"
    assert mine.name != "改名" and list(mine.workers.all()) == [world.users["grid"]]


def test_staff_edit_every_grid_of_their_community(world, client_for, grids):
    for grid in grids:
        building = Building.objects.get(compound__grid=grid)
        client, url = client_for("staff"), u("building_edit", pk=building.pk)
        client.post(url, with_edit_token(client, url, {"number": "1", "head_name": "统一楼长"}))
    assert Building.objects.filter(head_name="统一楼长").count() == 2


def test_a_node_of_another_community_is_not_found_even_for_staff(world, client_for):
    building = Building.objects.get(compound__grid=make_tree(world.b))
    response = client_for("staff").post(u("building_edit", pk=building.pk), {"number": "1", "head_name": "x"})
    assert response.status_code == 404


def test_a_grid_worker_cannot_draw_a_new_grid(world, client_for):
    assert client_for("grid").get(u("create")).status_code == 403
    client_for("grid").post(u("create"), {"number": 5, "name": "第五网格"})
    assert not Grid.objects.filter(number=5).exists()


@pytest.mark.parametrize("persona", ["secretary", "street"])
def test_roles_without_the_edit_permission_cannot_post(world, client_for, grids, persona):
    building = Building.objects.get(compound__grid=grids[0])
    response = client_for(persona).post(u("building_edit", pk=building.pk), {"number": "1", "head_name": "x"})
    assert response.status_code == 403
    building.refresh_from_db()
    assert building.head_name == "楼长"
