"""Registering and editing residents: the ID number cross-checks, Chinese errors, nothing lost."""

from datetime import date

import pytest
from django.urls import reverse

from community.models import AuditLog
from residents.models import Resident
from tests.conftest import with_edit_token
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory, valid_id


def create_url(world):
    return reverse("residents:create", kwargs={"code": world.a.code})


@pytest.fixture
def household(world):
    return HouseholdFactory(community=world.a)


def form_data(household, **overrides):
    data = {
        "name": "马小红",
        "id_number": valid_id(date(1990, 3, 15), "F"),
        "sex": "",
        "birth_date": "",
        "ethnicity": "03",
        "phone": "13700001234",
        "household": str(household.pk),
        "relation": "head",
        "residence_type": "registered",
        "political_status": "masses",
        "reason": "",
        "notes": "",
    }
    return {**data, **overrides}


def test_staff_registers_a_resident_with_birth_date_and_sex_taken_from_the_id_number(
    world, client_for, household
):
    data = form_data(household)
    response = client_for("staff").post(create_url(world), data)
    resident = Resident.objects.get(name="马小红")
    assert response.status_code == 302 and response["Location"].endswith(f"/{resident.pk}/")
    assert (resident.birth_date, resident.sex, resident.community) == (date(1990, 3, 15), "F", world.a)
    assert resident.name_initials == "mxh"
    assert resident.history.get().history_change_reason == "新登记"
    assert AuditLog.objects.filter(action="resident.create", object_id=str(resident.pk)).exists()


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused_on_its_field(world, client_for, household):
    data = form_data(household, birth_date="1991-03-15", sex="M", notes="门口有坡道")
    response = client_for("staff").post(create_url(world), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "出生日期与公民身份号码不符（号码中为1990-03-15）。" in form.errors["birth_date"]
    assert "性别与公民身份号码不符（号码中为女）。" in form.errors["sex"]
    content = response.content.decode()
    assert "门口有坡道" in content and data["id_number"] in content and "1991-03-15" in content
    assert not Resident.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("620102198001021235", "公民身份号码校验位错误，请核对号码。"),
        ("620102800102123", "不接受15位旧身份证号码，请换用18位公民身份号码。"),
        ("62010219800231123X", "公民身份号码中的出生日期不存在。"),
    ],
)
def test_a_wrong_id_number_is_refused_in_chinese(world, client_for, household, number, message):
    response = client_for("staff").post(create_url(world), form_data(household, id_number=number))
    assert message in response.context["form"].errors["id_number"]


def test_the_same_id_number_twice_in_a_community_is_refused_in_chinese(world, client_for, household):
    existing = ResidentFactory(household=household)
    data = form_data(household, id_number=existing.id_number, relation="spouse")
    response = client_for("staff").post(create_url(world), data)
    assert response.context["form"].errors["id_number"] == [
        "本社区已登记过该公民身份号码的居民，请勿重复登记。"
    ]


def test_the_same_id_number_in_another_community_is_accepted(world, client_for, household):
    other = ResidentFactory(household=HouseholdFactory(community=world.b))
    response = client_for("staff").post(create_url(world), form_data(household, id_number=other.id_number))
    assert response.status_code == 302


def test_a_second_head_of_a_household_is_refused(world, client_for, household):
    ResidentFactory(household=household, relation="head")
    response = client_for("staff").post(create_url(world), form_data(household))
    assert response.context["form"].errors["relation"] == ["该户已有户主（本人），请选择其他关系。"]


def test_the_add_member_link_preselects_the_household(world, client_for, household):
    ResidentFactory(household=household)
    url = create_url(world) + f"?household={household.pk}"
    form = client_for("staff").get(url).context["form"]
    assert form.initial["household"] == household and form.initial["relation"] == "spouse"


def test_a_grid_worker_may_only_choose_households_of_their_grids(world, client_for, household):
    grid = GridFactory(community=world.a)
    grid.workers.add(world.users["grid"])
    mine = HouseholdFactory(community=world.a, unit=UnitFactory(building__compound__grid=grid))
    client = client_for("grid")
    response = client.post(create_url(world), form_data(household))
    assert "household" in response.context["form"].errors
    assert client.post(create_url(world), form_data(mine)).status_code == 302
    assert Resident.objects.get().household == mine


def test_editing_keeps_the_restricted_category_for_roles_that_cannot_see_it(world, client_for, household):
    household.grid.workers.add(world.users["grid"])
    resident = ResidentFactory(household=household, is_correction=True, name="张三")
    url = reverse("residents:edit", kwargs={"code": world.a.code, "pk": resident.pk})
    data = form_data(household, name="张三丰", id_number=resident.id_number, reason="改名")
    client = client_for("grid")
    response = client.post(url, with_edit_token(client, url, data))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.name == "张三丰" and resident.is_correction
    assert resident.history.latest().history_change_reason == "改名"
    changed = AuditLog.objects.get(action="resident.update").data["changed"]
    assert changed["name"] == ["张三", "张三丰"]
    assert resident.id_number not in str(changed)


def test_the_street_office_cannot_register_residents(world, client_for):
    assert client_for("street").get(create_url(world)).status_code == 403


def test_the_edit_page_does_not_show_the_full_id_number_and_empty_keeps_it(world, client_for, household):
    resident = ResidentFactory(household=household, name="张三")
    url = reverse("residents:edit", kwargs={"code": world.a.code, "pk": resident.pk})
    client = client_for("staff")
    assert resident.id_number not in client.get(url).content.decode()
    response = client.post(
        url,
        with_edit_token(client, url, form_data(household, name="张三", id_number="", phone="13600000000")),
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.phone == "13600000000" and resident.birth_date == date(1980, 1, 2)


def test_a_grid_worker_cannot_edit_or_record_the_status_of_a_resident_of_another_grid(
    world, client_for, household
):
    resident = ResidentFactory(household=household)
    client = client_for("grid")
    for name in ("residents:edit", "residents:status"):
        url = reverse(name, kwargs={"code": world.a.code, "pk": resident.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "moved_out", "on": "2026-01-01"}).status_code == 404
    resident.refresh_from_db()
    assert resident.status == "active"
