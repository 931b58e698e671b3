"""Figures of the outreach and welfare ledgers for reports and dashboards, from those apps' selectors.

Registered into ``reports.figures.PROVIDERS`` (figures by name), ``reports.figures.ROWS`` (the rows
behind them) and ``reports.dashboard.SECTIONS`` / ``COMPLETENESS`` when the reports app is ready.
Every figure is counted as the ledgers stood on the reference date, and every one that counts rows
names them (``rows_key``): the rows page lists exactly what the figure counts.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from outreach import selectors as outreach
from outreach.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    DisputeStatus,
    EventStatus,
    EventType,
    JurisdictionUnit,
    OrganisationKind,
    Propaganda,
    SettlingLevel,
    UnitKind,
    Visit,
    VisitPurpose,
)
from residents.models import Resident
from residents.selectors import percent

from .figures import Figure, Rows, Scope

UNIT_FIGURES = {
    UnitKind.AGENCY: "机关单位数",
    UnitKind.SCHOOL: "学校数",
    UnitKind.HOSPITAL: "医院数",
    UnitKind.PRIVATE_ORG: "非公有制经济组织和新社会组织数",
    UnitKind.SHOP: "个体商业网点数",
}


def _fig(name, value, unit="", key=""):
    return Figure(name, value, "%" if name.endswith(("占比", "率")) else unit, key)


# --- outreach ------------------------------------------------------------------------------------


def _leading_group_members(scope: Scope):
    group = outreach.organisations_on(
        scope.on, community=scope.community, kind=OrganisationKind.LEADING_GROUP
    ).first()
    if group is None:
        return None, outreach.members_on(scope.on, organisation=None).none()
    return group, outreach.members_on(scope.on, organisation=group)


def outreach_provider(community, on: date, year: int) -> dict:
    scope = Scope(community, on, year)
    fig = outreach.outreach_figures(community, scope.start, on)
    units = dict(
        JurisdictionUnit.objects.filter(community=community).values_list("kind").annotate(n=Count("pk"))
    )
    leading, members = _leading_group_members(scope)
    members = list(members.select_related("resident"))
    heads = [m.display_name for m in members if m.role == "head"]
    head = heads[0] if heads else (leading.head_name if leading else "")
    by_type = {row.name: row.total for row in fig.events}
    type_codes = {row.name: row.code for row in fig.events}
    d = fig.disputes
    compound = d.by_level.get("小区", 0)
    inside = compound + d.by_level.get("社区", 0)
    p = fig.propaganda
    figures = [
        ("辖区单位数", sum(units.values()), "个", "units"),
        *[(name, units.get(kind, 0), "个", f"units_kind:{kind}") for kind, name in UNIT_FIGURES.items()],
        ("志愿者队伍数", fig.volunteers.teams, "支", "volunteer_teams"),
        ("志愿者人数", fig.volunteers.members, "人", "volunteers"),
        ("一格十员人数", fig.volunteers.grid_members, "人", "grid_volunteers"),
        ("领导小组组长", head or None, "", ""),  # no 组长 recorded: a gap to fill, not "社区主任"
        ("领导小组人数", len(members), "名", "leading_group"),
        ("活动场次", fig.events_held, "场", "events"),
        (
            "座谈会场次",
            by_type.get("座谈会", 0),
            "场",
            f"events_type:{type_codes.get('座谈会', 'symposium')}",
        ),
        (
            "节日活动场次",
            by_type.get("节日活动", 0),
            "场",
            f"events_type:{type_codes.get('节日活动', 'holiday')}",
        ),
        ("活动参与人数", fig.participants.total, "人", "participants"),
        ("横幅数", p.banners, "条", "propaganda:banners"),
        ("展板数", p.boards, "块", "propaganda:boards"),
        ("宣传资料数", p.leaflets, "份", "propaganda:leaflets"),
        ("知识答题数", p.quizzes, "份", "propaganda:quizzes"),
        ("走访次数", fig.visits.total, "次", "visits"),
        # Visits are cited by purpose (帮教 visits are not all visits).
        ("帮教走访次数", fig.visits.by_purpose.get("帮教走访", 0), "次", "visits_purpose:correction"),
        ("联合走访次数", fig.visits.by_purpose.get("联合走访", 0), "次", "visits_purpose:joint"),
        ("困难家庭走访次数", fig.visits.by_purpose.get("困难家庭走访", 0), "次", "visits_purpose:hardship"),
        ("纠纷件数", d.total, "件", "disputes"),
        ("已化解件数", d.settled, "件", "disputes_level:settled"),
        ("已办结件数", d.closed, "件", "disputes_state:closed"),
        ("在办件数", d.open, "件", "disputes_state:open"),
        ("小区化解件数", compound, "件", "disputes_level:compound"),
        ("小区化解占比", percent(compound, d.closed), "%", "disputes_level:compound"),
        ("社区内化解件数", inside, "件", "disputes_level:inside"),
        ("社区内化解占比", percent(inside, d.closed), "%", "disputes_level:inside"),
        ("纠纷化解率", percent(d.settled, d.total), "%", "disputes_level:settled"),  # 已化解 over 受理
        (
            "纠纷结案率",
            percent(d.closed, d.total),
            "%",
            "disputes_state:closed",
        ),  # 已化解 or otherwise closed
        ("上访件数", d.petitions, "件", "disputes_petition"),
    ]
    out = {name: _fig(name, value, unit, key) for name, value, unit, key in figures}
    out["_outreach"] = fig
    out["_disputes_table"] = {
        "type": "table",
        "caption": "表3  矛盾纠纷化解情况",
        "header": ["受理", "已化解", "小区内化解", "社区内化解", "上报街道及以上", "上访"],
        "rows": [[out["纠纷件数"], out["已化解件数"], out["小区化解件数"], out["社区内化解件数"],
                  Figure("上报街道及以上", d.by_level.get("街道及以上", 0), "件", "disputes_level:street"),
                  out["上访件数"]]],
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
        "rows": [[name, planned_by_type.get(name, 0),
                  Figure(f"{name}场次", held_by_type.get(name, 0), "场", f"events_type:{type_codes[name]}")
                  if name in type_codes else 0]
                 for name in sorted(set(planned_by_type) | {k for k, v in held_by_type.items() if v})],
    }  # fmt: skip
    if leading is not None:
        out["_leading_group_table"] = {
            "type": "table",
            "caption": "表1  民族工作领导小组",
            "header": ["姓名", "职务", "身份"],
            "rows": [[m.display_name, m.get_role_display(), m.title or "—"] for m in members],
        }
    out["_planned_status"] = EventStatus.PLANNED
    return out


def _event_type(arg: str) -> EventType:
    event_type = EventType.objects.filter(code=arg).first()
    if event_type is None:
        raise ValueError(arg)
    return event_type


def _month(arg: str) -> tuple[date, date]:
    """``"2026-03"`` → its first and last day."""
    try:
        first = date.fromisoformat(f"{arg}-01")
    except ValueError:
        raise ValueError(arg) from None
    return first, outreach.month_range(first)[1]


def _events_in_month(scope: Scope, arg: str):
    first, last = _month(arg)
    return outreach.events_held(scope.community, first, min(last, scope.on))


def _participants_total(scope: Scope, arg: str, residents) -> int:
    events = outreach.events_held(scope.community, scope.start, scope.on)
    return residents.count() + (events.aggregate(n=Sum("other_participants"))["n"] or 0)


def _propaganda(scope: Scope, arg: str):
    if arg not in ("banners", "boards", "leaflets", "quizzes"):
        raise ValueError(arg)
    return Propaganda.objects.filter(
        community=scope.community, date__range=(scope.start, scope.on), **{f"{arg}__gt": 0}
    )


PROPAGANDA_LABELS = {
    "banners": "横幅（条）",
    "boards": "展板（块）",
    "leaflets": "宣传资料（份）",
    "quizzes": "知识答题（份）",
}
LEVELS = {
    "settled": Q(state=DisputeStatus.RESOLVED),
    "compound": Q(state=DisputeStatus.RESOLVED, settled_level=SettlingLevel.COMPOUND),
    "community": Q(state=DisputeStatus.RESOLVED, settled_level=SettlingLevel.COMMUNITY),
    "inside": Q(state=DisputeStatus.RESOLVED, settled_level__in=[SettlingLevel.COMPOUND, SettlingLevel.COMMUNITY]),
    "street": Q(state=DisputeStatus.REPORTED)
    | Q(state=DisputeStatus.RESOLVED, settled_level=SettlingLevel.STREET),
}  # fmt: skip
LEVEL_TITLES = {"settled": "已化解", "compound": "在小区内化解", "community": "在社区化解",
                "inside": "在社区内化解（含小区）", "street": "上报街道及以上"}  # fmt: skip
STATES = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES, **{s.value: [s.value] for s in DisputeStatus}}


def _disputes_at(scope: Scope):
    return outreach.disputes_received(scope.community, scope.start, scope.on).alias(
        state=outreach.dispute_state_on(scope.on)
    )


def _disputes_level(scope: Scope, arg: str):
    if arg not in LEVELS:
        raise ValueError(arg)
    return _disputes_at(scope).filter(LEVELS[arg])


def _disputes_state(scope: Scope, arg: str):
    if arg not in STATES:
        raise ValueError(arg)
    return _disputes_at(scope).filter(state__in=STATES[arg])


def _visits_month(scope: Scope, arg: str):
    if arg not in VisitPurpose.values:
        raise ValueError(arg)
    return Visit.objects.filter(
        community=scope.community, purpose=arg, date__range=(scope.on.replace(day=1), scope.on)
    )


def _duty(arg: str):
    """The monthly visiting duty on the date: who is due, and who has been visited since the 1st."""
    if arg not in ("correction_due", "correction_done", "hardship_due", "hardship_done"):
        raise ValueError(arg)

    def rows(scope: Scope, _arg: str):
        first = scope.on.replace(day=1)
        if arg.startswith("correction"):
            due = outreach.correction_residents(scope.community, scope.on)
            visited = outreach._visited_resident(first, scope.on)
        else:
            due = outreach.hardship_households(scope.community, scope.on)
            visited = outreach._visited_household(first, scope.on)
        return due.filter(visited) if arg.endswith("done") else due

    return rows


def _units_kind(scope: Scope, arg: str):
    if arg not in UnitKind.values:
        raise ValueError(arg)
    return JurisdictionUnit.objects.filter(community=scope.community, kind=arg)


def _teams(scope: Scope, grid_only: bool):
    teams = outreach.team_sizes(outreach.volunteer_teams(scope.community, scope.on), scope.on)
    return teams.filter(grid__isnull=False) if grid_only else teams


def _sizes(scope: Scope, arg: str, teams) -> int:
    return sum(team.size for team in teams)


def _duty_title(arg):
    return {"correction_due": "本月应走访的社区矫正/帮教对象", "correction_done": "本月已走访的社区矫正/帮教对象",
            "hardship_due": "本月应走访的困难家庭", "hardship_done": "本月已走访的困难家庭"}[arg]  # fmt: skip


OUTREACH_ROWS = {
    "units": Rows("辖区单位", "units", lambda s, a: JurisdictionUnit.objects.filter(community=s.community)),
    "units_kind": Rows(lambda s, a: f"辖区单位：{UnitKind(a).label}", "units", _units_kind),
    "volunteer_teams": Rows("志愿者队伍", "organisations", lambda s, a: _teams(s, grid_only=False)),
    "volunteers": Rows(
        "志愿者队伍及人数",
        "organisations",
        lambda s, a: _teams(s, grid_only=False),
        total=_sizes,
        total_label="志愿者人数",
    ),
    "grid_volunteers": Rows(
        "“一格十员”队伍及人数",
        "organisations",
        lambda s, a: _teams(s, grid_only=True),
        total=_sizes,
        total_label="一格十员人数",
    ),
    "leading_group": Rows("民族工作领导小组成员", "members", lambda s, a: _leading_group_members(s)[1]),
    "events": Rows("已举办的活动", "events", lambda s, a: outreach.events_held(s.community, s.start, s.on)),
    "events_type": Rows(
        lambda s, a: f"已举办的{_event_type(a).name}",
        "events",
        lambda s, a: outreach.events_held(s.community, s.start, s.on).filter(type=_event_type(a)),
    ),
    "events_month": Rows(lambda s, a: f"{a} 已举办的活动", "events", _events_in_month),
    "participants": Rows(
        "活动参加居民（另计未登记参加者）",
        "residents",
        lambda s, a: Resident.objects.filter(
            pk__in=outreach.events_held(s.community, s.start, s.on).values("participants")
        ),
        total=_participants_total,
        total_label="参与人数（登记居民＋未登记参加者）",
    ),
    "propaganda": Rows(
        lambda s, a: f"宣传品：{PROPAGANDA_LABELS[a]}",
        "propaganda",
        _propaganda,
        total=lambda s, a, qs: qs.aggregate(n=Sum(a))["n"] or 0,
        total_label="合计",
    ),
    "visits": Rows(
        "走访记录",
        "visits",
        lambda s, a: Visit.objects.filter(community=s.community, date__range=(s.start, s.on)),
        restricted=True,  # 帮教走访 are among them
    ),
    "visits_purpose": Rows(
        lambda s, a: f"{VisitPurpose(a).label}记录",
        "visits",
        lambda s, a: Visit.objects.filter(
            community=s.community, purpose=VisitPurpose(a), date__range=(s.start, s.on)
        ),
        restricted=lambda a: a == VisitPurpose.CORRECTION,
    ),  # fmt: skip
    "visits_month": Rows(
        lambda s, a: f"本月{VisitPurpose(a).label}",
        "visits",
        _visits_month,
        restricted=lambda a: a == VisitPurpose.CORRECTION,
    ),  # fmt: skip
    "disputes": Rows("受理的矛盾纠纷和居民诉求", "disputes", lambda s, a: _disputes_at(s)),
    "disputes_level": Rows(lambda s, a: f"矛盾纠纷：{LEVEL_TITLES[a]}", "disputes", _disputes_level),
    "disputes_state": Rows(
        lambda s, a: (
            "矛盾纠纷：" + {"open": "未结", "closed": "已办结"}.get(a)
            if a in ("open", "closed")
            else f"矛盾纠纷：{DisputeStatus(a).label}"
        ),
        "disputes",
        _disputes_state,
    ),  # fmt: skip
    "disputes_petition": Rows("上访", "disputes", lambda s, a: _disputes_at(s).filter(is_petition=True)),
    "disputes_overdue": Rows(
        "超期未结的矛盾纠纷",
        "disputes",
        lambda s, a: _disputes_at(s).filter(state__in=OPEN_STATUSES, deadline__lt=s.on),
    ),
}
for _key in ("correction_due", "correction_done", "hardship_due", "hardship_done"):
    OUTREACH_ROWS[f"duty_{_key}"] = Rows(
        _duty_title(_key),
        "residents" if _key.startswith("correction") else "households",
        _duty(_key),
        restricted=_key.startswith("correction"),
    )


# --- welfare -------------------------------------------------------------------------------------


def _case_arg(scope: Scope, arg: str):
    """``"dibao"`` or ``"housing@subsidy"`` → (type, mode); a type of the community or a common one."""
    from welfare.selectors import types_for

    code, _, mode = arg.partition("@")
    btype = types_for(scope.community).filter(code=code).first()
    if btype is None or (mode and mode not in ("in_kind", "subsidy", "unknown")):
        raise ValueError(arg)
    return btype, mode or None


def _cases(unit: str, minority: bool):
    def rows(scope: Scope, arg: str):
        from welfare.selectors import active_cases, one_case_per

        btype, mode = _case_arg(scope, arg)
        cases = active_cases(scope.community, scope.on, btype.code, minority=minority, housing_mode=mode)
        return (
            cases
            if unit == "cases"
            else one_case_per(cases, "resident" if unit == "persons" else "household")
        )

    return rows


def _case_title(unit: str, minority: bool):
    words = {"persons": "在享人员", "households": "在享户", "cases": "在享案件"}[unit]

    def title(scope: Scope, arg: str) -> str:
        btype, mode = _case_arg(scope, arg)
        mode_text = {"subsidy": "（租赁补贴）", "in_kind": "（实物配租）", "unknown": "（未注明方式）"}.get(
            mode, ""
        )
        return f"{btype.name}{mode_text}{'少数民族' if minority else ''}{words}（统计截止日）"

    return title


def _amount(scope, arg, cases):
    return cases.aggregate(n=Sum("amount"))["n"] or Decimal(0)


WELFARE_ROWS = {}
for _unit in ("persons", "households", "cases"):
    for _minority in (False, True):
        WELFARE_ROWS[f"welfare{'_minority' if _minority else ''}_{_unit}"] = Rows(
            _case_title(_unit, _minority),
            "cases",
            _cases(_unit, _minority),
            total=_amount if _unit == "cases" else None,
            total_label="金额合计（元）" if _unit == "cases" else "",
        )
WELFARE_ROWS["welfare_reviews_due"] = Rows(
    "本月待复审（统计截止日在享）",
    "cases",
    lambda s, a: _review_cases(s).filter(next_review_on__range=outreach.month_range(s.on)),
)
WELFARE_ROWS["welfare_reviews_overdue"] = Rows(
    "逾期未复审（统计截止日在享）", "cases", lambda s, a: _review_cases(s).filter(next_review_on__lt=s.on)
)


def _review_cases(scope: Scope):
    from welfare.selectors import cases_on

    return cases_on(scope.on, community=scope.community)


def welfare_provider(community, on: date, year: int) -> dict:
    from welfare import selectors as welfare

    cov = welfare.coverage(community, on)
    housing = welfare.coverage(community, on, housing_mode="subsidy")["housing"]
    d, m = cov["dibao"], cov["medical_insurance"]
    aid, job = cov["student_aid"], cov["employment"]
    figures = [
        ("低保人数", d.persons, "人", "welfare_persons:dibao"),
        ("低保户数", d.households, "户", "welfare_households:dibao"),
        ("少数民族低保人数", d.minority_persons, "人", "welfare_minority_persons:dibao"),
        ("少数民族低保户数", d.minority_households, "户", "welfare_minority_households:dibao"),
        ("少数民族低保人数占比", d.minority_person_share, "%", "welfare_minority_persons:dibao"),
        ("廉租房户数", housing.households, "户", "welfare_households:housing@subsidy"),
        ("少数民族廉租房户数", housing.minority_households, "户", "welfare_minority_households:housing@subsidy"),
        ("少数民族廉租房户数占比", housing.minority_household_share, "%",
         "welfare_minority_households:housing@subsidy"),
        ("少数民族助学人数", aid.minority_persons, "名", "welfare_minority_persons:student_aid"),
        ("少数民族助学金额", aid.minority_amount.quantize(Decimal("1")), "元", "welfare_minority_cases:student_aid"),
        ("医保人数", m.persons, "人", "welfare_persons:medical_insurance"),
        ("少数民族医保人数", m.minority_persons, "人", "welfare_minority_persons:medical_insurance"),
        ("少数民族医保人数占比", m.minority_person_share, "%", "welfare_minority_persons:medical_insurance"),
        ("少数民族就业人数", job.minority_persons, "名", "welfare_minority_persons:employment"),
    ]  # fmt: skip
    out = {name: _fig(name, value, unit, key) for name, value, unit, key in figures}
    rows = []
    for c in cov.values():
        rows.append([
            c.type_name,
            Figure("人数", c.persons, "人", f"welfare_persons:{c.type_code}"),
            Figure("户数", c.households, "户", f"welfare_households:{c.type_code}"),
            Figure("少数民族人数", c.minority_persons, "人", f"welfare_minority_persons:{c.type_code}"),
            Figure("少数民族户数", c.minority_households, "户", f"welfare_minority_households:{c.type_code}"),
            f"{c.minority_person_share}%" if c.minority_person_share is not None else "—",
        ])  # fmt: skip
    out["_welfare_table"] = {
        "type": "table", "caption": "表2  民族政策落实情况（统计截止日在享人数）",
        "header": ["类型", "人数", "户数", "少数民族人数", "少数民族户数", "少数民族人数占比"], "rows": rows,
    }  # fmt: skip
    out["_coverage"] = cov
    return out


# --- dashboard sections ----------------------------------------------------------------------------


def welfare_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    scope = Scope(community, on, year)
    cov = list(figures["_coverage"].values())
    data["sections"].append({
        "template": "reports/_dash_welfare.html", "coverage": cov,
        "due": WELFARE_ROWS["welfare_reviews_due"].queryset(scope, "").count(),
        "overdue": WELFARE_ROWS["welfare_reviews_overdue"].queryset(scope, "").count(),
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
        "events_this": [(n, f"events_month:{year}-{m + 1:02d}") for m, n in enumerate(per_month(this_year))],
        "events_last": [(n, f"events_month:{year - 1}-{m + 1:02d}") for m, n in enumerate(per_month(last_year))],
        "months": months, "closure_rate": figures["纠纷结案率"], "last_year_on": date(year - 1, 12, 31),
        "levels": [(level, n, {"小区": "compound", "社区": "community", "街道及以上": "street"}[level])
                   for level, n in d.by_level.items()],
    })  # fmt: skip
    data["charts"]["events"] = {
        "kind": "line", "title": "每月活动场次", "labels": months,
        "series": [{"name": f"{year}年", "data": per_month(this_year)}, {"name": f"{year - 1}年", "data": per_month(last_year)}],
    }  # fmt: skip


# --- the street office's completeness view: one grouped query per check, whatever the communities ---


def _communities(street):
    return list(street.communities.order_by("name"))


def _check_visits(street, on, year):
    from django.db.models import Exists, OuterRef

    from residents.models import Household
    from residents.selectors import active_on, resident_versions

    communities = _communities(street)
    ids = [c.pk for c in communities]
    first = on.replace(day=1)
    versions = resident_versions(on, community__in=ids).filter(active_on(on))
    correction = {
        row["community_id"]: row
        for row in Resident.objects.filter(pk__in=versions.filter(is_correction=True).values("id"))
        .values("community_id")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(outreach._visited_resident(first, on))))
    }
    visited = Exists(Visit.objects.filter(date__range=(first, on), household=OuterRef("pk")))
    hardship = {
        row["community_id"]: row
        for row in Household.objects.filter(pk__in=versions.filter(is_hardship=True).values("household"))
        .values("community_id")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(visited)))
    }
    rows = []
    for c in communities:
        cr, hh = correction.get(c.pk, {}), hardship.get(c.pk, {})
        missing = (cr.get("due", 0) - cr.get("done", 0)) + (hh.get("due", 0) - hh.get("done", 0))
        rows.append((c.name, f"未走访 {missing}", missing == 0))
    return {"title": "本月应走访未走访（社区矫正、困难家庭）", "rows": rows}


def _check_reviews(street, on, year):
    from welfare.selectors import cases_on

    communities = _communities(street)
    counts = dict(
        cases_on(on, community__in=[c.pk for c in communities])
        .filter(next_review_on__lt=on)
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )
    rows = [(c.name, f"逾期 {counts.get(c.pk, 0)} 件", not counts.get(c.pk)) for c in communities]
    return {"title": "救助复审逾期", "rows": rows}


def _check_disputes(street, on, year):
    from outreach.models import Dispute

    communities = _communities(street)
    counts = dict(
        Dispute.objects.filter(
            community__in=[c.pk for c in communities], received_on__lte=on, deadline__lt=on
        )
        .alias(state=outreach.dispute_state_on(on))
        .filter(state__in=OPEN_STATUSES)
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )
    rows = [(c.name, f"超期 {counts.get(c.pk, 0)} 件", not counts.get(c.pk)) for c in communities]
    return {"title": "矛盾纠纷超期未结", "rows": rows}


def _check_events(street, on, year):
    from outreach.models import Event

    communities = _communities(street)
    quarter_start = date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
    counts = dict(
        Event.objects.filter(
            community__in=[c.pk for c in communities],
            status=EventStatus.HELD,
            date__range=(quarter_start, on),
        )
        .values_list("community_id")
        .annotate(n=Count("pk"))
    )
    rows = [(c.name, f"本季度活动 {counts.get(c.pk, 0)} 场", counts.get(c.pk, 0) > 0) for c in communities]
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
    for key, rows in {**OUTREACH_ROWS, **WELFARE_ROWS}.items():
        figures.register_rows(key, rows)
    dashboard.SECTIONS.extend([welfare_section, outreach_section])
    dashboard.COMPLETENESS.extend(COMPLETENESS_CHECKS)
    from . import registers  # the floating register and the hardship households

    registers.register(figures, dashboard)
    _registered = True
