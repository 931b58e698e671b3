"""A lean streaming reader of the first worksheet of an .xlsx file (the import's fast path).

openpyxl builds an object per cell and parses rich text through its descriptor machinery; on the
50,000-row benchmark that was most of the import's time. This reader walks the sheet's XML with expat
and yields plain values, with the same answers as ``openpyxl.load_workbook(read_only=True,
data_only=False)`` for what the import reads (tested side by side): shared and inline strings,
numbers, booleans, dates (by the cell's number format), and formulas flagged, never evaluated.

Safety: the zip has been checked by ``reader.check_xlsx`` (size, entries, declared uncompressed size)
before this runs; the XML may not declare a DTD or entities (defusedxml's rule), so no entity
expansion and no external resources.
"""

import posixpath
import re
import zipfile
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


def _parse(archive: zipfile.ZipFile, name: str, parser) -> None:
    with archive.open(name) as fh:
        parser.ParseFile(fh)


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


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    state = {"parts": None, "in_t": False, "in_rph": False}

    def start(tag, _attrs):
        if tag == f"{MAIN} si":
            state["parts"] = []
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
            state["parts"].append(data)

    _parse(archive, "xl/sharedStrings.xml", _parser(start, end, text))
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
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

    _parse(archive, "xl/styles.xml", _parser(start, end))

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


def iter_rows(path):
    """Yield (row number, values, formula column indexes) for every row of the first worksheet."""
    with zipfile.ZipFile(path) as archive:
        shared = _shared_strings(archive)
        date_styles = _date_styles(archive)
        sheet = _first_sheet_path(archive)
        rows: list = []
        cell = {}
        row = {"number": 0, "values": [], "formulas": set()}
        state = {"collect": False, "parts": []}
        C, V, F, T, IS, ROW = (f"{MAIN} {n}" for n in ("c", "v", "f", "t", "is", "row"))

        def start(tag, attrs):
            if tag == C:
                ref = attrs.get("r")
                if ref:
                    match = _CELL_REF.match(ref)
                    column = _column_index(match.group(1))
                else:
                    column = len(row["values"])
                cell.update(column=column, kind=attrs.get("t", "n"), style=int(attrs.get("s", 0) or 0),
                            value=None, formula=False)  # fmt: skip
            elif tag == V or tag == F or (tag == T and cell):
                state["collect"], state["parts"] = True, []
                if tag == F:
                    cell["formula"] = True
            elif tag == ROW:
                r = attrs.get("r")
                row["number"] = int(r) if r else row["number"] + 1
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
                state["parts"].append(data)

        parser = _parser(start, end, text)
        with archive.open(sheet) as fh:
            while True:
                chunk = fh.read(1 << 16)
                parser.Parse(chunk, not chunk)
                yield from rows
                rows.clear()
                if not chunk:
                    break
