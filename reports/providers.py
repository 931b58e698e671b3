"""Figures of the outreach and welfare ledgers for reports and dashboards, from those apps' selectors.

Registered into ``reports.figures.PROVIDERS`` (figures by name) and ``reports.dashboard.SECTIONS`` /
``COMPLETENESS`` when the reports app is ready.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from outreach import selectors as outreach
from outreach.models import EventStatus, JurisdictionUnit, Organisation, OrganisationKind, UnitKind
from residents.selectors import percent

from .figures import Figure

UNIT_FIGURES = {
    UnitKind.AGENCY: "机关单位数",
    UnitKind.SCHOOL: "学校数",
    UnitKind.HOSPITAL: "医院数",
    UnitKind.PRIVATE_ORG: "非公有制经济组织和新社会组织数",
    UnitKind.SHOP: "个体商业网点数",
}


def _url(name: str, community, **query) -> str:
    """A page of another app, filtered to a figure's rows ("" when the route does not exist)."""
    try:
        url = reverse(name, kwargs={"code": community.code})
    except NoReverseMatch:
        return ""
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def outreach_provider(community, on: date, year: int) -> dict:
    start = date(year, 1, 1)
    fig = outreach.outreach_figures(community, start, on)
    units = dict(
        JurisdictionUnit.objects.filter(community=community).values_list("kind").annotate(n=Count("pk"))
    )
    leading = (
        Organisation.objects.filter(community=community, kind=OrganisationKind.LEADING_GROUP, is_active=True)
        .prefetch_related("members__resident")
        .first()
    )
    head = ""
    if leading is not None:
        heads = [m.display_name for m in leading.members.all() if m.role == "head"]
        head = heads[0] if heads else leading.head_name
    events_url = _url("outreach:events", community, year=year)
    disputes_url = _url("outreach:disputes", community)
    by_type = {row.name: row.total for row in fig.events}
    d = fig.disputes
    compound = d.by_level.get("小区", 0)
    inside = compound + d.by_level.get("社区", 0)
    figures = {
        "辖区单位数": sum(units.values()),
        **{name: units.get(kind, 0) for kind, name in UNIT_FIGURES.items()},
        "志愿者队伍数": fig.volunteers.teams,
        "志愿者人数": fig.volunteers.members,
        "一格十员人数": fig.volunteers.grid_members,
        "领导小组组长": head or None,  # no 组长 recorded: a gap to fill, not "社区主任"
        "领导小组人数": len(leading.members.all()) if leading else 0,
        "活动场次": fig.events_held,
        "座谈会场次": by_type.get("座谈会", 0),
        "节日活动场次": by_type.get("节日活动", 0),
        "活动参与人数": fig.participants.total,
        "横幅数": fig.propaganda.banners,
        "展板数": fig.propaganda.boards,
        "宣传资料数": fig.propaganda.leaflets,
        "知识答题数": fig.propaganda.quizzes,
        "走访次数": fig.visits.total,
        # Visits are cited by purpose (帮教 visits are not all visits).
        "帮教走访次数": fig.visits.by_purpose.get("帮教走访", 0),
        "联合走访次数": fig.visits.by_purpose.get("联合走访", 0),
        "困难家庭走访次数": fig.visits.by_purpose.get("困难家庭走访", 0),
        "纠纷件数": d.total,
        "已化解件数": d.settled,
        "已办结件数": d.closed,
        "在办件数": d.open,
        "小区化解件数": compound,
        "小区化解占比": percent(compound, d.closed),
        "社区内化解件数": inside,
        "社区内化解占比": percent(inside, d.closed),
        "纠纷化解率": percent(d.settled, d.total),  # 已化解 over 受理, as the report's sentence states it
        "纠纷结案率": percent(d.closed, d.total),  # 已化解 or otherwise closed, over 受理
        "上访件数": d.petitions,
    }
    links = {"活动场次": events_url, "座谈会场次": events_url, "节日活动场次": events_url, "纠纷件数": disputes_url,
             "已化解件数": disputes_url, "走访次数": _url("outreach:visits", community)}  # fmt: skip
    out = {
        name: Figure(
            name, value, "%" if name.endswith("占比") or name.endswith("率") else "", url=links.get(name, "")
        )
        for name, value in figures.items()
    }
    out["_outreach"] = fig
    out["_disputes_table"] = {
        "type": "table",
        "caption": "表3  矛盾纠纷化解情况",
        "header": ["受理", "已化解", "小区内化解", "社区内化解", "上报街道及以上", "上访"],
        "rows": [[out["纠纷件数"], out["已化解件数"], out["小区化解件数"], out["社区内化解件数"],
                  d.by_level.get("街道及以上", 0), out["上访件数"]]],
    }  # fmt: skip
    planned = list(outreach.planned_events(community, year))
    out["_plan_table"] = {
        "type": "table",
        "caption": f"表2  {year}年活动安排",
        "header": ["月份", "日期", "活动", "类型"],
        "rows": [[f"{e.date.month}月", f"{e.date:%m-%d}", e.title, e.type.name] for e in planned]
        or [["—", "—", "尚未登记计划活动", "—"]],
    }
    held_by_type = {row.name: row.total for row in fig.events}
    planned_by_type = {}
    for e in planned:
        planned_by_type[e.type.name] = planned_by_type.get(e.type.name, 0) + 1
    out["_plan_vs_actual_table"] = {
        "type": "table",
        "caption": "表2  计划与完成（活动场次）",
        "header": ["活动类型", "计划", "完成"],
        "rows": [[name, planned_by_type.get(name, 0), held_by_type.get(name, 0)]
                 for name in sorted(set(planned_by_type) | {k for k, v in held_by_type.items() if v})],
    }  # fmt: skip
    if leading is not None:
        out["_leading_group_table"] = {
            "type": "table",
            "caption": "表1  民族工作领导小组",
            "header": ["姓名", "职务", "身份"],
            "rows": [[m.display_name, m.get_role_display(), m.title or "—"] for m in leading.members.all()],
        }
    out["_planned_status"] = EventStatus.PLANNED
    return out


def welfare_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    from welfare import selectors as welfare

    cov = list(figures["_coverage"].values())
    first = on.replace(day=1)
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    data["sections"].append({
        "template": "reports/_dash_welfare.html", "coverage": cov,
        "due": welfare.due_for_review(community, first, month_end).count(),
        "overdue": welfare.overdue_reviews(community, on).count(),
    })  # fmt: skip
    data["charts"]["welfare"] = {
        "kind": "bar", "title": "各类救助在享人数", "labels": [c.type_name for c in cov],
        "series": [{"name": "全部", "data": [c.persons for c in cov]},
                   {"name": "少数民族", "data": [c.minority_persons for c in cov]}],
    }  # fmt: skip


def outreach_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    this_year = figures["_outreach"].events
    last_year = outreach.events_by_type_and_month(community, year - 1)
    month_start = on.replace(day=1)
    visits = outreach.visit_figures(community, month_start, on)
    months = [f"{m}月" for m in range(1, 13)]
    per_month = lambda rows: [sum(r.months[m] for r in rows) for m in range(12)]  # noqa: E731
    d = figures["_outreach"].disputes
    data["sections"].append({
        "template": "reports/_dash_outreach.html", "visits": visits,
        "joint_visits": visits.by_purpose.get("联合走访", 0), "disputes": d,
        "events_this": per_month(this_year), "events_last": per_month(last_year), "months": months,
        "closure_rate": figures["纠纷结案率"],
    })  # fmt: skip
    data["charts"]["events"] = {
        "kind": "line", "title": "每月活动场次", "labels": months,
        "series": [{"name": f"{year}年", "data": per_month(this_year)}, {"name": f"{year - 1}年", "data": per_month(last_year)}],
    }  # fmt: skip


def _check_visits(street, on, year):
    rows = []
    for c in street.communities.order_by("name"):
        v = outreach.visit_figures(c, on.replace(day=1), on)
        missing = (v.correction_due - v.correction_done) + (v.hardship_due - v.hardship_done)
        rows.append((c.name, f"未走访 {missing}", missing == 0))
    return {"title": "本月应走访未走访（社区矫正、困难家庭）", "rows": rows}


def _check_reviews(street, on, year):
    from welfare import selectors as welfare

    rows = []
    for c in street.communities.order_by("name"):
        n = welfare.overdue_reviews(c, on).count()
        rows.append((c.name, f"逾期 {n} 件", n == 0))
    return {"title": "救助复审逾期", "rows": rows}


def _check_disputes(street, on, year):
    rows = []
    for c in street.communities.order_by("name"):
        n = outreach.overdue_disputes(c, on).count()
        rows.append((c.name, f"超期 {n} 件", n == 0))
    return {"title": "矛盾纠纷超期未结", "rows": rows}


def _check_events(street, on, year):
    from outreach.models import Event

    quarter_start = date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
    rows = []
    for c in street.communities.order_by("name"):
        n = Event.objects.filter(
            community=c, status=EventStatus.HELD, date__range=(quarter_start, on)
        ).count()
        rows.append((c.name, f"本季度活动 {n} 场", n > 0))
    return {"title": "本季度活动", "rows": rows}


COMPLETENESS_CHECKS = [_check_visits, _check_reviews, _check_disputes, _check_events]

_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from . import dashboard, figures

    figures.PROVIDERS.append(outreach_provider)
    figures.PROVIDERS.append(welfare_provider)
    dashboard.SECTIONS.extend([welfare_section, outreach_section])
    dashboard.COMPLETENESS.extend(COMPLETENESS_CHECKS)
    from . import registers  # the floating register and the hardship households

    registers.register(figures, dashboard)
    # Religious liaison, 清真 oversight, the 创建 record and the organisations (reports/outreach_registers.py).
    from . import outreach_registers

    figures.PROVIDERS.append(outreach_registers.registers_provider)
    dashboard.SECTIONS.append(outreach_registers.registers_section)
    dashboard.COMPLETENESS.append(outreach_registers.check_joint_visits)
    _registered = True


def welfare_provider(community, on: date, year: int) -> dict:
    from welfare import selectors as welfare

    cov = welfare.coverage(community, on)
    housing = welfare.coverage(community, on, housing_mode="subsidy")["housing"]
    url = lambda code, **q: _url("welfare:index", community, type=code, status="active", **q)  # noqa: E731

    def fig(name, value, unit="", link=""):
        return Figure(name, value, unit, url=link)

    d, m = cov["dibao"], cov["medical_insurance"]
    aid, job = cov["student_aid"], cov["employment"]
    out = {
        "低保人数": fig("低保人数", d.persons, "人", url("dibao")),
        "低保户数": fig("低保户数", d.households, "户", url("dibao")),
        "少数民族低保人数": fig(
            "少数民族低保人数", d.minority_persons, "人", url("dibao", ethnicity="minority")
        ),
        "少数民族低保户数": fig(
            "少数民族低保户数", d.minority_households, "户", url("dibao", ethnicity="minority")
        ),
        "少数民族低保人数占比": fig("少数民族低保人数占比", d.minority_person_share, "%"),
        "廉租房户数": fig("廉租房户数", housing.households, "户", url("housing")),
        "少数民族廉租房户数": fig(
            "少数民族廉租房户数", housing.minority_households, "户", url("housing", ethnicity="minority")
        ),
        "少数民族廉租房户数占比": fig("少数民族廉租房户数占比", housing.minority_household_share, "%"),
        "少数民族助学人数": fig(
            "少数民族助学人数", aid.minority_persons, "名", url("student_aid", ethnicity="minority")
        ),
        "少数民族助学金额": fig("少数民族助学金额", aid.minority_amount.quantize(Decimal("1")), "元"),
        "医保人数": fig("医保人数", m.persons, "人", url("medical_insurance")),
        "少数民族医保人数": fig(
            "少数民族医保人数", m.minority_persons, "人", url("medical_insurance", ethnicity="minority")
        ),
        "少数民族医保人数占比": fig("少数民族医保人数占比", m.minority_person_share, "%"),
        "少数民族就业人数": fig(
            "少数民族就业人数", job.minority_persons, "名", url("employment", ethnicity="minority")
        ),
    }
    rows = []
    for c in cov.values():
        rows.append([c.type_name, c.persons, c.households, c.minority_persons, c.minority_households,
                     f"{c.minority_person_share}%" if c.minority_person_share is not None else "—"])  # fmt: skip
    out["_welfare_table"] = {
        "type": "table", "caption": "表2  民族政策落实情况（统计截止日在享人数）",
        "header": ["类型", "人数", "户数", "少数民族人数", "少数民族户数", "少数民族人数占比"], "rows": rows,
    }  # fmt: skip
    out["_coverage"] = cov
    return out
