"""The ledger export's writer (community.spreadsheets.LedgerSheet, #22): its data rows are written as sheet XML
by hand, so the workbook must be the one XlsxWriter writes cell by cell — member for member, byte for byte —
on every kind of value and on the text XlsxWriter escapes (control characters, a literal _xHHHH_, & < >,
leading or trailing space, more than Excel's 32,767 characters, characters above U+FFFF)."""

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from community.spreadsheets import DANGEROUS_PREFIXES, LedgerSheet, is_dangerous

HEADERS = [(f"列{i}", 10) for i in range(1, 15)]
ROWS = [
    [
        1,
        "马建国",
        "",
        None,
        "=1+1",
        "＝全角",
        " 前空格",
        "后空格 ",
        "a&b<c>d\"e'",
        "制表\t符",
        "控制\x01符\x1f",
        "_x0041_ 字面",
        "回车\r\n换行",
        "\ufffe",
    ],
    [
        2.5,
        date(1900, 2, 28),
        date(1900, 3, 1),
        date(1899, 12, 31),
        date(2024, 5, 6),
        datetime(2024, 5, 6, 12, 30),
        True,
        False,
        10**17,
        -3,
        1e-7,
        "长" * 40_000,
        "𝄞" * 20_000,
        "@提及",
    ],
    [
        3,
        date(1975, 6, 1),
        "62010219750601123X",
        "13800000000",
        "-1",
        "+86",
        "\t=x",
        "华林小区",
        "3",
        "",
        "",
        "",
        "",
        "残疾人、困难家庭",
    ],
]


class CellByCell(LedgerSheet):
    """The same workbook written through XlsxWriter's own cell calls (the export's writer before #22)."""

    def append(self, values):
        ws, row = self.sheet, self.rows + 2
        for column, value in enumerate(values):
            if value is None or value == "":
                ws.write_blank(row, column, None, self.text)
            elif isinstance(value, str):
                ws.write_string(
                    row, column, value, self.quoted if value.startswith(DANGEROUS_PREFIXES) else self.text
                )
            elif isinstance(value, date):
                ws.write_datetime(row, column, value, self.date)
            elif isinstance(value, bool):
                ws.write_boolean(row, column, value, self.text)
            elif isinstance(value, int | float):
                ws.write_number(row, column, value, self.text)
            else:
                text = str(value)
                ws.write_string(row, column, text, self.quoted if is_dangerous(text) else self.text)
        self.rows += 1

    def close(self):
        self.sheet.autofilter(1, 0, self.rows + 1, self.width - 1)
        self.book.close()
        return self._buffer.getvalue()


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(kind, rows, flush_rows=None) -> bytes:
    sheet = kind("华林社区=台帐", HEADERS, subtitle="导出日期：2024年05月06日")
    sheet.book.set_properties({"created": datetime(2024, 5, 6, 8, 0)})  # both files of a comparison alike
    if flush_rows:
        sheet.FLUSH_ROWS = flush_rows
    for values in rows:
        sheet.append(values)
    return sheet.close()


@pytest.mark.parametrize("rows", [ROWS, [], ROWS * 7], ids=["kinds", "no rows", "flushed in pieces"])
def test_the_workbook_is_byte_for_byte_the_one_xlsxwriter_writes_cell_by_cell(rows):
    ours, theirs = _members(_write(LedgerSheet, rows, flush_rows=2)), _members(_write(CellByCell, rows))
    assert list(ours) == list(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name


def test_the_rows_read_back_as_written_with_the_office_formats():
    book = openpyxl.load_workbook(io.BytesIO(_write(LedgerSheet, ROWS)))
    ws = book.active
    assert ws.max_row == 5 and ws.auto_filter.ref == "A2:N5" and ws.freeze_panes == "A3"
    first, second = ws[3], ws[4]
    assert first[1].value == "马建国" and first[3].value is None and first[6].value == " 前空格"
    assert first[4].value == "=1+1" and first[4].data_type == "s" and first[4].quotePrefix
    assert first[5].quotePrefix and not first[1].quotePrefix and second[13].quotePrefix
    assert first[8].value == "a&b<c>d\"e'" and first[10].value == "控制_x0001_符_x001F_"  # Excel's escapes
    assert second[2].value == datetime(1900, 3, 1) and second[2].number_format == "yyyy-mm-dd"
    assert second[6].value is True and second[0].value == 2.5
    assert len(second[11].value) == 32_767
    assert all(cell.border.left.style == "thin" for cell in first)


def test_text_that_looks_like_a_rich_string_stays_text():
    """XlsxWriter writes a string "<r>…</r>" unescaped into the sheet (a rich string's markup); here it is text."""
    book = openpyxl.load_workbook(io.BytesIO(_write(LedgerSheet, [["<r><t>注入</t></r>"]])))
    assert book.active["A3"].value == "<r><t>注入</t></r>"
