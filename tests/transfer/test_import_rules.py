"""Refusals with their reasons, households, all or nothing, --skip-invalid and re-import."""

from datetime import date

import pytest

from community.models import AuditLog
from residents.models import Household, Resident
from residents.transfer.importer import residents_import
from tests.factories import HouseholdFactory, ResidentFactory
from tests.transfer.helpers import HEADERS, person, write, xlsx

BIRTH = date(1975, 6, 1)


def run(world, tmp_path, rows, headers=None, name="居民.xlsx", **options):
    return residents_import(
        community=world.a, path=write(tmp_path, xlsx(rows, headers), name=name), **options
    )


def wrong_check_char(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


REFUSALS = [
    ("missing name", {"姓名": None}, "姓名", "请填写姓名"),
    ("missing ID number", {"公民身份号码": None}, "公民身份号码", "请填写公民身份号码"),
    ("wrong check character", {"公民身份号码": "WRONG"}, "公民身份号码", "校验位错误"),
    ("impossible birth date", {"出生日期": "1975-02-30"}, "出生日期", "日期不存在"),
    ("unreadable birth date", {"出生日期": "七五年"}, "出生日期", "无法识别的日期"),
    ("birth date disagreeing", {"出生日期": "1975-06-02"}, "出生日期", "出生日期与公民身份号码不符"),
    ("sex disagreeing", {"性别": "男"}, "性别", "性别与公民身份号码不符"),
    ("unknown ethnicity", {"民族": "火星族"}, "民族", "未知的民族"),
    ("unknown residence type", {"户籍类型": "临时"}, "户籍类型", "未知的户籍类型"),
    ("an ID number stored as a number", {"公民身份号码": 620103197506010011}, "公民身份号码", "被存成了数字"),
    ("unknown category", {"人员类别": "五保户"}, "人员类别", "未知的人员类别"),
    ("a bad phone", {"联系电话": "一三八"}, "联系电话", "联系电话格式不正确"),
]


@pytest.mark.parametrize(("case", "change", "column", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_the_row_the_column_and_the_reason(world, tmp_path, case, change, column, reason):
    bad = person("韩秀英", sex="F", 与户主关系="配偶")
    if change.get("公民身份号码") == "WRONG":
        change = {"公民身份号码": wrong_check_char(bad["公民身份号码"])}
    bad.update(change)
    result = run(world, tmp_path, [person(), bad])
    assert not result.written
    assert Resident.objects.filter(community=world.a).count() == 0  # all or nothing
    [refused] = result.refused
    assert refused.number == 4  # title row, header row, first person, this one
    assert any(col == column and reason in why for col, why in refused.errors), refused.errors


def test_an_unknown_status_is_refused(world, tmp_path):
    result = run(world, tmp_path, [person(人员状态="失联")], headers=[*HEADERS, "人员状态"])
    assert result.refused[0].errors == [("人员状态", "未知的人员状态：失联（应为“在册”“迁出”或“死亡”）。")]


def test_a_duplicate_id_number_inside_the_file_is_refused(world, tmp_path):
    first = person()
    result = run(world, tmp_path, [first, person("马建军", 公民身份号码=first["公民身份号码"].lower())])
    [refused] = result.refused
    assert refused.number == 4
    assert refused.errors == [("公民身份号码", "与第3行的公民身份号码重复。")]


def test_a_formula_cell_is_refused_and_not_evaluated(world, tmp_path):
    result = run(world, tmp_path, [person(联系电话="=1380000+1")])
    [refused] = result.refused
    assert refused.errors[0][0] == "联系电话" and "公式" in refused.errors[0][1]


def test_a_second_head_of_one_household_is_refused(world, tmp_path):
    result = run(world, tmp_path, [person(), person("马建军", 与户主关系="户主")])
    assert result.refused[0].errors == [("与户主关系", "该户已有户主（本人），请选择其他关系。")]


def test_rows_with_the_same_address_form_one_household_headed_by_the_self_row(world, tmp_path):
    rows = [
        person("马小明", 与户主关系="子", birth=date(2005, 1, 1)),
        person(),
        person("韩秀英", sex="F", 与户主关系="配偶"),
    ]
    result = run(world, tmp_path, rows)
    assert result.written and result.new_households == 1
    household = Household.objects.get(community=world.a)
    members = {r.name: r.relation for r in household.members.all()}
    assert members == {"马小明": "son", "马建国": "head", "韩秀英": "spouse"}


def test_rows_with_the_same_household_number_form_one_household_whatever_their_address(world, tmp_path):
    headers = [*HEADERS, "户编号"]
    rows = [
        person(户编号="H-1"),
        person("韩秀英", sex="F", 与户主关系="配偶", 户编号="H-1", 门牌号="302"),
        person("马建军", 户编号="H-2", 门牌号="303"),
    ]
    result = run(world, tmp_path, rows, headers=headers)
    assert result.new_households == 2
    assert Household.objects.get(number="H-1").members.count() == 2


def test_an_existing_household_is_found_by_its_number(world, tmp_path):
    household = HouseholdFactory(community=world.a, number="H-9")
    ResidentFactory(household=household, relation="head")
    result = run(
        world, tmp_path, [person(户编号="H-9", 与户主关系="配偶", 网格=None)], headers=[*HEADERS, "户编号"]
    )
    assert result.written and result.new_households == 0
    assert household.members.count() == 2


def test_a_new_head_for_a_household_that_has_one_is_refused(world, tmp_path):
    household = HouseholdFactory(community=world.a, number="H-9")
    ResidentFactory(household=household, relation="head")
    result = run(world, tmp_path, [person(户编号="H-9")], headers=[*HEADERS, "户编号"])
    assert "已有户主" in result.refused[0].errors[0][1]


def test_one_refused_row_and_nothing_is_written(world, tmp_path):
    result = run(
        world, tmp_path, [person(), person("马建军", 民族="火星族"), person("马建民", 与户主关系="子")]
    )
    assert (result.new, len(result.refused), result.written) == (2, 1, False)
    assert not Resident.objects.exists() and not Household.objects.exists()
    assert not AuditLog.objects.filter(action="resident.import").exists()


def test_skip_invalid_writes_the_valid_rows(world, tmp_path):
    result = run(
        world,
        tmp_path,
        [person(), person("马建军", 民族="火星族"), person("马建民", 与户主关系="子")],
        skip_invalid=True,
    )
    assert result.written and len(result.refused) == 1
    assert sorted(Resident.objects.values_list("name", flat=True)) == ["马建国", "马建民"]


def test_a_dry_run_writes_nothing(world, tmp_path):
    result = run(world, tmp_path, [person()], dry_run=True)
    assert result.new == 1 and not result.written
    assert not Resident.objects.exists()


def test_reimporting_the_same_file_changes_nothing(world, tmp_path):
    rows = [person(人员类别="残疾人"), person("韩秀英", sex="F", 与户主关系="配偶")]
    run(world, tmp_path, rows)
    history = Resident.history.count()
    result = run(world, tmp_path, rows)
    assert (result.new, result.updated, result.unchanged) == (0, 0, 2)
    assert Resident.objects.count() == 2 and Household.objects.count() == 1
    assert Resident.history.count() == history


def test_a_corrected_file_updates_and_the_history_names_the_import(world, tmp_path, count_queries):
    rows = [person(), person("韩秀英", sex="F", 与户主关系="配偶")]
    run(world, tmp_path, rows)
    rows[1]["联系电话"] = "13900001111"
    rows[1]["姓名"] = "韩秀瑛"
    result = run(world, tmp_path, rows, name="居民（更正）.xlsx")
    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    changed = Resident.objects.get(name="韩秀瑛")
    assert changed.phone == "13900001111" and changed.name_pinyin == "hanxiuying"
    latest = changed.history.first()
    assert latest.history_change_reason == "Excel导入：居民（更正）.xlsx"
    entry = AuditLog.objects.filter(action="resident.import").first()
    assert entry.data | {} == entry.data and entry.data["updated"] == 1 and entry.data["unchanged"] == 1
    assert changed.id_number not in str(entry.data)


def test_each_new_resident_and_household_has_its_created_version_naming_the_import(world, tmp_path):
    staff = world.users["staff"]
    rows = [person(), person("韩秀英", sex="F", 与户主关系="配偶"), person("马小明", 门牌号="302")]
    run(world, tmp_path, rows, actor=staff)
    for model in (Resident, Household):
        for obj in model.objects.filter(community=world.a):
            versions = list(obj.history.all())
            assert len(versions) == 1, obj
            version = versions[0]
            assert version.history_type == "+" and version.history_user_id == staff.pk
            assert version.history_change_reason == "Excel导入：居民.xlsx"
            tracked = [
                f.attname
                for f in model.history.model._meta.concrete_fields
                if not f.name.startswith("history_")
            ]
            assert {f: getattr(version, f) for f in tracked} == {f: getattr(obj, f) for f in tracked}
    assert Resident.history.filter(community=world.a).count() == 3
    assert Household.history.filter(community=world.a).count() == 2


def test_the_import_is_audited_with_its_row_counts(world, tmp_path, django_user_model):
    staff = world.users["staff"]
    result = residents_import(
        community=world.a,
        path=write(tmp_path, xlsx([person(), person("马建军", 民族="X")])),
        actor=staff,
        skip_invalid=True,
    )
    assert result.written
    entry = AuditLog.objects.get(action="resident.import")
    assert (entry.user, entry.community) == (staff, world.a)
    assert entry.data["rows"] == 2 and entry.data["new"] == 1 and entry.data["refused"] == 1
    assert entry.data["created"]["网格"] == 1


def test_a_resident_already_registered_is_matched_by_id_number_not_duplicated(world, tmp_path):
    existing = ResidentFactory(household=HouseholdFactory(community=world.a), name="马建国", ethnicity="03")
    result = run(
        world,
        tmp_path,
        [person(公民身份号码=existing.id_number, 出生日期=existing.birth_date, 联系电话="")],
        headers=["姓名", "公民身份号码", "出生日期", "民族", "联系电话"],
    )
    assert (result.new, result.updated) == (0, 0), [r.reason_text for r in result.refused]
    assert Resident.objects.filter(community=world.a).count() == 1


def test_residents_of_another_community_with_the_same_number_are_not_touched(world, tmp_path):
    other = ResidentFactory(household=HouseholdFactory(community=world.b), name="别人")
    result = run(world, tmp_path, [person(公民身份号码=other.id_number, 出生日期=other.birth_date)])
    assert result.new == 1
    other.refresh_from_db()
    assert other.name == "别人"


def test_the_dry_run_makes_the_same_number_of_queries_for_5_and_for_50_rows(world, tmp_path, count_queries):
    # Queries: residents of the community, households (with their tree), grids, subgrids, compounds,
    # buildings, units: 7, whatever the number of rows.
    def make(n):
        rows = [person(f"居民{i}", 门牌号=str(100 + i), birth=date(1970, 1, 1 + i % 28)) for i in range(n)]
        return write(tmp_path, xlsx(rows), name=f"{n}.xlsx")

    small, large = make(5), make(50)
    for path in (small, large):  # existing rows too, so that updates are compared
        residents_import(community=world.a, path=path)
    assert count_queries(lambda: residents_import(community=world.a, path=small, dry_run=True)) == 7
    assert count_queries(lambda: residents_import(community=world.a, path=large, dry_run=True)) == 7
