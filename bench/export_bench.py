"""Export benchmark: the writers compared on the same ledger rows, in the office layout.

The rows are made in Python (no database: only the writer is measured): 20 columns as the ledger export
writes them (a date column, text, numbers, one dangerous text in a hundred), every cell bordered.
- openpyxl, normal workbook (the export before #22), styles copied from the first cell of each kind;
- openpyxl write-only (``WriteOnlyCell`` with the border and date format);
- XlsxWriter in constant-memory mode, cell by cell through its ``write_*`` calls (the export until #22's writer);
- ``community.spreadsheets.LedgerSheet`` (what the export uses): XlsxWriter's workbook, the data rows' XML
  written directly (the same bytes).
Each prints rows per second. Then the export end to end on PostgreSQL (``ledger_export`` of a generated
community of 10,000 residents: query, masking, labels, writer, audit), beside ``COPY … TO STDOUT`` of the
same residents in the same run, and the aim of #22: a full-community export at ≥ 20,000 rows/s.
"""

import io
import itertools
import os
import time
from copy import copy
from datetime import date

ROWS = 20_000


def _rows(count: int) -> list[list]:
    return [
        [
            i,
            "马建国",
            "男",
            "回族",
            "62010219750601123X",
            date(1975, 6, 1),
            "13800000000",
            "常住",
            "第1网格",
            "",
            "华林小区",
            "3",
            "2",
            "301",
            "",
            "本人",
            "在册",
            "困难家庭、残疾人",
            "群众",
            "=x" if i % 100 == 0 else "",
        ]
        for i in range(1, count + 1)
    ]


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


def _cell_by_cell_sheet():
    """``LedgerSheet`` with its rows written through XlsxWriter's own ``write_*`` calls (the writer before)."""
    from community.spreadsheets import DANGEROUS_PREFIXES, LedgerSheet

    class CellByCell(LedgerSheet):
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
                else:
                    ws.write_number(row, column, value, self.text)
            self.rows += 1

        def close(self):
            self.sheet.autofilter(1, 0, self.rows + 1, self.width - 1)
            self.book.close()
            return self._buffer.getvalue()

    return CellByCell


def xlsxwriter_cell_by_cell(rows) -> bytes:
    sheet = _cell_by_cell_sheet()("基准台帐", HEADERS)
    for values in rows:
        sheet.append(values)
    return sheet.close()


def ledger_sheet(rows) -> bytes:
    from community.spreadsheets import LedgerSheet

    sheet = LedgerSheet("基准台帐", HEADERS)
    for values in rows:
        sheet.append(values)
    return sheet.close()


COMMUNITY_RESIDENTS = 10_000


def run(rows: int = ROWS) -> int:
    import statistics
    import subprocess

    from .common import setup_django

    name = "tx_bench_export"
    exists = (
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",  # noqa: S603,S607
                f"SELECT 1 FROM pg_database WHERE datname = '{os.environ.get('BENCH_DB_PREFIX', '')}{name}'",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        == "1"
    )
    setup_django(name, fresh=not exists)
    from django.conf import settings

    settings.DEBUG = False
    data = _rows(rows)
    print(f"Writers alone: {rows:,} 行 × 20 列，办公版式（表头、列宽、边框、日期格式、公式转义）")
    for writer in (openpyxl_normal, openpyxl_write_only, xlsxwriter_cell_by_cell, ledger_sheet):
        started = time.perf_counter()
        size = len(writer(data))
        elapsed = time.perf_counter() - started
        print(
            f"  {writer.__name__:<28} {elapsed:6.2f} s  {rows / elapsed:>9,.0f} rows/s  {size // 1024:>6} KB"
        )

    from django.db import connection

    from residents.ledgers import LEDGERS
    from residents.models import Resident
    from residents.scale import generate
    from residents.transfer.exporter import ledger_export

    community = generate(1, 1, COMMUNITY_RESIDENTS, seed=22)[0]
    residents = Resident.objects.filter(community=community)

    def copy_out():
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY (SELECT * FROM residents_resident WHERE community_id = %s) TO STDOUT", [community.pk]
            ) as copy,
        ):
            for _ in copy:
                pass

    def median(fn, repeat=5):
        fn()
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    count = residents.count()
    print(f"\nEnd to end on PostgreSQL: ledger_export of a community of {count:,} residents (median of runs)")
    baseline = median(copy_out)
    print(
        f"  {'COPY … TO STDOUT (baseline)':<52} {baseline * 1000:8.0f} ms  {count / baseline:>9,.0f} rows/s"
    )
    from residents.transfer import exporter

    writers = (("", exporter.LedgerSheet), (", XlsxWriter cell by cell", _cell_by_cell_sheet()))
    for (label, full_ids), (writer_label, writer) in itertools.product(
        (("full ID numbers", True), ("masked ID numbers", False)), writers
    ):
        label += writer_label  # noqa: PLW2901
        exporter.LedgerSheet, kept = writer, exporter.LedgerSheet  # the writer before, for comparison
        try:
            elapsed = median(
                lambda full_ids=full_ids: ledger_export(
                    community=community,
                    ledger=LEDGERS["residents"],
                    residents=residents,
                    full_ids=full_ids,
                    restricted_allowed=True,
                ),
                repeat=5 if not writer_label else 3,
            )
        finally:
            exporter.LedgerSheet = kept
        print(
            f"  {'export, ' + label:<50} {elapsed * 1000:8.0f} ms  {count / elapsed:>9,.0f} rows/s"
            f"  = {elapsed / baseline:5.1f}× COPY" + ("" if writer_label else "   aim ≥ 20,000 rows/s")
        )
    return 0
