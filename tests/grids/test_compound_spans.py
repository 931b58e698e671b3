"""A 小区 is one place even when its buildings fall in several grids; counts are of distinct places."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from grids.models import Building, Compound, Grid
from reports.registry import community_figures
from residents.models import Household
from residents.transfer.importer import residents_import
from tests.factories import BuildingFactory, CompoundFactory, GridFactory, valid_id


def _sheet(path, rows):
    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码", "民族", "网格", "小区", "楼栋", "单元", "门牌号"])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_sheet_listing_a_compound_under_two_grids_makes_one_compound(world, tmp_path):
    rows = [
        [f"居民{i}", valid_id(date(1980, 1, i + 1)), "回族", grid, "华林小区", building, "1", f"{101 + i}"]
        for i, (grid, building) in enumerate([("1", "1"), ("1", "1"), ("2", "5"), ("2", "6"), ("2", "5")])
    ]
    result = residents_import(
        community=world.a, path=_sheet(tmp_path / "r.xlsx", rows), actor=world.users["staff"]
    )
    assert result.written and result.created["小区"] == ["华林小区"]
    compound = Compound.objects.get(community=world.a)
    grid1, grid2 = Grid.objects.filter(community=world.a).order_by("number")
    buildings = {b.number: b.grid_id for b in Building.objects.filter(compound=compound)}
    assert buildings == {"1": None, "5": grid2.pk, "6": grid2.pk}  # the compound's own grid is 1
    assert sorted(Household.objects.values_list("grid__number", flat=True)) == [1, 1, 2, 2, 2]
    figures = community_figures(world.a, timezone.localdate())
    assert (figures["小区数"].value, figures["楼栋数"].value) == (1, 3)
    # importing the same sheet again creates nothing more
    again = residents_import(
        community=world.a, path=_sheet(tmp_path / "r2.xlsx", rows), actor=world.users["staff"]
    )
    assert not any(again.created.values()) and Compound.objects.count() == 1


def test_a_household_in_the_part_of_a_compound_in_another_grid(world, client_for):
    grid1, grid2 = GridFactory(community=world.a, number=1), GridFactory(community=world.a, number=2)
    compound = CompoundFactory(grid=grid1, community=world.a, name="华林小区")
    far = BuildingFactory(compound=compound, community=world.a, number="9", grid=grid2)
    client = client_for("staff")
    url = reverse("residents:household_create", kwargs={"code": "HLS"})
    page = client.get(url).content.decode()
    assert f'data-parent="{grid1.pk} {grid2.pk}"' in page  # offered under both grids
    response = client.post(
        url, {"grid": grid2.pk, "compound": compound.pk, "building": far.pk, "door": "301"}
    )
    assert response.status_code == 302
    assert Household.objects.get().grid == grid2
    refused = client.post(url, {"grid": grid1.pk, "compound": compound.pk, "building": far.pk, "door": "302"})
    assert "所选楼栋不在该网格内" in refused.content.decode()


def test_the_grid_page_shows_a_spanning_compound_with_its_buildings_in_that_grid(world, client_for):
    grid1, grid2 = GridFactory(community=world.a, number=1), GridFactory(community=world.a, number=2)
    compound = CompoundFactory(grid=grid1, community=world.a, name="华林小区")
    BuildingFactory(compound=compound, community=world.a, number="1")
    BuildingFactory(compound=compound, community=world.a, number="9", grid=grid2)
    tree = (
        client_for("staff")
        .get(reverse("grids:detail", kwargs={"code": "HLS", "pk": grid2.pk}))
        .context["grid"]
    )
    assert [c.name for c in tree.tree_compounds] == ["华林小区"]
    assert [b.number for b in tree.tree_compounds[0].buildings.all()] == ["9"]


def test_a_second_compound_of_the_same_name_is_refused_in_chinese(world, client_for):
    grid1, grid2 = GridFactory(community=world.a, number=1), GridFactory(community=world.a, number=2)
    CompoundFactory(grid=grid1, community=world.a, name="华林小区")
    url = reverse("grids:compound_create", kwargs={"code": "HLS", "grid_pk": grid2.pk})
    response = client_for("staff").post(url, {"name": "华林小区"})
    assert response.status_code == 200 and "本社区已有名为“华林小区”的小区" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_compounds_an_import_made_twice(world):
    executor = MigrationExecutor(connection)
    executor.migrate([("grids", "0001_initial")])
    old = executor.loader.project_state(("grids", "0001_initial")).apps
    Grid_, Compound_ = old.get_model("grids", "Grid"), old.get_model("grids", "Compound")
    Building_, Unit_ = old.get_model("grids", "Building"), old.get_model("grids", "Unit")
    grid1 = Grid_.objects.create(community_id=world.a.pk, number=1, name="第1网格")
    grid2 = Grid_.objects.create(community_id=world.a.pk, number=2, name="第2网格")
    first = Compound_.objects.create(
        community_id=world.a.pk, grid=grid1, name="华林小区", property_manager=""
    )
    second = Compound_.objects.create(
        community_id=world.a.pk, grid=grid2, name="华林小区", property_manager="李经理"
    )
    same = [
        Building_.objects.create(community_id=world.a.pk, compound=c, number="1") for c in (first, second)
    ]
    other = Building_.objects.create(community_id=world.a.pk, compound=second, number="7")
    units = [Unit_.objects.create(community_id=world.a.pk, building=b, number="1") for b in same]
    with connection.cursor() as cursor:  # a household in the second compound's copy of building 1, unit 1
        cursor.execute(
            "INSERT INTO residents_household (id, community_id, grid_id, compound_id, building_id, unit_id, door, number,"
            " notes, created_at) VALUES (%s, %s, %s, %s, %s, %s, '101', '', '', %s)",
            ["0" * 32, world.a.pk, grid2.pk, second.pk, same[1].pk, units[1].pk, timezone.now()],
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    compound = Compound.objects.get(community=world.a)
    assert compound.pk == first.pk and compound.property_manager == "李经理"
    assert sorted(Building.objects.filter(compound=compound).values_list("number", "grid_id")) == [
        ("1", None),
        ("7", grid2.pk),
    ]
    household = Household.objects.get()
    assert (household.compound_id, household.building.number, household.grid_id) == (first.pk, "1", grid2.pk)
    assert household.unit.building.compound_id == first.pk and other.pk in Building.objects.values_list(
        "pk", flat=True
    )
