"""How each kind of ledger row is shown on the rows page behind a figure (``reports:figure_rows``).

A kind names its columns and how to fetch and order its rows in a fixed number of queries. Cells are
text, or ``(text, url)`` for a link to the row's own page when the user may open it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from residents.floating import origins
from residents.idnumber import mask


@dataclass(frozen=True)
class Kind:
    noun: str  # what one row is: 人, 户, 件 …
    columns: list[tuple[str, Callable]]  # (header, cell(obj, ctx))
    prepare: Callable[[QuerySet], QuerySet]


@dataclass(frozen=True)
class Context:
    """What a cell may need: the community's code, the user's access and the reference date."""

    code: str
    access: object
    on: date

    def link(self, permission: str, name: str, pk, text: str):
        if self.access is not None and self.access.has(permission):
            return (text, reverse(name, kwargs={"code": self.code, "pk": pk}))
        return text


def _address(household) -> str:
    return household.address if household is not None else "—"


def _province(code: str) -> str:
    return origins.provinces().get(code, code)


def _d(value) -> str:
    return value.isoformat() if value else "—"


RESIDENT_TREE = (
    "ethnicity",
    "household__grid",
    "household__compound",
    "household__building",
    "household__unit",
)

KINDS: dict[str, Kind] = {
    "residents": Kind(
        "人",
        [
            ("姓名", lambda r, c: c.link("residents.view", "residents:detail", r.pk, r.name)),
            ("性别", lambda r, c: r.get_sex_display()),
            ("民族", lambda r, c: r.ethnicity.name),
            ("公民身份号码", lambda r, c: mask(r.id_number)),
            ("网格", lambda r, c: r.household.grid.name if r.household_id else "—"),
            ("住址", lambda r, c: _address(r.household)),
        ],
        lambda qs: qs.select_related(*RESIDENT_TREE).order_by("name_pinyin", "pk"),
    ),
    "households": Kind(
        "户",
        [
            ("网格", lambda h, c: h.grid.name),
            ("住址", lambda h, c: c.link("residents.view", "residents:household", h.pk, h.address)),
            ("户编号", lambda h, c: h.number or "—"),
        ],
        lambda qs: qs.select_related("grid", "compound", "building", "unit").order_by(
            "grid__number", "door", "pk"
        ),
    ),
    "ethnicities": Kind(
        "个",
        [("民族", lambda e, c: e.name), ("代码", lambda e, c: e.code)],
        lambda qs: qs.order_by("code"),
    ),
    "grids": Kind(
        "个",
        [
            ("网格", lambda g, c: c.link("grids.view", "grids:detail", g.pk, g.name)),
            ("编号", lambda g, c: g.number),
        ],
        lambda qs: qs.order_by("number"),
    ),
    "subgrids": Kind(
        "个",
        [("片格", lambda s, c: s.name), ("所属网格", lambda s, c: s.grid.name)],
        lambda qs: qs.select_related("grid").order_by("grid__number", "name", "pk"),
    ),
    "compounds": Kind(
        "个",
        [
            ("小区", lambda x, c: x.name),
            ("网格", lambda x, c: x.grid_names or x.grid.name),
            ("物业公司", lambda x, c: x.property_company or "—"),
        ],
        lambda qs: qs.select_related("grid").order_by("name", "pk"),
    ),
    "buildings": Kind(
        "栋",
        [
            ("小区", lambda b, c: b.compound.name),
            ("楼号", lambda b, c: str(b)),
            ("网格", lambda b, c: (b.grid or b.compound.grid).name),
            ("楼长", lambda b, c: b.head_name or "—"),
        ],
        lambda qs: qs.select_related("compound__grid", "grid").order_by("compound__name", "number", "pk"),
    ),
    "cases": Kind(
        "件",
        [
            ("姓名", lambda x, c: c.link("welfare.view", "welfare:detail", x.pk, x.resident.name)),
            ("民族", lambda x, c: x.resident.ethnicity.name),
            ("救助类型", lambda x, c: x.type.name),
            ("方式", lambda x, c: x.get_housing_mode_display() or "—"),
            ("开始日期", lambda x, c: _d(x.start_on)),
            ("结束日期", lambda x, c: _d(x.end_on)),
            ("金额（元）", lambda x, c: x.amount if x.amount is not None else "—"),
            ("住址", lambda x, c: _address(x.household)),
        ],
        lambda qs: qs.select_related(
            "resident__ethnicity",
            "type",
            "household__grid",
            "household__compound",
            "household__building",
            "household__unit",
        ).order_by("resident__name_pinyin", "start_on", "pk"),
    ),
    "events": Kind(
        "场",
        [
            ("日期", lambda e, c: _d(e.date)),
            ("活动", lambda e, c: c.link("outreach.view", "outreach:event_detail", e.pk, e.title)),
            ("类型", lambda e, c: e.type.name),
            ("节日", lambda e, c: e.occasion or "—"),
            ("地点", lambda e, c: e.place or "—"),
        ],
        lambda qs: qs.select_related("type").order_by("date", "pk"),
    ),
    "plan_items": Kind(
        "项",
        [
            ("月份", lambda i, c: f"{i.month}月" if i.month else "—"),
            ("计划项目", lambda i, c: i.label),
            ("类型", lambda i, c: i.event_type.name if i.event_type_id else i.get_kind_display()),
            ("状态", lambda i, c: f"{_d(i.withdrawn_on)} 取消" if i.withdrawn_on else "—"),
            ("未完成原因", lambda i, c: i.shortfall or "—"),
        ],
        lambda qs: qs.select_related("event_type", "plan").order_by("month", "pk"),
    ),
    "propaganda": Kind(
        "条",
        [
            ("日期", lambda p, c: _d(p.date)),
            ("宣传主题", lambda p, c: p.subject),
            ("横幅", lambda p, c: p.banners),
            ("展板", lambda p, c: p.boards),
            ("宣传资料", lambda p, c: p.leaflets),
            ("知识答题", lambda p, c: p.quizzes),
        ],
        lambda qs: qs.order_by("date", "pk"),
    ),
    "visits": Kind(
        "次",
        [
            ("日期", lambda v, c: _d(v.date)),
            ("走访类型", lambda v, c: v.get_purpose_display()),
            ("走访对象", lambda v, c: v.resident.name if v.resident_id else "—"),
            ("住址", lambda v, c: _address(v.household)),
        ],
        lambda qs: qs.select_related(
            "resident", "household__grid", "household__compound", "household__building", "household__unit"
        ).order_by("date", "pk"),
    ),
    "disputes": Kind(
        "件",
        [
            ("受理日期", lambda d, c: _d(d.received_on)),
            ("事由", lambda d, c: c.link("outreach.view", "outreach:dispute_edit", d.pk, d.summary)),
            ("类别", lambda d, c: d.get_category_display()),
            ("化解层级", lambda d, c: d.get_settled_level_display() or "—"),
            ("办结日期", lambda d, c: _d(d.closed_on)),
            ("上访", lambda d, c: "是" if d.is_petition else "否"),
        ],
        lambda qs: qs.order_by("received_on", "pk"),
    ),
    "organisations": Kind(
        "个",
        [
            ("名称", lambda o, c: c.link("outreach.view", "outreach:organisation_detail", o.pk, o.name)),
            ("类别", lambda o, c: o.get_kind_display()),
            ("所属网格", lambda o, c: o.grid.name if o.grid_id else "—"),
            ("人数", lambda o, c: getattr(o, "size", "—")),
        ],
        lambda qs: qs.select_related("grid").order_by("kind", "name", "pk"),
    ),
    "members": Kind(
        "人",
        [
            ("姓名", lambda m, c: m.display_name),
            ("职务", lambda m, c: m.get_role_display()),
            ("身份/单位职务", lambda m, c: m.title or "—"),
            ("加入日期", lambda m, c: _d(m.joined_on)),
        ],
        lambda qs: qs.select_related("resident").order_by("role", "name", "pk"),
    ),
    "help": Kind(
        "次",
        [
            ("帮扶日期", lambda h, c: _d(h.given_on)),
            ("困难家庭", lambda h, c: _address(h.hardship.household)),
            ("帮扶类型", lambda h, c: h.get_kind_display()),
            ("来源", lambda h, c: h.get_source_display()),
            ("金额（元）", lambda h, c: h.amount if h.amount is not None else "—"),
            ("经手人", lambda h, c: h.handed_over_by),
        ],
        lambda qs: qs.select_related(
            "hardship__household__grid",
            "hardship__household__compound",
            "hardship__household__building",
            "hardship__household__unit",
        ).order_by("given_on", "pk"),
    ),
    "provinces": Kind(
        "个",
        [("来源省份", lambda s, c: _province(s.origin_province)), ("人数", lambda s, c: s.persons)],
        lambda qs: qs.order_by("origin_province"),
    ),
    "units": Kind(
        "个",
        [
            ("单位名称", lambda u, c: u.name),
            ("类别", lambda u, c: u.get_kind_display()),
            ("地址", lambda u, c: u.address or "—"),
        ],
        lambda qs: qs.order_by("kind", "name", "pk"),
    ),
    "information": Kind(
        "件",
        [
            ("报送时间", lambda r, c: f"{timezone.localtime(r.submitted_at):%Y-%m-%d %H:%M}"),
            ("类别", lambda r, c: r.get_category_display()),
            ("紧急程度", lambda r, c: r.get_urgency_display()),
            ("标题", lambda r, c: c.link("information.view", "reports:info_detail", r.pk, r.title)),
            ("信息员", lambda r, c: r.informant),
            ("状态", lambda r, c: r.get_status_display()),
        ],
        lambda qs: qs.order_by("submitted_at", "pk"),
    ),
}
