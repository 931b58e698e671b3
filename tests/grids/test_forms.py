"""Assigning the chain: validation in Chinese, input kept on error, audit rows, POST only."""

import pytest
from django.urls import reverse

from community.models import AuditLog
from grids.models import Building, Compound, Grid, OwnersCommittee, SubGrid, Unit
from tests.conftest import with_edit_token
from tests.factories import MembershipFactory
from tests.grids.helpers import make_tree


def u(name, **kwargs):
    return reverse(f"grids:{name}", kwargs={"code": "HLS", **kwargs})


def test_staff_create_a_grid_with_a_cadre_and_workers(world, client_for):
    response = client_for("staff").post(
        u("create"),
        {
            "number": 8,
            "name": "第八网格",
            "cadre": world.users["secretary"].pk,
            "cadre_phone": "13812345678",
            "workers": [world.users["grid"].pk],
        },
    )
    grid = Grid.objects.get(community=world.a, number=8)
    assert response.status_code == 302 and response.url == u("detail", pk=grid.pk)
    assert grid.cadre == world.users["secretary"] and list(grid.workers.all()) == [world.users["grid"]]
    assert AuditLog.objects.filter(action="grid.create", object_id=str(grid.pk), community=world.a).exists()


def test_a_duplicate_grid_number_is_refused_in_chinese_and_the_input_kept(world, client_for):
    make_tree(world.a, number=1, name="第一网格")
    response = client_for("staff").post(u("create"), {"number": 1, "name": "新网格", "cadre_name": "张三"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "本社区已有编号为 1 的网格" in body and 'value="新网格"' in body and 'value="张三"' in body
    assert Grid.objects.filter(community=world.a).count() == 1


def test_the_same_grid_number_may_be_used_in_another_community(world, client_for):
    make_tree(world.b, number=1, name="第一网格")
    client_for("staff").post(u("create"), {"number": 1, "name": "第一网格"})
    assert Grid.objects.filter(community=world.a, number=1).exists()


def test_a_cadre_is_either_an_account_or_a_name_not_both(world, client_for):
    response = client_for("staff").post(
        u("create"), {"number": 2, "name": "第二网格", "cadre": world.users["staff"].pk, "cadre_name": "张三"}
    )
    assert "二者只填一项" in response.content.decode()


def test_only_staff_and_secretaries_of_the_community_can_be_cadres(world, client_for):
    response = client_for("staff").post(
        u("create"), {"number": 2, "name": "第二网格", "cadre": world.users["outsider"].pk}
    )
    assert response.status_code == 200 and "cadre" in response.context["form"].errors
    response = client_for("staff").post(
        u("create"), {"number": 2, "name": "第二网格", "workers": [world.users["staff"].pk]}
    )
    assert "workers" in response.context["form"].errors  # staff is not a grid worker


def test_the_cadre_choices_are_the_communitys_staff_and_secretaries(world, client_for):
    MembershipFactory(community=world.b, role="secretary")
    form = client_for("staff").get(u("create")).context["form"]
    assert set(form.fields["cadre"].queryset) == {world.users["staff"], world.users["secretary"]}
    assert set(form.fields["workers"].queryset) == {world.users["grid"]}


@pytest.mark.parametrize("phone", ["1381234567", "23812345678", "电话", "0931-81234"])
def test_a_wrong_phone_number_is_refused_in_chinese(world, client_for, phone):
    grid = make_tree(world.a)
    building = Building.objects.get(compound__grid=grid)
    response = client_for("staff").post(
        u("building_edit", pk=building.pk), {"number": "1", "head_name": "马楼长", "head_phone": phone}
    )
    assert response.status_code == 200
    assert "请输入正确的电话号码" in response.content.decode()
    building.refresh_from_db()
    assert building.head_name == "楼长"


@pytest.mark.parametrize("phone", ["13812345678", "0931-8123456", "09318123456", "8123456", "138 1234 5678"])
def test_mobile_and_landline_numbers_are_accepted(world, client_for, phone):
    building = Building.objects.get(compound__grid=make_tree(world.a))
    client, url = client_for("staff"), u("building_edit", pk=building.pk)
    client.post(url, with_edit_token(client, url, {"number": "1", "head_name": "马", "head_phone": phone}))
    building.refresh_from_db()
    assert building.head_phone == phone.replace(" ", "")


def test_a_phone_without_a_name_is_refused(world, client_for):
    unit = Unit.objects.get(building__compound__grid=make_tree(world.a))
    response = client_for("staff").post(
        u("unit_edit", pk=unit.pk), {"number": "1", "head_phone": "13812345678"}
    )
    assert "请同时填写单元长的姓名" in response.content.decode()


def test_a_building_number_taken_in_the_same_compound_is_refused(world, client_for):
    grid = make_tree(world.a, buildings=2)
    compound = grid.compounds.get()
    response = client_for("staff").post(u("building_create", compound_pk=compound.pk), {"number": "2号楼"})
    assert "已有楼号为“2”的楼栋" in response.content.decode()
    assert compound.buildings.count() == 2


def test_a_unit_number_taken_in_the_same_building_is_refused_but_free_in_another(world, client_for):
    grid = make_tree(world.a, buildings=2, units=1)
    first, second = Building.objects.filter(compound__grid=grid).order_by("number")
    client = client_for("staff")
    response = client.post(u("unit_create", building_pk=first.pk), {"number": "1单元", "head_name": "甲"})
    assert "已有“1”单元" in response.content.decode()
    client.post(u("unit_create", building_pk=second.pk), {"number": "2", "head_name": "乙"})
    assert second.units.filter(number="2", head_name="乙", community=world.a).exists()


def test_sub_grids_and_compounds_are_added_to_the_grid_in_the_url(world, client_for):
    grid = make_tree(world.a)
    client = client_for("staff")
    assert (
        client.post(u("subgrid_create", grid_pk=grid.pk), {"name": "北片", "leader_name": "韩"}).status_code
        == 302
    )
    subgrid = SubGrid.objects.get(grid=grid, name="北片")
    response = client.post(
        u("compound_create", grid_pk=grid.pk),
        {"name": "新小区", "subgrid": subgrid.pk, "property_company": "华林物业", "property_manager": "周"},
    )
    assert response.status_code == 302
    assert Compound.objects.get(grid=grid, name="新小区").subgrid == subgrid
    response = client.post(u("subgrid_create", grid_pk=grid.pk), {"name": "北片"})
    assert "已有名为“北片”的片格" in response.content.decode()


def test_a_compound_cannot_be_put_in_another_grids_sub_grid(world, client_for):
    grid, other = make_tree(world.a), make_tree(world.a)
    foreign = SubGrid.objects.create(community=world.a, grid=other, name="别处")
    response = client_for("staff").post(
        u("compound_create", grid_pk=grid.pk), {"name": "新小区", "subgrid": foreign.pk}
    )
    assert "subgrid" in response.context["form"].errors


def test_the_owners_committee_is_set_up_then_edited(world, client_for):
    compound = make_tree(world.a, heads=False).compounds.get()
    client = client_for("staff")
    assert client.get(u("committee", pk=compound.pk)).context["form"].initial["name"].endswith("业主委员会")
    client.post(
        u("committee", pk=compound.pk), {"name": "业委会", "chair_name": "马主任", "elected_on": "2020-05-01"}
    )
    url = u("committee", pk=compound.pk)
    client.post(url, with_edit_token(client, url, {"name": "业委会", "chair_name": "李主任"}))
    assert OwnersCommittee.objects.get(compound=compound).chair_name == "李主任"
    assert (
        AuditLog.objects.filter(
            action__in=["grid.create", "grid.update"], object_type="grids.OwnersCommittee"
        ).count()
        == 2
    )


def test_an_election_in_the_future_is_refused(world, client_for):
    compound = make_tree(world.a, heads=False).compounds.get()
    response = client_for("staff").post(
        u("committee", pk=compound.pk), {"chair_name": "马", "elected_on": "2999-01-01"}
    )
    assert "选举日期不能晚于今天" in response.content.decode()
    assert not OwnersCommittee.objects.filter(compound=compound).exists()


def test_an_empty_name_is_refused_in_chinese(world, client_for):
    grid = make_tree(world.a)
    response = client_for("staff").post(u("subgrid_create", grid_pk=grid.pk), {"name": "  "})
    assert "请填写片格名称" in response.content.decode()
