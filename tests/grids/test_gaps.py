from django.urls import reverse

from grids.models import Building, Compound, Grid, OwnersCommittee, Unit
from tests.conftest import with_edit_token
from tests.grids.helpers import make_tree

URL = reverse("grids:gaps", kwargs={"code": "HLS"})


def hand_built_tree(world):
    """Two grids whose gaps are known by hand.

    第一网格 (cadre: the staff user)
      甲小区 周经理, 业委会 马主任            — complete
        1号楼 楼长甲: 1单元 (none), 2单元 单元长乙
        2号楼 (none): 1单元 (none)
      乙小区 (no manager), 业委会 李主任       — gap: manager
    第二网格 (no cadre)                        — gap
      丙小区 赵经理, no committee               — gap: committee
        10号楼 (none)
      丁小区 钱经理, 业委会 without chair       — gap: chair
    """
    g1 = Grid.objects.create(community=world.a, number=1, name="第一网格", cadre=world.users["staff"])
    g2 = Grid.objects.create(community=world.a, number=2, name="第二网格")
    jia = Compound.objects.create(community=world.a, grid=g1, name="甲小区", property_manager="周经理")
    OwnersCommittee.objects.create(compound=jia, chair_name="马主任")
    yi = Compound.objects.create(community=world.a, grid=g1, name="乙小区")
    OwnersCommittee.objects.create(compound=yi, chair_name="李主任")
    bing = Compound.objects.create(community=world.a, grid=g2, name="丙小区", property_manager="赵经理")
    ding = Compound.objects.create(community=world.a, grid=g2, name="丁小区", property_manager="钱经理")
    OwnersCommittee.objects.create(compound=ding, name="丁小区业委会")
    b1 = Building.objects.create(community=world.a, compound=jia, number="1", head_name="楼长甲")
    b2 = Building.objects.create(community=world.a, compound=jia, number="2")
    b10 = Building.objects.create(community=world.a, compound=bing, number="10")
    u11 = Unit.objects.create(community=world.a, building=b1, number="1")
    Unit.objects.create(community=world.a, building=b1, number="2", head_name="单元长乙")
    u21 = Unit.objects.create(community=world.a, building=b2, number="1")
    return {"grids": [g2], "compounds": [bing, ding, yi], "buildings": [b2, b10], "units": [u11, u21]}


def test_the_gap_view_lists_exactly_the_unassigned_links_of_a_hand_built_tree(world, client_for):
    expected = hand_built_tree(world)
    make_tree(world.b, heads=False)  # another community's gaps are not ours
    response = client_for("staff").get(URL)
    gaps = response.context["gaps"]
    assert gaps["grids"] == expected["grids"]
    assert gaps["compounds"][0] == expected["compounds"][2]  # grid 1 before grid 2; names by collation
    assert set(gaps["compounds"]) == set(expected["compounds"])
    assert gaps["buildings"] == expected["buildings"]
    assert gaps["units"] == expected["units"]
    assert response.context["total"] == 8
    body = response.content.decode()
    for text in (
        "无物业经理",
        "未成立业主委员会",
        "业委会无主任",
        "甲小区2号楼",
        "丙小区10号楼",
        "甲小区1号楼1单元",
    ):
        assert text in body
    assert "甲小区1号楼2单元" not in body


def test_the_gap_view_links_each_gap_to_its_form_and_back(world, client_for):
    expected = hand_built_tree(world)
    body = client_for("staff").get(URL).content.decode()
    building = expected["buildings"][0]
    assert reverse("grids:building_edit", kwargs={"code": "HLS", "pk": building.pk}) + "?from=gaps" in body
    assert reverse("grids:edit", kwargs={"code": "HLS", "pk": expected["grids"][0].pk}) + "?from=gaps" in body


def test_the_gap_view_offers_no_fix_links_to_the_secretary(world, client_for):
    hand_built_tree(world)
    assert "?from=gaps" not in client_for("secretary").get(URL).content.decode()


def test_the_gap_view_costs_the_same_queries_for_few_and_many_gaps(world, client_for, count_queries):
    client = client_for("staff")
    for _ in range(5):
        make_tree(world.a, buildings=1, units=1, heads=False)
    few = count_queries(lambda: client.get(URL))
    for _ in range(45):
        make_tree(world.a, buildings=2, units=3, heads=False)
    # session, user, access (membership, community), nav switcher, one query per level (grids,
    # compounds with grid and committee, buildings with compound and grid, units up to their grid)
    # ... and the switcher — 9
    assert count_queries(lambda: client.get(URL)) == few == 9, few


def test_a_grid_worker_sees_only_the_gaps_of_their_own_grids(world, client_for):
    mine = make_tree(world.a, heads=False)
    make_tree(world.a, heads=False)
    mine.workers.add(world.users["grid"])
    gaps = client_for("grid").get(URL).context["gaps"]
    assert gaps["grids"] == [mine]
    assert {b.compound.grid_id for b in gaps["buildings"]} == {mine.pk}


def test_saving_from_the_gap_view_returns_to_it_and_closes_the_gap(world, client_for):
    from community.models import AuditLog

    building = hand_built_tree(world)["buildings"][0]
    client = client_for("staff")
    edit = reverse("grids:building_edit", kwargs={"code": "HLS", "pk": building.pk})
    response = client.post(
        edit + "?from=gaps",
        with_edit_token(client, edit, {"number": "2", "head_name": "马楼长", "head_phone": "13900000000"}),
    )
    assert response.status_code == 302 and response.url == URL
    assert building not in client.get(URL).context["gaps"]["buildings"]
    row = AuditLog.objects.get(action="grid.update", object_id=str(building.pk))
    assert row.data["changed"] == ["head_name", "head_phone"] and "马楼长" not in str(row.data)
