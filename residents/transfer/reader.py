"""Reading an uploaded sheet safely: size and zip checks first, then the rows under the header row.

A workbook is a zip of XML files. Before any parser opens one we check the file size, the number of
entries and their declared uncompressed size (a "zip bomb" declares little and inflates to gigabytes),
and that it is an Excel workbook at all (a renamed .doc/.zip/.xls is refused). Every import reads
workbooks through ``xlsx.py`` (python-calamine behind Python's own checks: no DTD or entity
declarations, rows, columns and cells measured before calamine parses). openpyxl remains the reference
the tests compare with; it parses XML through defusedxml (a dependency).
"""

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.conf import settings
from python_calamine import CalamineError

from .columns import IGNORED_HEADERS, REQUIRED_FIELDS, clean_header, field_for_header
from .xlsx import Bounds, LimitExceeded, XlsxError, iter_rows

MAX_UPLOAD_BYTES = getattr(settings, "TRANSFER_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
MAX_UNCOMPRESSED_BYTES = getattr(settings, "TRANSFER_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
MAX_ZIP_ENTRIES = 500
MAX_ROWS = getattr(settings, "TRANSFER_MAX_ROWS", 100_000)
HEADER_SEARCH_ROWS = 20  # offices put one or more title rows above the header
# Bounds checked before the sheet is parsed (xlsx.Bounds): a cell far to the right, a million empty
# rows or a sheet of tiny cells is refused before it takes memory, and a read stops at its time limit.
MAX_COLUMNS = getattr(settings, "TRANSFER_MAX_COLUMNS", 200)
MAX_CELLS = getattr(settings, "TRANSFER_MAX_CELLS", 3_000_000)
MAX_CELL_CHARS = 32_767  # Excel's own limit
BLANK_ROWS_ALLOWED = 1_000  # title and blank rows beyond MAX_ROWS
PREVIEW_SECONDS = getattr(settings, "TRANSFER_PREVIEW_SECONDS", 20)  # a check during a request
JOB_SECONDS = getattr(settings, "TRANSFER_JOB_SECONDS", 900)  # a check or import in the worker
# Larger uploads are checked by the worker (residents.transfer.jobs); an import that has no background job
# (welfare cases, the plan ledger) reads its file during the request, so it refuses them (check_request_size).
REQUEST_MAX_BYTES = getattr(settings, "TRANSFER_SYNC_CHECK_MAX_BYTES", 512 * 1024)


def bounds(seconds: float | None = None):
    """The read bounds now in force (module constants, from settings; tests may patch them)."""

    return Bounds(
        rows=MAX_ROWS + BLANK_ROWS_ALLOWED,
        columns=MAX_COLUMNS,
        cells=MAX_CELLS,
        cell_chars=MAX_CELL_CHARS,
        seconds=seconds or PREVIEW_SECONDS,
    )


class FileRefused(Exception):
    """The whole file is refused; ``str(exc)`` says why, in Chinese."""


def timed(progress: Callable[[int, int], None] | None, limits) -> Callable[[int, int], None]:
    """``progress`` that also stops the check past its time (called every PROGRESS_EVERY rows)."""

    def report(done: int, total: int) -> None:
        try:
            limits.check_time()
        except LimitExceeded as exc:
            raise FileRefused(str(exc)) from None
        if progress is not None:
            progress(done, total)

    return report


def check_request_size(size: int) -> None:
    """Refuse, before reading it, a file too large to be read during a request (``REQUEST_MAX_BYTES``).

    The residents' import hands such a file to the worker; the imports read in the request (welfare cases,
    the plan ledger) refuse it, so no request holds a worker past the preview's time bound twice over.
    """
    if size > REQUEST_MAX_BYTES:
        raise FileRefused(
            f"文件较大（{max(size // 1024, 1)} KB），超过在线导入的上限（{REQUEST_MAX_BYTES // 1024} KB），"
            "请分成几个文件导入。"
        )


@dataclass(frozen=True)
class Header:
    """How a kind of sheet's header row is found: a header cell → its field (None: not read), and the fields
    whose columns make a row the header (searched among the first ``HEADER_SEARCH_ROWS`` rows)."""

    field_for: Callable[[object], str | None]
    required: tuple[str, ...]
    not_found: str  # the refusal when no row has them


RESIDENTS_HEADER = Header(
    field_for_header,
    REQUIRED_FIELDS,
    f"前{HEADER_SEARCH_ROWS}行中找不到表头：表头须含“姓名”和“公民身份号码”（或“身份证号”）。请使用导入模板。",
)


@dataclass
class Row:
    number: int  # the row number the clerk sees in Excel (1-based)
    values: list  # raw cell values, one per column
    formulas: set[int] = field(default_factory=set)  # indexes of cells holding a formula


@dataclass
class Sheet:
    header_row: int
    headers: list[str]  # the header cells as written
    fields: list[str | None]  # the field of each column (None: ignored)
    unknown: list[str]  # headers not recognised (reported, ignored)
    rows: list[Row]

    def column_of(self, field_name: str) -> int | None:
        return self.columns.get(field_name)

    @cached_property
    def columns(self) -> dict[str, int]:
        """field → index of its column."""
        return {f: i for i, f in enumerate(self.fields) if f is not None}

    @cached_property
    def memos(self) -> defaultdict:
        """field → {cell: parsed value or refusal}, filled by the importer (each distinct cell parsed once)."""
        return defaultdict(dict)


def check_xlsx(path: Path) -> None:
    """Refuse anything that is not a plausible, reasonably sized .xlsx before parsing it."""
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise FileRefused(
            f"文件过大（{size // 1024 // 1024} MB），上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。"
        )
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 格式后再导入。")
    if not zipfile.is_zipfile(path):
        raise FileRefused("文件不是有效的 Excel（.xlsx）工作簿，可能是改了扩展名的其他文件。")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise FileRefused("工作簿内部文件数量异常，已拒绝。")
            declared = sum(info.file_size for info in entries)
            if declared > MAX_UNCOMPRESSED_BYTES:
                raise FileRefused("工作簿解压后体积异常（疑似压缩炸弹），已拒绝。")
            names = {info.filename for info in entries}
    except zipfile.BadZipFile:
        raise FileRefused("文件已损坏，无法作为 Excel（.xlsx）工作簿打开。") from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused("文件不是有效的 Excel（.xlsx）工作簿，可能是改了扩展名的其他文件。")


def read_file(
    path: Path,
    original_name: str = "",
    *,
    seconds: float | None = None,
    limits=None,
    header: Header = RESIDENTS_HEADER,
) -> Sheet:
    """Read an .xlsx or .csv file (by its original name's extension) into a :class:`Sheet` whose columns are
    recognised by ``header`` (the residents' sheet unless told: the welfare import passes its own).

    The read is bounded (:func:`bounds`): at most ``seconds`` (default ``PREVIEW_SECONDS``), and rows,
    columns and cells as set; passing one refuses the file with its reason.
    """
    suffix = Path(original_name or path.name).suffix.lower()
    limits = limits or bounds(seconds)
    if suffix == ".csv":
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise FileRefused(f"文件过大，上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。")
        return _locate(_csv_rows(path.read_bytes(), limits), header)
    if suffix in {".xlsx", ".xlsm"}:
        check_xlsx(path)
        return _locate(_xlsx_rows(path, limits), header)
    if suffix == ".xls":
        raise FileRefused("请在 Excel 中把文件“另存为”.xlsx 格式后再导入。")
    raise FileRefused("只接受 Excel（.xlsx）或 CSV 文件。")


def xlsx_rows(path: Path, limits=None):
    """The rows of the first worksheet, bounded (``limits``: :func:`bounds`); for the welfare import too."""
    check_xlsx(path)
    return _xlsx_rows(path, limits or bounds())


def _xlsx_rows(path: Path, limits=None):
    """The reader of every import (see xlsx.py); answers as openpyxl does, formulas flagged and never evaluated."""

    try:
        for number, values, formulas in iter_rows(path, limits):
            yield Row(number, values, formulas)
    except LimitExceeded as exc:
        raise FileRefused(str(exc)) from None
    except (
        XlsxError,
        CalamineError,
        ParseError,
        KeyError,
        ValueError,
        IndexError,
        zipfile.BadZipFile,
    ) as exc:
        raise FileRefused("无法读取该 Excel 文件，请确认文件未损坏（或在 Excel 中另存一次）。") from exc


def openpyxl_rows(path: Path):
    """The reference reader: openpyxl with data_only=False (formulas have data_type "f")."""
    import openpyxl  # the reference reader (tests compare against it): openpyxl kept lazy, off the import path

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRefused("无法读取该 Excel 文件，请确认文件未损坏。") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values, formulas = [], set()
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    formulas.add(index)
                values.append(cell.value)
            yield Row(number, values, formulas)
    finally:
        workbook.close()


def _csv_rows(data: bytes, limits=None):

    limits = limits or bounds()
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 is a superset of GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused("无法识别 CSV 文件的编码，请保存为 UTF-8 或 GBK 编码。")
    cells = 0
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text)), start=1):
            limits.check_row(number, number)
            limits.check_column(len(values) - 1)
            cells += len(values)
            limits.check_cells(cells)
            if number % 1000 == 0:
                limits.check_time()
            yield Row(number, [v if v != "" else None for v in values])
    except LimitExceeded as exc:
        raise FileRefused(str(exc)) from None
    except csv.Error as exc:
        raise FileRefused("无法读取该 CSV 文件（格式有误，或单元格内容过长）。") from exc


def _locate(rows, header: Header = RESIDENTS_HEADER) -> Sheet:
    """Find the header row among the first rows (title rows above it are skipped), then read the data."""
    rows = iter(rows)
    for row in rows:
        if row.number > HEADER_SEARCH_ROWS:
            break
        fields = [header.field_for(v) for v in row.values]
        if all(f in fields for f in header.required):
            return _read_body(row, fields, rows)
    raise FileRefused(header.not_found)


def _read_body(header: Row, fields: list, rows) -> Sheet:
    headers = [("" if v is None else str(v)) for v in header.values]
    unknown = []
    seen = set()
    for index, (title, field_name) in enumerate(zip(headers, fields, strict=True)):
        if field_name is None:
            if clean_header(title) and clean_header(title) not in IGNORED_HEADERS:
                unknown.append(title.strip())
        elif field_name in seen:
            fields[index] = None  # a repeated column: the first one counts
            unknown.append(title.strip())
        else:
            seen.add(field_name)
    body = []
    for row in rows:
        if _blank(row.values):
            continue  # blank lines between blocks
        if len(body) >= MAX_ROWS:
            raise FileRefused(f"行数超过上限（{MAX_ROWS} 行），请分成几个文件导入。")
        row.values = (row.values + [None] * len(fields))[: len(fields)]
        body.append(row)
    return Sheet(header_row=header.number, headers=headers, fields=fields, unknown=unknown, rows=body)


def _blank(values: list) -> bool:
    for value in values:
        if value is not None and (value.__class__ is not str or value.strip()):
            return False
    return True
