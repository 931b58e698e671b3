"""The one writer of every spreadsheet and CSV file the portal emits (formula injection, CWE-1236).

A text cell whose first character Excel or WPS would take for the start of a formula (= + - @, a tab or a
carriage return) — a resident's name, an uploaded header, a community name — is written so that it stays
text: in a workbook as a string cell with Excel's quote prefix, in a CSV file with a leading apostrophe.
Every workbook cell goes through :func:`write_cell` (or :func:`append_row`), every CSV row through
:class:`SafeCSVWriter`; numbers and dates are written as they are.
"""

import csv

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def csv_text(value):
    """A CSV cell value: dangerous text gets a leading apostrophe (shown by Excel, never evaluated)."""
    if value is None:
        return ""
    if is_dangerous(value):
        return "'" + value
    return value


def write_cell(ws, row: int, column: int, value):
    """Write ``value`` into an openpyxl sheet; text is always a string cell, quoted when dangerous."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula
        if is_dangerous(value):
            cell.quotePrefix = True
    return cell


def append_row(ws, values) -> int:
    """Append ``values`` as the next row (like ``ws.append``), each cell through :func:`write_cell`."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(row=1, column=1).value is not None else 1
    for column, value in enumerate(values, start=1):
        write_cell(ws, row, column, value)
    return row


class SafeCSVWriter:
    """``csv.writer`` whose every text cell goes through :func:`csv_text`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_text(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class LedgerSheet:
    """A large office workbook written row by row by XlsxWriter in constant-memory mode (each row is
    flushed as the next begins: memory does not grow with the rows), in the ledgers' layout: the merged
    title row, the styled header row repeated on print, frozen under it, column widths, A4 landscape one
    page wide, page numbers, an autofilter. Every text cell is written as a string; text Excel or WPS
    would take for a formula carries Excel's quote prefix (as :func:`write_cell` does with openpyxl).

    XlsxWriter was chosen by measurement over openpyxl (normal and write-only) for the ledger export:
    see the README's scale table and ``python -m bench table``.
    """

    def __init__(self, title: str, headers: list[tuple[str, int]], subtitle: str = ""):
        import io
        import re

        import xlsxwriter

        self._buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self._buffer, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False,
        })  # fmt: skip
        self.sheet = ws = self.book.add_worksheet(re.sub(r"[\\/*?:\[\]]", "、", title)[:31])
        border = {"border": 1, "border_color": "#808080"}
        fmt = self.book.add_format
        self.text, self.quoted = fmt(border), fmt({**border, "quote_prefix": True})
        self.date = fmt({**border, "num_format": "yyyy-mm-dd"})
        heading = {"bold": True, "align": "center", "valign": "vcenter"}
        self.width = len(headers)
        title_text = f"{title}　{subtitle}".strip()
        title_format = fmt({**heading, "font_size": 15, "quote_prefix": is_dangerous(title_text)})
        for column, (_header, col_width) in enumerate(headers):
            ws.set_column(column, column, col_width)
        ws.set_row(0, 30)
        if self.width > 1:
            ws.merge_range(0, 0, 0, self.width - 1, "", title_format)
        ws.write_string(0, 0, title_text, title_format)
        header_format = fmt({**heading, **border, "bg_color": "#D9E1F2", "pattern": 1, "text_wrap": True})
        header_quoted = fmt({**heading, **border, "bg_color": "#D9E1F2", "pattern": 1, "text_wrap": True,
                             "quote_prefix": True})  # fmt: skip
        for column, (header, _w) in enumerate(headers):
            ws.write_string(1, column, header, header_quoted if is_dangerous(header) else header_format)
        ws.freeze_panes(2, 0)
        ws.repeat_rows(1)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_footer("&C第 &P 页，共 &N 页")
        self.rows = 0

    def append(self, values) -> None:
        """The next data row; dates as dates (yyyy-mm-dd), numbers as numbers, every cell bordered."""
        from datetime import date

        ws, row = self.sheet, self.rows + 2
        for column, value in enumerate(values):
            if value is None or value == "":
                ws.write_blank(row, column, None, self.text)
            elif value.__class__ is str:
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

    def close(self) -> bytes:
        """The workbook's bytes (the autofilter over the header and every row)."""
        self.sheet.autofilter(1, 0, self.rows + 1, self.width - 1)
        self.book.close()
        return self._buffer.getvalue()
