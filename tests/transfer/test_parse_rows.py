"""The rows of a sheet parsed column by column (each distinct value once) answer as parsed row by row.

``importer._parse_rows`` is the fast path of every residents' and floating import; ``importer._parse_row``
parses one row and lists its refusals in order. Both are run on every workbook the import tests made
(``data/workbooks.zip``) and on sheets made here to reach the corners: refusals, formulas, a missing column,
cells of several kinds in one column.
"""

import zipfile
from datetime import date, datetime

import pytest

from residents.transfer import importer, reader
from tests.transfer.helpers import HEADERS, person, write, xlsx
from tests.transfer.test_reader_expectations import ARCHIVE, EXPECTATIONS

TODAY = date(2026, 6, 1)


def _both(sheet):
    fast = importer._parse_rows(sheet, TODAY, None)
    sheet.__dict__.pop("memos", None)  # the row-by-row parse starts from empty memos
    slow = [importer._parse_row(raw, sheet, TODAY) for raw in sheet.rows]
    return [(r.raw.number, r.values, r.errors) for r in fast], [
        (r.raw.number, r.values, r.errors) for r in slow
    ]


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTATIONS.items() if not e["refusal"]))
def test_every_workbook_of_the_tests_parses_as_row_by_row(name, tmp_path):
    path = tmp_path / "workbook.xlsx"
    with zipfile.ZipFile(ARCHIVE) as archive:
        path.write_bytes(archive.read(name))
    try:
        sheet = reader.read_file(path, "居民.xlsx", seconds=60)
    except reader.FileRefused as refused:
        # Two workbooks of the tests have no header of ours: refused before any row is parsed (no row for
        # either path to parse).
        assert "找不到表头" in str(refused)
        return
    fast, slow = _both(sheet)
    assert fast == slow


def test_refused_rows_alone_are_parsed_row_by_row(tmp_path, monkeypatch):
    rows = [
        person("马建国"),
        person("马建国", 公民身份号码="WRONG"),
        person("王秀英", birth=date(1980, 1, 2), sex="F", 出生日期="1980-01-03"),
        person("李明", 民族="火星族", 联系电话="一三八"),
        person("张华", 出生日期=datetime(1975, 6, 1), 楼栋=3, 单元=2, 门牌号=101),
        person("赵丽", 楼栋="3", 单元="2", 与户主关系=None, 人员类别="困难家庭、残疾人"),
        person("周强", 姓名=None),
        person("吴敏", 网格="=A1"),  # a formula
    ]
    sheet = reader.read_file(write(tmp_path, xlsx(rows)), "居民.xlsx", seconds=60)
    row_by_row = []
    parse_row = importer._parse_row
    monkeypatch.setattr(
        importer, "_parse_row", lambda raw, *a: row_by_row.append(raw.number) or parse_row(raw, *a)
    )
    fast, slow = _both(sheet)
    assert fast == slow
    refused = [number for number, _values, errors in fast if errors]
    assert row_by_row[: len(refused)] == refused == [4, 5, 6, 9, 10]


def test_a_column_holding_true_and_1_is_parsed_row_by_row(tmp_path):
    rows = [person("马建国", 门牌号=True), person("王芳", 门牌号=1), person("李明", 门牌号=1.5)]
    fast, slow = _both(reader.read_file(write(tmp_path, xlsx(rows)), "居民.xlsx", seconds=60))
    assert [values["door"] for _n, values, _e in fast] == ["True", "1", "1.5"]
    assert fast == slow


def test_a_sheet_without_the_ethnicity_column_parses_as_row_by_row(tmp_path):
    headers = [h for h in HEADERS if h != "民族"]
    sheet = reader.read_file(
        write(tmp_path, xlsx([person(), person("王芳")], headers)), "居民.xlsx", seconds=60
    )
    fast, slow = _both(sheet)
    assert all(errors for _n, _v, errors in fast)
    assert fast == slow
