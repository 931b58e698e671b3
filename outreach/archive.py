"""The 民族团结进步创建 archive: what an assessment (验收) asks for, gathered for one year from the
records, as one ZIP — an index page (``00_目录.html``, linking every file), one workbook per part of the
work, and the receipts of the year's funding as they were uploaded.

Contact numbers and complainants are left out: the archive is handed to assessors.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import quote

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from community.models import Community
from community.spreadsheets import append_row
from community.storage import private_storage

from .models import (
    Commendation,
    Event,
    Funding,
    FundingReceipt,
    HalalComplaint,
    HalalInspection,
    Honour,
    JointVisit,
    Organisation,
    OrganisationMember,
    ReligiousFigure,
    Training,
)
from .selectors import figures as figure_defs
from .selectors import liaison
from .selectors.figures import organisation_in_force, period
from .services.creation import receipt_name


@dataclass
class Entry:
    name: str  # path inside the ZIP
    title: str
    description: str
    rows: int | None = None  # rows listed (None for a file that is not a list)


@dataclass
class Built:
    filename: str
    content: bytes
    entries: list[Entry] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def quoted_name(self) -> str:
        return quote(self.filename)


def _d(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """One sheet per (title, header, rows); the header bold and frozen, columns wide enough to read."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title[:31])
        append_row(ws, header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        for row in rows:
            append_row(ws, [str(v) if v is not None and not isinstance(v, int | float) else v for v in row])
        for index, name in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(10, min(40, 2 * len(name) + 6))
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _liaison(community, start, on) -> tuple[list, int]:
    figures = list(
        ReligiousFigure.objects.filter(liaison.figure_in_force(on), community=community)
        .select_related("site", "ethnicity", "resident__ethnicity")
        .order_by("site__name", "role", "name")
    )
    duties = liaison.joint_visit_duties(community, start, on)
    visits = list(
        JointVisit.objects.filter(community=community, date__range=(start, on))
        .select_related("site")
        .annotate(households_visited=Count("households", distinct=True))
        .prefetch_related("staff", "figures")
        .order_by("date")
    )
    talks = list(
        liaison.talks(community, start, on)
        .select_related("type")
        .prefetch_related("religious_figures")
        .order_by("date")
    )
    sites = list(figure_defs.FIGURES["sites"].rows(period(community, on, start.year)))
    sheets = [
        (
            "宗教场所",
            ["名称", "类别", "地址", "所在网格", "每月联合走访起始"],
            [
                [
                    s.name,
                    s.get_kind_display(),
                    s.address,
                    s.grid.name if s.grid_id else "",
                    _d(s.joint_visits_from),
                ]
                for s in sites
            ],
        ),
        (
            "宗教人士",
            ["宗教场所", "姓名", "身份", "民族", "任职日期"],
            [
                [
                    f.site.name,
                    f.name,
                    f.get_role_display(),
                    str((f.resident.ethnicity if f.resident_id else f.ethnicity) or ""),
                    _d(f.since),
                ]
                for f in figures
            ],
        ),
        (
            "每月联合走访",
            ["月份", "宗教场所", "状态", "走访日期"],
            [
                [
                    f"{d.month.year}年{d.month.month}月",
                    d.site.name,
                    d.status_label,
                    "、".join(_d(v.date) for v in d.visits),
                ]
                for d in duties
            ],
        ),
        (
            "联合走访记录",
            [
                "日期",
                "宗教场所",
                "社区参加人员",
                "场所参加人员",
                "走访户数",
                "走访主题",
                "走访情况",
                "后续跟进",
                "跟进办结",
            ],
            [
                [
                    _d(v.date),
                    v.site.name,
                    "、".join(u.display_name for u in v.staff.all()),
                    "、".join(f.name for f in v.figures.all()),
                    v.households_visited,
                    v.topics,
                    v.situation,
                    v.follow_up,
                    _d(v.follow_up_done_on),
                ]
                for v in visits
            ],
        ),
        (
            "座谈与谈心",
            ["日期", "类型", "活动名称", "地点", "参加的宗教人士"],
            [
                [
                    _d(e.date),
                    e.type.name,
                    e.title,
                    e.place,
                    "、".join(f.name for f in e.religious_figures.all()),
                ]
                for e in talks
            ],
        ),
    ]
    return sheets, len(sites) + len(figures) + len(duties) + len(visits) + len(talks)


def _halal(community, start, on) -> tuple[list, int]:
    shops = list(figure_defs.FIGURES["halal_shops"].rows(period(community, on, start.year)))
    inspections = list(
        HalalInspection.objects.filter(community=community, date__range=(start, on))
        .select_related("establishment")
        .order_by("date")
    )
    complaints = list(
        HalalComplaint.objects.filter(community=community, received_on__range=(start, on))
        .select_related("establishment")
        .order_by("received_on")
    )
    sheets = [
        (
            "经营场所",
            ["名称", "类别", "地址", "经营者", "经营者民族", "许可/备案编号", "有效期至", "开业日期"],
            [
                [
                    s.name,
                    s.get_kind_display(),
                    s.address,
                    s.operator_name,
                    str(s.operator_ethnicity or ""),
                    s.licence_number,
                    _d(s.licence_expires),
                    _d(s.opened_on),
                ]
                for s in shops
            ],
        ),
        (
            "检查与整改",
            [
                "检查日期",
                "经营场所",
                "检查人员",
                "会同部门",
                "检查情况",
                "结论",
                "整改要求",
                "整改期限",
                "整改完成",
            ],
            [
                [
                    _d(i.date),
                    i.establishment.name,
                    i.inspectors,
                    i.departments,
                    i.findings,
                    i.get_result_display(),
                    i.rectification,
                    _d(i.rectification_due),
                    _d(i.rectified_on),
                ]
                for i in inspections
            ],
        ),
        (
            "投诉处理",
            ["受理日期", "被投诉场所", "来源", "事由", "办结日期", "处理结果"],
            [
                [
                    _d(c.received_on),
                    c.establishment.name,
                    c.get_channel_display(),
                    c.summary,
                    _d(c.handled_on),
                    c.result,
                ]
                for c in complaints
            ],
        ),
    ]
    return sheets, len(shops) + len(inspections) + len(complaints)


def _honours(community, year) -> tuple[list, int]:
    rows = list(
        Honour.objects.filter(community=community, year=year)
        .select_related(*figure_defs._HONOUR_RELATED)
        .order_by("kind", "nominated_on")
    )
    header = ["类别", "对象", "级别", "进度", "推荐日期", "考评日期", "命名日期", "推荐理由/事迹"]
    data = [
        [
            h.get_kind_display(),
            h.target_name,
            h.get_level_display(),
            h.get_stage_display(),
            _d(h.nominated_on),
            _d(h.assessed_on),
            _d(h.named_on),
            h.reason,
        ]
        for h in rows
    ]
    return [("示范创建", header, data)], len(rows)


def _commendations(community, year) -> tuple[list, int]:
    rows = list(
        Commendation.objects.filter(community=community, year=year)
        .select_related("resident")
        .order_by("awarded_on")
    )
    header = ["姓名", "称号", "级别", "表彰日期", "表彰单位", "主要事迹"]
    data = [
        [c.person_name, c.title, c.get_level_display(), _d(c.awarded_on), c.awarded_by, c.reason]
        for c in rows
    ]
    return [("表彰先进", header, data)], len(rows)


def _facilities(community, start, on) -> tuple[list, int]:
    rows = list(figure_defs.FIGURES["facilities"].rows(period(community, on, start.year)))
    header = ["名称", "类别", "位置", "面积（平方米）", "启用日期", "说明"]
    data = [[f.name, f.get_kind_display(), f.location, f.area_m2, _d(f.since), f.notes] for f in rows]
    return [("阵地设施", header, data)], len(rows)


def _funding(community, start, on) -> tuple[list, int, list[Funding]]:
    rows = list(
        Funding.objects.filter(community=community, date__range=(start, on))
        .prefetch_related(Prefetch("receipts", FundingReceipt.objects.order_by("uploaded_at")))
        .order_by("date", "pk")
    )
    header = ["日期", "金额（元）", "来源", "用途", "备注", "票据"]
    data = [
        [
            _d(f.date),
            f.amount,
            f.get_source_display(),
            f.purpose,
            f.notes,
            "、".join(_receipt_path(f, r).name for r in f.receipts.all()),
        ]
        for f in rows
    ]
    data.append(["合计", sum((f.amount for f in rows), start=0), "", "", "", ""])
    return [("民族工作经费", header, data)], len(rows), rows


def _training(community, start, on) -> tuple[list, int]:
    rows = list(
        Training.objects.filter(community=community, date__range=(start, on))
        .prefetch_related("trainees")
        .order_by("date")
    )
    header = ["日期", "培训主题", "学时", "培训单位/授课人", "参训工作人员", "其他参训人员", "其他参训人数"]
    data = [
        [
            _d(t.date),
            t.topic,
            t.hours,
            t.provider,
            "、".join(u.display_name for u in t.trainees.all()),
            t.other_trainees,
            t.other_trainee_count,
        ]
        for t in rows
    ]
    return [("工作人员培训", header, data)], len(rows)


def _organisations(community, on) -> tuple[list, int]:
    organisations = list(
        Organisation.objects.filter(organisation_in_force(on), community=community)
        .select_related("grid")
        .order_by("kind", "name")
    )
    members = list(
        OrganisationMember.all_objects.filter(
            liaison.in_force(on, "joined_on", "left_on", open_start=True),
            organisation__in=[o.pk for o in organisations],
        )
        .select_related("organisation", "resident")
        .order_by("organisation__kind", "organisation__name", "role")
    )
    sheets = [
        (
            "组织与队伍",
            ["类别", "名称", "所属网格", "负责人", "成立日期", "未登记成员人数", "职责与说明"],
            [
                [
                    o.get_kind_display(),
                    o.name,
                    o.grid.name if o.grid_id else "",
                    o.head_name,
                    _d(o.founded_on),
                    o.unregistered_members,
                    o.description,
                ]
                for o in organisations
            ],
        ),
        (
            "成员名单",
            ["组织", "姓名", "职务", "身份/单位职务"],
            [[m.organisation.name, m.display_name, m.get_role_display(), m.title] for m in members],
        ),
    ]
    return sheets, len(organisations) + len(members)


def _receipt_path(funding: Funding, receipt: FundingReceipt) -> PurePosixPath:
    suffix = PurePosixPath(receipt.storage_name).suffix
    return PurePosixPath("06_经费票据") / f"{funding.date:%Y%m%d}_{funding.pk}_{str(receipt.pk)[:8]}{suffix}"


def build(community: Community, year: int, on: date) -> Built:
    """The archive of ``year`` as the ledgers stood on ``on`` (the year's end, or today for this year)."""
    start = date(year, 1, 1)
    parts = [
        (
            "01_宗教事务联络.xlsx",
            "宗教事务联络",
            "宗教场所、宗教人士、每月联合走访（应走访/已走访/逾期）、联合走访记录、与宗教人士座谈",
            _liaison(community, start, on),
        ),
        (
            "02_清真食品监管.xlsx",
            "清真食品监管",
            "清真食品经营场所、检查与整改、投诉处理",
            _halal(community, start, on),
        ),
        (
            "03_民族团结示范创建.xlsx",
            "民族团结示范创建",
            f"{year}年度示范户、示范楼栋、示范单元、示范单位的推荐、考评与命名",
            _honours(community, year),
        ),
        ("04_表彰先进.xlsx", "表彰先进", f"{year}年度受表彰的先进个人", _commendations(community, year)),
        (
            "05_阵地设施.xlsx",
            "阵地设施",
            "在用的阅览室、活动室、宣传栏等阵地设施",
            _facilities(community, start, on),
        ),
    ]
    funding_sheets, funding_count, funding_rows = _funding(community, start, on)
    parts += [
        (
            "06_民族工作经费.xlsx",
            "民族工作经费",
            "经费的金额、来源、用途及票据（票据见“06_经费票据”文件夹）",
            (funding_sheets, funding_count),
        ),
        (
            "07_工作人员培训.xlsx",
            "工作人员培训",
            "工作人员参加民族工作培训的情况",
            _training(community, start, on),
        ),
        (
            "08_组织与队伍.xlsx",
            "组织与队伍",
            "民族工作领导小组、协会、队伍、特色党小组及其成员",
            _organisations(community, on),
        ),
    ]
    buffer = io.BytesIO()
    entries = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, title, description, (sheets, count) in parts:
            zf.writestr(name, _workbook(sheets))
            entries.append(Entry(name, title, description, count))
        receipts = []
        for funding in funding_rows:
            for receipt in funding.receipts.all():
                path = _receipt_path(funding, receipt)
                try:
                    with private_storage().open(receipt_name(receipt), "rb") as handle:
                        zf.writestr(str(path), handle.read())
                except FileNotFoundError:
                    continue  # listed in the index as missing
                receipts.append(path)
        entries.append(Entry("06_经费票据/", "经费票据", "经费记录所附票据的扫描件", len(receipts)))
        values = figure_defs.register_figures(community, on, year)
        index = render_to_string(
            "outreach/archive_index.html",
            {
                "community": community,
                "year": year,
                "on": on,
                "entries": entries,
                "figures": [(d, values[d.key]) for d in figure_defs.FIGURES.values()],
                "gaps": [e.title for e in entries if e.rows == 0],
                "missing_receipts": sum(len(f.receipts.all()) for f in funding_rows) - len(receipts),
                "events": Event.objects.filter(community=community, date__range=(start, on))
                .filter(~Q(status="planned"))
                .count(),
            },
        )
        zf.writestr("00_目录.html", index)
    return Built(f"{community.name}{year}年民族团结进步创建档案.zip", buffer.getvalue(), entries)
