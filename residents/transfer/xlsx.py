"""A lean streaming reader of the first worksheet of an .xlsx file (the import's fast path).

openpyxl builds an object per cell and parses rich text through its descriptor machinery; on the
50,000-row benchmark that was most of the import's time. This reader walks the sheet's XML with expat
and yields plain values, with the same answers as ``openpyxl.load_workbook(read_only=True,
data_only=False)`` for what the import reads (tested side by side): shared and inline strings,
numbers, booleans, dates (by the cell's number format), and formulas flagged, never evaluated.

Safety: the zip has been checked by ``reader.check_xlsx`` (size, entries, declared uncompressed size)
before this runs; the XML may not declare a DTD or entities (defusedxml's rule), so no entity
expansion and no external resources. While streaming — not afterwards — every part is bounded by
:class:`Bounds`: rows, columns (a cell at column ZZZZZZ is refused before any list grows to reach it),
cells, shared strings, characters per cell, and the time the whole read may take. The declared sheet
dimension is never read: only the rows that are there count.
"""

import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from xml.parsers import expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
EXCEL_EPOCH = datetime(1899, 12, 30)
# Built-in number formats that are dates or times (ECMA-376 18.8.30, and the CJK ones).
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_DATE_CODE = re.compile(r"[ymdhs]", re.IGNORECASE)
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


class XlsxError(Exception):
    pass


class LimitExceeded(XlsxError):
    """A bound of :class:`Bounds` was passed; ``str(exc)`` says which, in Chinese."""


CHUNK = 1 << 16


@dataclass
class Bounds:
    """How much of a sheet a read may take. Checked as the XML streams in."""

    rows: int = 101_000  # row elements (blank ones included) and the highest row number
    columns: int = 200  # the highest column a cell may stand in
    cells: int = 3_000_000  # cells holding a value, and shared strings
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


def _parser(start=None, end=None, text=None):
    """An expat parser (namespaces resolved) that refuses DTDs and entity declarations."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def forbid(*_args):
        raise XlsxError("XML with a DTD or entities is refused")

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


def _parse(archive: zipfile.ZipFile, name: str, parser, bounds: Bounds | None = None) -> None:
    """Feed ``name`` to ``parser`` in chunks, checking the time between two."""
    with archive.open(name) as fh:
        while True:
            chunk = fh.read(CHUNK)
            parser.Parse(chunk, not chunk)
            if bounds is not None:
                bounds.check_time()
            if not chunk:
                break


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    sheets, targets = [], {}

    def workbook_start(tag, attrs):
        if tag == f"{MAIN} sheet":
            sheets.append(attrs.get(f"{REL} id"))

    _parse(archive, "xl/workbook.xml", _parser(start=workbook_start))

    def rels_start(tag, attrs):
        if tag == f"{PKG_REL} Relationship":
            targets[attrs.get("Id")] = attrs.get("Target", "")

    _parse(archive, "xl/_rels/workbook.xml.rels", _parser(start=rels_start))
    if not sheets or sheets[0] not in targets:
        raise XlsxError("no worksheet")
    target = targets[sheets[0]]
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return path


def _shared_strings(archive: zipfile.ZipFile, bounds: Bounds) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    state = {"parts": None, "in_t": False, "in_rph": False, "chars": 0}

    def start(tag, _attrs):
        if tag == f"{MAIN} si":
            state["parts"], state["chars"] = [], 0
            bounds.check_cells(len(strings) + 1)
        elif tag == f"{MAIN} rPh":
            state["in_rph"] = True  # phonetic runs are not part of the text
        elif tag == f"{MAIN} t" and not state["in_rph"]:
            state["in_t"] = True

    def end(tag):
        if tag == f"{MAIN} si":
            strings.append("".join(state["parts"]))
            state["parts"] = None
        elif tag == f"{MAIN} t":
            state["in_t"] = False
        elif tag == f"{MAIN} rPh":
            state["in_rph"] = False

    def text(data):
        if state["in_t"]:
            state["chars"] += len(data)
            bounds.check_chars(state["chars"])
            state["parts"].append(data)

    _parse(archive, "xl/sharedStrings.xml", _parser(start, end, text), bounds)
    return strings


def _date_styles(archive: zipfile.ZipFile, bounds: Bounds) -> set[int]:
    """Indexes of the cell formats (cellXfs) that show a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    state = {"in_xfs": False}

    def start(tag, attrs):
        if tag == f"{MAIN} numFmt":
            custom[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
        elif tag == f"{MAIN} cellXfs":
            state["in_xfs"] = True
        elif tag == f"{MAIN} xf" and state["in_xfs"]:
            xfs.append(int(attrs.get("numFmtId", 0)))

    def end(tag):
        if tag == f"{MAIN} cellXfs":
            state["in_xfs"] = False

    _parse(archive, "xl/styles.xml", _parser(start, end), bounds)

    def is_date(fmt: int) -> bool:
        if fmt in custom:
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom[fmt])
            return bool(_DATE_CODE.search(code))
        return fmt in DATE_FORMAT_IDS

    return {index for index, fmt in enumerate(xfs) if is_date(fmt)}


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _convert(kind: str, raw: str, style: int, shared: list[str], date_styles: set[int]):
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "inlineStr"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "e":
        return raw
    if raw == "":
        return None
    number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    if style in date_styles:
        return EXCEL_EPOCH + timedelta(days=float(number))
    return number


def iter_rows(path, bounds: Bounds | None = None):
    """Yield (row number, values, formula column indexes) for every row of the first worksheet.

    Raises :class:`LimitExceeded` as soon as the sheet passes one of ``bounds``.
    """
    bounds = bounds or Bounds()
    with zipfile.ZipFile(path) as archive:
        shared = _shared_strings(archive, bounds)
        date_styles = _date_styles(archive, bounds)
        sheet = _first_sheet_path(archive)
        rows: list = []
        cell = {}
        row = {"number": 0, "values": [], "formulas": set()}
        state = {"collect": False, "parts": [], "chars": 0, "rows": 0, "cells": 0}
        C, V, F, T, IS, ROW = (f"{MAIN} {n}" for n in ("c", "v", "f", "t", "is", "row"))

        def start(tag, attrs):
            if tag == C:
                ref = attrs.get("r")
                if ref:
                    match = _CELL_REF.match(ref)
                    if match is None:
                        raise XlsxError(f"bad cell reference {ref[:20]!r}")
                    letters = match.group(1)
                    column = _column_index(letters) if len(letters) <= 3 else 26**3  # XFD is the last column
                else:
                    column = len(row["values"])
                bounds.check_column(column)
                state["cells"] += 1
                bounds.check_cells(state["cells"])
                cell.update(column=column, kind=attrs.get("t", "n"), style=int(attrs.get("s", 0) or 0),
                            value=None, formula=False)  # fmt: skip
            elif tag == V or tag == F or (tag == T and cell):
                state["collect"], state["parts"], state["chars"] = True, [], 0
                if tag == F:
                    cell["formula"] = True
            elif tag == ROW:
                r = attrs.get("r")
                row["number"] = int(r) if r and r.isdigit() else row["number"] + 1
                state["rows"] += 1
                bounds.check_row(row["number"], state["rows"])
                row["values"], row["formulas"] = [], set()

        def end(tag):
            if tag == V or tag == T:
                if state["collect"]:
                    text = "".join(state["parts"])
                    cell["value"] = (cell["value"] or "") + text if tag == T else text
                state["collect"] = False
            elif tag == F:
                cell["formula_text"] = "".join(state["parts"])
                state["collect"] = False
            elif tag == C:
                values = row["values"]
                column = cell["column"]
                if column >= len(values):
                    values.extend([None] * (column + 1 - len(values)))
                raw = cell["value"]
                if cell["formula"]:
                    row["formulas"].add(column)
                    values[column] = "=" + cell.get("formula_text", "")  # as openpyxl shows it
                elif raw is not None:
                    values[column] = _convert(cell["kind"], raw, cell["style"], shared, date_styles)
                cell.clear()
            elif tag == ROW:
                rows.append((row["number"], row["values"], row["formulas"]))

        def text(data):
            if state["collect"]:
                state["chars"] += len(data)
                bounds.check_chars(state["chars"])
                state["parts"].append(data)

        parser = _parser(start, end, text)
        with archive.open(sheet) as fh:
            while True:
                chunk = fh.read(CHUNK)
                parser.Parse(chunk, not chunk)
                yield from rows
                rows.clear()
                bounds.check_time()
                if not chunk:
                    break
