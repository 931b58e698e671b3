"""The registry form and the sheet import refuse the same bad values with the same words (residents/rules.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from residents.models import Resident
from residents.transfer.importer import residents_import
from tests.factories import HouseholdFactory, ResidentFactory, valid_id
from tests.transfer.helpers import HEADERS, person, write, xlsx

BIRTH = date(1990, 3, 15)
NUMBER = valid_id(BIRTH, "F")
WRONG_CHECK = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")

# (case, form field, value typed in the form, sheet column, value in the sheet's cell, the message)
BAD_ROWS = [
    ("no name", "name", "", "姓名", None, "请填写姓名。"),
    ("a name too long", "name", "马" * 41, "姓名", "马" * 41, "姓名过长（最多40个字）。"),
    ("no ID number", "id_number", "", "公民身份号码", None, "请填写公民身份号码。"),
    (
        "a wrong check character",
        "id_number",
        WRONG_CHECK,
        "公民身份号码",
        WRONG_CHECK,
        "公民身份号码校验位错误，请核对号码。",
    ),
    (
        "an old 15-digit number",
        "id_number",
        "620102800102123",
        "公民身份号码",
        "620102800102123",
        "不接受15位旧身份证号码，请换用18位公民身份号码。",
    ),
    (
        "a 17-character number",
        "id_number",
        NUMBER[:17],
        "公民身份号码",
        NUMBER[:17],
        "公民身份号码应为18位，现为17位。",
    ),
    (
        "an impossible birth date in the number",
        "id_number",
        "62010219800231123X",
        "公民身份号码",
        "62010219800231123X",
        "公民身份号码中的出生日期不存在。",
    ),
    (
        "a birth date other than the number's",
        "birth_date",
        "1990-03-16",
        "出生日期",
        date(1990, 3, 16),
        "出生日期与公民身份号码不符（号码中为1990-03-15）。",
    ),
    ("a sex other than the number's", "sex", "M", "性别", "男", "性别与公民身份号码不符（号码中为女）。"),
    ("no ethnicity", "ethnicity", "", "民族", None, "请填写民族。"),
    ("a phone in words", "phone", "一三八", "联系电话", "一三八", "联系电话格式不正确：一三八。"),
    ("a phone too long", "phone", "1" * 21, "联系电话", "1" * 21, f"联系电话格式不正确：{'1' * 21}。"),
    (
        "a registration date to come",
        "moved_in_on",
        "2999-01-01",
        "登记日期",
        date(2999, 1, 1),
        "登记日期不能晚于今天。",
    ),
    (
        "a second head of the household",
        "relation",
        "head",
        "与户主关系",
        "本人",
        "该户已有户主（本人），请选择其他关系。",
    ),
]


@pytest.fixture
def household(world):
    """A registered household with its head: the bad rows' person joins it as the spouse."""
    household = HouseholdFactory(community=world.a, number="H-9")
    ResidentFactory(household=household, relation="head")
    return household


def form_data(household, field, value) -> dict:
    data = {
        "name": "马小红",
        "id_number": NUMBER,
        "sex": "",
        "birth_date": "",
        "ethnicity": "03",
        "phone": "13700001234",
        "household": str(household.pk),
        "relation": "spouse",
        "residence_type": "registered",
        "political_status": "masses",
        "moved_in_on": "2020-01-01",
        "reason": "",
        "notes": "",
    }
    return {**data, field: value}


def sheet_row(column, value) -> dict:
    row = person("马小红", birth=BIRTH, sex="F", 与户主关系="配偶", 户编号="H-9", 登记日期=date(2020, 1, 1))
    return {**row, column: value}


@pytest.mark.parametrize(
    ("case", "field", "typed", "column", "cell", "message"), BAD_ROWS, ids=[row[0] for row in BAD_ROWS]
)
def test_the_form_and_the_import_refuse_the_same_value_with_the_same_message(
    world, client_for, household, tmp_path, case, field, typed, column, cell, message
):
    response = client_for("staff").post(
        reverse("residents:create", kwargs={"code": world.a.code}), form_data(household, field, typed)
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}

    sheet = xlsx([sheet_row(column, cell)], [*HEADERS, "户编号", "登记日期"])
    result = residents_import(community=world.a, path=write(tmp_path, sheet))
    [refused] = result.refused
    assert refused.errors == [(column, message)]
    assert not Resident.objects.filter(name__startswith="马小红").exists()


def test_the_good_row_is_accepted_by_the_form(world, client_for, household):
    """The bad rows above differ from an accepted row by their one bad value only."""
    response = client_for("staff").post(
        reverse("residents:create", kwargs={"code": world.a.code}), form_data(household, "notes", "")
    )
    assert response.status_code == 302
    assert Resident.objects.get(name="马小红").household == household


def test_the_good_row_is_accepted_by_the_import(world, household, tmp_path):
    sheet = xlsx([sheet_row("备注", None)], [*HEADERS, "户编号", "登记日期"])
    result = residents_import(community=world.a, path=write(tmp_path, sheet))
    assert not result.refused and result.written and result.new == 1
    assert Resident.objects.get(name="马小红").household == household


def test_the_status_form_and_the_import_refuse_a_move_out_dated_tomorrow_alike(world, client_for, tmp_path):
    resident = ResidentFactory(community=world.a, household__community=world.a)
    tomorrow = date.today() + timedelta(days=1)
    response = client_for("staff").post(
        reverse("residents:status", kwargs={"code": world.a.code, "pk": resident.pk}),
        {"status": "moved_out", "on": tomorrow.isoformat()},
    )
    assert response.context["form"].errors == {"on": ["日期不能晚于今天。"]}

    row = person(人员状态="迁出", 状态变更日期=tomorrow)
    result = residents_import(
        community=world.a, path=write(tmp_path, xlsx([row], [*HEADERS, "人员状态", "状态变更日期"]))
    )
    [refused] = result.refused
    assert refused.errors == [("状态变更日期", "日期不能晚于今天。")]
