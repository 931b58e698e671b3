"""The first worksheet of an .xlsx file, read by python-calamine (Rust) behind checks made in Python.

calamine reads a sheet about four times faster than an expat walk in Python, but it trusts the file: it
lays the cells out in one rectangle from the first to the last (a cell at XFD1048576 asks for billions of
slots) and reads whatever an entry inflates to. So calamine never sees a byte that was not checked first:

- the parts it reads (the workbook, its relationships, styles, shared strings, the first sheet) are
  inflated by Python's ``zipfile``, which stops at each entry's declared size — bounded by
  ``reader.check_xlsx`` — and checks its CRC; calamine then reads exactly those bytes from a new
  in-memory zip (stored, not compressed);
- no part may declare a DTD or entities (defusedxml's rule): no entity expansion, no external resource;
- the sheet is measured against :class:`Bounds` before it is parsed, by byte counts and one regular
  expression (no parse): the row and cell elements, and the highest row and column any reference names
  (cells without a reference, rare, are counted row by row). So the rectangle calamine builds is bounded
  by rows × columns allowed; the time limit is checked between the steps.

Answers as ``openpyxl.load_workbook(read_only=True, data_only=False)`` does for what the imports read
(``tests/transfer/test_reader_expectations.py`` holds the previous reader's answers on every workbook of
the tests): text, numbers (integral numbers as ``int``), booleans, dates as ``datetime``; an empty cell is
``None``. A formula is never evaluated: calamine gives its cached result, which is dropped — the cell is
flagged and shows its formula ("=SUM(C3:C5)"), found by a second pass only on a sheet that has one.
"""

import html
import io
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CHUNK = 1 << 20
_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_HIGH_REF = rb'r="(?:[A-Z]*\d{6,}|%s)'  # a row number of six digits or more, or a column past the bound
_ROW = rb"<%srow\b([^>]*?)(?:/>|>(.*?)</%srow>)"
_CELL = rb"<%sc\b([^>]*?)(?:/>|>(.*?)</%sc>)"
_FORMULA = rb"<%sf\b[^>]*?(?:/>|>(.*?)</%sf>)"
_REF = re.compile(rb'\sr="([A-Z]*)(\d*)"')
# The package's own relationships, written afresh: calamine tells an .xlsx by them.
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


class XlsxError(Exception):
    pass


class LimitExceeded(XlsxError):
    """A bound of :class:`Bounds` was passed; ``str(exc)`` says which, in Chinese."""


@dataclass
class Bounds:
    """How much of a sheet a read may take. Checked before calamine parses it."""

    rows: int = 101_000  # row elements (blank ones included) and the highest row number
    columns: int = 200  # the highest column a cell may stand in
    cells: int = 3_000_000  # cells, and shared strings
    cell_chars: int = 32_767  # Excel's own limit per cell
    seconds: float = 30.0  # the whole read
    started: float = field(default_factory=time.monotonic)

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise LimitExceeded(
                f"文件处理超时（超过 {self.seconds:g} 秒），请删去多余的行和列，或分成几个文件导入。"
            )

    def check_column(self, column: int) -> None:
        if column >= self.columns:
            raise LimitExceeded(f"列数超过上限（{self.columns} 列）：请删去表格右侧多余的列。")

    def check_row(self, number: int, seen: int) -> None:
        if number > self.rows or seen > self.rows:
            raise LimitExceeded(
                f"行数超过上限（{self.rows} 行，含空行）：请删去多余的行，或分成几个文件导入。"
            )

    def check_cells(self, count: int) -> None:
        if count > self.cells:
            raise LimitExceeded(f"单元格数量超过上限（{self.cells} 个），请分成几个文件导入。")

    def check_chars(self, count: int) -> None:
        if count > self.cell_chars:
            raise LimitExceeded(f"单元格内容过长（超过 {self.cell_chars} 个字符）。")


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    index = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        index = index * 26 + ch - 64
    return index - 1


def _at_or_past(letters: str) -> str:
    """A pattern matching the column names of ``letters``' length that are not before it (and longer ones)."""
    alternatives = [f"[A-Z]{{{len(letters) + 1},}}"]
    for position, ch in enumerate(letters):
        rest = len(letters) - position - 1
        if rest == 0:
            alternatives.append(f"{letters[:position]}[{ch}-Z]")
        elif ch < "Z":
            alternatives.append(f"{letters[:position]}[{chr(ord(ch) + 1)}-Z][A-Z]{{{rest}}}")
    return "|".join(alternatives)


def _read_part(archive: zipfile.ZipFile, name: str, bounds: Bounds) -> bytes:
    """The inflated bytes of ``name`` (at most its declared size), refused if they declare a DTD."""
    chunks = []
    with archive.open(name) as fh:
        while chunk := fh.read(CHUNK):
            chunks.append(chunk)
            bounds.check_time()
    data = b"".join(chunks)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XlsxError("XML with a DTD or entities is refused")
    return data


def _first_sheet(archive: zipfile.ZipFile, bounds: Bounds) -> tuple[str, dict[str, bytes]]:
    """The first worksheet's part name, and the parts calamine needs to open the workbook."""
    parts = {
        name: _read_part(archive, name, bounds) for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    }
    sheets = ElementTree.fromstring(parts["xl/workbook.xml"], forbid_dtd=True).iter(f"{{{MAIN}}}sheet")
    first = next(sheets, None)
    if first is None:
        raise XlsxError("no worksheet")
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"], forbid_dtd=True).iter(
            f"{{{PKG_REL}}}Relationship"
        )
    }
    target = targets.get(first.get(f"{{{REL}}}id"))
    if not target:
        raise XlsxError("no worksheet")
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    names = set(archive.namelist())
    for extra in ("[Content_Types].xml", "xl/styles.xml", "xl/sharedStrings.xml"):
        if extra in names:
            parts[extra] = _read_part(archive, extra, bounds)
    if "xl/sharedStrings.xml" in parts:
        shared = parts["xl/sharedStrings.xml"]
        bounds.check_cells(shared.count(b"<si>") + shared.count(b"<si "))
    return path, parts


def _measure(sheet: bytes, bounds: Bounds) -> bytes:
    """Check the sheet against ``bounds`` without parsing it; answers its namespace prefix (b"" mostly)."""
    found = _PREFIX.search(sheet, 0, 4096)
    prefix = (found.group(1) or b"") if found else b""
    row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
    rows = sheet.count(row_tag + b" ") + sheet.count(row_tag + b">") + sheet.count(row_tag + b"/")
    bounds.check_row(0, rows)
    cells = sheet.count(cell_tag + b" ") + sheet.count(cell_tag + b">") + sheet.count(cell_tag + b"/")
    bounds.check_cells(cells)
    bounds.check_time()
    past = _at_or_past(column_letters(bounds.columns))
    for match in re.finditer(_HIGH_REF % past.encode(), sheet):
        if sheet[match.start() - 1 : match.start()] not in (b" ", b"\t", b"\n", b"\r"):
            continue  # header="0.3" and the like: not a reference
        ref = _REF.match(sheet, match.start() - 1)
        if ref is None:
            continue
        letters, digits = ref.groups()
        if letters:
            bounds.check_column(column_index(letters[:4]) if len(letters) <= 3 else 26**3)
        if digits:
            bounds.check_row(int(digits[:9]), 0)
    bounds.check_time()
    if sheet.count(cell_tag + b' r="') != cells:  # some cells without a reference: count them row by row
        for row in re.finditer(_ROW % (prefix, prefix), sheet, re.S):
            column = -1
            for cell in re.finditer(_CELL % (prefix, prefix), row.group(2) or b"", re.S):
                ref = _REF.search(cell.group(1))
                column = column_index(ref.group(1)) if ref and ref.group(1) else column + 1
                bounds.check_column(column)
        bounds.check_time()
    return prefix


def _formulas(sheet: bytes, prefix: bytes) -> dict[tuple[int, int], str]:
    """(row index, column index) → "=formula" of every cell holding one (the sheet has been measured)."""
    formula = re.compile(_FORMULA % (prefix, prefix), re.S)
    found = {}
    number = 0
    for row in re.finditer(_ROW % (prefix, prefix), sheet, re.S):
        ref = _REF.search(row.group(1))
        number = int(ref.group(2)) if ref and ref.group(2) else number + 1
        column = -1
        for cell in re.finditer(_CELL % (prefix, prefix), row.group(2) or b"", re.S):
            ref = _REF.search(cell.group(1))
            column = column_index(ref.group(1)) if ref and ref.group(1) else column + 1
            inner = cell.group(2)
            if inner and (hit := formula.search(inner)):
                found[(number - 1, column)] = "=" + html.unescape((hit.group(1) or b"").decode())
    return found


def _value(value, chars: int):
    """A calamine value as openpyxl gives it."""
    kind = type(value)
    if kind is str:
        if not value:
            return None
        if len(value) > chars:
            raise LimitExceeded(f"单元格内容过长（超过 {chars} 个字符）。")
        return value
    if kind is float:  # a whole number as int, as Excel writes it (past 15 digits Excel writes 6.2E+17)
        return int(value) if value.is_integer() and -1e15 < value < 1e15 else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def iter_rows(path, bounds: Bounds | None = None):
    """Yield (row number, values, formula column indexes) for every row of the first worksheet.

    Raises :class:`LimitExceeded` as soon as the sheet passes one of ``bounds``.
    """

    bounds = bounds or Bounds()
    with zipfile.ZipFile(path) as archive:
        sheet_path, parts = _first_sheet(archive, bounds)
        sheet = _read_part(archive, sheet_path, bounds)
    prefix = _measure(sheet, bounds)
    formulas = _formulas(sheet, prefix) if b"<" + prefix + b"f" in sheet else {}
    bounds.check_time()
    vetted = io.BytesIO()
    with zipfile.ZipFile(vetted, "w", zipfile.ZIP_STORED) as copy:
        for name, data in parts.items():
            copy.writestr(name, data)
        copy.writestr(sheet_path, sheet)
        copy.writestr("_rels/.rels", PACKAGE_RELS)
    del sheet
    vetted.seek(0)
    rows = CalamineWorkbook.from_filelike(vetted).get_sheet_by_index(0).to_python(skip_empty_area=False)
    bounds.check_time()
    chars = bounds.cell_chars
    flagged: dict[int, dict[int, str]] = {}
    for (index, column), text in formulas.items():
        flagged.setdefault(index, {})[column] = text
    for index, values in enumerate(rows):
        values = [
            v if v.__class__ is str and 0 < len(v) <= chars else None if v == "" else _value(v, chars)
            for v in values
        ]
        marks = flagged.pop(index, None)
        if marks:
            for column, text in marks.items():
                values.extend([None] * (column + 1 - len(values)))
                values[column] = text
        yield index + 1, values, set(marks or ())
        if index % 5000 == 4999:
            bounds.check_time()
    for index in sorted(flagged):  # formulas below the last cell with a value (no cached result)
        marks = flagged[index]
        values = [None] * (max(marks) + 1)
        for column, text in marks.items():
            values[column] = text
        yield index + 1, values, set(marks)
