"""The resident list: search, filters, sorting, masking, scoping, and its constant query count."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from community.models import AuditLog
from residents import idnumber
from tests.factories import CompoundFactory, GridFactory, HouseholdFactory, ResidentFactory, UnitFactory


def list_url(world, **params):
    from urllib.parse import urlencode

    return reverse("residents:list", kwargs={"code": world.a.code}) + (
        "?" + urlencode(params) if params else ""
    )


def names(response) -> set[str]:
    return {r.name for r in response.context["page"]}


@pytest.fixture
def people(world):
    household = HouseholdFactory(community=world.a)
    return {
        "zhang": ResidentFactory(household=household, name="张三", phone="13912345678"),
        "li": ResidentFactory(household=household, name="李四", relation="spouse", sex="F", ethnicity="03"),
        "zhao": ResidentFactory(household=household, name="赵小山", relation="son", phone="13800001111"),
    }


def test_the_list_costs_the_same_queries_for_5_and_for_50_residents(world, client_for, count_queries):
    client = client_for("staff")
    household = HouseholdFactory(community=world.a)
    ResidentFactory.create_batch(5, household=household, relation="other")
    url = list_url(world)
    # session, user; page count; page rows (ethnicity and address joined) — 4. The community and membership
    # (access), the community switcher and the filter form's grid and compound choices are cached
    # (community.caching; the ethnicities' are the GB/T 3304 table's, without a query): reading them costs 5
    # queries on the first request and again after they change.
    # PostgreSQL also sets the join order for the page read (residents.selectors.joins_in_written_order):
    # a savepoint, SET LOCAL, its reset and the release — four statements SQLite has no use for.
    join_order = 4 if connection.vendor == "postgresql" else 0
    assert count_queries(lambda: client.get(url)) == 4 + 5 + join_order  # nothing cached
    five = count_queries(lambda: client.get(url), cached=True)
    ResidentFactory.create_batch(45, household=HouseholdFactory(community=world.a), relation="other")
    client.get(url)  # the household's new grid and compound: the filter bar is read again, once
    fifty = count_queries(lambda: client.get(url), cached=True)
    assert five == fifty == 4 + join_order, (five, fifty)
    assert len(client.get(url).context["page"]) == 50


def test_pinyin_initials_find_the_resident(world, client_for, people):
    assert names(client_for("staff").get(list_url(world, q="zs"))) == {"张三"}


def test_a_prefix_of_the_full_pinyin_finds_the_resident(world, client_for, people):
    assert names(client_for("staff").get(list_url(world, q="ZhaoXiao"))) == {"赵小山"}


def test_a_part_of_the_name_finds_the_resident(world, client_for, people):
    assert names(client_for("staff").get(list_url(world, q="小山"))) == {"赵小山"}


def test_the_whole_id_number_finds_the_resident_and_is_audited_without_the_number(world, client_for, people):
    number = people["li"].id_number
    assert names(client_for("staff").get(list_url(world, q=number.lower()))) == {"李四"}
    log = AuditLog.objects.get(action="resident.search_id")
    assert log.data == {"length": 18}
    assert number not in str(log.data) and number[-6:] not in log.object_repr


def test_the_last_characters_of_the_id_number_find_the_resident(world, client_for, people):
    tail = people["zhao"].id_number[-5:]
    assert "赵小山" in names(client_for("staff").get(list_url(world, q=tail)))
    assert AuditLog.objects.get(action="resident.search_id").data == {"length": 5}


def test_a_phone_number_finds_the_resident(world, client_for, people):
    assert names(client_for("staff").get(list_url(world, q="13912345678"))) == {"张三"}
    assert names(client_for("staff").get(list_url(world, q="1380000"))) == {"赵小山"}
    assert not AuditLog.objects.filter(action="resident.search_id").exists()


def test_id_numbers_are_masked_in_the_list_for_every_role(world, client_for, people):
    number = people["zhang"].id_number
    for persona in ("staff", "secretary"):
        content = client_for(persona).get(list_url(world)).content.decode()
        assert number not in content
        assert idnumber.mask(number) in content


def test_moved_out_residents_are_hidden_until_asked_for(world, client_for, people):
    people["li"].status, people["li"].status_date = "moved_out", date(2025, 1, 1)
    people["li"].save()
    client = client_for("staff")
    assert "李四" not in names(client.get(list_url(world)))
    assert "李四" in names(client.get(list_url(world, status="moved_out")))
    assert len(names(client.get(list_url(world, status="all")))) == 3


def test_filters_by_ethnicity_and_category(world, client_for, people):
    people["zhao"].is_disabled = True
    people["zhao"].save()
    client = client_for("staff")
    assert names(client.get(list_url(world, ethnicity="03"))) == {"李四"}
    assert names(client.get(list_url(world, category="is_disabled"))) == {"赵小山"}


def test_the_ethnicity_options_are_the_rows_of_the_ethnicity_table_and_cost_no_query(
    world, client_for, people
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from residents.filters import ETHNICITY_OPTIONS
    from residents.models import Ethnicity

    assert ETHNICITY_OPTIONS == list(Ethnicity.objects.values_list("code", "name"))  # the table's order: code
    with CaptureQueriesContext(connection) as queries:
        html = client_for("staff").get(list_url(world, ethnicity="03")).content.decode()
    assert not [
        q for q in queries if q["sql"].startswith('SELECT "residents_ethnicity"') and "LIMIT" not in q["sql"]
    ]
    select = html[html.index('<select name="ethnicity"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option") == len(ETHNICITY_OPTIONS) + 1
    assert '<option value="">全部民族</option><option value="01">汉族</option>' in select
    assert '<option value="03" selected>回族</option>' in select


def test_sorting_by_age_puts_the_youngest_first_and_reverses(world, client_for):
    household = HouseholdFactory(community=world.a)
    ResidentFactory(household=household, name="老人", birth_date=date(1940, 5, 5))
    ResidentFactory(household=household, name="孩子", birth_date=date(2015, 5, 5), relation="son")
    client = client_for("staff")
    assert [r.name for r in client.get(list_url(world, sort="age")).context["page"]] == ["孩子", "老人"]
    assert [r.name for r in client.get(list_url(world, sort="-age")).context["page"]] == ["老人", "孩子"]


def test_the_restricted_category_is_neither_shown_nor_filterable_without_permission(
    world, client_for, people
):
    people["zhang"].is_correction = True
    people["zhang"].save()
    people["zhang"].household.grid.workers.add(world.users["grid"])
    grid = client_for("grid").get(list_url(world, category="is_correction"))
    assert "矫正" not in grid.content.decode()
    assert len(names(grid)) == 3  # the forbidden filter is ignored, not applied
    staff = client_for("staff").get(list_url(world, category="is_correction"))
    assert names(staff) == {"张三"} and "矫正" in staff.content.decode()
    assert AuditLog.objects.filter(action="resident.view_restricted", username="staff").exists()


def test_a_grid_worker_sees_only_the_residents_of_their_grids(world, client_for):
    mine = GridFactory(community=world.a)
    mine.workers.add(world.users["grid"])
    ResidentFactory(
        household=HouseholdFactory(community=world.a, unit=UnitFactory(building__compound__grid=mine)),
        name="本网格",
    )
    ResidentFactory(household=HouseholdFactory(community=world.a), name="别的网格")
    assert names(client_for("grid").get(list_url(world))) == {"本网格"}
    assert names(client_for("staff").get(list_url(world))) == {"本网格", "别的网格"}


def test_the_street_office_gets_no_resident_pages(world, client_for):
    assert client_for("street").get(list_url(world)).status_code == 403


def options(response, name: str) -> list[str]:
    return [label for value, label in response.context["filter"].form.fields[name].widget.choices if value]


def test_a_new_grid_and_a_renamed_compound_show_in_the_filter_bar_at_once(world, client_for):
    """The filter bar's grids and compounds are cached (residents.selectors.place_options) until they change."""
    client = client_for("staff")
    grid = GridFactory(community=world.a, number=1, name="第一网格")
    compound = CompoundFactory(grid=grid, name="华林小区")
    assert options(client.get(list_url(world)), "grid") == ["第一网格"]
    assert options(client.get(list_url(world)), "compound") == ["华林小区"]  # from the cache
    GridFactory(community=world.a, number=2, name="第二网格")
    compound.name = "华林新村"
    compound.save()
    page = client.get(list_url(world))
    assert options(page, "grid") == ["第一网格", "第二网格"]
    assert options(page, "compound") == ["华林新村"]
    assert "第二网格" in page.content.decode()


def test_a_grid_deleted_leaves_the_filter_bar_at_once(world, client_for):
    client = client_for("staff")
    GridFactory(community=world.a, number=1, name="第一网格")
    gone = GridFactory(community=world.a, number=2, name="第二网格")
    assert options(client.get(list_url(world)), "grid") == ["第一网格", "第二网格"]
    gone.delete()
    assert options(client.get(list_url(world)), "grid") == ["第一网格"]


def test_another_communitys_grids_never_reach_the_filter_bar(world, client_for):
    GridFactory(community=world.b, number=1, name="外社区网格")
    GridFactory(community=world.a, number=1, name="第一网格")
    assert options(client_for("staff").get(list_url(world)), "grid") == ["第一网格"]
    outsider = client_for("outsider")
    assert outsider.get(list_url(world)).status_code == 404
    own = outsider.get(reverse("residents:list", kwargs={"code": world.b.code}))
    assert options(own, "grid") == ["外社区网格"]
