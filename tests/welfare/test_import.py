from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tests.factories import HouseholdFactory, ResidentFactory
from welfare.models import Case


def _book(path, rows, title=True):
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["华林山社区救助台帐"])
    ws.append(
        [
            "序号",
            "公民身份号码",
            "姓名",
            "救助类型",
            "状态",
            "金额",
            "开始日期",
            "结束日期",
            "备注",
            "廉租房方式",
        ]
    )
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _import(path, *args):
    out = StringIO()
    try:
        call_command("import_welfare", "--community", "HLS", str(path), *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


@pytest.fixture
def people(world):
    h = HouseholdFactory(community=world.a)
    return ResidentFactory(household=h, name="马强", ethnicity="03"), ResidentFactory(
        household=h, name="李娜", relation="spouse", sex="F"
    )


def test_a_clean_workbook_is_imported_and_a_second_import_changes_nothing(world, people, tmp_path):
    ma, li = people
    path = _book(
        tmp_path / "w.xlsx",
        [
            [1, ma.id_number.lower(), "马强", "低保", "在保", 480, "2025/1/2", None, "", ""],
            [2, li.id_number, "李娜", "廉租房", "已入住", "300", "2025年3月1日", None, "", "租赁补贴"],
        ],
    )
    code, out = _import(path, "--approved-by", "secretary")
    assert code == 0 and "新增2" in out
    assert Case.objects.filter(status="active").count() == 2
    code, out = _import(path)
    assert code == 0 and "未变2" in out and Case.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["X", "110105194912310021", "马强", "低保", "在保", 1, None, None, "", ""], "本社区没有"),
        (["X", "{ma}", "马小强", "低保", "在保", 1, None, None, "", ""], "姓名与该身份证号"),
        (["X", "{ma}", "马强", "扶贫", "在保", 1, None, None, "", ""], "未知的救助类型"),
        (["X", "{ma}", "马强", "低保", "办理中", 1, None, None, "", ""], "未知的状态"),
        (["X", "{ma}", "马强", "低保", "在保", -5, None, None, "", ""], "金额"),
        (["X", "{ma}", "马强", "低保", "在保", 1, "明年", None, "", ""], "无法识别的日期"),
        (["X", "{ma}", "马强", "廉租房", "在保", 1, None, None, "", "分房"], "应为“实物配租”"),
    ],
)
def test_refused_rows_have_their_reason_and_nothing_is_written(world, people, tmp_path, row, reason):
    ma, li = people
    row = [cell.format(ma=ma.id_number) if isinstance(cell, str) else cell for cell in row]
    good = [1, li.id_number, "李娜", "低保", "在保", 480, None, None, "", ""]
    code, out = _import(_book(tmp_path / "w.xlsx", [good, row]))
    assert code != 0 and reason in out
    assert Case.objects.count() == 0


def test_skip_invalid_writes_the_valid_rows(world, people, tmp_path):
    ma, li = people
    rows = [
        [1, li.id_number, "李娜", "低保", "在保", 480, None, None, "", ""],
        [2, ma.id_number, "马小强", "低保", "在保", 1, None, None, "", ""],
    ]
    code, out = _import(_book(tmp_path / "w.xlsx", rows), "--skip-invalid")
    assert code == 0 and Case.objects.count() == 1


def test_a_renamed_file_is_refused(world, tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("import_welfare", "--community", "HLS", str(path), stdout=StringIO())


def test_a_zip_bomb_is_refused_before_it_is_opened(world, tmp_path):
    import zipfile

    from django.core.management import CommandError

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<x/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (301 * 1024 * 1024))
    with pytest.raises(CommandError, match="压缩炸弹"):
        call_command("import_welfare", "--community", "HLS", str(path), stdout=StringIO())


def _sheet(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_housing_row_already_moved_in_is_in_kind_and_one_without_a_mode_is_imported_with_a_warning(
    world, people, tmp_path
):
    """What the sheet already says is not refused: 已入住 means 实物配租; otherwise 未注明, and the office is told."""
    ma, li = people
    header = ["公民身份号码", "姓名", "救助类型", "状态", "开始日期"]
    path = _sheet(
        tmp_path / "w.xlsx",
        header,
        [
            [ma.id_number, "马强", "廉租房", "已入住", "2025-03-01"],
            [li.id_number, "李娜", "廉租房", "在保", "2025-04-01"],
        ],
    )
    code, out = _import(path)
    assert code == 0 and "新增2" in out
    assert "提示：第3行 廉租房方式" in out and "未注明" in out
    assert Case.objects.get(resident=ma).housing_mode == "in_kind"
    assert Case.objects.get(resident=li).housing_mode == "unknown"


def test_the_household_number_column_is_recognised_and_checked(world, people, tmp_path):
    ma, li = people
    ma.household.number = "HLS-0007"
    ma.household.save()
    header = ["户号", "公民身份号码", "姓名", "救助类型", "状态"]
    path = _sheet(
        tmp_path / "w.xlsx",
        header,
        [
            ["HLS-0007", ma.id_number, "马强", "低保", "在保"],
            ["HLS-9999", li.id_number, "李娜", "低保", "在保"],
        ],
    )
    code, out = _import(path)
    assert code == 0 and "新增2" in out
    assert "未识别的列" not in out  # 户号 is a known column
    assert "提示：第3行 户号" in out and "HLS-9999" in out


def test_the_preview_names_the_ignored_columns(world, people, client_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    ma, _li = people
    header = ["公民身份号码", "姓名", "救助类型", "状态", "社保卡号", "联系人"]
    path = _sheet(tmp_path / "w.xlsx", header, [[ma.id_number, "马强", "低保", "在保", "123", "王"]])
    upload = SimpleUploadedFile("w.xlsx", path.read_bytes())
    response = client_for("staff").post(reverse("welfare:import", kwargs={"code": "HLS"}), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-ignored"' in html
    assert "社保卡号、联系人" in html
