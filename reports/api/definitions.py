"""What each published figure counts, in the words of DOMAIN.md's counting rules (text only).

The counting itself lives in the apps' selectors (each figure's owner: ``reports/registry.py``, which
lists every figure); the API only says what a name means. A figure that carries its own ``definition`` (the
registers of ``outreach/selectors/figures.py``) wins over this table. ``tests/reports/test_registry.py``
holds this table and the registry to each other.
"""

import re

from reports.information.figures import DEFINITIONS as INFORMATION

REFERENCE = "统计截止日当天台帐所载"
ACTIVITY = "当年1月1日至统计截止日"
# A benefit type the community never recorded a case of is a gap (null), never 0.
NEVER_RECORDED = "本社区从未登记该类救助时为空（缺项不计为0）。"

DEFINITIONS = {
    "常住户数": f"{REFERENCE}至少有一名在册常住成员的户数。",
    "常住人口": f"{REFERENCE}户籍类型为常住的在册居民人数（不含流动人口）。",
    "少数民族户数": f"{REFERENCE}至少有一名在册常住成员为少数民族（非汉族）的户数；民汉合居户计一户。",
    "少数民族人口": f"{REFERENCE}常住人口中民族不是汉族（代码01）的人数。",
    "少数民族占比": "少数民族人口占常住人口的百分比，保留一位小数，四舍五入。",
    "流动人口": f"{REFERENCE}户籍类型为流动的在册居民人数，与常住人口分列。",
    "少数民族数": "常住人口中出现的少数民族种数。",
    "网格数": "社区划分的网格数。",
    "片格数": "社区划分的片格数。",
    "小区数": "社区内小区数（一个小区跨多个网格时计一个）。",
    "楼栋数": "社区内楼栋数（按不同楼栋计）。",
    "党员人数": "常住人口中的中共党员和预备党员人数。",
    "离退休干部人数": "常住人口中登记为离退休干部的人数。",
    "残疾人数": "常住人口中登记为残疾人的人数。",
    "辖区面积": "社区基本情况登记的辖区面积；未登记时为空（缺项不计为0）。",
    "少数民族困难家庭人数": "常住人口中列入少数民族困难家庭台帐的人数。",
    "下岗失业人数": "常住人口中列入下岗失业台帐的少数民族人数。",
    "德高望重离退休人员数": "常住人口中列入德高望重离退休人员台帐的人数。",
    "低保人数": "统计截止日在享的低保人数（按截止日当天的审批状态：已批准、开始日不晚于截止日、结束日晚于截止日）。"
    + NEVER_RECORDED,
    "低保户数": "统计截止日在享低保的户数。" + NEVER_RECORDED,
    "少数民族低保人数": "统计截止日在享低保的少数民族人数。" + NEVER_RECORDED,
    "少数民族低保户数": "统计截止日在享低保的少数民族户数。" + NEVER_RECORDED,
    "少数民族低保人数占比": "少数民族低保人数占全部低保人数的百分比。" + NEVER_RECORDED,
    # 廉租房 is a household's benefit: its persons are the covered households' 常住 members on the register.
    "廉租房户数": "统计截止日享受廉租房租赁补贴的户数（实物配租另计）。" + NEVER_RECORDED,
    "廉租房人数": "统计截止日享受廉租房租赁补贴各户的在册常住成员人数（无户的案件计其本人）。"
    + NEVER_RECORDED,
    "少数民族廉租房户数": "统计截止日享受廉租房租赁补贴、至少有一名在册常住成员为少数民族的户数。"
    + NEVER_RECORDED,
    "少数民族廉租房人数": "统计截止日享受廉租房租赁补贴各户中少数民族在册常住成员人数。" + NEVER_RECORDED,
    "少数民族廉租房户数占比": "少数民族廉租房（租赁补贴）户数占全部租赁补贴户数的百分比。" + NEVER_RECORDED,
    "实物配租户数": "统计截止日已入住廉租房（实物配租，入住日期不晚于截止日）的户数。" + NEVER_RECORDED,
    "实物配租人数": "统计截止日已入住廉租房（实物配租）各户的在册常住成员人数。" + NEVER_RECORDED,
    "少数民族实物配租户数": "统计截止日已入住廉租房（实物配租）、至少有一名在册常住成员为少数民族的户数。"
    + NEVER_RECORDED,
    "少数民族实物配租人数": "统计截止日已入住廉租房（实物配租）各户中少数民族在册常住成员人数。"
    + NEVER_RECORDED,
    "准备入住户数": "截至统计截止日已批准实物配租、入住日期在截止日之后（准备入住）的户数。" + NEVER_RECORDED,
    "准备入住人数": "准备入住廉租房各户的在册常住成员人数。" + NEVER_RECORDED,
    "少数民族准备入住户数": "准备入住廉租房、至少有一名在册常住成员为少数民族的户数。" + NEVER_RECORDED,
    "少数民族准备入住人数": "准备入住廉租房各户中少数民族在册常住成员人数。" + NEVER_RECORDED,
    "少数民族助学人数": "统计截止日在享助学的少数民族人数。" + NEVER_RECORDED,
    "少数民族助学金额": "统计截止日在享助学的少数民族学生的助学金额合计（元，取整）。" + NEVER_RECORDED,
    "医保人数": "统计截止日在享医保救助的人数。" + NEVER_RECORDED,
    "少数民族医保人数": "统计截止日在享医保救助的少数民族人数。" + NEVER_RECORDED,
    "少数民族医保人数占比": "少数民族医保人数占全部医保人数的百分比。" + NEVER_RECORDED,
    "少数民族就业人数": "统计截止日在享就业帮扶的少数民族人数。" + NEVER_RECORDED,
    "辖区单位数": "登记的辖区单位总数（机关、学校、医院、非公经济和新社会组织、个体商业网点）。",
    "机关单位数": "登记的辖区机关单位数。",
    "学校数": "登记的辖区学校数。",
    "医院数": "登记的辖区医院数。",
    "非公有制经济组织和新社会组织数": "登记的辖区非公有制经济组织和新社会组织数。",
    "个体商业网点数": "登记的辖区个体商业网点数。",
    "志愿者队伍数": "在册的志愿者队伍数。",
    "志愿者人数": "在册志愿者队伍的成员人数（登记成员与未登记成员之和）。",
    "一格十员人数": "网格“一格十员”登记人数。",
    "领导小组组长": "民族工作领导小组组长；未登记时为空（缺项，报告略去该句）。",
    "领导小组人数": "民族工作领导小组成员人数。",
    "活动场次": f"{ACTIVITY}已举办的民族团结活动场次。",
    "计划活动项数": "当年年度工作计划安排的活动项数（含批准后取消的项目）；尚未建立计划时为空（缺项）。",
    "计划活动已举办项数": f"当年计划活动中，{ACTIVITY}已举办（有对应的已举办活动）且未取消的项数。",
    "计划活动未举办项数": "当年计划活动中，所在月份已过（统计截止日前）而未举办的项数，加上已取消的项数；各项原因见未举办表。",
    "计划外活动场次": f"{ACTIVITY}已举办、未对应当年计划任何项目的活动场次。",
    "座谈会场次": f"{ACTIVITY}已举办的座谈会场次。",
    "节日活动场次": f"{ACTIVITY}已举办的节日活动场次。",
    "活动参与人数": f"{ACTIVITY}已举办活动的参加人数（登记参加者与其他参加人数之和）。",
    "横幅数": f"{ACTIVITY}宣传横幅条数。",
    "展板数": f"{ACTIVITY}宣传展板块数。",
    "宣传资料数": f"{ACTIVITY}发放宣传资料份数。",
    "知识答题数": f"{ACTIVITY}知识答题份数。",
    "走访次数": f"{ACTIVITY}登记的走访次数（各类走访合计）。",
    "纠纷件数": f"{ACTIVITY}受理的矛盾纠纷件数。",
    "已化解件数": "上述纠纷中已化解的件数。",
    "小区化解件数": "已办结纠纷中在小区层级化解的件数。",
    "小区化解占比": "小区化解件数占已办结纠纷件数的百分比。",
    "社区内化解件数": "已办结纠纷中在小区或社区层级化解的件数。",
    "社区内化解占比": "社区内化解件数占已办结纠纷件数的百分比。",
    "纠纷化解率": "已化解纠纷件数占受理纠纷件数的百分比（与报告正文同一口径）。",
    "纠纷结案率": "已办结（已化解或已上报）纠纷件数占受理纠纷件数的百分比。",
    "已办结件数": "受理纠纷中已办结（已化解或已上报）的件数。",
    "在办件数": "受理纠纷中尚在办理的件数。",
    "帮教走访次数": f"{ACTIVITY}对社区矫正和帮教对象的走访次数。",
    "联合走访次数": f"{ACTIVITY}与清真寺等宗教场所联合走访的次数。",
    "困难家庭走访次数": f"{ACTIVITY}对困难家庭的走访次数。",
    "登记流动人口数": f"{REFERENCE}在流动人口登记簿中、已来社区且尚未离开的人数。",
    "少数民族流动人口数": f"{REFERENCE}登记在册的流动人口中少数民族人数。",
    "少数民族流动人口占比": "少数民族流动人口占登记流动人口的百分比。",
    "流动人口来源省份数": f"{REFERENCE}登记在册的流动人口来自的省份数。",
    "本年来社区流动人口数": f"{ACTIVITY}来社区登记的流动人口人数。",
    "本年离开流动人口数": f"{ACTIVITY}离开社区的流动人口人数。",
    "服务少数民族流动人口数": f"{ACTIVITY}接受过服务登记的少数民族流动人口人数。",
    "困难家庭户数": f"{REFERENCE}在册的困难家庭户数（按户计）。",
    "困难家庭人口": f"{REFERENCE}在册困难家庭的在册成员人数。",
    "少数民族困难家庭户数": f"{REFERENCE}至少有一名少数民族成员的困难家庭户数。",
    "少数民族困难家庭人口": f"{REFERENCE}少数民族困难家庭的在册成员人数。",
    "结对帮扶户数": f"{REFERENCE}已有结对帮扶人的困难家庭户数。",
    "未结对困难家庭户数": f"{REFERENCE}尚无结对帮扶人的困难家庭户数。",
    "结对帮扶占比": "结对帮扶户数占困难家庭户数的百分比。",
    "本年帮扶次数": f"{ACTIVITY}对困难家庭的帮扶次数。",
    "本年帮扶金额": f"{ACTIVITY}帮扶困难家庭的金额合计（元）。",
    "本年街道帮扶金额": f"{ACTIVITY}街道提供的帮扶金额（元）。",
    "本年共建单位帮扶金额": f"{ACTIVITY}共建单位提供的帮扶金额（元）。",
    "本年党员捐款帮扶金额": f"{ACTIVITY}党员捐款的帮扶金额（元）。",
    "本年社会组织帮扶金额": f"{ACTIVITY}社会组织提供的帮扶金额（元）。",
    "本年其他帮扶金额": f"{ACTIVITY}其他来源的帮扶金额（元）。",
    "上访件数": "受理纠纷中当事人到上级部门上访的件数。",
}


def _information_definitions() -> dict:
    return INFORMATION


DEFINITIONS.update(_information_definitions())

GROUP_HOUSEHOLDS = re.compile(r"^(?P<group>.+族)户数$")
GROUP_PERSONS = re.compile(r"^(?P<group>.+族)人口$")


def definition_of(figure) -> str:
    """The definition of a registry figure ("" when none is written yet)."""
    own = getattr(figure, "definition", "")
    if own:
        return str(own)
    if figure.name in DEFINITIONS:
        return DEFINITIONS[figure.name]
    if m := GROUP_HOUSEHOLDS.match(figure.name):
        return f"{REFERENCE}至少有一名在册常住成员为{m['group']}的户数（多民族户在各民族下各计一次）。"
    if m := GROUP_PERSONS.match(figure.name):
        return f"{REFERENCE}常住人口中{m['group']}人数。"
    return ""
