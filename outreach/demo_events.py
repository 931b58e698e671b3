"""The year's demo events of a community (read by ``outreach.demo`` for the held events and by
``outreach.demo_plans`` for the plan they carry out): dates, titles, partners and propaganda.
"""

from dataclasses import dataclass

# Islamic festivals move through the Gregorian year: (开斋节, 古尔邦节).
FESTIVALS = {
    2025: ((3, 31), (6, 6)),
    2026: ((3, 20), (5, 27)),
    2027: ((3, 10), (5, 16)),
    2028: ((2, 27), (5, 5)),
}


@dataclass
class EventSpec:
    type: str
    title: str
    month: int
    day: int
    occasion: str = ""
    place: str = "社区活动室"
    partner: str = ""  # "site", "unit", "team"
    propaganda: tuple[int, int, int, int] | None = None  # banners, boards, leaflets, quizzes


def event_plan(year: int, *, mosque: bool, hls: bool) -> list[EventSpec]:
    eid, kurban = FESTIVALS.get(year, ((4, 10), (6, 16)))
    plan = [
        EventSpec(
            "holiday",
            "“迎新春”各族居民联欢会",
            2,
            8,
            "春节",
            partner="team",
            propaganda=(1, 0, 300, 0) if hls else (1, 0, 120, 0),
        ),
        EventSpec("holiday", "“三八”妇女节少数民族妇女座谈联谊", 3, 8, "三八"),
        EventSpec("job_fair", "春季就业援助月专场招聘会", 3, 15, place="社区广场", partner="unit"),
        EventSpec("symposium", "第一季度民族团结座谈会", 3, 26),
        EventSpec("lecture", "民族政策法规知识讲座", 4, 18, partner="unit"),
        EventSpec("training", "少数民族下岗失业人员技能培训", 5, 20, partner="unit"),
        EventSpec(
            "holiday", "“六一”各族少年儿童游园活动", 6, 1, "六一", place="华林山小学" if hls else "社区广场"
        ),
        EventSpec("symposium", "第二季度民族团结座谈会", 6, 25),
        EventSpec(
            "holiday",
            "“七一”党员重温入党誓词暨民族团结主题党日",
            7,
            1,
            "七一",
            propaganda=(1, 0, 200, 0) if hls else None,
        ),
        EventSpec("clinic", "“健康进社区”义诊", 8, 12, place="社区广场", partner="unit"),
        EventSpec(
            "performance",
            "民族团结进步月文艺演出",
            9,
            20,
            place="社区广场",
            partner="team",
            propaganda=(1, 1, 400, 200) if hls else (1, 1, 150, 60),
        ),
        EventSpec("symposium", "第三季度民族团结座谈会", 9, 24),
        EventSpec(
            "holiday", "“喜迎国庆”各族居民联欢", 9, 29, "国庆", propaganda=(1, 0, 300, 0) if hls else None
        ),
        EventSpec("lecture", "反邪教与宗教政策宣传讲座", 10, 22),
        EventSpec("symposium", "第四季度民族团结座谈会暨年度工作总结", 12, 20),
    ]
    if mosque:
        plan += [
            EventSpec(
                "holiday",
                "开斋节慰问回族困难群众",
                *eid,
                "开斋节",
                place="华林山清真寺",
                partner="site",
                propaganda=(1, 0, 300, 0),
            ),
            EventSpec(
                "holiday", "古尔邦节联合走访慰问", *kurban, "古尔邦节", place="华林山清真寺", partner="site"
            ),
        ]
    return plan
