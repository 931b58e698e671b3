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
