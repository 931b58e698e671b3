"""The figure registry: every figure a report, dashboard, narrative or the read API states, in one list.

Each :class:`Entry` says what a figure is called (``{name}`` in a narrative), which selector counts it (the
owner: nothing is counted in ``reports``), its unit and the key of the rows behind it (``ROWS``; the rows
page lists exactly what the figure counts). ``{民族}`` in a name stands for each ethnicity present, whose
code is the rows key's argument (``{code}``). What each figure means in words: ``reports/api/definitions.py``
(and ``outreach/selectors/figures.py`` for the liaison, 清真, 创建 and organisation registers).

Below the list, everything else that was once registered from ``AppConfig.ready()``: the functions that
give the figures (``PROVIDERS``), the rows behind them (``ROWS``), the dashboard's sections (``SECTIONS``)
and the street office's completeness checks (``COMPLETENESS``). ``tests/reports/test_registry.py`` holds the
list and the providers to each other: every figure a provider gives is listed here, with this unit and
these rows, and every figure listed here is given.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from community.models import Community
from outreach.selectors import figures as outreach_registers_figures

from . import figures, outreach_registers, providers, registers
from .figures import Figure, Rows, Scope
from .information import figures as information
from .ledger_rows import OUTREACH_ROWS, WELFARE_ROWS


@dataclass(frozen=True)
class Entry:
    name: str  # "{民族}" stands for each ethnicity's name
    owner: str  # the selector (module.function, or module.Class.property) that counts it
    unit: str
    rows: str = ""  # key in ROWS ("" for a fact that lists no rows); "{code}": the ethnicity's code
    outreach_rows: str = ""  # a register figure's key of outreach:figure_rows (instead of ``rows``)


_POP = "residents.selectors.population_figures"
_MEETING = "residents.selectors.counted_meeting"
_TREE = "grids.selectors.tree_counts"
_UNITS = "outreach.selectors.unit_counts"
_VOLUNTEERS = "outreach.selectors.volunteer_figures"
_EVENTS = "outreach.selectors.events_by_type_and_month"
_PROPAGANDA = "outreach.selectors.propaganda_totals"
_VISITS = "outreach.selectors.visit_figures"
_DISPUTES = "outreach.selectors.dispute_figures"
_SHARES = "outreach.selectors.DisputeFigures"
_PLAN = "outreach.selectors.plans.plan_progress"
_COVERAGE = "welfare.selectors.coverage"
_HOUSING = "welfare.selectors.housing_coverage"
_FLOATING = "residents.floating.selectors.floating_figures"
_HARDSHIP = "residents.hardship.selectors.hardship_figures"
_INFORMATION = "reports.information.selectors.counts"

ENTRIES: list[Entry] = [
    # 人口 (residents.selectors; reports/figures.py population)
    Entry("常住户数", _POP, "户", "registered_households"),
    Entry("常住人口", _POP, "人", "registered"),
    Entry("少数民族户数", _POP, "户", "minority_households"),
    Entry("少数民族人口", _POP, "人", "minority"),
    Entry("少数民族占比", "residents.selectors.PopulationFigures.minority_share", "%", "minority"),
    Entry("流动人口", _POP, "人", "floating"),
    Entry("少数民族数", _POP, "个", "ethnic_groups"),
    Entry("{民族}户数", _POP, "户", "ethnicity_households:{code}"),
    Entry("{民族}人口", _POP, "人", "ethnicity:{code}"),
    # 网格与台帐 (reports/figures.py registry_extras)
    Entry("网格数", _TREE, "个", "grids"),
    Entry("片格数", _TREE, "个", "subgrids"),
    Entry("小区数", _TREE, "个", "compounds"),
    Entry("楼栋数", _TREE, "栋", "buildings"),
    Entry("党员人数", _MEETING, "名", "party"),
    Entry("离退休干部人数", _MEETING, "名", "retired"),
    Entry("残疾人数", _MEETING, "人", "disabled"),
    Entry("辖区面积", "community.models.Community.area_km2", "平方公里"),
    Entry("少数民族困难家庭人数", _MEETING, "人", "ledger:hardship"),
    Entry("下岗失业人数", _MEETING, "人", "ledger:unemployed"),
    Entry("德高望重离退休人员数", _MEETING, "人", "ledger:elders"),
    # 宣传与走访 (outreach.selectors; reports/providers.py outreach_provider)
    Entry("辖区单位数", _UNITS, "个", "units"),
    Entry("机关单位数", _UNITS, "个", "units_kind:agency"),
    Entry("学校数", _UNITS, "个", "units_kind:school"),
    Entry("医院数", _UNITS, "个", "units_kind:hospital"),
    Entry("非公有制经济组织和新社会组织数", _UNITS, "个", "units_kind:private_org"),
    Entry("个体商业网点数", _UNITS, "个", "units_kind:shop"),
    Entry("志愿者队伍数", _VOLUNTEERS, "支", "volunteer_teams"),
    Entry("志愿者人数", _VOLUNTEERS, "人", "volunteers"),
    Entry("一格十员人数", _VOLUNTEERS, "人", "grid_volunteers"),
    Entry("领导小组组长", "outreach.selectors.LeadingGroup.head", ""),
    Entry("领导小组人数", "outreach.selectors.leading_group", "名", "leading_group"),
    Entry("活动场次", _EVENTS, "场", "events"),
    Entry("座谈会场次", _EVENTS, "场", "events_type:symposium"),
    Entry("节日活动场次", _EVENTS, "场", "events_type:holiday"),
    Entry("活动参与人数", "outreach.selectors.participants_by_ethnicity", "人", "participants"),
    Entry("横幅数", _PROPAGANDA, "条", "propaganda:banners"),
    Entry("展板数", _PROPAGANDA, "块", "propaganda:boards"),
    Entry("宣传资料数", _PROPAGANDA, "份", "propaganda:leaflets"),
    Entry("知识答题数", _PROPAGANDA, "份", "propaganda:quizzes"),
    Entry("走访次数", _VISITS, "次", "visits"),
    Entry("帮教走访次数", _VISITS, "次", "visits_purpose:correction"),
    Entry("联合走访次数", _VISITS, "次", "visits_purpose:joint"),
    Entry("困难家庭走访次数", _VISITS, "次", "visits_purpose:hardship"),
    Entry("纠纷件数", _DISPUTES, "件", "disputes"),
    Entry("已化解件数", _DISPUTES, "件", "disputes_level:settled"),
    Entry("已办结件数", _DISPUTES, "件", "disputes_state:closed"),
    Entry("在办件数", _DISPUTES, "件", "disputes_state:open"),
    Entry("小区化解件数", _DISPUTES, "件", "disputes_level:compound"),
    Entry("小区化解占比", f"{_SHARES}.compound_share", "%", "disputes_level:compound"),
    Entry("社区内化解件数", _DISPUTES, "件", "disputes_level:inside"),
    Entry("社区内化解占比", f"{_SHARES}.community_share", "%", "disputes_level:inside"),
    Entry("纠纷化解率", f"{_SHARES}.settle_rate", "%", "disputes_level:settled"),
    Entry("纠纷结案率", f"{_SHARES}.closure_rate", "%", "disputes_state:closed"),
    Entry("上访件数", _DISPUTES, "件", "disputes_petition"),
    # 年度工作计划 (outreach.selectors.plans; reports/providers.py plan_figures). No plan: gaps, no rows.
    Entry("计划活动项数", _PLAN, "项", "plan_activities"),
    Entry("计划活动已举办项数", _PLAN, "项", "plan_held"),
    Entry("计划活动未举办项数", _PLAN, "项", "plan_not_held"),
    Entry("计划外活动场次", _PLAN, "场", "plan_extras"),
    # 民族政策落实 (welfare.selectors; reports/providers.py welfare_provider, housing_figures)
    Entry("低保人数", _COVERAGE, "人", "welfare_persons:dibao"),
    Entry("低保户数", _COVERAGE, "户", "welfare_households:dibao"),
    Entry("少数民族低保人数", _COVERAGE, "人", "welfare_minority_persons:dibao"),
    Entry("少数民族低保户数", _COVERAGE, "户", "welfare_minority_households:dibao"),
    Entry("少数民族低保人数占比", _COVERAGE, "%", "welfare_minority_persons:dibao"),
    Entry("少数民族助学人数", _COVERAGE, "名", "welfare_minority_persons:student_aid"),
    Entry("少数民族助学金额", _COVERAGE, "元", "welfare_minority_cases:student_aid"),
    Entry("医保人数", _COVERAGE, "人", "welfare_persons:medical_insurance"),
    Entry("少数民族医保人数", _COVERAGE, "人", "welfare_minority_persons:medical_insurance"),
    Entry("少数民族医保人数占比", _COVERAGE, "%", "welfare_minority_persons:medical_insurance"),
    Entry("少数民族就业人数", _COVERAGE, "名", "welfare_minority_persons:employment"),
    Entry("实物配租户数", _HOUSING, "户", "housing_households:in_kind"),
    Entry("实物配租人数", _HOUSING, "人", "housing_persons:in_kind"),
    Entry("少数民族实物配租户数", _HOUSING, "户", "housing_minority_households:in_kind"),
    Entry("少数民族实物配租人数", _HOUSING, "人", "housing_minority_persons:in_kind"),
    Entry("准备入住户数", _HOUSING, "户", "housing_households:arranged"),
    Entry("准备入住人数", _HOUSING, "人", "housing_persons:arranged"),
    Entry("少数民族准备入住户数", _HOUSING, "户", "housing_minority_households:arranged"),
    Entry("少数民族准备入住人数", _HOUSING, "人", "housing_minority_persons:arranged"),
    Entry("廉租房户数", _HOUSING, "户", "housing_households:subsidy"),
    Entry("廉租房人数", _HOUSING, "人", "housing_persons:subsidy"),
    Entry("少数民族廉租房户数", _HOUSING, "户", "housing_minority_households:subsidy"),
    Entry("少数民族廉租房人数", _HOUSING, "人", "housing_minority_persons:subsidy"),
    Entry("少数民族廉租房户数占比", _HOUSING, "%", "housing_minority_households:subsidy"),
    # 流动人口 (residents.floating.selectors; reports/registers.py floating_provider)
    Entry("登记流动人口数", _FLOATING, "人", "floating_stays"),
    Entry("少数民族流动人口数", _FLOATING, "人", "floating_stays_minority"),
    Entry("少数民族流动人口占比", _FLOATING, "%", "floating_stays_minority"),
    Entry("流动人口来源省份数", _FLOATING, "个", "floating_provinces"),
    Entry("本年来社区流动人口数", _FLOATING, "人", "floating_arrivals"),
    Entry("本年离开流动人口数", _FLOATING, "人", "floating_departures"),
    Entry("服务少数民族流动人口数", _FLOATING, "人", "floating_served_minority"),
    Entry("{民族}流动人口数", _FLOATING, "人", "floating_stays_ethnicity:{code}"),
    # 困难家庭 (residents.hardship.selectors; reports/registers.py hardship_provider)
    Entry("困难家庭户数", _HARDSHIP, "户", "hardship_households"),
    Entry("困难家庭人口", _HARDSHIP, "人", "hardship_persons"),
    Entry("少数民族困难家庭户数", _HARDSHIP, "户", "hardship_minority_households"),
    Entry("少数民族困难家庭人口", _HARDSHIP, "人", "hardship_minority_persons"),
    Entry("结对帮扶户数", _HARDSHIP, "户", "hardship_paired"),
    Entry("未结对困难家庭户数", _HARDSHIP, "户", "hardship_unpaired"),
    Entry("结对帮扶占比", _HARDSHIP, "%", "hardship_paired"),
    Entry("本年帮扶次数", _HARDSHIP, "次", "hardship_help"),
    Entry("本年帮扶金额", _HARDSHIP, "元", "hardship_help_amount"),
    Entry("本年街道帮扶金额", _HARDSHIP, "元", "hardship_help_amount:street"),
    Entry("本年共建单位帮扶金额", _HARDSHIP, "元", "hardship_help_amount:partner"),
    Entry("本年党员捐款帮扶金额", _HARDSHIP, "元", "hardship_help_amount:party"),
    Entry("本年社会组织帮扶金额", _HARDSHIP, "元", "hardship_help_amount:social"),
    Entry("本年其他帮扶金额", _HARDSHIP, "元", "hardship_help_amount:other"),
    # 信息报送 (reports.information.selectors; reports/information/figures.py)
    Entry("信息报送件数", _INFORMATION, "件", "information"),
    Entry("民族宗教动态信息件数", _INFORMATION, "件", "information:ethnic_religious"),
    Entry("矛盾纠纷苗头信息件数", _INFORMATION, "件", "information:dispute"),
    Entry("重要活动信息件数", _INFORMATION, "件", "information:event"),
    Entry("其他信息件数", _INFORMATION, "件", "information:other"),
    # 宗教事务联络, 清真食品监管, 民族团结进步创建, 协会与队伍: each defined once with its name, unit and rows
    # in outreach/selectors/figures.py (_DEFS), counted on the rows outreach:figure_rows lists.
    *(
        Entry(d.name, "outreach.selectors.figures.register_figures", d.unit, outreach_rows=d.key)
        for d in outreach_registers_figures.FIGURES.values()
    ),
]

#: Name → entry (the ``{民族}`` entries are matched by :func:`entry_for`).
BY_NAME: dict[str, Entry] = {e.name: e for e in ENTRIES if "{民族}" not in e.name}
PER_ETHNICITY = [e for e in ENTRIES if "{民族}" in e.name]
assert len(BY_NAME) + len(PER_ETHNICITY) == len(ENTRIES), "a figure is listed once"


def _pattern(template: str) -> str:
    return (
        "^"
        + re.escape(template)
        .replace(re.escape("{民族}"), "(?P<group>.+)")
        .replace(re.escape("{code}"), "(?P<code>[^:]+)")
        + "$"
    )


def entry_for(name: str, rows_key: str = "") -> Entry | None:
    """The entry listing the figure ``name`` (a per-ethnicity one by its name and rows key), or None."""
    if name in BY_NAME:
        return BY_NAME[name]
    for entry in PER_ETHNICITY:
        if re.match(_pattern(entry.name), name) and re.match(_pattern(entry.rows), rows_key):
            return entry
    return None


# --- what gives the figures, lists their rows, and shows them -----------------------------------------

#: Functions ``(community, on, year) -> {name: Figure}``; a later one's name wins (none is given twice).
PROVIDERS: list[Callable[[Community, date, int], dict]] = [
    lambda community, on, year: figures.population(community, on),
    lambda community, on, year: figures.registry_extras(community, on),
    providers.outreach_provider,
    providers.welfare_provider,
    registers.floating_provider,
    registers.hardship_provider,
    outreach_registers.registers_provider,
    information.provider,
]

#: Rows key → how to list the rows behind the figures citing it.
ROWS: dict[str, Rows] = {}
for _rows in (figures.RESIDENT_ROWS, OUTREACH_ROWS, WELFARE_ROWS, registers.ROWS, information.ROWS):
    if ROWS.keys() & _rows.keys():
        raise ValueError(f"rows {sorted(ROWS.keys() & _rows.keys())} listed twice")
    ROWS.update(_rows)

#: The community dashboard's sections after the population: ``(community, on, year, figures, data)``.
SECTIONS = [
    providers.welfare_section,
    providers.outreach_section,
    registers.registers_section,
    outreach_registers.registers_section,
    information.section,
]

#: The street office's completeness checks: ``(street, on, year) -> {"title", "rows": [(community, value, ok)]}``.
COMPLETENESS = [
    *providers.COMPLETENESS_CHECKS,
    registers.check_pairing,
    outreach_registers.check_joint_visits,
]


def community_figures(community: Community, on: date, year: int | None = None) -> dict:
    """All figures of a community on the reference date ``on`` (and its year's activity)."""
    year = year or on.year
    out = {}
    for provider in PROVIDERS:
        out.update(provider(community, on, year))
    return out


def rows_for(rows_key: str, community: Community, on: date, year: int | None = None) -> tuple[Rows, QuerySet]:
    """The definition and the queryset behind ``rows_key`` (``"ethnicity:03"`` carries an argument).

    Raises KeyError for an unknown key and ValueError for an argument that names nothing.
    """
    key, _, arg = rows_key.partition(":")
    rows = ROWS[key]
    return rows, rows.queryset(Scope(community, on, year or on.year), arg)


__all__ = [
    "ENTRIES",
    "Entry",
    "Figure",
    "PROVIDERS",
    "ROWS",
    "SECTIONS",
    "COMPLETENESS",
    "community_figures",
    "entry_for",
    "rows_for",
]
