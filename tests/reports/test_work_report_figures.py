"""Each figure of the work report against a hand-counted community: mixed-ethnicity households,
moved-out and deceased residents, floating residents, ended welfare cases, propaganda and disputes."""

from datetime import date

from outreach.models import Dispute, Propaganda
from reports.exporters import get_exporter
from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory, btype

ON = date(2026, 6, 30)


def test_every_figure_of_the_work_report_matches_the_hand_count(world):
    a = world.a
    mixed = HouseholdFactory(community=a)  # 汉 + 回: one minority household, under 回族
    han_head = ResidentFactory(household=mixed, ethnicity="01", political_status="party")
    hui_wife = ResidentFactory(household=mixed, ethnicity="03", relation="spouse", sex="F", is_hardship=True)
    dx = HouseholdFactory(community=a)  # 东乡族, with a floating relative and a deceased grandfather
    dx_head = ResidentFactory(household=dx, ethnicity="26", is_disabled=True)
    ResidentFactory(household=dx, ethnicity="26", relation="other", residence_type="floating")
    ResidentFactory(
        household=dx, ethnicity="26", relation="grandparent", status="deceased", status_date=date(2026, 2, 1)
    )
    han = HouseholdFactory(community=a)  # 汉, one moved out before the reference date, one after
    han_only = ResidentFactory(
        household=han, ethnicity="01", is_unemployed=True
    )  # the ledger is of minorities
    ResidentFactory(
        household=han, ethnicity="01", relation="son", status="moved_out", status_date=date(2026, 1, 5)
    )
    ResidentFactory(
        household=han, ethnicity="03", relation="other", status="moved_out", status_date=date(2026, 8, 1)
    )

    CaseFactory(resident=hui_wife, start_on=date(2025, 1, 1))  # 低保, minority
    CaseFactory(resident=han_only, start_on=date(2025, 1, 1))  # 低保, Han
    CaseFactory(
        resident=dx_head, status="ended", start_on=date(2024, 1, 1), end_on=date(2025, 12, 31)
    )  # ended
    CaseFactory(resident=dx_head, type=btype("housing"), housing_mode="subsidy", start_on=date(2025, 5, 1))
    CaseFactory(resident=han_head, type=btype("housing"), housing_mode="in_kind", start_on=date(2025, 5, 1))
    # a flat allotted, moving in after the reference date (准备入住); its household still has the 回族 member
    CaseFactory(resident=han_only, type=btype("housing"), housing_mode="in_kind", start_on=date(2026, 9, 1))
    CaseFactory(resident=hui_wife, type=btype("medical_insurance"), start_on=date(2026, 1, 1))
    CaseFactory(resident=han_head, type=btype("medical_insurance"), start_on=date(2026, 1, 1))
    CaseFactory(resident=han_only, type=btype("medical_insurance"), start_on=date(2026, 1, 1))
    CaseFactory(resident=hui_wife, type=btype("student_aid"), amount=3000, start_on=date(2026, 3, 1))
    Propaganda.objects.create(
        community=a, date=date(2026, 4, 1), subject="民族团结", banners=2, boards=1, leaflets=300, quizzes=50
    )
    Propaganda.objects.create(community=a, date=date(2025, 4, 1), subject="去年", banners=9)  # another year
    Dispute.objects.create(
        community=a,
        received_on=date(2026, 3, 1),
        summary="邻里",
        category="neighbour",
        status="resolved",
        settled_level="compound",
        resolution="调解",
        closed_on=date(2026, 3, 5),
    )
    Dispute.objects.create(
        community=a,
        received_on=date(2026, 4, 1),
        summary="物业",
        category="property",
        status="resolved",
        settled_level="community",
        resolution="调解",
        closed_on=date(2026, 4, 9),
    )
    Dispute.objects.create(
        community=a,
        received_on=date(2026, 5, 1),
        summary="上访",
        category="other",
        status="reported",
        is_petition=True,
        closed_on=date(2026, 5, 2),
    )
    Dispute.objects.create(
        community=a, received_on=date(2026, 6, 1), summary="未结", category="family", status="accepted"
    )

    f = get_exporter("work-report")(community=a).figures({"year": 2026, "date": ON.isoformat()})
    shown = {name: f[name].display for name in EXPECTED}
    assert shown == EXPECTED
    # 就业帮扶 and 大病医疗救助 were never recorded here: a gap, not 0 (the table leaves their rows out)
    assert f["少数民族就业人数"].value is None
    table = {row[0]: [getattr(c, "value", c) for c in row[1:]] for row in f["_welfare_table"]["rows"]}
    assert table["就业帮扶"] == [None, None, None, None, "—"]
    assert table["廉租房实物配租（已入住）"] == [2, 1, 1, 1, "50.0%"]  # persons beside households
    assert table["廉租房实物配租（准备入住）"] == [2, 1, 1, 1, "50.0%"]
    assert table["廉租房租赁补贴"] == [1, 1, 1, 1, "100.0%"]


EXPECTED = {
    # 常住: han_head, hui_wife, dx_head, han_only, and the 回族 resident moving out only in August → 5 persons in 3 households
    "常住人口": "5",
    "常住户数": "3",
    "少数民族人口": "3",  # hui_wife, dx_head, the 回族 leaving in August
    "少数民族户数": "3",
    "少数民族占比": "60.0%",
    "回族人口": "2",
    "回族户数": "2",
    "东乡族人口": "1",
    "流动人口": "1",
    "党员人数": "1",
    "残疾人数": "1",
    "少数民族困难家庭人数": "1",
    "下岗失业人数": "0",  # han_only is Han: the 下岗失业 ledger is of minority residents
    "低保人数": "2",
    "少数民族低保人数": "1",
    "少数民族低保户数": "1",
    "少数民族低保人数占比": "50.0%",
    "廉租房户数": "1",  # rent subsidy only; the in-kind flat is not a subsidy
    "廉租房人数": "1",  # dx household: its floating relative is not 常住, the grandfather died
    "少数民族廉租房户数": "1",
    "少数民族廉租房人数": "1",
    "少数民族廉租房户数占比": "100.0%",
    "实物配租户数": "1",  # the mixed household moved in: both members are covered
    "实物配租人数": "2",
    "少数民族实物配租户数": "1",  # its 回族 member makes it a minority household (the holder is Han)
    "少数民族实物配租人数": "1",
    "准备入住户数": "1",  # han's flat from September; the 回族 member leaves only in August
    "准备入住人数": "2",
    "少数民族准备入住户数": "1",
    "少数民族准备入住人数": "1",
    "医保人数": "3",
    "少数民族医保人数": "1",
    "少数民族医保人数占比": "33.3%",
    "少数民族助学人数": "1",
    "少数民族助学金额": "3000",
    "横幅数": "2",
    "展板数": "1",
    "宣传资料数": "300",
    "知识答题数": "50",
    "纠纷件数": "4",
    "已化解件数": "2",
    "小区化解件数": "1",
    "小区化解占比": "33.3%",  # of the 3 closed cases
    "社区内化解件数": "2",
    "社区内化解占比": "66.7%",
    "上访件数": "1",
}
