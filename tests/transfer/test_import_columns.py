"""Headers wherever they are and by every usual name; values as people type them."""

from datetime import date, datetime

import pytest

from residents import idnumber
from residents.models import Resident
from residents.transfer.columns import COLUMNS
from residents.transfer.importer import residents_import
from residents.transfer.reader import FileRefused
from tests.factories import valid_id
from tests.transfer.helpers import person, write, xlsx

BIRTH = date(1980, 1, 2)


def run(world, tmp_path, rows, headers=None, **options):
    return residents_import(community=world.a, path=write(tmp_path, xlsx(rows, headers)), **options)


def only(world) -> Resident:
    return Resident.objects.select_related("household__grid", "household__compound").get(community=world.a)


ALIASES = [(alias, field) for field, (title, aliases) in COLUMNS.items() for alias in (title, *aliases)]
SAMPLE = {
    "name": "马建国",
    "sex": "男",
    "ethnicity": "回族",
    "birth_date": BIRTH,
    "phone": "13912345678",
    "residence_type": "流动",
    "grid": "第2网格",
    "subgrid": "东片",
    "compound": "华林小区",
    "building": "3",
    "unit": "2",
    "door": "301",
    "household_number": "HLS-0001",
    "relation": "本人",
    "status": "迁出",
    "status_date": date(2025, 3, 1),
    "categories": "残疾人",
    "political_status": "中共党员",
    "notes": "独居",
}


@pytest.mark.parametrize(("alias", "field"), ALIASES)
def test_every_header_alias_is_understood(world, tmp_path, alias, field):
    number = valid_id(BIRTH, "M")
    row = {COLUMNS[f][0]: value for f, value in SAMPLE.items()} | {"公民身份号码": number}
    if field == "id_number":
        row = {k: v for k, v in row.items() if k != "公民身份号码"} | {alias: number}
    else:
        row = {(alias if k == COLUMNS[field][0] else k): v for k, v in row.items()}
    result = run(world, tmp_path, [row], headers=["序号", *row.keys()])
    assert result.written, [r.reason_text for r in result.refused]
    assert result.unknown_headers == []
    r = only(world)
    assert (r.name, r.id_number, r.birth_date, r.ethnicity_id) == ("马建国", number, BIRTH, "03")
    assert (r.phone, r.residence_type, r.political_status, r.notes) == (
        "13912345678",
        "floating",
        "party",
        "独居",
    )
    assert (r.status, r.status_date, r.is_disabled, r.relation) == (
        "moved_out",
        date(2025, 3, 1),
        True,
        "head",
    )
    household = r.household
    assert (household.grid.name, household.compound.name, household.building.number) == (
        "第2网格",
        "华林小区",
        "3",
    )
    assert (household.unit.number, household.door, household.number) == ("2", "301", "HLS-0001")
    assert household.subgrid.name == "东片"


def test_the_header_is_found_below_title_rows_and_unknown_columns_are_reported(world, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["华林山社区少数民族人员台帐"])
    ws.append(["填报单位：华林山社区", None, None, "2025年12月"])
    ws.append([])
    ws.append(["序号", " 姓 名 ", "身份证号码（18位）", "民族", "网格", "籍贯"])
    ws.append([1, "马建国", valid_id(BIRTH, "M"), "回族", "第1网格", "甘肃临夏"])
    path = tmp_path / "台帐.xlsx"
    wb.save(path)
    result = residents_import(community=world.a, path=path)
    assert result.header_row == 4
    assert result.unknown_headers == ["籍贯"]
    assert result.written and result.new == 1
    assert "未识别的列（已忽略）：籍贯" in result.summary_lines()


def test_a_sheet_without_a_recognisable_header_is_refused(world, tmp_path):
    with pytest.raises(FileRefused, match="找不到表头"):
        run(world, tmp_path, [{"名字": "马建国"}], headers=["名字", "证件"])


@pytest.mark.parametrize("typed", ["回族", "回", "03", " 回 族 ", "　回族　", 3, "3", "Hui"])
def test_ethnicity_is_read_as_name_short_name_or_code(world, tmp_path, typed):
    result = run(world, tmp_path, [person(民族=typed)])
    assert result.written
    assert only(world).ethnicity_id == "03"


def test_id_numbers_with_lower_case_x_spaces_or_full_width_digits_are_read(world, tmp_path):
    base = next(n for n in (idnumber.make("620103", BIRTH, s) for s in range(1, 999, 2)) if n.endswith("X"))
    full_width = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in base)
    typed = [
        base.lower(),
        f"{base[:6]} {base[6:14]} {base[14:]}",
        full_width,
    ]
    for index, value in enumerate(typed):
        Resident.objects.filter(community=world.a).delete()
        result = run(world, tmp_path, [person(公民身份号码=value, 出生日期=None, 性别=None)])
        assert result.written, (index, [r.reason_text for r in result.refused])
        assert only(world).id_number == base


@pytest.mark.parametrize(
    "typed",
    [
        datetime(1980, 1, 2),
        BIRTH,
        "1980-01-02",
        "1980/1/2",
        "19800102",
        19800102,
        "1980.1.2",
        "1980年1月2日",
        "1980-1-2 00:00:00",
        29222,
    ],
)
def test_birth_dates_are_read_in_every_usual_form(world, tmp_path, typed):
    result = run(world, tmp_path, [person(出生日期=typed, birth=BIRTH, 公民身份号码=valid_id(BIRTH, "M"))])
    assert result.written, [r.reason_text for r in result.refused]
    assert only(world).birth_date == BIRTH


def test_phones_with_full_width_digits_and_spaces_are_read(world, tmp_path):
    run(world, tmp_path, [person(联系电话="１３８ ００００ １１１１")])
    assert only(world).phone == "13800001111"


def test_a_phone_typed_as_a_number_is_read(world, tmp_path):
    run(world, tmp_path, [person(联系电话=13800001111)])
    assert only(world).phone == "13800001111"


@pytest.mark.parametrize(
    "typed", ["困难家庭、残疾人", "困难家庭,残疾人", "困难家庭，残疾人", "困难家庭;残疾人", "困难家庭 残疾人"]
)
def test_categories_are_split_on_every_usual_separator(world, tmp_path, typed):
    run(world, tmp_path, [person(人员类别=typed)])
    r = only(world)
    assert r.is_hardship and r.is_disabled and not r.is_unemployed


def test_the_household_tree_is_created_and_reported(world, tmp_path):
    result = run(world, tmp_path, [person()])
    assert result.created["网格"] == ["第1网格"]
    assert result.created["小区"] == ["华林小区"]
    assert result.created["楼栋"] == ["华林小区3号楼"]
    assert result.created["单元"] == ["华林小区3号楼2单元"]
    assert any("新建：网格 1 个（第1网格）" in line for line in result.summary_lines())
    assert str(only(world).household) == "华林小区3号楼2单元301室"


def test_buildings_and_units_are_read_with_their_suffixes(world, tmp_path):
    run(world, tmp_path, [person(楼栋="3号楼", 单元="2单元")])
    household = only(world).household
    assert (household.building.number, household.unit.number) == ("3", "2")


def test_csv_files_are_read_in_utf8_and_in_gbk(world, tmp_path):
    number = valid_id(BIRTH, "M")
    text = f"姓名,身份证号,民族,网格\n马建国,{number},回族,第1网格\n"
    for encoding, name in (("utf-8-sig", "a.csv"), ("gbk", "b.csv")):
        Resident.objects.filter(community=world.a).delete()
        path = write(tmp_path, text.encode(encoding), name=name)
        result = residents_import(community=world.a, path=path)
        assert result.written and result.new == 1
        assert only(world).name == "马建国"
