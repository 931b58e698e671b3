"""Demo grid trees (called by ``seed_demo``): 华林山社区's seven grids and a smaller 小北沟社区.

Every level of the "five-in-one" chain is filled in, except a handful of links left unassigned on
purpose so that the gap view has something to show. Idempotent: a community that already has grids
is left alone.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from community.models import User

from .models import Building, Compound, Grid, OwnersCommittee, SubGrid, Unit

SEED = 20110328  # the date of the 华林山 report: the tree is the same on every run


@dataclass
class CompoundSpec:
    name: str
    subgrid: str | None
    company: str  # "" = no property company: the manager's link is a gap
    manager: str
    buildings: int  # 0 = bungalows (平房), households hang off the compound itself
    units: int = 3
    committee: str | None = ""  # chair's name; None = no owners' committee (a gap)


@dataclass
class GridSpec:
    number: int
    name: str
    cadre_name: str  # "" = left to a demo user or unassigned
    subgrids: list[tuple[str, str]]  # (name, leader)
    compounds: list[CompoundSpec] = field(default_factory=list)


# 华林山社区: seven grids (第一网格…第七网格) over the north slope of 华林山, Lanzhou.
HLS_TREE = [
    GridSpec(
        1,
        "第一网格",
        "",
        [("华林山北片", "马建华"), ("华林路片", "张桂英")],
        [
            CompoundSpec("华林山小区", "华林山北片", "兰州华林物业管理有限公司", "周文斌", 6, 3, "马国栋"),
            CompoundSpec("华林路家属院", "华林路片", "兰州华林物业管理有限公司", "周文斌", 3, 2, "李德明"),
        ],
    ),
    GridSpec(
        2,
        "第二网格",
        "",
        [("雷坛河东片", "杨秀珍"), ("雷坛河西片", "穆永福")],
        [
            CompoundSpec("雷坛河小区", "雷坛河东片", "甘肃安泰物业服务有限公司", "赵海军", 7, 3, "杨振江"),
            CompoundSpec("雷坛河西路家属院", "雷坛河西片", "", "", 3, 2, None),
        ],
    ),
    GridSpec(
        3,
        "第三网格",
        "韩玉梅",
        [("下西园片", "韩志刚"), ("西园新村片", "刘翠兰")],
        [
            CompoundSpec("下西园小区", "下西园片", "兰州城投物业服务有限公司", "王立新", 6, 3, "韩福寿"),
            CompoundSpec("西园新村", "西园新村片", "兰州城投物业服务有限公司", "王立新", 5, 2, "刘长春"),
        ],
    ),
    GridSpec(
        4,
        "第四网格",
        "马秀英",
        [("华林坪片", "马德福"), ("清真寺巷片", "妥进才")],
        [
            CompoundSpec("华林坪家属院", "华林坪片", "甘肃金诚物业管理有限公司", "何永明", 6, 3, "马占林"),
            CompoundSpec("清真寺巷平房区", "清真寺巷片", "", "", 0, 0, None),
        ],
    ),
    GridSpec(
        5,
        "第五网格",
        "穆晓东",
        [("文化宫南片", "穆丽华"), ("电力片", "孙国强")],
        [
            CompoundSpec("文化宫南苑", "文化宫南片", "兰州安居物业有限公司", "陈志远", 6, 3, "穆建国"),
            CompoundSpec("电力家属院", "电力片", "甘肃电力物业服务有限公司", "孙卫东", 4, 2, "孙振华"),
        ],
    ),
    GridSpec(
        6,
        "第六网格",
        "张永红",
        [("建兰片", "冶福林"), ("供销片", "黄淑琴")],
        [
            CompoundSpec("建兰花园", "建兰片", "兰州华林物业管理有限公司", "冯志刚", 6, 3, "冶成虎"),
            CompoundSpec("七里河供销社家属院", "供销片", "", "", 3, 2, "黄家宝"),
        ],
    ),
    GridSpec(
        7,
        "第七网格",
        "妥文华",
        [("华林山南坡片", "妥尕西木"), ("铁路片", "吴建军")],
        [
            CompoundSpec(
                "华林山南坡小区", "华林山南坡片", "甘肃安泰物业服务有限公司", "赵海军", 5, 3, "妥永祥"
            ),
            CompoundSpec("铁路家属院", "铁路片", "兰州铁路物业服务有限公司", "吴海涛", 4, 2, ""),
        ],
    ),
]

# 小北沟社区 (七里河区西园街道, 西园路59号一带): a smaller tree, mostly Han households.
XBG_TREE = [
    GridSpec(
        1,
        "第一网格",
        "王建平",
        [("西园路片", "郭美兰")],
        [
            CompoundSpec("西园路59号院", "西园路片", "兰州鑫源物业有限公司", "赵建军", 8, 3, "郭永胜"),
            CompoundSpec("西园新村", "西园路片", "兰州鑫源物业有限公司", "赵建军", 6, 3, "李文平"),
        ],
    ),
    GridSpec(
        2,
        "第二网格",
        "",
        [("小北沟片", "白翠英")],
        [
            CompoundSpec("小北沟小区", "小北沟片", "七里河区物业服务中心", "侯志强", 8, 3, "白玉山"),
            CompoundSpec("煤机厂家属院", "小北沟片", "", "", 4, 2, None),
        ],
    ),
    GridSpec(
        3,
        "第三网格",
        "",
        [("桃林片", "")],
        [
            CompoundSpec("桃林小区", "桃林片", "兰州华泰物业有限公司", "田俊峰", 6, 3, "田秀珍"),
        ],
    ),
]

# Demo users who answer for grids (cadres) and work in them: (username, community code, grid number).
CADRE_USERS = [("secretary", "HLS", 1), ("staff", "HLS", 2), ("staff_b", "XBG", 2)]
WORKER_USERS = [("grid", "HLS", 1)]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国 秀英 桂兰 志强 玉兰 海燕 丽娟 文华 德明 永红 晓东 春梅 国庆 淑珍 红霞 卫东 小平 金花 凤英 振华 立新 翠兰 俊杰 明亮 美玲 宏伟 志刚 雪梅 长青 瑞芳".split()


def phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "135", "136", "152", "158", "186", "189", "177", "133"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def seed(stdout, communities) -> None:
    """Create the demo grid trees of HLS and XBG (skipping a community that already has grids)."""
    for code, tree, gaps in (("HLS", HLS_TREE, HLS_GAPS), ("XBG", XBG_TREE, XBG_GAPS)):
        community = communities.get(code)
        if community is None:
            continue
        if Grid.objects.filter(community=community).exists():
            stdout.write(f"  网格：{community.name}已有网格，跳过。")
            continue
        with transaction.atomic():
            counts = build_tree(community, tree, gaps, random.Random(f"{SEED}-{code}"))
            assign_users(community, code, random.Random(f"{SEED}-{code}-users"))
        stdout.write(
            f"  网格：{community.name} {counts['grids']}个网格、{counts['compounds']}个小区、"
            f"{counts['buildings']}栋楼、{counts['units']}个单元。"
        )


# Links left unassigned on purpose (the gap view's demo content):
# (compound name, building number) with no 楼长; (compound name, building number, unit number) with no 单元长.
HLS_GAPS = {
    "buildings": {("雷坛河小区", "6"), ("七里河供销社家属院", "2"), ("华林山南坡小区", "5")},
    "units": {
        ("华林山小区", "4", "2"),
        ("下西园小区", "3", "3"),
        ("文化宫南苑", "6", "1"),
        ("建兰花园", "2", "3"),
    },
}
XBG_GAPS = {"buildings": {("小北沟小区", "8")}, "units": {("桃林小区", "5", "2"), ("煤机厂家属院", "1", "1")}}


def build_tree(community, tree: list[GridSpec], gaps: dict, rng: random.Random) -> dict[str, int]:
    """Create the grids, sub-grids, compounds, owners' committees, buildings and units of ``tree``."""
    counts = dict.fromkeys(["grids", "compounds", "buildings", "units"], 0)
    for spec in tree:
        grid = Grid.objects.create(
            community=community,
            number=spec.number,
            name=spec.name,
            cadre_name=spec.cadre_name,
            cadre_phone=phone(rng) if spec.cadre_name else "",
        )
        counts["grids"] += 1
        subgrids = {
            name: SubGrid.objects.create(
                community=community,
                grid=grid,
                name=name,
                leader_name=leader,
                leader_phone=phone(rng) if leader else "",
            )
            for name, leader in spec.subgrids
        }
        for cspec in spec.compounds:
            compound = Compound.objects.create(
                community=community,
                grid=grid,
                subgrid=subgrids.get(cspec.subgrid),
                name=cspec.name,
                property_company=cspec.company,
                property_manager=cspec.manager,
                property_manager_phone=phone(rng) if cspec.manager else "",
            )
            counts["compounds"] += 1
            if cspec.committee is not None:
                members = "、".join(person(rng) for _ in range(4))
                OwnersCommittee.objects.create(
                    compound=compound,
                    name=f"{cspec.name}业主委员会",
                    chair_name=cspec.committee,
                    chair_phone=phone(rng) if cspec.committee else "",
                    members=members,
                    elected_on=date(2010, rng.randint(3, 11), rng.randint(1, 28)),
                )
            buildings = Building.objects.bulk_create(
                Building(
                    community=community,
                    compound=compound,
                    number=str(n),
                    head_name="" if unassigned else person(rng),
                    head_phone="" if unassigned else phone(rng),
                )
                for n in range(1, cspec.buildings + 1)
                for unassigned in [(cspec.name, str(n)) in gaps["buildings"]]
            )
            counts["buildings"] += len(buildings)
            units = []
            for building in buildings:
                for u in range(1, cspec.units + 1):
                    unassigned = (cspec.name, building.number, str(u)) in gaps["units"]
                    units.append(
                        Unit(
                            community=community,
                            building=building,
                            number=str(u),
                            head_name="" if unassigned else person(rng),
                            head_phone="" if unassigned else phone(rng),
                        )
                    )
            Unit.objects.bulk_create(units)
            counts["units"] += len(units)
    return counts


def assign_users(community, code: str, rng: random.Random) -> None:
    """Demo accounts as grid cadres and workers (the ``grid`` persona works in HLS's 第一网格)."""
    for username, where, number in CADRE_USERS:
        user = User.objects.filter(username=username).first()
        if where == code and user is not None:
            Grid.objects.filter(community=community, number=number).update(
                cadre=user, cadre_name="", cadre_phone=phone(rng)
            )
    for username, where, number in WORKER_USERS:
        user = User.objects.filter(username=username).first()
        if where == code and user is not None:
            Grid.objects.get(community=community, number=number).workers.add(user)
