"""Excel workbooks: the ledgers an office hands in, the import template and the refused rows.

The ledger's columns are the import's columns, so an exported ledger can be corrected in Excel and
imported again (unchanged rows are reported unchanged).

Formula injection: every cell — titles, headers (an uploaded file's, in the refused rows) and values —
is written by ``community.spreadsheets.write_cell``, the portal's one spreadsheet writer: text that
Excel would take for a formula is stored as a string cell with Excel's quote prefix.
"""

import io
import re
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from community.audit import AuditAction, log_action
from community.models import Community
from community.spreadsheets import LedgerSheet, write_cell

from .. import idnumber
from ..hardship.models import HardshipHelp, Pairing
from ..ledgers import Ledger, ledger_rows
from ..models import (
    CATEGORIES,
    Ethnicity,
    PoliticalStatus,
    Relation,
    ResidenceType,
    Resident,
    ResidentStatus,
    Sex,
)
from .columns import COLUMNS
from .importer import PROGRESS_EVERY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The columns of the ledger export and of the import template, in order, with their widths.
EXPORT_COLUMNS = [
    ("seq", "序号", 6),
    ("name", "姓名", 10),
    ("sex", "性别", 6),
    ("ethnicity", "民族", 10),
    ("id_number", "公民身份号码", 21),
    ("birth_date", "出生日期", 12),
    ("phone", "联系电话", 14),
    ("residence_type", "户籍类型", 9),
    ("grid", "网格", 11),
    ("subgrid", "片格", 9),
    ("compound", "小区", 14),
    ("building", "楼栋", 7),
    ("unit", "单元", 6),
    ("door", "门牌号", 8),
    ("household_number", "户编号", 12),
    ("relation", "与户主关系", 10),
    ("status", "人员状态", 9),
    ("categories", "人员类别", 18),
    ("political_status", "政治面貌", 10),
    ("notes", "备注", 20),
]
assert all(key == "seq" or COLUMNS[key][0] == title for key, title, _w in EXPORT_COLUMNS)

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEAD_FIRST = Case(When(relation=Relation.HEAD, then=Value(0)), default=Value(1), output_field=IntegerField())


def _sheet(title: str, headers: list[tuple[str, int]], subtitle: str = ""):
    """A workbook with the merged title row, the styled header row (repeated on print) and page setup."""
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\\/*?:\[\]]", "、", title)[:31]  # characters Excel forbids in sheet names
    width = len(headers)
    write_cell(ws, 1, 1, f"{title}　{subtitle}".strip())
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(size=15, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    for column, (header, col_width) in enumerate(headers, start=1):
        cell = write_cell(ws, 2, column, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = col_width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return wb, ws


def _finish(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# What a ledger row reads, in the order ``ledger_workbook`` takes it (the categories last).
LEDGER_VALUES = [
    "name",
    "sex",
    "ethnicity__name",
    "id_number",
    "birth_date",
    "phone",
    "residence_type",
    "household__grid__name",
    "household__subgrid__name",
    "household__compound__name",
    "household__building__number",
    "household__unit__number",
    "household__door",
    "household__number",
    "relation",
    "status",
    "political_status",
    "notes",
    *(field for field, _label, _r in CATEGORIES),
]
_CATEGORY_AT = LEDGER_VALUES.index(CATEGORIES[0][0])


def ledger_queryset(residents: QuerySet, ledger: Ledger) -> QuerySet:
    """The ledger's rows, household by household (the head first), with everything a row reads: one query."""
    return (
        ledger_rows(ledger, residents)
        .select_related(
            "ethnicity",
            "household__grid",
            "household__subgrid",
            "household__compound",
            "household__building",
            "household__unit",
        )
        .order_by(
            "household__grid__number",
            "household__compound__name",
            "household__building__number",
            "household__unit__number",
            "household__door",
            "household_id",
            HEAD_FIRST,
            "birth_date",
            "id",
        )
    )


@dataclass
class Export:
    filename: str
    content: bytes
    rows: int
    content_type: str = XLSX


def ledger_workbook(
    *,
    community: Community,
    ledger: Ledger,
    residents: QuerySet,
    full_ids: bool,
    restricted_allowed: bool,
    on: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    filtered: bool = False,
) -> Export:
    """The office workbook of ``ledger`` over ``residents`` (an already scoped queryset).

    ``progress(done, total)`` hears of the rows written every few hundred rows (a background job shows it).
    """
    on = on or timezone.localdate()
    rows = ledger_queryset(residents, ledger).values_list(*LEDGER_VALUES)
    total = rows.count() if progress is not None else 0
    sheet = LedgerSheet(
        f"{community.name}{ledger.title}",
        [(title, width) for _key, title, width in EXPORT_COLUMNS],
        subtitle=f"导出日期：{on:%Y年%m月%d日}{'（按页面筛选条件）' if filtered else ''}",
    )
    # Plain tuples, not model instances (most of an export's time went into building them), and each
    # label looked up once: a full-community export is written at the rate of the writer.
    labels = {
        kind.__name__: {value: str(label) for value, label in kind.choices}
        for kind in (Sex, ResidenceType, Relation, ResidentStatus, PoliticalStatus)
    }
    sex, residence, relation, status, political = (
        labels[k] for k in ("Sex", "ResidenceType", "Relation", "ResidentStatus", "PoliticalStatus")
    )
    shown = [
        (index, str(label))
        for index, (_f, label, restricted) in enumerate(CATEGORIES)
        if restricted_allowed or not restricted
    ]
    mask, mask_birth = idnumber.mask, idnumber.mask_birth_date
    count = 0
    for count, r in enumerate(rows, start=1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, total)
        marks = r[_CATEGORY_AT:]
        sheet.append(
            (
                count,
                r[0],
                sex.get(r[1], "") if r[1] else "",
                r[2],
                r[3] if full_ids else mask(r[3]),
                r[4] if full_ids else mask_birth(r[4]),  # together they are the number
                r[5],
                residence[r[6]],
                r[7] or "",
                r[8] or "",
                r[9] or "",
                r[10] or "",
                r[11] or "",
                r[12] or "",
                r[13] or "",
                relation[r[14]],
                status[r[15]],
                "、".join(label for index, label in shown if marks[index]),
                political[r[16]],
                r[17],
            )
        )
    if progress is not None:
        progress(count, max(count, total))
    filename = f"{community.code}-{ledger.key}-{on:%Y%m%d}.xlsx"
    return Export(filename=filename, content=sheet.close(), rows=count)


def ledger_export(
    *,
    community: Community,
    ledger: Ledger,
    residents: QuerySet,
    full_ids: bool,
    restricted_allowed: bool,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    filters: dict | None = None,
) -> Export:
    """Build the ledger workbook and audit the export with its row count (never the numbers themselves).

    ``residents`` is already narrowed to the page's ``filters``; the audit names which filters (not their
    values: a search may be part of an ID number).
    """
    export = ledger_workbook(
        community=community,
        ledger=ledger,
        residents=residents,
        full_ids=full_ids,
        restricted_allowed=restricted_allowed,
        progress=progress,
        filtered=bool(filters),
    )
    log_action(
        AuditAction.LEDGER_EXPORT,
        user=actor,
        community=community,
        data={
            "ledger": ledger.key,
            "rows": export.rows,
            "full_id_numbers": full_ids,
            **({"filters": sorted(filters)} if filters else {}),
        },
    )
    return export


def list_workbook(
    *,
    community: Community,
    title: str,
    columns: list[tuple[str, int]],
    rows: Iterable[list],
    on: date | None = None,
    slug: str = "list",
) -> Export:
    """Any list of the portal as an office workbook, in the ledgers' layout: title row, header, borders, dates
    formatted, text that Excel would evaluate quoted. ``rows`` are the cell values, in ``columns`` order."""
    on = on or timezone.localdate()
    wb, ws = _sheet(f"{community.name}{title}", columns, subtitle=f"导出日期：{on:%Y年%m月%d日}")
    count, styles = 0, {}
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = write_cell(ws, count + 2, column, value)
            kind = (isinstance(value, date), bool(cell.quotePrefix))
            if kind in styles:
                cell._style = copy(styles[kind])
                continue
            cell.border = BORDER
            if kind[0]:
                cell.number_format = "yyyy-mm-dd"
            styles[kind] = copy(cell._style)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{count + 2}"
    return Export(filename=f"{community.code}-{slug}-{on:%Y%m%d}.xlsx", content=_finish(wb), rows=count)


def list_export(
    *,
    community: Community,
    title: str,
    columns: list[tuple[str, int]],
    rows: Iterable[list],
    slug: str,
    actor=None,
) -> Export:
    """Build a list's workbook and audit the export (what list, how many rows, the file), never its values."""
    export = list_workbook(community=community, title=title, columns=columns, rows=rows, slug=slug)
    log_action(
        AuditAction.LIST_EXPORT,
        user=actor,
        community=community,
        data={"list": title, "rows": export.rows, "file": export.filename},
    )
    return export


def xlsx_response(export: Export) -> HttpResponse:
    """The workbook as a download."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def template_workbook() -> bytes:
    """The import template: a title row, the header row, and text-formatted ID/phone columns."""
    wb, ws = _sheet(
        "居民信息导入模板",
        [(title, width) for _key, title, width in EXPORT_COLUMNS],
        subtitle="（第2行为表头，请从第3行起逐人填写；序号可留空；民族填名称或代码）",
    )
    for column in (5, 7, 15):  # ID number, phone, household number: text, so Excel keeps every digit
        for row in range(3, 1003):
            ws.cell(row=row, column=column).number_format = "@"
    _add_dropdowns(wb, ws, rows=1000)
    return _finish(wb)


def template_choices() -> dict[str, list[str]]:
    """The template's dropdowns: column key → the words the import accepts (the ledgers' own words)."""

    return {
        "sex": [str(label) for _v, label in Sex.choices],
        "ethnicity": list(Ethnicity.objects.order_by("code").values_list("name", flat=True)),
        "residence_type": [str(label) for _v, label in ResidenceType.choices],
        "relation": [str(label) for _v, label in Relation.choices],
        "status": [str(label) for _v, label in ResidentStatus.choices],
        "political_status": [str(label) for _v, label in PoliticalStatus.choices],
    }


def _add_dropdowns(wb, ws, *, rows: int) -> None:
    """Data-validation lists on the template's choice columns, read from a hidden sheet 选项 (Excel limits an
    inline list to 255 characters; 58 民族 do not fit). A value outside the list is refused by Excel."""
    options = wb.create_sheet("选项")
    options.sheet_state = "hidden"
    keys = [key for key, _title, _w in EXPORT_COLUMNS]
    for index, (key, values) in enumerate(template_choices().items(), start=1):
        letter = get_column_letter(index)
        write_cell(options, 1, index, COLUMNS[key][0])
        for row, value in enumerate(values, start=2):
            write_cell(options, row, index, value)
        rule = DataValidation(
            type="list",
            formula1=f"选项!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从下拉列表中选择",
            error=f"“{COLUMNS[key][0]}”请从下拉列表中选择。",
        )
        column = get_column_letter(keys.index(key) + 1)
        rule.add(f"{column}3:{column}{rows + 2}")
        ws.add_data_validation(rule)


def refused_workbook(result) -> bytes:
    """The refused rows as they were, with an extra 错误原因 column, to be fixed and imported again."""
    headers = [(h or "", 12) for h in result.headers] + [("错误原因", 50)]
    wb, ws = _sheet("被拒绝的行", headers, subtitle=f"来源：{result.source}")
    red = Font(color="C00000")
    for index, refused in enumerate(result.refused, start=3):
        for column, value in enumerate(refused.values, start=1):
            cell = write_cell(ws, index, column, value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
        cell = write_cell(ws, index, len(headers), f"原第{refused.number}行：{refused.reason_text}")
        cell.font = red
    return _finish(wb)


# The 少数民族困难家庭台帐 in the office's layout: one row a household, its persons beside it.
HARDSHIP_COLUMNS = [
    ("序号", 6),
    ("户主姓名", 10),
    ("户主民族", 9),
    ("户主公民身份号码", 21),
    ("家庭人口", 8),
    ("其中少数民族", 8),
    ("家庭成员", 30),
    ("网格", 11),
    ("家庭住址", 24),
    ("困难原因", 14),
    ("人均月收入（元）", 11),
    ("认定日期", 12),
    ("复核日期", 12),
    ("结对帮扶人", 16),
    ("本年帮扶次数", 9),
    ("本年帮扶金额（元）", 12),
    ("备注", 20),
]


def hardship_ledger_workbook(
    *, community: Community, records: QuerySet, minority: bool, full_ids: bool, on: date | None = None
) -> Export:
    """The hardship households of ``records`` (an access-scoped queryset of ``HardshipHousehold``), open today,
    minority households only when ``minority``; three queries whatever the number of households."""

    on = on or timezone.localdate()
    records = records.filter(ended_on__isnull=True)
    if minority:
        records = records.filter(minority_persons__gt=0)
    members = (
        Resident.objects.filter(status=ResidentStatus.ACTIVE)
        .select_related("ethnicity")
        .order_by(HEAD_FIRST, "birth_date")
    )
    rows = list(
        records.prefetch_related(
            Prefetch("household__members", queryset=members),
            Prefetch(
                "pairings", queryset=Pairing.objects.filter(ended_on__isnull=True), to_attr="current_pairings"
            ),
        ).order_by(
            "household__grid__number",
            "household__compound__name",
            "household__building__number",
            "household__unit__number",
            "household__door",
            "pk",
        )
    )
    help_totals = {
        row["hardship_id"]: row
        for row in HardshipHelp.objects.filter(hardship__in=[r.pk for r in rows], given_on__year=on.year)
        .values("hardship_id")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    }
    title = f"{community.name}{'少数民族困难家庭台帐' if minority else '困难家庭台帐'}"
    persons = sum(r.persons for r in rows)
    wb, ws = _sheet(
        title, HARDSHIP_COLUMNS, subtitle=f"共 {len(rows)} 户 {persons} 人　导出日期：{on:%Y年%m月%d日}"
    )
    for seq, record in enumerate(rows, start=1):
        people = list(record.household.members.all())
        head = next((m for m in people if m.relation == Relation.HEAD), people[0] if people else None)
        pairing = record.current_pairings[0] if record.current_pairings else None
        totals = help_totals.get(record.pk, {})
        values = [
            seq,
            head.name if head else "",
            head.ethnicity.name if head else "",
            (head.id_number if full_ids else idnumber.mask(head.id_number)) if head else "",
            record.persons,
            record.minority_persons,
            "、".join(f"{m.name}（{Relation(m.relation).label}，{m.ethnicity.name}）" for m in people),
            record.household.grid.name,
            record.household.address,
            "、".join(record.cause_labels),
            record.income_per_head,
            record.since,
            record.reviewed_on,
            f"{pairing.helper_name}（{pairing.get_helper_kind_display()}）" if pairing else "未结对",
            totals.get("n", 0),
            totals.get("total") or 0,
            record.notes,
        ]
        for column, value in enumerate(values, start=1):
            cell = write_cell(ws, seq + 2, column, value)
            cell.border = BORDER
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(HARDSHIP_COLUMNS))}{len(rows) + 2}"
    key = "hardship-households" if minority else "all-hardship-households"
    return Export(filename=f"{community.code}-{key}-{on:%Y%m%d}.xlsx", content=_finish(wb), rows=len(rows))


def hardship_ledger_export(
    *, community: Community, records: QuerySet, minority: bool, full_ids: bool, actor=None
) -> Export:
    """Build the hardship ledger workbook and audit the export with its row count."""
    export = hardship_ledger_workbook(
        community=community, records=records, minority=minority, full_ids=full_ids
    )
    log_action(
        AuditAction.LEDGER_EXPORT,
        user=actor,
        community=community,
        data={
            "ledger": "hardship_households" if minority else "all_hardship_households",
            "rows": export.rows,
            "full_id_numbers": full_ids,
        },
    )
    return export
