"""import_welfare: welfare cases from a workbook, matched to residents by ID number within the community.

Headers: 公民身份号码, 姓名, 救助类型, 状态, 金额, 开始日期, 结束日期, 备注 (optionally 廉租房方式, 就业岗位, 户号), found
in the first 20 rows; other columns are ignored and the preview names them. All or nothing unless
``skip_invalid``.

The sheet goes through the residents' pipeline (``residents/transfer/``): the upload is kept by
``uploads.py``, read by ``reader.read_file`` (size, zip and bounds checks; the header row found by
:data:`HEADER`, written as the residents' headers are read), dates parsed by ``columns.parse_date``; only
the welfare rules of a row live here. A row whose person is unknown, or whose name disagrees with that ID number's resident, is
refused with its reason. What the sheet already says is not refused: a 廉租房 row 已入住 is 实物配租; a
廉租房 row that does not say its mode is imported as 未注明, with a warning.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.http import Http404

from community.access import resolve_access
from community.audit import AuditAction, log_action
from residents import idnumber
from residents.models import Resident
from residents.transfer import columns as c
from residents.transfer import reader, uploads
from residents.transfer.reader import FileRefused

from .models import Case, CaseStatus, HousingMode, Transition
from .selectors import types_for
from .services import add_months, may_approve

HEADERS = {
    "公民身份号码": "id_number",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "姓名": "name",
    "救助类型": "type",
    "类型": "type",
    "状态": "status",
    "金额": "amount",
    "开始日期": "start_on",
    "结束日期": "end_on",
    "备注": "notes",
    "廉租房方式": "housing_mode",
    "就业岗位": "placement",
    "户号": "household_number",
    "户编号": "household_number",
}
# A status that says the 廉租房 mode by itself: a family that has moved in lives in the flat (实物配租).
MODE_OF_STATUS = {"已入住": HousingMode.IN_KIND}
REQUIRED = ["id_number", "name", "type", "status"]


def field_for_header(value) -> str | None:
    """A header cell → its field, written as the residents' headers are read (full-width, spaces, notes)."""
    return HEADERS.get(c.clean_header(value))


# A row with 公民身份号码 and 救助类型 among the first rows is the header; a missing column is then named.
HEADER = reader.Header(
    field_for_header, ("id_number", "type"), "找不到表头：须包含“公民身份号码”和“救助类型”等列。"
)
STATUS_WORDS = {
    "申请中": CaseStatus.APPLYING,
    "审核中": CaseStatus.REVIEWING,
    "在保": CaseStatus.ACTIVE,
    "已入住": CaseStatus.ACTIVE,
    "已发放": CaseStatus.ACTIVE,
    "已就业": CaseStatus.ACTIVE,
    "享受中": CaseStatus.ACTIVE,
    "已终止": CaseStatus.ENDED,
    "未通过": CaseStatus.REJECTED,
}
HOUSING_WORDS = {
    "实物配租": HousingMode.IN_KIND,
    "租赁补贴": HousingMode.SUBSIDY,
    "未注明": HousingMode.UNKNOWN,
    "": "",
}


@dataclass
class RowProblem:
    """A refused row, or a warning about an imported one: which column, and why (Chinese)."""

    row: int
    column: str
    reason: str


@dataclass
class Result:
    new: int = 0
    unchanged: int = 0
    refused: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)  # imported, but the office should look at them
    ignored: list[str] = field(default_factory=list)  # headers the import does not read
    written: bool = False
    rows: int = 0
    # rows whose 状态 asked for more than 申请中 from an importer who may not approve: (row, word)
    pending_approval: list[tuple[int, str]] = field(default_factory=list)
    source: str = ""

    @property
    def total(self) -> int:
        return self.rows

    @property
    def refused_rows(self) -> int:
        return len({problem.row for problem in self.refused})

    def summary_lines(self) -> list[str]:
        """For the job page (residents/transfer/tasks.py shows the first line and the lines after the second)."""
        return [
            f"文件：{self.source}",
            self.summary(),
            *(f"第{w.row}行 {w.column}：{w.reason}" for w in self.warnings),
        ]

    def audit_data(self) -> dict:
        """The job's summary (counts)."""
        return {
            "file": self.source[:120],
            "rows": self.rows,
            "new": self.new,
            "unchanged": self.unchanged,
            "refused": self.refused_rows,
            "pending_approval": len(self.pending_approval),
        }

    def summary(self) -> str:
        text = f"共{self.rows}行：新增{self.new}，未变{self.unchanged}，拒绝{len(self.refused)}行。"
        if self.pending_approval:
            text += f"其中{len(self.pending_approval)}行按“申请中”登记，待社区书记审批。"
        if self.warnings:
            text += f"提示{len(self.warnings)}条。"
        return text


def store_upload(upload, *, community, user) -> str:
    """Keep the uploaded workbook with the residents' uploads (private storage) until confirmed; its token.

    The preview reads it during the request (the import itself is a TransferJob, ``import_welfare``): a file
    larger than the residents' import would check in the request is refused before it is stored.
    """
    reader.check_request_size(upload.size)
    return uploads.store(upload, name=upload.name, community=community, user=user, register="welfare")


@contextmanager
def upload_path(token: str, *, community, user) -> Iterator[Path]:
    """A path on this machine holding this user's upload ``token`` (a copy when the storage is a bucket)."""
    try:
        stored = uploads.load(token, community=community, user=user)
    except Http404:
        raise FileRefused("上传文件已失效，请重新上传。") from None
    with stored.local_path() as path:
        yield path


def discard(token: str) -> None:
    uploads.discard(token)


def _import_reason(case: Case, approver: bool) -> str:
    """The first step of an imported case: an approver's approval, or an application awaiting one."""
    word = getattr(case, "import_status_word", "")
    if case.status != CaseStatus.APPLYING:
        return f"导入（导入人具审批权限，按表中状态“{word}”登记）"
    if word and STATUS_WORDS.get(word) != CaseStatus.APPLYING:
        return f"导入（表中状态为“{word}”，按“申请中”登记，待社区书记审批）"
    return "导入"


def next_review(start: date, months: int, today: date) -> date:
    """The first review date ``months`` apart from ``start`` that is not before this month (低保: yearly)."""
    review = add_months(start, months)
    while review < today.replace(day=1):
        review = add_months(review, months)
    return review


# Without the right to approve (welfare.decide) an import registers applications only: a row marked as
# approved or under review comes in as 申请中 and goes through the secretary; a row of a case already
# ended or refused cannot come in at all (it would be an approval, or a refusal, nobody gave).
DECIDED = {CaseStatus.ENDED, CaseStatus.REJECTED}


def run(
    path: Path,
    *,
    community,
    actor,
    dry_run: bool,
    skip_invalid: bool,
    role: str | None = None,
    source: str = "",
) -> Result:
    """Check (``dry_run``) or import a workbook. ``role`` is the importer's role in ``community``: only one
    that may approve keeps the workbook's 状态 beyond 申请中, and the first step records it as their approval.
    ``source`` is the workbook's own file name, for the audit trail's 对象.
    """

    approver = may_approve(role)
    sheet = reader.read_file(path, header=HEADER)
    columns = sheet.columns
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        labels = {v: k for k, v in HEADERS.items()}
        raise FileRefused("缺少列：" + "、".join(labels[m] for m in missing))
    types = {t.name: t for t in types_for(community)} | {t.code: t for t in types_for(community)}
    body = sheet.rows
    numbers = {idnumber.normalize(row.values[columns["id_number"]]) for row in body}
    residents = {
        r.id_number: r
        for r in Resident.objects.filter(community=community, id_number__in=numbers).select_related(
            "household"
        )
    }
    existing = {
        (c.resident_id, c.type_id, c.start_on): c
        for c in Case.objects.filter(community=community, resident__id_number__in=numbers)
    }
    result = Result(rows=len(body), ignored=sheet.unknown, source=source)
    to_create, seen = [], {}
    for row in body:
        number = row.number

        def cell(name, row=row):
            i = columns.get(name)
            return row.values[i] if i is not None else None

        problems = [
            RowProblem(number, k, "单元格含公式，请改为数值") for k, i in columns.items() if i in row.formulas
        ]
        id_number = idnumber.normalize(cell("id_number"))
        name = str(cell("name") or "").strip()
        resident = residents.get(id_number)
        if not id_number:
            problems.append(RowProblem(number, "公民身份号码", "缺少公民身份号码"))
        elif resident is None:
            problems.append(RowProblem(number, "公民身份号码", "本社区没有该身份证号的居民"))
        elif name and name != resident.name:
            problems.append(RowProblem(number, "姓名", f"姓名与该身份证号的居民（{resident.name}）不符"))
        btype = types.get(str(cell("type") or "").strip())
        if btype is None:
            problems.append(RowProblem(number, "救助类型", f"未知的救助类型：{cell('type') or '（空）'}"))
        status_word = str(cell("status") or "").strip()
        status = STATUS_WORDS.get(status_word)
        if status is None:
            problems.append(RowProblem(number, "状态", f"未知的状态：{cell('status') or '（空）'}"))
        elif status in DECIDED and not approver:
            problems.append(RowProblem(number, "状态", f"“{status_word}”的案件须由有审批权限的社区书记导入"))
        amount = None
        if cell("amount") not in (None, ""):
            try:
                amount = Decimal(str(idnumber.normalize(cell("amount"))).replace(",", ""))
                if amount < 0:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(RowProblem(number, "金额", "金额应为不小于0的数字"))
        dates = {}
        for key, label in (("start_on", "开始日期"), ("end_on", "结束日期")):
            try:
                dates[key] = c.parse_date(cell(key))
            except c.Refusal as exc:
                problems.append(RowProblem(number, label, str(exc)))
        if dates.get("start_on") and dates.get("end_on") and dates["end_on"] < dates["start_on"]:
            problems.append(RowProblem(number, "结束日期", "结束日期早于开始日期"))
        housing = HOUSING_WORDS.get(str(cell("housing_mode") or "").strip())
        if housing is None:
            problems.append(RowProblem(number, "廉租房方式", "应为“实物配租”“租赁补贴”或留空"))
        elif btype is not None and btype.has_housing_mode and not housing:
            housing = MODE_OF_STATUS.get(str(cell("status") or "").strip(), HousingMode.UNKNOWN)
            if housing == HousingMode.UNKNOWN:
                result.warnings.append(
                    RowProblem(
                        number, "廉租房方式", "未注明实物配租或租赁补贴，已按“未注明”导入，请在案件中补充"
                    )
                )
        household_number = idnumber.normalize(cell("household_number"))
        if resident is not None and household_number and resident.household_id:
            known = resident.household.number
            if known and known != household_number:
                result.warnings.append(
                    RowProblem(
                        number,
                        "户号",
                        f"表中户号“{household_number}”与登记的户编号“{known}”不同（以居民所在户为准）",
                    )
                )
        if problems:
            result.refused += problems
            continue
        key = (resident.pk, btype.pk, dates["start_on"])
        if key in existing:
            result.unchanged += 1
            continue
        if key in seen:
            result.refused.append(
                RowProblem(number, "公民身份号码", f"与第{seen[key]}行重复（同一人、同一类型、同一开始日期）")
            )
            continue
        seen[key] = number
        if status != CaseStatus.APPLYING and not approver:
            result.pending_approval.append((number, status_word))
            status = CaseStatus.APPLYING
        review = None
        if status == CaseStatus.ACTIVE and btype.review_months and dates["start_on"]:
            review = next_review(dates["start_on"], btype.review_months, date.today())
        case = Case(
            community=community,
            resident=resident,
            household_id=resident.household_id,
            type=btype,
            status=status,
            amount=amount,
            start_on=dates["start_on"],
            end_on=dates["end_on"],
            notes=str(cell("notes") or ""),
            housing_mode=housing or "",
            placement=str(cell("placement") or ""),
            created_by=actor,
            next_review_on=review,
        )
        case.import_status_word = status_word
        to_create.append(case)
        result.new += 1
    refused_rows = result.refused_rows
    if dry_run or (refused_rows and not skip_invalid):
        return result
    with transaction.atomic():
        Case.objects.bulk_create(to_create, batch_size=1000)
        Transition.objects.bulk_create(
            [
                Transition(
                    case=c,
                    from_status="",
                    to_status=c.status,
                    actor=actor,
                    reason=_import_reason(c, approver),
                )
                for c in to_create
            ],
            batch_size=1000,
        )
        log_action(
            AuditAction.WELFARE_IMPORT,
            user=actor,
            community=community,
            data={
                "file": source[:120],
                "rows": result.rows,
                "new": result.new,
                "unchanged": result.unchanged,
                "refused": refused_rows,
                "approved_by_importer": sum(c.status != CaseStatus.APPLYING for c in to_create)
                if approver
                else 0,
                "pending_approval": len(result.pending_approval),
            },
        )
    result.written = True
    return result


def import_welfare(
    *,
    community,
    path: Path,
    source: str = "",
    actor=None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress=None,
    **_bounds,
) -> Result:
    """:func:`run` as the residents' import job calls an import (``welfare.apps``: ``importers``).

    The importer's role is read now (a job runs after the request): who has since lost it imports
    applications only, as anyone who may not approve.
    """
    try:
        role = resolve_access(actor, community.code).role if actor is not None else None
    except Http404:
        role = None
    result = run(
        path,
        community=community,
        actor=actor,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        role=role,
        source=source,
    )
    if progress is not None:
        progress(result.rows, result.rows)
    return result
