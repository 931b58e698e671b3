from django.urls import reverse

from grids.models import Building, Unit
from tests.grids.helpers import make_tree


def url(grid):
    return reverse("grids:detail", kwargs={"code": "HLS", "pk": grid.pk})


def test_the_grid_tree_costs_the_same_queries_for_a_small_and_a_large_tree(world, client_for, count_queries):
    client = client_for("staff")
    small = make_tree(world.a, buildings=1, units=1, households=1)
    large = make_tree(world.a, buildings=10, units=5, households=2)
    for n in range(3):
        large.subgrids.create(community=world.a, name=f"片{n}")
    # session, user, community, membership (access); the grid (scoped); the tree: the grid with its household
    # count, its workers, sub-grids, compounds (+committee, sub-grid), buildings, units; the switcher — 12
    small_count, large_count = (
        count_queries(lambda: client.get(url(small))),
        count_queries(lambda: client.get(url(large))),
    )
    assert small_count == large_count == 12, (small_count, large_count)


def test_the_tree_shows_the_responsible_person_at_every_level(world, client_for):
    grid = make_tree(world.a, buildings=1, units=1, households=2)
    grid.subgrids.create(community=world.a, name="北片", leader_name="韩片长")
    body = client_for("secretary").get(url(grid)).content.decode()
    for person in ("王干部", "韩片长", "周经理", "马主任", "楼长", "单元长"):
        assert person in body
    assert 'data-gap="1"' not in body
    assert "/edit/" not in body  # the secretary may not edit


def test_unassigned_links_are_marked_in_the_tree(world, client_for):
    grid = make_tree(world.a, heads=False)
    body = client_for("staff").get(url(grid)).content.decode()
    # cadre, property manager, 楼长, 单元长 — and the owners' committee is not set up
    assert body.count('data-gap="1"') == 5
    assert "未成立" in body


def test_numbered_buildings_and_units_are_sorted_as_numbers(world, client_for):
    grid = make_tree(world.a, buildings=0)
    compound = grid.compounds.get()
    for number in ("10", "2", "1"):
        Building.objects.create(community=world.a, compound=compound, number=number)
    building = Building.objects.get(number="1")
    for number in ("12", "3"):
        Unit.objects.create(community=world.a, building=building, number=number)
    tree = client_for("staff").get(url(grid)).context["grid"]
    buildings = list(tree.tree_compounds[0].buildings.all())
    assert [b.number for b in buildings] == ["1", "2", "10"]
    assert [u.number for u in buildings[0].units.all()] == ["3", "12"]


def test_another_communitys_grid_is_not_found(world, client_for):
    grid = make_tree(world.b)
    assert (
        client_for("staff").get(reverse("grids:detail", kwargs={"code": "HLS", "pk": grid.pk})).status_code
        == 404
    )
