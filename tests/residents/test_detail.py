"""A resident's page: fields, masked ID and its audited reveal, chain, history, panels of other apps."""

import pytest
from django.apps import apps
from django.urls import reverse

from community.models import AuditLog
from residents import idnumber, services
from tests.factories import HouseholdFactory, ResidentFactory, UnitFactory


def detail_url(resident):
    return reverse("residents:detail", kwargs={"code": resident.community.code, "pk": resident.pk})


def reveal_url(resident):
    return reverse("residents:reveal_id", kwargs={"code": resident.community.code, "pk": resident.pk})


@pytest.fixture
def resident(world):
    unit = UnitFactory(building__compound__grid__community=world.a, head_name="单元长王五")
    unit.building.compound.grid.cadre_name = "干部刘六"
    unit.building.compound.grid.save()
    household = HouseholdFactory(community=world.a, unit=unit)
    return ResidentFactory(household=household, name="张三", ethnicity="03")


def test_the_page_shows_a_masked_id_and_the_chain_up_to_the_grid_cadre(world, client_for, resident):
    content = client_for("staff").get(detail_url(resident)).content.decode()
    assert idnumber.mask(resident.id_number) in content
    assert resident.id_number not in content
    for person in ("张三", "单元长王五", "干部刘六"):
        assert person in content
    assert "未落实" in content  # the building has no 楼长: a gap


def test_revealing_the_id_number_is_audited_and_shows_it_once(world, client_for, resident):
    client = client_for("secretary")
    response = client.post(reveal_url(resident))
    assert response.status_code == 302
    log = AuditLog.objects.get(action="resident.reveal_id")
    assert (log.username, log.object_id) == ("secretary", str(resident.pk))
    assert resident.id_number not in str(log.data)
    assert resident.id_number in client.get(detail_url(resident)).content.decode()
    assert resident.id_number not in client.get(detail_url(resident)).content.decode()


def test_htmx_reveal_returns_the_number_in_place(world, client_for, resident):
    response = client_for("staff").post(reveal_url(resident), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert resident.id_number in response.content.decode()
    assert "<html" not in response.content.decode()


def test_revealing_needs_a_post(world, client_for, resident):
    assert client_for("staff").get(reveal_url(resident)).status_code == 405


def test_the_restricted_category_is_hidden_from_roles_without_the_permission(world, client_for, resident):
    resident.is_correction = True
    resident.save()
    resident.household.grid.workers.add(world.users["grid"])
    grid_page = client_for("grid").get(detail_url(resident)).content.decode()
    assert "矫正" not in grid_page
    assert not AuditLog.objects.filter(action="resident.view_restricted").exists()
    staff_page = client_for("staff").get(detail_url(resident)).content.decode()
    assert "社区矫正/帮教对象" in staff_page
    assert AuditLog.objects.get(action="resident.view_restricted").username == "staff"


def test_history_names_who_changed_what_and_why(world, client_for, resident):
    services.resident_update(
        resident=resident, actor=world.users["staff"], reason="电话更正", phone="13900000000"
    )
    # History rows written outside a request carry no user; set it as the middleware would have.
    record = resident.history.latest()
    record.history_user = world.users["staff"]
    record.save()
    content = client_for("staff").get(detail_url(resident)).content.decode()
    assert "电话更正" in content
    assert "13900000000" in content
    assert world.users["staff"].display_name in content


def test_history_does_not_reveal_a_restricted_change(world, client_for, resident):
    services.resident_update(resident=resident, actor=world.users["staff"], reason="调整", is_correction=True)
    resident.household.grid.workers.add(world.users["grid"])
    assert "矫正" not in client_for("grid").get(detail_url(resident)).content.decode()


def test_a_grid_worker_cannot_open_a_resident_of_another_grid(world, client_for, resident):
    assert client_for("grid").get(detail_url(resident)).status_code == 404


def test_the_outsider_gets_404(world, client_for, resident):
    assert client_for("outsider").get(detail_url(resident)).status_code == 404


def test_panels_of_other_apps_are_shown(world, client_for, resident, monkeypatch, tmp_path, settings):
    (tmp_path / "panel.html").write_text("<p>面板：{{ panel.title }} {{ panel.context.amount }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    config = apps.get_app_config("grids")
    monkeypatch.setattr(
        config,
        "resident_panel",
        lambda request, r: {"title": "低保", "template": "panel.html", "context": {"amount": 42}},
        raising=False,
    )
    assert "面板：低保 42" in client_for("staff").get(detail_url(resident)).content.decode()


def test_the_page_costs_the_same_queries_for_a_household_of_2_and_of_20(
    world, client_for, resident, count_queries
):
    from django.db import connection

    client = client_for("staff")
    client.get(detail_url(resident))  # the access and the community switcher are cached from here on
    ResidentFactory(household=resident.household, relation="spouse")
    two = count_queries(lambda: client.get(detail_url(resident)), cached=True)
    ResidentFactory.create_batch(18, household=resident.household, relation="other")
    twenty = count_queries(lambda: client.get(detail_url(resident)), cached=True)
    # session, user; the resident, their household (with its grid tree and chain) and its members; the
    # history; the floating register's stays; which outreach records the resident has (none: nothing more
    # is read); the welfare cases — 9. PostgreSQL also plans the resident and household reads in written
    # order (residents.selectors.joins_in_written_order): a savepoint, SET LOCAL, its reset and the release.
    assert two == twenty == 9 + (4 if connection.vendor == "postgresql" else 0), (two, twenty)
