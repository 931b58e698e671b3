"""Export benchmark: the writers compared on the same ledger rows, in the office layout.

The rows are made in Python (no database: only the writer is measured): 20 columns as the ledger export
writes them (a date column, text, numbers, one dangerous text in a hundred), every cell bordered.
- openpyxl, normal workbook (the export before #22), styles copied from the first cell of each kind;
- openpyxl write-only (``WriteOnlyCell`` with the border and date format);
- XlsxWriter in constant-memory mode through ``community.spreadsheets.LedgerSheet`` (what the export uses).
Each prints rows per second; the aim of a full-community export is 20,000 rows/s end to end.
"""

import io
import time
from copy import copy
from datetime import date

ROWS = 20_000


def _rows(count: int) -> list[list]:
    return [[i, "马建国", "男", "回族", "62010219750601123X", date(1975, 6, 1), "13800000000", "常住", "第1网格", "",
             "华林小区", "3", "2", "301", "", "本人", "在册", "困难家庭、残疾人", "群众", "=x" if i % 100 == 0 else ""]
            for i in range(1, count + 1)]  # fmt: skip


HEADERS = [(f"列{i}", 10) for i in range(1, 21)]


def openpyxl_normal(rows) -> bytes:
    from community.spreadsheets import write_cell
    from residents.transfer.exporter import BORDER, _finish, _sheet

    wb, ws = _sheet("基准台帐", HEADERS)
    styles = {}
    for number, values in enumerate(rows, start=3):
        for column, value in enumerate(values, start=1):
            cell = write_cell(ws, number, column, value)
            kind = (isinstance(value, date), bool(cell.quotePrefix))
            if kind in styles:
                cell._style = copy(styles[kind])
                continue
            cell.border = BORDER
            if kind[0]:
                cell.number_format = "yyyy-mm-dd"
            styles[kind] = copy(cell._style)
    return _finish(wb)


def openpyxl_write_only(rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from community.spreadsheets import is_dangerous
    from residents.transfer.exporter import BORDER

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("基准台帐")
    ws.append(["基准台帐"])
    ws.append([h for h, _w in HEADERS])
    for values in rows:
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
                cell.quotePrefix = is_dangerous(value)
            cell.border = BORDER
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsxwriter_constant_memory(rows) -> bytes:
    from community.spreadsheets import LedgerSheet

    sheet = LedgerSheet("基准台帐", HEADERS)
    for values in rows:
        sheet.append(values)
    return sheet.close()


def run(rows: int = ROWS) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    data = _rows(rows)
    print(f"{rows:,} 行 × 20 列，办公版式（表头、列宽、边框、日期格式、公式转义）")
    for writer in (openpyxl_normal, openpyxl_write_only, xlsxwriter_constant_memory):
        started = time.perf_counter()
        size = len(writer(data))
        elapsed = time.perf_counter() - started
        print(
            f"  {writer.__name__:<28} {elapsed:6.2f} s  {rows / elapsed:>9,.0f} rows/s  {size // 1024:>6} KB"
        )
    return 0
