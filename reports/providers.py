"""Figures of the outreach and welfare ledgers for reports and dashboards, from those apps' selectors.

Registered into ``reports.figures.PROVIDERS`` (figures by name) and ``reports.dashboard.SECTIONS`` /
``COMPLETENESS`` when the reports app is ready.
"""

from datetime import date

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
        "领导小组组长": head or "社区主任",
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
        "纠纷件数": d.total,
        "已化解件数": d.settled,
        "小区化解件数": compound,
        "小区化解占比": percent(compound, d.closed),
        "社区内化解件数": inside,
        "社区内化解占比": percent(inside, d.closed),
        "纠纷化解率": percent(d.closed, d.total),
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


_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from . import figures

    figures.PROVIDERS.append(outreach_provider)
    _registered = True
