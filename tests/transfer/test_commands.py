"""The command-line contracts: import_residents and export_ledger (scripts depend on them)."""

from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from residents.models import Resident
from residents.transfer import reader
from tests.transfer.helpers import person, write, xlsx


def import_command(path, *args) -> str:
    out = StringIO()
    call_command("import_residents", "--community", "HLS", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_clean_file_is_written_with_exit_status_0_and_a_chinese_summary(world, tmp_path):
    output = import_command(write(tmp_path, xlsx([person(), person("韩秀英", sex="F", 与户主关系="配偶")])))
    assert "新增 2 人，更新 0 人，未变化 0 人，拒绝 0 行。" in output
    assert "新建：网格 1 个（第1网格）；小区 1 个（华林小区）；楼栋 1 个" in output
    assert "已写入" in output
    assert Resident.objects.count() == 2


def test_refused_rows_mean_nothing_written_and_exit_status_1(world, tmp_path):
    path = write(tmp_path, xlsx([person(), person("马建军", 民族="火星族")]))
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_residents", "--community", "HLS", str(path), stdout=out)
    assert error.value.returncode == 1
    assert "第4行：民族：未知的民族：火星族" in out.getvalue()
    assert Resident.objects.count() == 0


def test_a_dry_run_exits_0_when_the_import_would_be_written_and_writes_nothing(world, tmp_path):
    output = import_command(write(tmp_path, xlsx([person()])), "--dry-run")
    assert "试运行" in output and Resident.objects.count() == 0


def test_a_dry_run_with_refused_rows_exits_1(world, tmp_path):
    with pytest.raises(CommandError) as error:
        import_command(write(tmp_path, xlsx([person(民族="火星族")])), "--dry-run")
    assert error.value.returncode == 1


def test_skip_invalid_writes_the_valid_rows_and_errors_out_returns_the_refused_ones(world, tmp_path):
    path = write(tmp_path, xlsx([person(), person("马建军", 民族="火星族", 与户主关系="子")]))
    errors = tmp_path / "errors.xlsx"
    output = import_command(path, "--skip-invalid", "--errors-out", str(errors))
    assert "拒绝 1 行" in output and Resident.objects.count() == 1
    ws = openpyxl.load_workbook(errors).active
    assert ws.cell(row=2, column=ws.max_column).value == "错误原因"
    assert ws.cell(row=3, column=2).value == "马建军"
    assert "原第4行：民族：未知的民族" in ws.cell(row=3, column=ws.max_column).value


def test_the_refused_rows_workbook_can_be_fixed_and_imported_again(world, tmp_path):
    path = write(tmp_path, xlsx([person(), person("马建军", 民族="火星族", 与户主关系="子")]))
    errors = tmp_path / "errors.xlsx"
    import_command(path, "--skip-invalid", "--errors-out", str(errors))
    wb = openpyxl.load_workbook(errors)
    wb.active.cell(row=3, column=4).value = "回族"
    wb.save(errors)
    output = import_command(errors)
    assert "新增 1 人" in output and "未识别的列（已忽略）：错误原因" in output
    assert Resident.objects.count() == 2


def test_a_refused_file_exits_2(world, tmp_path):
    with pytest.raises(CommandError) as error:
        import_command(write(tmp_path, b"not a workbook"))
    assert error.value.returncode == 2


def test_the_command_is_bounded_in_time_as_the_workers_jobs_not_as_a_preview(world, tmp_path, monkeypatch):
    path = write(tmp_path, xlsx([person()]))
    monkeypatch.setattr(reader, "PREVIEW_SECONDS", 1e-9)  # a page's preview would be refused
    assert "已写入" in import_command(path)
    monkeypatch.setattr(reader, "JOB_SECONDS", 1e-9)
    with pytest.raises(CommandError, match="超时") as refused:
        import_command(write(tmp_path, xlsx([person("马建华")]), name="二.xlsx"))
    assert refused.value.returncode == 2


def test_an_unknown_community_exits_2(world, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_residents", "--community", "NOPE", str(write(tmp_path, xlsx([person()]))))
    assert error.value.returncode == 2


def test_export_ledger_writes_the_workbook_and_reimporting_it_changes_nothing(world, tmp_path):
    import_command(
        write(tmp_path, xlsx([person(人员类别="困难家庭"), person("韩秀英", sex="F", 与户主关系="配偶")]))
    )
    out_path = tmp_path / "minority.xlsx"
    out = StringIO()
    call_command(
        "export_ledger", "--community", "HLS", "--ledger", "minority", "--output", str(out_path), stdout=out
    )
    assert "2 行" in out.getvalue()
    output = import_command(out_path)
    assert "新增 0 人，更新 0 人，未变化 2 人，拒绝 0 行。" in output


def test_export_ledger_refuses_an_unknown_ledger(world, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "export_ledger", "--community", "HLS", "--ledger", "pets", "--output", str(tmp_path / "x.xlsx")
        )
