"""Files are checked before openpyxl parses them: size, zip bombs, renamed files."""

import io
import zipfile

import pytest

from residents.transfer import reader
from residents.transfer.importer import residents_import
from residents.transfer.reader import FileRefused
from tests.transfer.helpers import person, write, xlsx


def test_defusedxml_is_installed_so_openpyxl_parses_safely():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_zip_bomb_is_refused_from_its_declared_size_before_it_is_opened(world, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))  # 2 MB → a few KB
    path = write(tmp_path, buffer.getvalue(), "bomb.xlsx")
    assert path.stat().st_size < 10_000
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    with pytest.raises(FileRefused, match="压缩炸弹"):
        residents_import(community=world.a, path=path)
    assert opened == []


def test_a_zip_with_too_many_entries_is_refused(world, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(reader.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"x/{index}.xml", "")
    with pytest.raises(FileRefused, match="文件数量异常"):
        residents_import(community=world.a, path=write(tmp_path, buffer.getvalue(), "many.xlsx"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not a workbook", "改了扩展名"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "旧版 Excel"),
        (None, "改了扩展名"),  # a zip that is not a workbook (e.g. a renamed .docx or archive)
    ],
)
def test_a_renamed_file_that_is_not_a_workbook_is_refused(world, tmp_path, content, message):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        content = buffer.getvalue()
    with pytest.raises(FileRefused, match=message):
        residents_import(community=world.a, path=write(tmp_path, content, "居民.xlsx"))


def test_a_file_over_the_size_limit_is_refused(world, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(FileRefused, match="文件过大"):
        residents_import(community=world.a, path=write(tmp_path, xlsx([person()] * 5)))


def test_other_file_types_are_refused(world, tmp_path):
    with pytest.raises(FileRefused, match="只接受"):
        residents_import(community=world.a, path=write(tmp_path, b"hello", "居民.txt"))


def test_a_csv_in_an_unknown_encoding_is_refused(world, tmp_path):
    with pytest.raises(FileRefused, match="编码"):
        residents_import(community=world.a, path=write(tmp_path, "姓名".encode("utf-16"), "a.csv"))


def _rows(generator):
    out = []
    for row in generator:
        values = list(row.values)
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((row.number, values, row.formulas))
    return out


def test_the_fast_reader_reads_what_openpyxl_reads(tmp_path):
    from datetime import date, datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["华林山社区居民花名册"])
    ws.append(["姓名", "出生日期", "序号", "金额", "公式", "备注", "是否"])
    ws.append(["马建国", date(1980, 1, 2), 1, 2.5, "=1+2", "=文本", True])
    ws.append([])
    ws.append(["韩秀英", datetime(1981, 3, 4, 5, 6), 19800102, None, "=SUM(C3:C5)", "  空格  ", False])
    ws.cell(row=6, column=6, value="只有这一格")
    ws["F3"].data_type = "s"  # a text cell that begins with "=" is text, not a formula
    ws.cell(row=7, column=2, value=date(1990, 5, 6)).number_format = "yyyy年m月d日"
    ws.cell(row=7, column=3, value=12).number_format = "0.00"
    path = tmp_path / "cross.xlsx"
    wb.save(path)
    fast = _rows(reader._xlsx_rows(path))
    reference = _rows(reader.openpyxl_rows(path))
    assert fast == reference
    assert fast[2][2] == {4}  # the formula in column E of row 3 is flagged
    assert fast[3][1][4] == "=SUM(C3:C5)"


def test_the_fast_reader_refuses_xml_with_a_dtd(world, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码"])
    path = tmp_path / "dtd.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "<worksheet", '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet', 1
    ).encode()
    bomb = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(bomb, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    with pytest.raises(FileRefused, match="无法读取"):
        residents_import(community=world.a, path=bomb)


def _prefixed_workbook(tmp_path, sheet_data: str):
    """A workbook whose parts use a namespace prefix (x:) and cells without references, as some generators write."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<x:workbook xmlns:x="{main}" xmlns:r="{rels}"><x:sheets>'
            '<x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            f'Type="{rels}/worksheet"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<x:worksheet xmlns:x="{main}"><x:sheetData>{sheet_data}</x:sheetData></x:worksheet>',
        )
    return write(tmp_path, buffer.getvalue(), "prefixed.xlsx")


def _text(value: str) -> str:
    return f'<x:c t="inlineStr"><x:is><x:t>{value}</x:t></x:is></x:c>'


def test_a_prefixed_sheet_with_unreferenced_cells_is_read_and_its_formulas_flagged(tmp_path):
    body = (
        f'<x:row r="1">{_text("姓名")}{_text("公民身份号码")}</x:row>'
        f'<x:row r="2">{_text("马建国")}<x:c><x:f>A1&amp;"x"</x:f><x:v>0</x:v></x:c></x:row>'
    )
    rows = _rows(reader._xlsx_rows(_prefixed_workbook(tmp_path, body)))
    assert rows == [(1, ["姓名", "公民身份号码"], set()), (2, ["马建国", '=A1&"x"'], {1})]


def test_a_row_of_unreferenced_cells_past_the_column_bound_is_refused(tmp_path):
    body = f'<x:row r="1">{_text("姓名")}{_text("公民身份号码")}</x:row><x:row r="2">{"<x:c><x:v>1</x:v></x:c>" * 201}</x:row>'
    with pytest.raises(FileRefused, match="列数超过上限"):
        list(reader._xlsx_rows(_prefixed_workbook(tmp_path, body)))
