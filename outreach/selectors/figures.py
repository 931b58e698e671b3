"""The figures of religious liaison, 清真 oversight, the 创建 record and the organisations, each with
the rows behind it.

One definition per figure: ``rows(period)`` is the list of ledger rows, and the figure's value is
measured on exactly those rows (their number, or the sum of a column), so the page that lists a
figure's rows (``outreach:figure_rows``) always agrees with the number a report prints. Counted as
the ledgers stood on the reference date ``on``; activity (visits, inspections, funding…) from the
first of January of the report's year up to ``on``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, QuerySet, Sum

from community.counts import counts
from community.models import Community

from ..models import (
    Commendation,
    Facility,
    Funding,
    HalalComplaint,
    HalalEstablishment,
    HalalInspection,
    Honour,
    HonourKind,
    JointVisit,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    ReligiousFigure,
    ReligiousSite,
    Training,
)
from . import creation, halal, liaison

LIAISON, HALAL, CREATION = "outreach.liaison_view", "outreach.halal_view", "outreach.creation_view"


@dataclass
class Period:
    """A community, the first day counted for activity (``start``) and the reference date ``on``."""

    community: Community
    start: date
    on: date

    @cached_property
    def duties(self) -> list[liaison.Duty]:
        return liaison.joint_visit_duties(self.community, self.start, self.on)


def _d(value) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _count(rows) -> int:
    return len(rows) if isinstance(rows, list) else rows.count()


def _sum(field_name: str) -> Callable:
    def measure(rows: QuerySet):
        return rows.aggregate(total=Sum(field_name))["total"] or Decimal("0")

    return measure


def _person_times(rows: QuerySet) -> int:
    """Staff trainees (one per training they attended) plus the others' head count."""
    staff = Training.trainees.through.objects.filter(training__in=rows.values("pk")).count()
    return staff + (rows.aggregate(n=Sum("other_trainee_count"))["n"] or 0)


@dataclass(frozen=True)
class FigureDef:
    key: str  # in the rows page's URL
    name: str  # the figure's name, cited by narratives as {name}
    unit: str
    permission: str  # the register's view permission: who may open the rows
    title: str  # of the rows page
    rows: Callable[[Period], QuerySet | list] = field(repr=False)
    columns: tuple[tuple[str, Callable], ...] = field(repr=False)
    measure: Callable = field(default=_count, repr=False)
    sums: str = ""  # the column the figure adds up ("" when the figure counts rows)

    @property
    def definition(self) -> str:
        return DEFINITIONS[self.key]


# -- rows ------------------------------------------------------------------------------------------


def _sites(p: Period):
    return (
        ReligiousSite.objects.filter(liaison.site_in_force(p.on), community=p.community)
        .select_related("grid")
        .order_by("name", "pk")
    )


def _figures(p: Period):
    return (
        ReligiousFigure.objects.filter(liaison.figure_in_force(p.on), community=p.community)
        .select_related("site", "ethnicity", "resident__ethnicity")
        .annotate(role_order=liaison.role_order())
        .order_by("site__name", "role_order", "name", "pk")
    )


def _duties(status: str | None) -> Callable:
    return lambda p: [d for d in p.duties if status is None or d.status == status]


def _joint_visits(p: Period):
    return (
        JointVisit.objects.filter(community=p.community, date__range=(p.start, p.on))
        .select_related("site")
        .order_by("date", "pk")
    )


def _talks(p: Period):
    return liaison.talks(p.community, p.start, p.on).select_related("type").order_by("date", "pk")


def _shops(p: Period):
    return (
        HalalEstablishment.objects.filter(halal.open_on(p.on), community=p.community)
        .select_related("operator_ethnicity", "grid")
        .order_by("name", "pk")
    )


def _expired(p: Period):
    return _shops(p).filter(licence_expires__lt=p.on)


def _inspections(p: Period):
    return (
        HalalInspection.objects.filter(community=p.community, date__range=(p.start, p.on))
        .select_related("establishment")
        .order_by("date", "pk")
    )


def _open_rectifications(p: Period):
    return (
        HalalInspection.objects.filter(halal.rectification_open_on(p.on), community=p.community)
        .select_related("establishment")
        .order_by("rectification_due", "pk")
    )


def _rectified(p: Period):
    return (
        HalalInspection.objects.filter(community=p.community, rectified_on__range=(p.start, p.on))
        .select_related("establishment")
        .order_by("rectified_on", "pk")
    )


def _complaints(p: Period):
    return (
        HalalComplaint.objects.filter(community=p.community, received_on__range=(p.start, p.on))
        .select_related("establishment")
        .order_by("received_on", "pk")
    )


def _open_complaints(p: Period):
    return (
        HalalComplaint.objects.filter(halal.complaint_open_on(p.on), community=p.community)
        .select_related("establishment")
        .order_by("received_on", "pk")
    )


_HONOUR_RELATED = (
    "household__compound",
    "household__building",
    "household__unit",
    "household__grid",
    "building__compound",
    "unit__building__compound",
    "workplace",
)


def _named(kind: str) -> Callable:
    def rows(p: Period):
        return (
            Honour.objects.filter(creation.named_on(p.on), community=p.community, kind=kind)
            .select_related(*_HONOUR_RELATED)
            .order_by("named_on", "pk")
        )

    return rows


def _nominated(p: Period):
    return (
        Honour.objects.filter(community=p.community, nominated_on__range=(p.start, p.on))
        .select_related(*_HONOUR_RELATED)
        .order_by("nominated_on", "pk")
    )


def _commendations(p: Period):
    return (
        Commendation.objects.filter(community=p.community, awarded_on__range=(p.start, p.on))
        .select_related("resident")
        .order_by("awarded_on", "pk")
    )


def _facilities(p: Period):
    return Facility.objects.filter(creation.facility_in_use(p.on), community=p.community).order_by(
        "kind", "name", "pk"
    )


def _funding(p: Period):
    return (
        Funding.objects.filter(community=p.community, date__range=(p.start, p.on))
        .annotate(receipt_count=Count("receipts"))
        .order_by("date", "pk")
    )


def _trainings(p: Period):
    return (
        Training.objects.filter(community=p.community, date__range=(p.start, p.on))
        .annotate(trainee_count=Count("trainees"))
        .order_by("date", "pk")
    )


TEAM_KINDS = Q(kind=OrganisationKind.TEAM) | Q(kind=OrganisationKind.VOLUNTEER, grid__isnull=True)
ORGANISATION_KINDS = {
    "association": Q(kind=OrganisationKind.ASSOCIATION),
    "team": TEAM_KINDS,
    "party_group": Q(kind=OrganisationKind.PARTY_GROUP),
}


def organisation_in_force(on: date, prefix: str = "") -> Q:
    """On the register on ``on``: founded by then (or founding date unknown), not yet dissolved
    (an organisation struck off before dissolution dates were kept has no date: not counted)."""
    founded = Q(**{f"{prefix}founded_on__isnull": True}) | Q(**{f"{prefix}founded_on__lte": on})
    standing = Q(**{f"{prefix}dissolved_on__gt": on}) | Q(
        **{f"{prefix}dissolved_on__isnull": True, f"{prefix}is_active": True}
    )
    return founded & standing


def _organisations(kind: str) -> Callable:
    def rows(p: Period):
        return (
            Organisation.objects.filter(
                organisation_in_force(p.on), ORGANISATION_KINDS[kind], community=p.community
            )
            .select_related("grid")
            .order_by("name", "pk")
        )

    return rows


def _members(kind: str) -> Callable:
    def rows(p: Period):
        organisations = _organisations(kind)(p).values("pk")
        return (
            OrganisationMember.all_objects.filter(
                liaison.in_force(p.on, "joined_on", "left_on", open_start=True),
                organisation__in=organisations,
            )
            .select_related("organisation", "resident__ethnicity")
            .order_by("organisation__name", "role", "pk")
        )

    return rows


# -- columns ---------------------------------------------------------------------------------------

SITE_COLUMNS = (
    ("名称", lambda s: s.name),
    ("类别", lambda s: s.get_kind_display()),
    ("地址", lambda s: s.address or "—"),
    ("所在网格", lambda s: s.grid.name if s.grid_id else "—"),
    ("登记日期", lambda s: _d(s.since)),
)
FIGURE_COLUMNS = (
    ("宗教场所", lambda f: f.site.name),
    ("姓名", lambda f: f.name),
    ("身份", lambda f: f.get_role_display()),
    ("民族", lambda f: (f.resident.ethnicity if f.resident_id else f.ethnicity) or "—"),
    ("任职日期", lambda f: _d(f.since)),
)
DUTY_COLUMNS = (
    ("月份", lambda d: f"{d.month.year}年{d.month.month}月"),
    ("宗教场所", lambda d: d.site.name),
    ("状态", lambda d: d.status_label),
    ("走访日期", lambda d: "、".join(_d(v.date) for v in d.visits) or "—"),
)
JOINT_VISIT_COLUMNS = (
    ("日期", lambda v: _d(v.date)),
    ("宗教场所", lambda v: v.site.name),
    ("走访主题", lambda v: v.topics),
    ("后续跟进", lambda v: v.follow_up or "—"),
)
TALK_COLUMNS = (
    ("日期", lambda e: _d(e.date)),
    ("类型", lambda e: e.type.name),
    ("活动名称", lambda e: e.title),
    ("地点", lambda e: e.place or "—"),
)
SHOP_COLUMNS = (
    ("名称", lambda s: s.name),
    ("类别", lambda s: s.get_kind_display()),
    ("地址", lambda s: s.address),
    ("经营者", lambda s: s.operator_name),
    ("经营者民族", lambda s: s.operator_ethnicity or "—"),
    ("许可编号", lambda s: s.licence_number or "—"),
    ("有效期至", lambda s: _d(s.licence_expires)),
)
INSPECTION_COLUMNS = (
    ("检查日期", lambda i: _d(i.date)),
    ("经营场所", lambda i: i.establishment.name),
    ("检查人员", lambda i: i.inspectors),
    ("会同部门", lambda i: i.departments or "—"),
    ("结论", lambda i: i.get_result_display()),
    ("整改期限", lambda i: _d(i.rectification_due)),
    ("整改完成", lambda i: _d(i.rectified_on)),
)
COMPLAINT_COLUMNS = (
    ("受理日期", lambda c: _d(c.received_on)),
    ("被投诉场所", lambda c: c.establishment.name),
    ("来源", lambda c: c.get_channel_display()),
    ("事由", lambda c: c.summary),
    ("办结日期", lambda c: _d(c.handled_on)),
)
HONOUR_COLUMNS = (
    ("年度", lambda h: h.year),
    ("类别", lambda h: h.get_kind_display()),
    ("对象", lambda h: h.target_name),
    ("级别", lambda h: h.get_level_display()),
    ("进度", lambda h: h.get_stage_display()),
    ("推荐日期", lambda h: _d(h.nominated_on)),
    ("命名日期", lambda h: _d(h.named_on)),
)
COMMENDATION_COLUMNS = (
    ("表彰日期", lambda c: _d(c.awarded_on)),
    ("姓名", lambda c: c.person_name),
    ("称号", lambda c: c.title),
    ("级别", lambda c: c.get_level_display()),
    ("表彰单位", lambda c: c.awarded_by),
)
FACILITY_COLUMNS = (
    ("名称", lambda f: f.name),
    ("类别", lambda f: f.get_kind_display()),
    ("位置", lambda f: f.location or "—"),
    ("面积（平方米）", lambda f: f.area_m2 if f.area_m2 is not None else "—"),
    ("启用日期", lambda f: _d(f.since)),
)
FUNDING_COLUMNS = (
    ("日期", lambda f: _d(f.date)),
    ("金额（元）", lambda f: f.amount),
    ("来源", lambda f: f.get_source_display()),
    ("用途", lambda f: f.purpose),
    ("票据", lambda f: f"{f.receipt_count}张"),
)
TRAINING_COLUMNS = (
    ("日期", lambda t: _d(t.date)),
    ("培训主题", lambda t: t.topic),
    ("学时", lambda t: t.hours),
    ("培训单位/授课人", lambda t: t.provider),
    ("参训人次", lambda t: t.trainee_count + t.other_trainee_count),
)
ORGANISATION_COLUMNS = (
    ("名称", lambda o: o.name),
    ("类别", lambda o: o.get_kind_display()),
    ("负责人", lambda o: o.head_name or "—"),
    ("成立日期", lambda o: _d(o.founded_on)),
)
MEMBER_COLUMNS = (
    ("组织", lambda m: m.organisation.name),
    ("姓名", lambda m: m.display_name),
    ("职务", lambda m: m.get_role_display()),
    ("身份/单位职务", lambda m: m.title or "—"),
)


# -- the figures -----------------------------------------------------------------------------------

_DEFS = [
    # 宗教事务联络
    FigureDef("sites", "宗教场所数", "处", LIAISON, "宗教场所", _sites, SITE_COLUMNS),
    FigureDef("religious_figures", "宗教人士数", "名", LIAISON, "宗教人士", _figures, FIGURE_COLUMNS),
    FigureDef(
        "joint_due",
        "联合走访应走访月次",
        "次",
        LIAISON,
        "每月联合走访（应走访）",
        _duties(None),
        DUTY_COLUMNS,
    ),
    FigureDef(
        "joint_done",
        "联合走访已走访月次",
        "次",
        LIAISON,
        "每月联合走访（已走访）",
        _duties(liaison.DONE),
        DUTY_COLUMNS,
    ),
    FigureDef(
        "joint_overdue",
        "联合走访逾期月次",
        "次",
        LIAISON,
        "每月联合走访（逾期未走访）",
        _duties(liaison.OVERDUE),
        DUTY_COLUMNS,
    ),
    FigureDef(
        "joint_visits", "联合走访场次", "次", LIAISON, "联合走访记录", _joint_visits, JOINT_VISIT_COLUMNS
    ),
    FigureDef("talks", "与宗教人士座谈次数", "次", LIAISON, "宗教人士参加的座谈与活动", _talks, TALK_COLUMNS),
    # 清真食品监管
    FigureDef("halal_shops", "清真食品经营场所数", "家", HALAL, "清真食品经营场所", _shops, SHOP_COLUMNS),
    FigureDef(
        "halal_expired",
        "清真食品许可过期数",
        "家",
        HALAL,
        "许可已过期的清真食品经营场所",
        _expired,
        SHOP_COLUMNS,
    ),
    FigureDef(
        "halal_inspections", "清真食品检查次数", "次", HALAL, "清真食品检查", _inspections, INSPECTION_COLUMNS
    ),
    FigureDef(
        "halal_open",
        "清真食品待整改数",
        "项",
        HALAL,
        "清真食品待整改事项",
        _open_rectifications,
        INSPECTION_COLUMNS,
    ),
    FigureDef(
        "halal_rectified",
        "清真食品整改完成数",
        "项",
        HALAL,
        "清真食品已完成整改",
        _rectified,
        INSPECTION_COLUMNS,
    ),
    FigureDef(
        "halal_complaints", "清真食品投诉件数", "件", HALAL, "清真食品投诉", _complaints, COMPLAINT_COLUMNS
    ),
    FigureDef(
        "halal_complaints_open",
        "清真食品投诉未办结数",
        "件",
        HALAL,
        "未办结的清真食品投诉",
        _open_complaints,
        COMPLAINT_COLUMNS,
    ),
    # 民族团结进步创建
    FigureDef(
        "model_households",
        "民族团结示范户数",
        "户",
        CREATION,
        "民族团结示范户（已命名）",
        _named(HonourKind.HOUSEHOLD),
        HONOUR_COLUMNS,
    ),
    FigureDef(
        "model_buildings",
        "民族团结示范楼栋数",
        "栋",
        CREATION,
        "民族团结示范楼栋（已命名）",
        _named(HonourKind.BUILDING),
        HONOUR_COLUMNS,
    ),
    FigureDef(
        "model_units",
        "民族团结示范单元数",
        "个",
        CREATION,
        "民族团结示范单元（已命名）",
        _named(HonourKind.UNIT),
        HONOUR_COLUMNS,
    ),
    FigureDef(
        "model_workplaces",
        "民族团结示范单位数",
        "个",
        CREATION,
        "民族团结示范单位（已命名）",
        _named(HonourKind.WORKPLACE),
        HONOUR_COLUMNS,
    ),
    FigureDef(
        "nominations", "示范创建推荐数", "个", CREATION, "本年推荐的示范创建对象", _nominated, HONOUR_COLUMNS
    ),
    FigureDef(
        "commendations",
        "表彰先进人次",
        "人次",
        CREATION,
        "本年表彰的先进个人",
        _commendations,
        COMMENDATION_COLUMNS,
    ),
    FigureDef("facilities", "阵地设施数", "处", CREATION, "阵地设施", _facilities, FACILITY_COLUMNS),
    FigureDef(
        "facility_area",
        "阵地设施面积",
        "平方米",
        CREATION,
        "阵地设施（面积合计）",
        _facilities,
        FACILITY_COLUMNS,
        _sum("area_m2"),
        "面积（平方米）",
    ),
    FigureDef(
        "funding",
        "民族工作经费",
        "元",
        CREATION,
        "民族工作经费（金额合计）",
        _funding,
        FUNDING_COLUMNS,
        _sum("amount"),
        "金额（元）",
    ),
    FigureDef(
        "funding_entries", "民族工作经费笔数", "笔", CREATION, "民族工作经费", _funding, FUNDING_COLUMNS
    ),
    FigureDef("trainings", "培训次数", "次", CREATION, "工作人员培训", _trainings, TRAINING_COLUMNS),
    FigureDef(
        "trainees",
        "培训人次",
        "人次",
        CREATION,
        "工作人员培训（参训人次合计）",
        _trainings,
        TRAINING_COLUMNS,
        _person_times,
        "参训人次",
    ),
    FigureDef(
        "training_hours",
        "培训学时",
        "学时",
        CREATION,
        "工作人员培训（学时合计）",
        _trainings,
        TRAINING_COLUMNS,
        _sum("hours"),
        "学时",
    ),
    # 组织与队伍
    FigureDef(
        "associations", "协会数", "个", CREATION, "协会", _organisations("association"), ORGANISATION_COLUMNS
    ),
    FigureDef(
        "association_members",
        "协会会员数",
        "人",
        CREATION,
        "协会会员（已登记）",
        _members("association"),
        MEMBER_COLUMNS,
    ),
    FigureDef(
        "teams",
        "队伍数",
        "支",
        CREATION,
        "队伍（不含“一格十员”）",
        _organisations("team"),
        ORGANISATION_COLUMNS,
    ),
    FigureDef(
        "team_members", "队伍成员数", "人", CREATION, "队伍成员（已登记）", _members("team"), MEMBER_COLUMNS
    ),
    FigureDef(
        "party_groups",
        "特色党小组数",
        "个",
        CREATION,
        "特色党小组",
        _organisations("party_group"),
        ORGANISATION_COLUMNS,
    ),
    FigureDef(
        "party_group_members",
        "特色党小组成员数",
        "名",
        CREATION,
        "特色党小组成员",
        _members("party_group"),
        MEMBER_COLUMNS,
    ),
]

FIGURES: dict[str, FigureDef] = {d.key: d for d in _DEFS}

_ON = "统计截止日当天台帐所载"
_YEAR = "当年1月1日至统计截止日"

#: What each figure counts, in words (the read API serves them beside the values).
DEFINITIONS = {
    "sites": f"{_ON}的宗教场所数（登记日期不晚于截止日、截止日前未撤销）。",
    "religious_figures": f"{_ON}在任的宗教人士人数（任职日期不晚于截止日、截止日前未离任，所在场所当日在册）。",
    "joint_due": f"{_YEAR}各宗教场所应联合走访的月次（自该场所每月联合走访起始月起，每月一次，场所撤销后不计）。",
    "joint_done": "上述应联合走访月次中，当月在截止日前已登记联合走访的月次。",
    "joint_overdue": "上述应联合走访月次中，已过完（截止日所在月之前）而当月未登记联合走访的月次。",
    "joint_visits": f"{_YEAR}登记的与宗教场所联合走访的场次（每次走访计一场，不论走访户数）。",
    "talks": f"{_YEAR}已举办、有宗教人士参加的座谈会等活动场次。",
    "halal_shops": f"{_ON}在营的清真食品经营场所数（开业日期不晚于截止日、截止日前未停业）。",
    "halal_expired": "上述在营场所中清真食品经营许可有效期早于截止日的家数。",
    "halal_inspections": f"{_YEAR}对清真食品经营场所的检查次数。",
    "halal_open": f"{_ON}尚未完成整改的检查事项数（检查在截止日前、结论为限期整改、截止日前未整改完成）。",
    "halal_rectified": f"{_YEAR}整改完成的检查事项数。",
    "halal_complaints": f"{_YEAR}受理的清真食品投诉件数。",
    "halal_complaints_open": f"{_ON}未办结的清真食品投诉件数（受理在截止日前、截止日前未办结）。",
    "model_households": f"{_ON}已命名且未撤销的民族团结示范户数（命名日期不晚于截止日，累计）。",
    "model_buildings": f"{_ON}已命名且未撤销的民族团结示范楼栋数（累计）。",
    "model_units": f"{_ON}已命名且未撤销的民族团结示范单元数（累计）。",
    "model_workplaces": f"{_ON}已命名且未撤销的民族团结示范单位数（累计）。",
    "nominations": f"{_YEAR}推荐的示范户、示范楼栋、示范单元和示范单位个数。",
    "commendations": f"{_YEAR}受表彰的先进个人人次（好邻居、好媳妇等）。",
    "facilities": f"{_ON}在用的阵地设施数（启用日期不晚于截止日、截止日前未停用）。",
    "facility_area": "上述在用阵地设施中已登记面积的面积合计（平方米；宣传栏等无面积的不计）。",
    "funding": f"{_YEAR}登记的民族工作经费金额合计（元）。",
    "funding_entries": f"{_YEAR}登记的民族工作经费笔数。",
    "trainings": f"{_YEAR}工作人员参加民族工作培训的次数。",
    "trainees": f"{_YEAR}培训的参训人次（参训工作人员每人每次计一人次，加其他参训人数）。",
    "training_hours": f"{_YEAR}培训学时合计。",
    "associations": f"{_ON}在册的协会数（成立日期不晚于截止日、截止日前未撤销）。",
    "association_members": f"{_ON}在册协会的登记会员人数（加入不晚于截止日、截止日前未退出；未登记姓名的会员不计）。",
    "teams": f"{_ON}在册的队伍数（含文体宣传、志愿者、便民服务等队伍，不含网格“一格十员”队伍）。",
    "team_members": f"{_ON}在册队伍的登记成员人数（未登记姓名的成员不计）。",
    "party_groups": f"{_ON}在册的特色党小组数。",
    "party_group_members": f"{_ON}在册特色党小组的登记成员人数。",
}
assert set(DEFINITIONS) == set(FIGURES), "every figure says what it counts"


def period(community: Community, on: date, year: int | None = None) -> Period:
    """Activity from the first of January of ``year`` (default: ``on``'s year) up to ``on``."""
    return Period(community, date(year or on.year, 1, 1), on)


def register_figures(community: Community, on: date, year: int | None = None) -> dict[str, int | Decimal]:
    """Figure key → value, each measured on its rows. The figures that count rows are counted together in
    one query (community.counts); a sum takes a query of its own."""
    p = period(community, on, year)
    rows = {d.key: d.rows(p) for d in _DEFS}
    counted = counts(
        {d.key: rows[d.key] for d in _DEFS if d.measure is _count and isinstance(rows[d.key], QuerySet)}
    )
    return {d.key: counted[d.key] if d.key in counted else d.measure(rows[d.key]) for d in _DEFS}


def figure_rows(key: str, community: Community, on: date, year: int | None = None):
    """(definition, rows) behind figure ``key``; KeyError for an unknown key."""
    definition = FIGURES[key]
    return definition, definition.rows(period(community, on, year))


def register_total(key: str, community: Community, on: date, year: int | None = None):
    """One figure's value (as :func:`register_figures` gives it)."""
    definition, rows = figure_rows(key, community, on, year)
    return definition.measure(rows)
