"""The rows behind the outreach and welfare figures (``reports.registry.ROWS`` lists them), from
the outreach and welfare selectors: what each figure of ``providers`` counts, listed. Every queryset is built from
the owning app's selectors, as of the reference date, so a list is exactly as long as its figure.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from outreach import selectors as outreach
from outreach.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    DisputeStatus,
    Event,
    EventType,
    JurisdictionUnit,
    PlanItem,
    Propaganda,
    SettlingLevel,
    UnitKind,
    Visit,
    VisitPurpose,
)
from residents.models import Resident
from welfare import selectors as welfare
from welfare.selectors import HOUSING_ROWS, active_cases, housing_rows, one_case_per, types_for

from .figures import Rows, Scope


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
    "inside": Q(
        state=DisputeStatus.RESOLVED, settled_level__in=[SettlingLevel.COMPOUND, SettlingLevel.COMMUNITY]
    ),
    "street": Q(state=DisputeStatus.REPORTED)
    | Q(state=DisputeStatus.RESOLVED, settled_level=SettlingLevel.STREET),
}
LEVEL_TITLES = {
    "settled": "已化解",
    "compound": "在小区内化解",
    "community": "在社区化解",
    "inside": "在社区内化解（含小区）",
    "street": "上报街道及以上",
}
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


def _plan_items(which: str):
    """The plan items a plan figure counts, picked by outreach.selectors.plans (the one count)."""

    def rows(scope: Scope, _arg: str):
        progress = outreach.plans.plan_progress(scope.community, scope.year, scope.on)
        picked = {
            "activities": progress.activities,
            "not_held": progress.not_held,
            "held": [p for p in progress.activities if p.state == "done"],
        }[which]
        return PlanItem.objects.filter(pk__in=[p.item.pk for p in picked])

    return rows


def _plan_extras(scope: Scope, _arg: str):
    progress = outreach.plans.plan_progress(scope.community, scope.year, scope.on)
    return Event.objects.filter(pk__in=[e.pk for e in progress.extras])


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
    return {
        "correction_due": "本月应走访的社区矫正/帮教对象",
        "correction_done": "本月已走访的社区矫正/帮教对象",
        "hardship_due": "本月应走访的困难家庭",
        "hardship_done": "本月已走访的困难家庭",
    }[arg]


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
    "leading_group": Rows(
        "民族工作领导小组成员", "members", lambda s, a: outreach.leading_group_members(s.community, s.on)[1]
    ),
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
    ),
    "visits_month": Rows(
        lambda s, a: f"本月{VisitPurpose(a).label}",
        "visits",
        _visits_month,
        restricted=lambda a: a == VisitPurpose.CORRECTION,
    ),
    "plan_activities": Rows(
        lambda s, a: f"{s.year}年计划安排的活动", "plan_items", _plan_items("activities")
    ),
    "plan_held": Rows(lambda s, a: f"{s.year}年计划活动中已举办的", "plan_items", _plan_items("held")),
    "plan_not_held": Rows(
        lambda s, a: f"{s.year}年计划活动中未举办的", "plan_items", _plan_items("not_held")
    ),
    "plan_extras": Rows(lambda s, a: f"{s.year}年计划外举办的活动", "events", _plan_extras),
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
    ),
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
    code, _, mode = arg.partition("@")
    btype = types_for(scope.community).filter(code=code).first()
    if btype is None or (mode and mode not in ("in_kind", "subsidy", "unknown")):
        raise ValueError(arg)
    return btype, mode or None


def _cases(unit: str, minority: bool):
    def rows(scope: Scope, arg: str):
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


def _housing(unit: str, minority: bool):
    def rows(scope: Scope, arg: str):
        return housing_rows(scope.community, scope.on, arg, unit=unit, minority=minority)

    def title(scope: Scope, arg: str) -> str:
        if arg not in HOUSING_ROWS:
            raise ValueError(arg)
        words = "受益户" if unit == "households" else "受益户在册常住成员"
        return f"廉租房{HOUSING_ROWS[arg][0]}{'少数民族' if minority else ''}{words}（统计截止日）"

    return title, rows


for _unit, _kind in (("households", "households"), ("persons", "residents")):
    for _minority in (False, True):
        _title, _rows = _housing(_unit, _minority)
        WELFARE_ROWS[f"housing{'_minority' if _minority else ''}_{_unit}"] = Rows(_title, _kind, _rows)
WELFARE_ROWS["welfare_reviews_due"] = Rows(
    "本月待复审（统计截止日在享）", "cases", lambda s, a: welfare.reviews_due_on(s.community, s.on)
)
WELFARE_ROWS["welfare_reviews_overdue"] = Rows(
    "逾期未复审（统计截止日在享）", "cases", lambda s, a: welfare.reviews_overdue_on(s.community, s.on)
)
