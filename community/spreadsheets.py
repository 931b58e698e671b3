"""The one writer of every spreadsheet and CSV file the portal emits (formula injection, CWE-1236).

A text cell whose first character Excel or WPS would take for the start of a formula (= + - @, a tab or a
carriage return) — a resident's name, an uploaded header, a community name — is written so that it stays
text: in a workbook as a string cell with Excel's quote prefix, in a CSV file with a leading apostrophe.
Every workbook cell goes through :func:`write_cell` (or :func:`append_row`), every CSV row through
:class:`SafeCSVWriter`; numbers and dates are written as they are.
"""

import csv
import io
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

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
    """A large office workbook written row by row in constant memory, in the ledgers' layout: the merged
    title row, the styled header row repeated on print, frozen under it, column widths, A4 landscape one
    page wide, page numbers, an autofilter. Every text cell is written as a string; text Excel or WPS
    would take for a formula carries Excel's quote prefix (as :func:`write_cell` does with openpyxl).

    XlsxWriter makes the workbook (styles, title and header rows, page setup, autofilter); the data rows,
    all alike (every cell bordered, dates as yyyy-mm-dd), are written here as the sheet's XML — in-line
    strings, as XlsxWriter's constant-memory mode writes them, escaped the same way — into a temporary
    file, and spliced into XlsxWriter's sheet when the workbook is closed. Per cell that is one string
    format instead of XlsxWriter's generic cell machinery, which took nine tenths of an export's time
    (``python -m bench export`` compares it with openpyxl and with plain XlsxWriter, writer alone and
    end to end).
    """

    FLUSH_ROWS = 2000  # rows kept in memory before they go to the temporary file
    REMEMBERED_TEXTS = 100_000  # distinct texts whose cell is remembered (a few megabytes)

    def __init__(self, title: str, headers: list[tuple[str, int]], subtitle: str = ""):

        self._buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self._buffer,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
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
        header_quoted = fmt(
            {
                **heading,
                **border,
                "bg_color": "#D9E1F2",
                "pattern": 1,
                "text_wrap": True,
                "quote_prefix": True,
            }
        )
        for column, (header, _w) in enumerate(headers):
            ws.write_string(1, column, header, header_quoted if is_dangerous(header) else header_format)
        ws.freeze_panes(2, 0)
        ws.repeat_rows(1)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_footer("&C第 &P 页，共 &N 页")
        # The data rows' three styles, registered with the workbook now (XlsxWriter numbers a format
        # when a cell first uses it; the data cells are not written through it).
        self._style = {
            key: f._get_xf_index()
            for key, f in (("text", self.text), ("quoted", self.quoted), ("date", self.date))  # noqa: SLF001
        }
        self._letters = [xl_col_to_name(column) for column in range(self.width)]
        self._widest = self.width
        self._rows_file = tempfile.TemporaryFile()
        self._pending: list[str] = []
        self._texts: dict[str, str] = {}
        self.rows = 0

    def append(self, values) -> None:
        """The next data row; dates as dates (yyyy-mm-dd), numbers as numbers, every cell bordered."""
        number = self.rows + 3  # the sheet's row number (1-based): title, header, then the data
        cells = [f'<row r="{number}">']
        add, texts = cells.append, self._texts
        if not isinstance(values, list | tuple):
            values = list(values)
        if len(values) > len(self._letters):  # a row wider than the header (not the ledgers')
            self._letters += [xl_col_to_name(column) for column in range(len(self._letters), len(values))]
            self._widest = len(values)
        for letter, value in zip(self._letters, values, strict=False):
            if value.__class__ is str:
                add(f'<c r="{letter}{number}"{texts.get(value) or self._text(value)}')
            elif value is None:
                add(f'<c r="{letter}{number}" s="{self._style["text"]}"/>')
            elif value.__class__ is date:
                add(f'<c r="{letter}{number}" s="{self._style["date"]}"><v>{_excel_date(value)}</v></c>')
            elif isinstance(value, date):  # a datetime
                add(
                    f'<c r="{letter}{number}" s="{self._style["date"]}"><v>{_excel_datetime(value):.16G}</v></c>'
                )
            elif isinstance(value, bool):
                add(f'<c r="{letter}{number}" s="{self._style["text"]}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                add(f'<c r="{letter}{number}" s="{self._style["text"]}"><v>{value:.16G}</v></c>')
            else:
                add(f'<c r="{letter}{number}"{self._text(str(value))}')
        add("</row>")
        self._pending.append("".join(cells))
        self.rows += 1
        if len(self._pending) >= self.FLUSH_ROWS:
            self._flush()

    def _text(self, value: str) -> str:
        """A text cell after its reference: the style (quoted if dangerous) and the in-line string; a blank
        cell for empty text. Remembered for the next row (labels, places repeat), up to a bound."""
        if not value:
            tail = f' s="{self._style["text"]}"/>'
        else:
            style = self._style["quoted" if value.startswith(DANGEROUS_PREFIXES) else "text"]
            plain = len(value) <= _EXCEL_STRING_MAX // 2 and not _XML_SPECIAL.search(value)
            tail = f' s="{style}" t="inlineStr"><is>{f"<t>{value}</t>" if plain else _inline_text(value)}</is></c>'
        if len(self._texts) < self.REMEMBERED_TEXTS:
            self._texts[value] = tail
        return tail

    def _flush(self) -> None:
        self._rows_file.write("".join(self._pending).encode())
        self._pending.clear()

    def close(self) -> bytes:
        """The workbook's bytes (the autofilter over the header and every row)."""
        self._flush()
        self.sheet.autofilter(1, 0, self.rows + 1, self.width - 1)
        self.book.close()
        skeleton = zipfile.ZipFile(io.BytesIO(self._buffer.getvalue()))
        out = io.BytesIO()
        # Deflate level 3, not 6: a tenth of the export's time for a file about a tenth larger.
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as book:
            for info in skeleton.infolist():
                data = skeleton.read(info)
                if info.filename != "xl/worksheets/sheet1.xml" or not self.rows:
                    book.writestr(info, data)
                    continue
                xml = data.decode()
                last = f"{self._letters[self._widest - 1]}{self.rows + 2}"
                xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
                head, tail = xml.split("</sheetData>", 1)
                # Opened by name, so it is deflated at the archive's level (a ZipInfo would bring level 6).
                with book.open(info.filename, "w", force_zip64=True) as sheet:
                    sheet.write(head.encode())
                    self._rows_file.seek(0)
                    shutil.copyfileobj(self._rows_file, sheet, 1 << 20)
                    sheet.write(b"</sheetData>" + tail.encode())
        self._rows_file.close()
        return out.getvalue()


_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_LEADING_SPACE, _TRAILING_SPACE = re.compile(r"^\s"), re.compile(r"\s$")
_EXCEL_STRING_MAX = 32767
_DAY_ONE = date(1899, 12, 31).toordinal()


def _inline_text(value: str) -> str:
    """``<t>value</t>`` as XlsxWriter writes an in-line string: no more than Excel's 32,767 UTF-16 units,
    control characters as Excel's _xHHHH_ escapes (a literal _xHHHH_ protected), leading or trailing
    space preserved, & < > escaped."""
    if len(value) > _EXCEL_STRING_MAX // 2 and _utf16_len(value) > _EXCEL_STRING_MAX:
        value = _utf16_truncate(value, _EXCEL_STRING_MAX)
    value = re.sub(r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1", value)
    value = re.sub(r"[\x00-\x08\x0b-\x1f]", lambda match: f"_x{ord(match.group()):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = (
        ' xml:space="preserve"' if _LEADING_SPACE.search(value) or _TRAILING_SPACE.search(value) else ""
    )
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<t{preserve}>{value}</t>"


def _utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_truncate(value: str, units: int) -> str:
    """The longest start of ``value`` of at most ``units`` UTF-16 units (a character above U+FFFF is two)."""
    length = 0
    for index, char in enumerate(value):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > units:
            return value[:index]
    return value


def _excel_date(value: date) -> int:
    """Excel's serial number of a date (1900 system, counting Excel's 29 February 1900)."""
    days = value.toordinal() - _DAY_ONE
    return days + 1 if days > 59 else days


def _excel_datetime(value: datetime) -> float:
    """Excel's serial number of a date and time (as XlsxWriter counts it; Excel knows no time zones)."""
    if value.tzinfo:
        raise TypeError("Excel doesn't support timezones in datetimes")
    delta = value - datetime(1899, 12, 31)
    serial = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / (60 * 60 * 24)
    if value.isocalendar() == (1900, 1, 1):
        serial -= 1
    return serial + 1 if serial > 59 else serial
