"""Figures of the outreach and welfare ledgers for reports and dashboards, from those apps' selectors.

Listed in ``reports/registry.py`` (each figure's name, owner selector, unit and rows; the providers, the
rows from ``reports.ledger_rows``, the dashboard sections and the street's completeness checks). Nothing is
counted here: the providers gather the selectors' values and format them. Every figure is counted as the ledgers stood on the reference date, and every one that counts rows
names them (``rows_key``): the rows page lists exactly what the figure counts.
"""

from datetime import date
from decimal import Decimal

from outreach import selectors as outreach
from outreach.models import DUTY_UNITS, EventStatus, SettlingLevel, UnitKind, VisitPurpose
from welfare import selectors as welfare

from .figures import Figure, Scope

UNIT_FIGURES = {
    UnitKind.AGENCY: "机关单位数",
    UnitKind.SCHOOL: "学校数",
    UnitKind.HOSPITAL: "医院数",
    UnitKind.PRIVATE_ORG: "非公有制经济组织和新社会组织数",
    UnitKind.SHOP: "个体商业网点数",
}
# Visits are cited by purpose (帮教 visits are not all visits).
VISIT_FIGURES = {
    VisitPurpose.CORRECTION: "帮教走访次数",
    VisitPurpose.JOINT: "联合走访次数",
    VisitPurpose.HARDSHIP: "困难家庭走访次数",
}
# The event types cited by name (``EventType.code``, data of outreach/migrations/0002_event_types.py).
SYMPOSIUM, HOLIDAY = "symposium", "holiday"


def _fig(name, value, unit="", key=""):
    return Figure(name, value, "%" if name.endswith(("占比", "率")) else unit, key)


# --- outreach ------------------------------------------------------------------------------------


def outreach_provider(community, on: date, year: int) -> dict:
    scope = Scope(community, on, year)
    fig = outreach.outreach_figures(community, scope.start, on)
    units = outreach.unit_counts(community)
    group = outreach.leading_group(community, on)
    members = group.members
    d = fig.disputes
    p = fig.propaganda
    figures = [
        ("辖区单位数", sum(units.values()), "个", "units"),
        *[(name, units[kind], "个", f"units_kind:{kind}") for kind, name in UNIT_FIGURES.items()],
        ("志愿者队伍数", fig.volunteers.teams, "支", "volunteer_teams"),
        ("志愿者人数", fig.volunteers.members, "人", "volunteers"),
        ("一格十员人数", fig.volunteers.grid_members, "人", "grid_volunteers"),
        ("领导小组组长", group.head or None, "", ""),  # no 组长 recorded: a gap to fill, not "社区主任"
        ("领导小组人数", len(members), "名", "leading_group"),
        ("活动场次", fig.events_held, "场", "events"),
        ("座谈会场次", fig.events_of_type(SYMPOSIUM), "场", f"events_type:{SYMPOSIUM}"),
        ("节日活动场次", fig.events_of_type(HOLIDAY), "场", f"events_type:{HOLIDAY}"),
        ("活动参与人数", fig.participants.total, "人", "participants"),
        ("横幅数", p.banners, "条", "propaganda:banners"),
        ("展板数", p.boards, "块", "propaganda:boards"),
        ("宣传资料数", p.leaflets, "份", "propaganda:leaflets"),
        ("知识答题数", p.quizzes, "份", "propaganda:quizzes"),
        ("走访次数", fig.visits.total, "次", "visits"),
        *[
            (name, fig.visits.by_purpose[purpose], "次", f"visits_purpose:{purpose}")
            for purpose, name in VISIT_FIGURES.items()
        ],
        ("纠纷件数", d.total, "件", "disputes"),
        ("已化解件数", d.settled, "件", "disputes_level:settled"),
        ("已办结件数", d.closed, "件", "disputes_state:closed"),
        ("在办件数", d.open, "件", "disputes_state:open"),
        ("小区化解件数", d.compound, "件", "disputes_level:compound"),
        ("小区化解占比", d.compound_share, "%", "disputes_level:compound"),
        ("社区内化解件数", d.inside, "件", "disputes_level:inside"),
        ("社区内化解占比", d.community_share, "%", "disputes_level:inside"),
        ("纠纷化解率", d.settle_rate, "%", "disputes_level:settled"),  # 已化解 over 受理
        ("纠纷结案率", d.closure_rate, "%", "disputes_state:closed"),  # 已化解 or otherwise closed
        ("上访件数", d.petitions, "件", "disputes_petition"),
    ]
    out = {name: _fig(name, value, unit, key) for name, value, unit, key in figures}
    out["_outreach"] = fig
    out["_disputes_table"] = {
        "type": "table",
        "caption": "表3  矛盾纠纷化解情况",
        "header": ["受理", "已化解", "小区内化解", "社区内化解", "上报街道及以上", "上访"],
        "rows": [
            [
                out["纠纷件数"],
                out["已化解件数"],
                out["小区化解件数"],
                out["社区内化解件数"],
                Figure("上报街道及以上", d.by_level[SettlingLevel.STREET], "件", "disputes_level:street"),
                out["上访件数"],
            ]
        ],
    }
    out.update(plan_figures(community, on, year))
    if group.group is not None:
        out["_leading_group_table"] = {
            "type": "table",
            "caption": "表1  民族工作领导小组",
            "header": ["姓名", "职务", "身份"],
            "rows": [[m.display_name, m.get_role_display(), m.title or "—"] for m in members],
        }
    out["_planned_status"] = EventStatus.PLANNED
    return out


MONTH = "{}月".format


def plan_figures(community, on: date, year: int) -> dict:
    """The plan ledger's figures and tables: the plan document's tables (from the plan, not from events
    registered for the future) and the summary's plan against actual (outreach.selectors.plans counts)."""
    progress = outreach.plans.plan_progress(community, year, on)
    plan = progress.plan
    out = {"_plan": plan, "_plan_progress": progress}
    extras = Figure("计划外活动场次", len(progress.extras), "场", "plan_extras")
    out["计划外活动场次"] = extras
    if plan is None:
        # No plan: its figures are gaps (missing is not zero) and its tables are left out (preflight says so).
        for name, unit in (
            ("计划活动项数", "项"),
            ("计划活动已举办项数", "项"),
            ("计划活动未举办项数", "项"),
        ):
            out[name] = Figure(name, None, unit)
        return out
    planned = Figure("计划活动项数", progress.planned_activities, "项", "plan_activities")
    held = Figure("计划活动已举办项数", progress.held_activities, "项", "plan_held")
    missed = Figure("计划活动未举办项数", len(progress.not_held), "项", "plan_not_held")
    out.update({f.name: f for f in (planned, held, missed)})
    draft = "" if plan.is_approved else "（草稿，尚未批准）"
    activities = [p.item for p in progress.activities if not p.item.withdrawn_on]
    out["_plan_table"] = (
        {
            "type": "table",
            "caption": f"表2  {year}年活动安排{draft}",
            "header": ["月份", "活动", "类型"],
            "rows": [
                [MONTH(i.month), i.name, i.event_type.name + (f"（{i.occasion}）" if i.occasion else "")]
                for i in activities
            ],
        }
        if activities
        else None
    )
    standing = [p.item for p in (*progress.duties, *progress.targets) if not p.item.withdrawn_on]
    out["_plan_duties_table"] = (
        {
            "type": "table",
            "caption": f"表3  {year}年常规工作和工作目标{draft}",
            "header": ["工作", "安排"],
            "rows": [[i.get_target_display() if i.target else i.label, _arrangement(i)] for i in standing],
        }
        if standing
        else None
    )
    out["_plan_vs_actual_table"] = {
        "type": "table",
        "caption": "表2  计划与完成（活动）",
        "header": ["活动类型", "计划项数", "已举办", "未举办", "计划外场次"],
        "rows": [
            *([t.name, t.planned, t.held, t.not_held, t.extras] for t in progress.by_type),
            ["合计", planned, held, missed, extras],
        ],
    }
    out["_plan_missed_table"] = (
        {
            "type": "table",
            "caption": "表3  未举办的计划活动及原因",
            "header": ["月份", "计划活动", "原因"],
            "rows": [
                [
                    MONTH(p.item.month),
                    p.item.name,
                    ("已取消：" if p.state == "withdrawn" else "") + (p.reason or "未填写原因"),
                ]
                for p in progress.not_held
            ],
        }
        if progress.not_held
        else None
    )
    duties = [p for p in (*progress.duties, *progress.targets)]
    out["_plan_duties_actual_table"] = (
        {
            "type": "table",
            "caption": "表4  常规工作和工作目标完成情况",
            "header": ["工作", "计划", "完成", "情况"],
            "rows": [
                [
                    p.item.get_target_display() if p.item.target else p.item.label,
                    p.planned,
                    "—" if p.done is None else p.done,
                    p.state_label + (f"（{p.reason}）" if p.reason else ""),
                ]
                for p in duties
            ],
        }
        if duties
        else None
    )
    return out


def _arrangement(item) -> str:
    if item.target:
        return f"全年{item.quantity}"
    if item.is_monthly_visit:
        return f"{item.month}月" if item.month else "每月一次"
    return f"全年{item.quantity}{DUTY_UNITS.get(item.duty, '')}" if item.quantity else "全年"


# The 廉租房 rows' figures: (row of welfare.selectors.HOUSING_ROWS, figure name prefix). 廉租房户数 is the
# rent subsidy (the seed's "享受廉租房补贴的…家庭"); the other two rows are the flats (实物配租).
HOUSING_FIGURES = {"in_kind": "实物配租", "arranged": "准备入住", "subsidy": "廉租房"}


def housing_figures(rows) -> dict:
    """The figures of the 廉租房 rows (``welfare.selectors.housing_coverage``), each naming its rows."""
    out = {}
    for h in rows:
        prefix = HOUSING_FIGURES.get(h.key)
        if prefix is None:
            continue
        for name, value, unit, key in [
            (f"{prefix}户数", h.households, "户", f"housing_households:{h.key}"),
            (f"{prefix}人数", h.persons, "人", f"housing_persons:{h.key}"),
            (f"少数民族{prefix}户数", h.minority_households, "户", f"housing_minority_households:{h.key}"),
            (f"少数民族{prefix}人数", h.minority_persons, "人", f"housing_minority_persons:{h.key}"),
        ]:
            out[name] = _fig(name, value, unit, key)
    subsidy = next(h for h in rows if h.key == "subsidy")
    out["少数民族廉租房户数占比"] = _fig(
        "少数民族廉租房户数占比", subsidy.minority_household_share, "%", "housing_minority_households:subsidy"
    )
    return out


def welfare_table_rows(cov: dict, housing: list) -> list[dict]:
    """The rows of the welfare table and the dashboard's panel: one per type, 廉租房 as its three rows
    (实物配租 已入住 / 准备入住, 租赁补贴), whose 人数 are the persons of the households covered."""
    rows = []
    for c in cov.values():
        if c.type_code == "housing" and c.recorded:
            for h in housing:
                if h.key == "unknown" and not h.households:  # shown only when an import left modes unsaid
                    continue
                rows.append(
                    {
                        "label": f"廉租房{h.label}",
                        "recorded": c.recorded,
                        "persons": Figure("人数", h.persons, "人", f"housing_persons:{h.key}"),
                        "households": Figure("户数", h.households, "户", f"housing_households:{h.key}"),
                        "minority_persons": Figure(
                            "少数民族人数", h.minority_persons, "人", f"housing_minority_persons:{h.key}"
                        ),
                        "minority_households": Figure(
                            "少数民族户数",
                            h.minority_households,
                            "户",
                            f"housing_minority_households:{h.key}",
                        ),
                        "person_share": h.minority_person_share,
                        "household_share": h.minority_household_share,
                    }
                )
            continue
        rows.append(
            {
                "label": c.type_name,
                "recorded": c.recorded,
                "persons": Figure("人数", c.persons, "人", f"welfare_persons:{c.type_code}"),
                "households": Figure("户数", c.households, "户", f"welfare_households:{c.type_code}"),
                "minority_persons": Figure(
                    "少数民族人数", c.minority_persons, "人", f"welfare_minority_persons:{c.type_code}"
                ),
                "minority_households": Figure(
                    "少数民族户数", c.minority_households, "户", f"welfare_minority_households:{c.type_code}"
                ),
                "person_share": c.minority_person_share,
                "household_share": c.minority_household_share,
            }
        )
    return rows


def welfare_provider(community, on: date, year: int) -> dict:
    cov = welfare.coverage(community, on)
    recorded = {(community.pk, code) for code, c in cov.items() if c.recorded}
    housing = welfare.housing_coverage(community, on, recorded=recorded)
    d, m = cov["dibao"], cov["medical_insurance"]
    aid, job = cov["student_aid"], cov["employment"]
    aid_amount = aid.minority_amount.quantize(Decimal("1")) if aid.recorded else None
    figures = [
        ("低保人数", d.persons, "人", "welfare_persons:dibao"),
        ("低保户数", d.households, "户", "welfare_households:dibao"),
        ("少数民族低保人数", d.minority_persons, "人", "welfare_minority_persons:dibao"),
        ("少数民族低保户数", d.minority_households, "户", "welfare_minority_households:dibao"),
        ("少数民族低保人数占比", d.minority_person_share, "%", "welfare_minority_persons:dibao"),
        ("少数民族助学人数", aid.minority_persons, "名", "welfare_minority_persons:student_aid"),
        ("少数民族助学金额", aid_amount, "元", "welfare_minority_cases:student_aid"),
        ("医保人数", m.persons, "人", "welfare_persons:medical_insurance"),
        ("少数民族医保人数", m.minority_persons, "人", "welfare_minority_persons:medical_insurance"),
        ("少数民族医保人数占比", m.minority_person_share, "%", "welfare_minority_persons:medical_insurance"),
        ("少数民族就业人数", job.minority_persons, "名", "welfare_minority_persons:employment"),
    ]
    out = {name: _fig(name, value, unit, key) for name, value, unit, key in figures}
    out.update(housing_figures(housing))
    table = welfare_table_rows(cov, housing)
    out["_welfare_table"] = {
        "type": "table",
        "caption": "表2  民族政策落实情况（统计截止日在享人数）",
        "header": ["类型", "人数", "户数", "少数民族人数", "少数民族户数", "少数民族人数占比"],
        "rows": [
            [
                r["label"],
                r["persons"],
                r["households"],
                r["minority_persons"],
                r["minority_households"],
                f"{r['person_share']}%" if r["person_share"] is not None else "—",
            ]
            for r in table
        ],
        "notes": [
            "注：廉租房按户享受，其人数为受益户在册常住成员人数；“准备入住”为已批准实物配租、入住日期在统计截止日之后的户。"
        ]
        if any(r["label"].startswith("廉租房") and r["recorded"] for r in table)
        else [],
        # types never recorded in this community: their rows are left out, the pre-flight check lists them
        "unrecorded": [c.type_name for c in cov.values() if not c.recorded],
    }
    out["_welfare_rows"] = table
    out["_coverage"] = cov
    return out


# --- dashboard sections ----------------------------------------------------------------------------


def welfare_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    rows = figures["_welfare_rows"]
    counted = [r for r in rows if r["recorded"]]  # a type never recorded is a gap, not a bar of 0
    data["sections"].append(
        {
            "template": "reports/_dash_welfare.html",
            "rows": rows,
            "due": welfare.reviews_due_on(community, on).count(),
            "overdue": welfare.reviews_overdue_on(community, on).count(),
        }
    )
    data["charts"]["welfare"] = {
        "kind": "bar",
        "title": "各类救助在享人数",
        "labels": [r["label"] for r in counted],
        "series": [
            {"name": "全部", "data": [r["persons"].value for r in counted]},
            {"name": "少数民族", "data": [r["minority_persons"].value for r in counted]},
        ],
    }


def outreach_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    this_year = figures["_outreach"].events
    last_year = outreach.events_by_type_and_month(community, year - 1)
    month_start = on.replace(day=1)
    visits = outreach.visit_figures(community, month_start, on)
    months = [f"{m}月" for m in range(1, 13)]
    per_month = outreach.per_month
    d = figures["_outreach"].disputes
    data["sections"].append(
        {
            "template": "reports/_dash_outreach.html",
            "visits": visits,
            "joint_visits": visits.by_purpose[VisitPurpose.JOINT],
            "disputes": d,
            "events_this": [
                (n, f"events_month:{year}-{m + 1:02d}") for m, n in enumerate(per_month(this_year))
            ],
            "events_last": [
                (n, f"events_month:{year - 1}-{m + 1:02d}") for m, n in enumerate(per_month(last_year))
            ],
            "months": months,
            "closure_rate": figures["纠纷结案率"],
            "last_year_on": date(year - 1, 12, 31),
            "levels": [(str(SettlingLevel(level).label), n, level) for level, n in d.by_level.items()],
        }
    )
    data["charts"]["events"] = {
        "kind": "line",
        "title": "每月活动场次",
        "labels": months,
        "series": [
            {"name": f"{year}年", "data": per_month(this_year)},
            {"name": f"{year - 1}年", "data": per_month(last_year)},
        ],
    }


# --- the street office's completeness view: one grouped query per check, whatever the communities ---


def _communities(street):
    return list(street.communities.order_by("name"))


def _check_visits(street, on, year):
    communities = _communities(street)
    missing = outreach.unvisited_by_community([c.pk for c in communities], on)
    rows = [(c.name, f"未走访 {missing[c.pk]}", missing[c.pk] == 0) for c in communities]
    return {"title": "本月应走访未走访（社区矫正、困难家庭）", "rows": rows}


def _check_reviews(street, on, year):
    communities = _communities(street)
    counts = welfare.overdue_reviews_by_community([c.pk for c in communities], on)
    rows = [(c.name, f"逾期 {counts.get(c.pk, 0)} 件", not counts.get(c.pk)) for c in communities]
    return {"title": "救助复审逾期", "rows": rows}


def _check_disputes(street, on, year):
    communities = _communities(street)
    counts = outreach.overdue_disputes_by_community([c.pk for c in communities], on)
    rows = [(c.name, f"超期 {counts.get(c.pk, 0)} 件", not counts.get(c.pk)) for c in communities]
    return {"title": "矛盾纠纷超期未结", "rows": rows}


def _check_events(street, on, year):
    communities = _communities(street)
    quarter_start = date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
    counts = outreach.events_held_by_community([c.pk for c in communities], quarter_start, on)
    rows = [(c.name, f"本季度活动 {counts.get(c.pk, 0)} 场", counts.get(c.pk, 0) > 0) for c in communities]
    return {"title": "本季度活动", "rows": rows}


COMPLETENESS_CHECKS = [_check_visits, _check_reviews, _check_disputes, _check_events]
