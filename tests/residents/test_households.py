"""The household page (members, head, chain, history) and creating a household in the grid tree."""

from django.db import connection
from django.urls import reverse

from community.models import AuditLog
from residents.models import Household
from tests.factories import BuildingFactory, GridFactory, HouseholdFactory, ResidentFactory, UnitFactory


def household_url(household):
    return reverse("residents:household", kwargs={"code": household.community.code, "pk": household.pk})


def create_url(world):
    return reverse("residents:household_create", kwargs={"code": world.a.code})


def test_the_household_page_costs_the_same_queries_for_5_and_for_50_members(world, client_for, count_queries):
    household = HouseholdFactory(community=world.a)
    ResidentFactory(household=household, relation="head")
    ResidentFactory.create_batch(4, household=household, relation="other")
    client = client_for("staff")
    url = household_url(household)
    # session, user, community, membership; the household with its tree, grid cadre and owners'
    # committee; its members with their ethnicity; the history records with their users; the hardship
    # register's entry; the switcher; the members' welfare cases — 10.
    # PostgreSQL also sets the join order for the page read (residents.selectors.joins_in_written_order):
    # a savepoint, SET LOCAL, its reset and the release — four statements SQLite has no use for.
    five = count_queries(lambda: client.get(url))
    ResidentFactory.create_batch(45, household=household, relation="other")
    fifty = count_queries(lambda: client.get(url))
    assert five == fifty == 10 + (4 if connection.vendor == "postgresql" else 0), (five, fifty)


def test_the_household_page_shows_members_head_and_chain(world, client_for):
    unit = UnitFactory(building__compound__grid__community=world.a, head_name="单元长甲")
    unit.building.compound.grid.cadre_name = "干部乙"
    unit.building.compound.grid.save()
    household = HouseholdFactory(community=world.a, unit=unit)
    ResidentFactory(household=household, name="马大", relation="head")
    ResidentFactory(household=household, name="马二", relation="son")
    response = client_for("staff").get(household_url(household))
    assert response.context["head"].name == "马大"
    content = response.content.decode()
    assert all(text in content for text in ("马大", "马二", "单元长甲", "干部乙", "添加家庭成员"))


def test_staff_creates_a_household_in_a_unit_and_the_tree_above_is_filled_in(world, client_for):
    unit = UnitFactory(building__compound__grid__community=world.a)
    building, compound, grid = unit.building, unit.building.compound, unit.building.compound.grid
    data = {
        "grid": grid.pk,
        "compound": compound.pk,
        "building": building.pk,
        "unit": unit.pk,
        "door": "301",
        "number": "HLS-0001",
    }
    response = client_for("staff").post(create_url(world), data)
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == household_url(household)
    assert (household.grid, household.compound, household.unit, household.community) == (
        grid,
        compound,
        unit,
        world.a,
    )
    assert AuditLog.objects.filter(action="household.create").exists()


def test_a_building_of_another_compound_is_refused_in_chinese(world, client_for):
    building = BuildingFactory(compound__grid__community=world.a)
    other = BuildingFactory(compound__grid=building.compound.grid)
    data = {
        "grid": building.compound.grid.pk,
        "compound": building.compound.pk,
        "building": other.pk,
        "door": "1",
    }
    response = client_for("staff").post(create_url(world), data)
    assert response.context["form"].errors["building"] == ["所选楼栋不属于该小区。"]
    assert not Household.objects.exists()


def test_a_household_number_is_unique_in_the_community(world, client_for):
    existing = HouseholdFactory(community=world.a, number="HLS-7")
    data = {"grid": existing.grid.pk, "door": "9", "number": "HLS-7"}
    response = client_for("staff").post(create_url(world), data)
    assert response.context["form"].errors["number"] == ["本社区已有该户编号。"]


def test_a_grid_worker_creates_households_only_in_their_grids(world, client_for):
    mine, other = GridFactory(community=world.a), GridFactory(community=world.a)
    mine.workers.add(world.users["grid"])
    client = client_for("grid")
    response = client.post(create_url(world), {"grid": other.pk, "door": "1"})
    assert "grid" in response.context["form"].errors
    assert list(response.context["form"].fields["grid"].queryset) == [mine]
    assert client.post(create_url(world), {"grid": mine.pk, "door": "1"}).status_code == 302


def test_a_grid_worker_cannot_open_a_household_of_another_grid(world, client_for):
    household = HouseholdFactory(community=world.a)
    assert client_for("grid").get(household_url(household)).status_code == 404
    household.grid.workers.add(world.users["grid"])
    assert client_for("grid").get(household_url(household)).status_code == 200


def test_a_household_without_a_number_gets_the_next_generated_one(world, client_for):
    grid = GridFactory(community=world.a)
    made = [
        HouseholdFactory(community=world.a, grid=grid, number="HLS-00007"),
        HouseholdFactory(community=world.a, grid=grid, number="老编号12"),
    ]
    client = client_for("staff")
    response = client.post(
        create_url(world), {"grid": grid.pk, "door": "101", "number": "", "then": "member"}
    )
    # (the factory's doors run 101–130: the new household is the one the test did not make)
    household = Household.objects.exclude(pk__in=[h.pk for h in made]).get(community=world.a, door="101")
    assert household.number == "HLS-00008"
    # 保存并登记户主: straight to the first member's form, the household chosen
    assert (
        response["Location"]
        == reverse("residents:create", kwargs={"code": "HLS"}) + f"?household={household.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert "HLS-00008" in page and "请先登记户主" in page


def test_save_and_add_the_next_member_keeps_the_household(world, client_for):
    import datetime

    from residents.models import Resident
    from tests.factories import valid_id

    household = HouseholdFactory(community=world.a)
    client = client_for("staff")
    url = reverse("residents:create", kwargs={"code": "HLS"})
    data = {
        "name": "马大",
        "id_number": valid_id(datetime.date(1970, 1, 1), "M"),
        "ethnicity": "03",
        "household": household.pk,
        "relation": "head",
        "residence_type": "floating",
        "political_status": "masses",
        "then": "next",
    }
    response = client.post(f"{url}?household={household.pk}", data)
    head = Resident.objects.get(name="马大")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{url}?household={household.pk}")
    form = client.get(response["Location"]).context["form"]
    assert form.initial["household"] == household and form.initial["relation"] == "spouse"
    assert form.initial["residence_type"] == "floating"  # carried from the member before
    assert head.household == household
