"""Demo households and residents (called by ``seed_demo`` after the grid trees exist).

华林山社区 (HLS) gets exactly the figures of the seed document under the counting rules of
``selectors.population_figures``: 1517 常住 households, 4101 常住 persons, of whom 1436 in 532
households are 回族, 东乡族, 保安族 or 撒拉族 (35.0%). 小北沟社区 (XBG) gets 1078 households and
2906 persons with the minorities of its essay (回族 10/24, 满族 12/35, 朝鲜族 2/7, 蒙古族 3/5,
锡伯族 1/1). Floating residents, floating-only households and residents who moved away or died
are added around those figures without changing them.

Everything is drawn from a seeded ``random.Random``, so every run gives the same people; rows are
written with ``bulk_create`` (which skips ``save()``: pinyin is computed here) and their "created"
history records copied in one statement, to keep ``seed_demo`` fast. Idempotent: a community
that already has residents is left alone.
"""

import functools
import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from grids.models import Compound, Unit

from . import idnumber
from .ethnicities import HAN
from .models import Household, PoliticalStatus, Relation, ResidenceType, Resident, ResidentStatus
from .pinyin import name_pinyin
from .registers_demo import seed as seed_registers

# Ages and dates are reckoned from a fixed day so that every run gives the same residents.
REFERENCE = date(2025, 6, 30)
BATCH = 500
CHANGE_REASON = "演示数据"

HUI, DONGXIANG, BONAN, SALAR = "03", "26", "47", "35"
MONGOL, KOREAN, MANCHU, XIBE = "02", "10", "11", "38"


@dataclass
class CommunityPlan:
    """How a community's demo population is made up.

    ``households`` is a list of ethnic compositions, one per counted household: ``((code, n), ...)``
    with n active 常住 members of ethnicity ``code``; a mixed composition puts the head in the first
    group and the spouse in the second.
    """

    area: str  # the ID numbers' area code
    households: list[tuple[tuple[str, int], ...]]
    floating_households: int  # households with floating members only (they are not counted)
    floating_members: int  # floating members added to counted households
    moved_out: int
    deceased: int
    hardship: dict[str, int]  # "minority"/"han" → number of hardship households
    religious: int
    minority_reps: int
    correction: int
    phone_area: str  # landline prefix
    heavy_grids: set[int] = field(default_factory=set)  # grids where minority households cluster


def partition(rng: random.Random, n: int, total: int) -> list[int]:
    """``n`` household sizes (1–7) that add up to exactly ``total``."""
    sizes = rng.choices([1, 2, 3, 4, 5, 6], weights=[12, 28, 30, 18, 8, 4], k=n)
    while sum(sizes) > total:
        i = rng.randrange(n)
        if sizes[i] > 1:
            sizes[i] -= 1
    while sum(sizes) < total:
        i = rng.randrange(n)
        if sizes[i] < 7:
            sizes[i] += 1
    return sizes


def hls_plan(rng: random.Random) -> CommunityPlan:
    """1517 households / 4101 persons; 532 minority households / 1436 minority persons (35.0%)."""
    households: list[tuple[tuple[str, int], ...]] = []
    # Han–Hui families: counted once among minority households and under 回族; their Han members
    # are not minority persons.
    han_hui = [rng.choice([(1, 1), (1, 2), (2, 1), (1, 3), (2, 2)]) for _ in range(14)]
    households += [((HAN, han), (HUI, hui)) for han, hui in han_hui]
    minority_total = 1436 - sum(hui for _han, hui in han_hui)
    han_total = 4101 - 1436 - sum(han for han, _hui in han_hui)
    minority_sizes = partition(rng, 532 - len(han_hui), minority_total)
    mixed_done = 0
    for size in minority_sizes:
        if size >= 3 and mixed_done < 6:  # Hui–Dongxiang families count under both
            households.append(((HUI, size - 1), (DONGXIANG, 1)))
            mixed_done += 1
            continue
        code = rng.choices([HUI, DONGXIANG, BONAN, SALAR], weights=[80, 10, 4, 6])[0]
        households.append(((code, size),))
    households += [((HAN, size),) for size in partition(rng, 1517 - 532, han_total)]
    rng.shuffle(households)
    return CommunityPlan(
        area="620103",
        households=households,
        floating_households=18,
        floating_members=52,
        moved_out=46,
        deceased=31,
        hardship={"minority": 150, "han": 170},
        religious=9,
        minority_reps=16,
        correction=4,
        phone_area="0931",
        heavy_grids={3, 4, 5, 7},
    )


# 小北沟社区's minorities: (code, minority members, Han members) per household.
XBG_MINORITY_HOUSEHOLDS = [
    (HUI, 2, 0),
    (HUI, 3, 0),
    (HUI, 3, 0),
    (HUI, 2, 1),
    (HUI, 3, 0),
    (HUI, 2, 0),
    (HUI, 4, 0),
    (HUI, 1, 2),
    (HUI, 2, 0),
    (HUI, 2, 0),
    (MANCHU, 3, 0),
    (MANCHU, 4, 0),
    (MANCHU, 2, 1),
    (MANCHU, 3, 0),
    (MANCHU, 1, 2),
    (MANCHU, 4, 0),
    (MANCHU, 3, 0),
    (MANCHU, 2, 0),
    (MANCHU, 5, 0),
    (MANCHU, 3, 0),
    (MANCHU, 1, 1),
    (MANCHU, 4, 0),
    (KOREAN, 4, 0),
    (KOREAN, 3, 0),
    (MONGOL, 2, 0),
    (MONGOL, 2, 0),
    (MONGOL, 1, 2),
    (XIBE, 1, 2),
]
XBG_HOUSEHOLDS, XBG_PERSONS = 1078, 2906


def xbg_plan(rng: random.Random) -> CommunityPlan:
    households: list[tuple[tuple[str, int], ...]] = []
    for code, n_min, n_han in XBG_MINORITY_HOUSEHOLDS:
        if n_han and n_min >= n_han:
            households.append(((code, n_min), (HAN, n_han)))
        elif n_han:
            households.append(((HAN, n_han), (code, n_min)))
        else:
            households.append(((code, n_min),))
    counted = sum(n for composition in households for _code, n in composition)
    han_sizes = partition(rng, XBG_HOUSEHOLDS - len(households), XBG_PERSONS - counted)
    households += [((HAN, size),) for size in han_sizes]
    rng.shuffle(households)
    return CommunityPlan(
        area="140302",
        households=households,
        floating_households=12,
        floating_members=38,
        moved_out=33,
        deceased=22,
        hardship={"minority": 4, "han": 64},
        religious=1,
        minority_reps=3,
        correction=2,
        phone_area="0353",
    )


# --- names ------------------------------------------------------------------------------------

SURNAMES = {
    HAN: "王李张刘陈杨赵黄周吴徐孙朱胡郭何高林罗郑梁谢宋唐韩冯于董程曹袁邓许傅沈彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹易常武乔贺赖龚文",
    HUI: "马马马马马马马穆韩妥冶喇沙白哈丁海锁米拜虎纳金杨马马",
    DONGXIANG: "马马妥汪唐何马赵",
    BONAN: "马韩何妥喇马",
    SALAR: "韩马沈冶喇韩马",
    MANCHU: "关佟赵金那富白关",
    KOREAN: "金朴李崔郑",
    MONGOL: "包白宝鲍韩",
    XIBE: "关吴佟",
}
# Shanxi's common surnames for 小北沟社区's Han residents.
SURNAMES_XBG_HAN = "王李张刘郭赵杨武侯白田梁高吴史孙韩乔贾段程任马阎"

GIVEN = {
    # (born before 1965, 1965–1994, 1995 on) × (male, female)
    "old": (
        "建国 国强 德明 长林 福寿 永福 振华 国庆 文斌 占林 成虎 学礼 有才 进才 宝山 志忠 玉山 建华".split(),
        "秀英 桂兰 玉兰 凤英 淑珍 翠兰 秀珍 桂英 玉梅 素芳 兰英 春花 金花 玉珍 秀兰 淑琴".split(),
    ),
    "mid": (
        "伟 磊 强 军 勇 斌 海军 志强 晓东 卫东 建军 永红 海涛 志刚 俊峰 文华 立新 国栋 永祥 宏伟".split(),
        "丽 娟 静 艳 敏 燕 海燕 红霞 丽华 晓燕 春梅 雪梅 美玲 丽娟 小红 晓丽 瑞芳 翠萍".split(),
    ),
    "young": (
        "浩然 宇轩 子涵 俊熙 思远 宇航 一鸣 博文 子豪 浩宇 天佑 明轩 嘉豪 振宇 文博 梓豪".split(),
        "欣怡 雨桐 一诺 佳琪 梓涵 诗涵 可馨 思彤 紫萱 雨欣 梦瑶 佳怡 雅婷 若曦 语桐 心怡".split(),
    ),
}
# Given names heard in Hui, Dongxiang, Bonan and Salar families (经名 and local forms).
GIVEN_MUSLIM = (
    "尕西木 伊布拉 阿里 哈克 尕林 努海 尔撒 穆萨 优素福 尕卜 海洛".split(),
    "法图麦 阿依舍 麦燕 尕乃 哈蒂杰 米乃 索菲亚".split(),
)
MUSLIM = {HUI, DONGXIANG, BONAN, SALAR}


def given_name(rng: random.Random, sex: str, birth: date, code: str) -> str:
    male = sex == "M"
    if code in MUSLIM and rng.random() < 0.12:
        return rng.choice(GIVEN_MUSLIM[0 if male else 1])
    era = "old" if birth.year < 1965 else "mid" if birth.year < 1995 else "young"
    return rng.choice(GIVEN[era][0 if male else 1])


def surname(rng: random.Random, code: str, area: str) -> str:
    if code == HAN and area == "140302":
        return rng.choice(SURNAMES_XBG_HAN)
    return rng.choice(SURNAMES.get(code, SURNAMES[HAN]))


# --- households -------------------------------------------------------------------------------


@dataclass
class Person:
    relation: str
    sex: str
    age: int
    code: str = HAN
    surname: str = ""
    residence_type: str = ResidenceType.REGISTERED
    status: str = ResidentStatus.ACTIVE
    status_date: date | None = None
    moved_in_on: date | None = None


def structure(rng: random.Random, size: int, *, couple: bool = False) -> list[Person]:
    """A plausible family of ``size``: head, spouse, children, then the head's parents or others.

    Elderly heads of large households live with a married son and his children.
    """
    if size == 1:
        age = rng.choice([rng.randint(58, 90), rng.randint(58, 90), rng.randint(23, 45)])
        return [Person(Relation.HEAD, rng.choice("MF"), age)]
    with_spouse = couple or rng.random() < 0.88
    if size >= 5 and rng.random() < 0.45:
        head_age = rng.randint(60, 82)
    elif size == 2 and not with_spouse:
        head_age = rng.randint(45, 85)
    else:
        head_age = rng.randint(28, 72)
    head_sex = (
        "M" if (with_spouse and rng.random() < 0.8) or (not with_spouse and rng.random() < 0.4) else "F"
    )
    people = [Person(Relation.HEAD, head_sex, head_age)]
    if with_spouse:
        spouse_age = max(20, head_age + rng.randint(-6, 3) * (1 if head_sex == "M" else -1))
        people.append(Person(Relation.SPOUSE, "F" if head_sex == "M" else "M", spouse_age))
    if head_age >= 58 and size - len(people) >= 3:
        son_age = head_age - rng.randint(24, 32)
        people.append(Person(Relation.SON, "M", son_age))
        people.append(Person(Relation.CHILD_IN_LAW, "F", max(20, son_age + rng.randint(-4, 1))))
        for _ in range(min(3, size - len(people))):
            people.append(
                Person(Relation.GRANDCHILD, rng.choice("MF"), max(0, son_age - rng.randint(22, 34)))
            )
    children = 0
    while len(people) < size and children < 3 and head_age >= 22:
        sex = rng.choice("MF")
        age = max(0, head_age - rng.randint(22, 36))
        people.append(Person(Relation.SON if sex == "M" else Relation.DAUGHTER, sex, age))
        children += 1
    while len(people) < size:
        if head_age <= 60 and rng.random() < 0.8:
            people.append(Person(Relation.PARENT, rng.choice("MF"), min(98, head_age + rng.randint(22, 32))))
        else:
            people.append(Person(rng.choice([Relation.SIBLING, Relation.OTHER]), rng.choice("MF"), head_age))
    return people


def compose(rng: random.Random, composition: tuple[tuple[str, int], ...], area: str) -> list[Person]:
    """One counted household of the given ethnic composition, with surnames along the family lines."""
    size = sum(n for _code, n in composition)
    people = structure(rng, size, couple=len(composition) > 1)
    codes = []
    if len(composition) > 1:
        (first, n_first), (second, n_second) = composition
        # The head in the first group, the spouse in the second; minority children before Han ones.
        rest = [(first, n_first - 1), (second, n_second - 1)]
        rest.sort(key=lambda item: item[0] == HAN)
        codes = [first, second] + [code for code, n in rest for _ in range(n)]
    else:
        codes = [composition[0][0]] * size
    for person, code in zip(people, codes, strict=True):
        person.code = code
    head = people[0]
    head.surname = surname(rng, head.code, area)
    spouse = next((p for p in people if p.relation == Relation.SPOUSE), None)
    father = head if head.sex == "M" or spouse is None else spouse
    if spouse is not None:
        spouse.surname = surname(rng, spouse.code, area)
    for person in people[1:]:
        if person.relation in (Relation.SON, Relation.DAUGHTER, Relation.GRANDCHILD, Relation.SIBLING):
            person.surname = father.surname
        elif person.relation == Relation.PARENT and person.sex == "M":
            person.surname = head.surname
        elif not person.surname:
            person.surname = surname(rng, person.code, area)
    return people


# --- the seeding ------------------------------------------------------------------------------


def seed(stdout, communities) -> None:
    """Fill HLS and XBG with households and residents (skipping a community that already has residents)."""
    plans = {"HLS": hls_plan, "XBG": xbg_plan}
    for code, make_plan in plans.items():
        community = communities.get(code)
        if community is None:
            continue
        if Resident.objects.filter(community=community).exists():
            stdout.write(f"  居民：{community.name}已有居民，跳过。")
            continue
        rng = random.Random(f"tongxin-demo-residents-{code}")
        plan = make_plan(rng)
        slots = address_slots(community, len(plan.households) + plan.floating_households)
        if not slots:
            stdout.write(f"  居民：{community.name}没有网格，跳过。")
            continue
        with transaction.atomic():
            households, residents = populate(community, plan, slots, rng)
        stdout.write(f"  居民：{community.name} {households}户、{residents}人（含流动、迁出、死亡人员）。")
    seed_registers(stdout, communities)


@dataclass(frozen=True)
class Slot:
    """A door in the grid tree that a household can live behind."""

    grid_id: int
    grid_number: int
    subgrid_id: int | None
    compound_id: int | None
    building_id: int | None
    unit_id: int | None
    door: str


BUNGALOWS_PER_COMPOUND = 48


def address_slots(community, households: int) -> list[Slot]:
    """Every door of the community's demo tree: flats in the units, and courtyard numbers in compounds
    without buildings (平房). Enough floors (two flats each) are assumed for ``households`` to fit with
    a fifth of the flats vacant."""
    units = list(
        Unit.objects.filter(community=community)
        .select_related("building__compound__grid")
        .order_by("building__compound__grid__number", "building__compound_id", "building_id", "pk")
    )
    bungalows = list(
        Compound.objects.filter(community=community, buildings__isnull=True)
        .select_related("grid")
        .order_by("grid__number", "pk")
    )
    if not units and not bungalows:
        return []
    in_units = max(0, households - BUNGALOWS_PER_COMPOUND * len(bungalows))
    floors = min(33, max(5, math.ceil(1.2 * in_units / (2 * max(len(units), 1)))))
    slots = []
    for unit in units:
        compound = unit.building.compound
        for floor in range(1, floors + 1):
            for door in (1, 2):
                slots.append(
                    Slot(
                        compound.grid_id,
                        compound.grid.number,
                        compound.subgrid_id,
                        compound.pk,
                        unit.building_id,
                        unit.pk,
                        f"{floor}0{door}",
                    )
                )
    for compound in bungalows:
        for n in range(1, BUNGALOWS_PER_COMPOUND + 1):
            slots.append(
                Slot(
                    compound.grid_id,
                    compound.grid.number,
                    compound.subgrid_id,
                    compound.pk,
                    None,
                    None,
                    f"{n}号院",
                )
            )
    return slots


def birth_of(rng: random.Random, age: int, on: date = REFERENCE) -> date:
    """A birth date ``age`` years before ``on`` (born by ``on``)."""
    start = date(on.year - age - 1, on.month, min(on.day, 28)) + timedelta(days=1)
    return start + timedelta(days=rng.randrange(365))


def populate(community, plan: CommunityPlan, slots: list[Slot], rng: random.Random) -> tuple[int, int]:
    """Create the plan's households and residents in bulk; return (households, residents) created."""
    families = [compose(rng, composition, plan.area) for composition in plan.households]
    counted = len(families)
    # Floating-only households: renters whose whole household is 流动 (not counted as 户).
    for _ in range(plan.floating_households):
        size = rng.choice([1, 1, 2, 2, 3])
        code = rng.choices([HAN, HUI, DONGXIANG], weights=[70, 24, 6])[0] if plan.area == "620103" else HAN
        people = compose(rng, ((code, size),), plan.area)
        for person in people:
            person.residence_type = ResidenceType.FLOATING
            person.moved_in_on = REFERENCE - timedelta(days=rng.randint(30, 1000))
        families.append(people)
    # Extra members of counted households: floating relatives and tenants, and people who left or died.
    for _ in range(plan.floating_members):
        family = families[rng.randrange(counted)]
        code = family[0].code if rng.random() < 0.7 else HAN
        family.append(
            Person(
                Relation.OTHER,
                rng.choice("MF"),
                rng.randint(18, 45),
                code,
                surname(rng, code, plan.area),
                residence_type=ResidenceType.FLOATING,
                moved_in_on=REFERENCE - timedelta(days=rng.randint(30, 1500)),
            )
        )
    # Grown-up children who moved away (from households whose head is 45–75), and parents who died.
    for kind, count in ((ResidentStatus.MOVED_OUT, plan.moved_out), (ResidentStatus.DECEASED, plan.deceased)):
        for _ in range(count):
            family = families[rng.randrange(counted)]
            while not (45 <= family[0].age <= 75 or kind == ResidentStatus.DECEASED):
                family = families[rng.randrange(counted)]
            head = family[0]
            years_ago = rng.randint(0, 6)
            on = REFERENCE - timedelta(days=years_ago * 365 + rng.randint(20, 300))
            sex = rng.choice("MF")
            if kind == ResidentStatus.MOVED_OUT:
                relation = Relation.SON if sex == "M" else Relation.DAUGHTER
                age = max(18, head.age - years_ago - rng.randint(22, 32))
            else:
                relation = Relation.PARENT
                age = min(99, max(62, head.age - years_ago + rng.randint(20, 32)))
            person = Person(relation, sex, age, head.code)
            person.surname = head.surname if sex == "M" else surname(rng, head.code, plan.area)
            person.status, person.status_date = kind, on
            family.append(person)

    order = {slot: i for i, slot in enumerate(slots)}
    placed = sorted(place(rng, families, slots, plan.heavy_grids), key=lambda item: order[item[0]])
    households = []
    for index, (slot, _family) in enumerate(placed, start=1):
        households.append(
            Household(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                community=community,
                grid_id=slot.grid_id,
                subgrid_id=slot.subgrid_id,
                compound_id=slot.compound_id,
                building_id=slot.building_id,
                unit_id=slot.unit_id,
                door=slot.door,
                number=f"{community.code}-{index:05d}",
            )
        )
    families_by_household = [family for _slot, family in placed]

    hardship = pick_hardship(rng, families_by_household, plan)
    used_ids: set[tuple[date, int]] = set()
    residents = []
    for household, family, is_hardship in zip(households, families_by_household, hardship, strict=True):
        for person in family:
            residents.append(resident(rng, community, household, person, plan, used_ids, is_hardship))
    mark_people(rng, residents, plan)

    save_in_bulk(Household, households, community)
    save_in_bulk(Resident, residents, community)
    return len(households), len(residents)


def save_in_bulk(model, objects, community) -> None:
    """bulk_create the demo rows, then give each its "created" history record.

    simple_history's ``bulk_create_with_history`` would build a second model instance per row and
    double the time seed_demo spends here; one INSERT … SELECT copies the new rows instead. The
    historical table repeats the tracked columns of the model's table under the same names.
    """
    model.objects.bulk_create(objects, batch_size=BATCH)
    history = model.history.model
    quote = connection.ops.quote_name
    columns = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    copied = ", ".join(quote(c) for c in columns)
    extra = ", ".join(
        quote(c) for c in ["history_date", "history_type", "history_change_reason", "history_user_id"]
    )
    target, source = quote(history._meta.db_table), quote(model._meta.db_table)
    # Identifiers come from the models' meta and are quoted; every value is a parameter.
    sql = f"INSERT INTO {target} ({copied}, {extra}) SELECT {copied}, %s, %s, %s, NULL FROM {source} WHERE community_id = %s"  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, "+", CHANGE_REASON, community.pk])


def place(rng, families, slots: list[Slot], heavy_grids: set[int]) -> list[tuple[Slot, list[Person]]]:
    """Give each family a free door; minority families cluster in the ``heavy_grids`` (near the mosque)."""
    heavy = [s for s in slots if s.grid_number in heavy_grids]
    other = [s for s in slots if s.grid_number not in heavy_grids]
    rng.shuffle(heavy)
    rng.shuffle(other)
    placed = []
    later = []
    for family in families:
        minority = any(p.code != HAN for p in family if p.residence_type == ResidenceType.REGISTERED)
        if minority and heavy and rng.random() < 0.65:
            placed.append((heavy.pop(), family))
        else:
            later.append(family)
    rest = heavy + other
    rng.shuffle(rest)
    if len(rest) < len(later):
        raise RuntimeError("演示网格的门牌不够分配。")
    placed += [(rest.pop(), family) for family in later]
    return placed


def pick_hardship(rng, families, plan: CommunityPlan) -> list[bool]:
    """Which counted households are hardship families (困难家庭), per ``plan.hardship``."""
    minority, han = [], []
    for i, family in enumerate(families):
        registered = [p for p in family if p.residence_type == ResidenceType.REGISTERED]
        if not registered:
            continue
        (minority if any(p.code != HAN for p in registered) else han).append(i)
    chosen = set(rng.sample(minority, min(plan.hardship["minority"], len(minority))))
    chosen |= set(rng.sample(han, min(plan.hardship["han"], len(han))))
    return [i in chosen for i in range(len(families))]


def resident(
    rng, community, household, person: Person, plan: CommunityPlan, used_ids, is_hardship
) -> Resident:
    on = person.status_date or REFERENCE
    birth = birth_of(rng, person.age, on)
    while True:
        sequence = rng.randrange(1, 1000)
        if (sequence % 2 == 1) != (person.sex == "M"):
            sequence = sequence - 1 if sequence > 1 else sequence + 1
        if (birth, sequence) not in used_ids:
            used_ids.add((birth, sequence))
            break
    name = person.surname + given_name(rng, person.sex, birth, person.code)
    full, initials = pinyin_of(name)
    age = person.age
    active_registered = (
        person.status == ResidentStatus.ACTIVE and person.residence_type == ResidenceType.REGISTERED
    )
    return Resident(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        community=community,
        household=household,
        relation=person.relation,
        name=name,
        name_pinyin=full,
        name_initials=initials,
        sex=person.sex,
        ethnicity_id=person.code,
        id_number=idnumber.make(plan.area, birth, sequence),
        birth_date=birth,
        phone=phone_for(rng, age, plan.phone_area),
        residence_type=person.residence_type,
        political_status=political_status(rng, age),
        is_hardship=is_hardship and active_registered,
        is_unemployed=35 <= age <= 58 and rng.random() < (0.15 if is_hardship else 0.04),
        is_disabled=rng.random() < (0.06 if age >= 65 else 0.015),
        status=person.status,
        status_date=person.status_date,
        moved_in_on=person.moved_in_on,
    )


@functools.cache
def pinyin_of(name: str) -> tuple[str, str]:
    """``name_pinyin`` once per distinct name (bulk_create skips ``Resident.save``, which computes it)."""
    return name_pinyin(name)


def phone_for(rng, age: int, area: str) -> str:
    if age < 14:
        return ""
    if age >= 75 and rng.random() < 0.5:
        return f"{area}-{rng.randint(8100000, 8999999)}"
    prefix = rng.choice(["138", "139", "135", "136", "137", "150", "152", "158", "186", "189", "177", "133"])
    return prefix + f"{rng.randrange(10**8):08d}"


def political_status(rng, age: int) -> str:
    if age < 14:
        return PoliticalStatus.MASSES
    roll = rng.random()
    if 14 <= age <= 28 and roll < 0.35:
        return PoliticalStatus.LEAGUE
    if age >= 18 and roll > 0.91:
        return PoliticalStatus.PARTY_MEMBER
    if 18 <= age <= 40 and roll > 0.895:
        return PoliticalStatus.PROBATIONARY
    if age >= 30 and roll < 0.003:
        return PoliticalStatus.DEMOCRATIC
    return PoliticalStatus.MASSES


def age_of(resident: Resident) -> int:
    b = resident.birth_date
    return REFERENCE.year - b.year - ((REFERENCE.month, REFERENCE.day) < (b.month, b.day))


def mark_people(rng, residents: list[Resident], plan: CommunityPlan) -> None:
    """The person ledgers: retired cadres, respected elders, religious figures, minority representatives
    and the few persons under community correction (active 常住 residents only)."""
    active = [
        r
        for r in residents
        if r.status == ResidentStatus.ACTIVE and r.residence_type == ResidenceType.REGISTERED
    ]
    for r in active:
        age = age_of(r)
        if age >= 60 and not r.is_hardship and rng.random() < 0.035:
            r.is_retired_cadre = True
            r.political_status = PoliticalStatus.PARTY_MEMBER
        if age >= 65 and rng.random() < (0.04 if r.ethnicity_id != HAN else 0.015):
            r.is_respected_elder = True
    muslim_men = [r for r in active if r.ethnicity_id in MUSLIM and r.sex == "M" and age_of(r) >= 40]
    for r in rng.sample(muslim_men, min(plan.religious, len(muslim_men))):
        r.is_religious = True
        r.notes = "清真寺管委会成员"
    minority_adults = [r for r in active if r.ethnicity_id != HAN and 30 <= age_of(r) <= 75]
    for r in rng.sample(minority_adults, min(plan.minority_reps, len(minority_adults))):
        r.is_minority_rep = True
    adults = [r for r in active if 20 <= age_of(r) <= 50 and r.political_status == PoliticalStatus.MASSES]
    for r in rng.sample(adults, min(plan.correction, len(adults))):
        r.is_correction = True
        r.notes = "社区矫正对象，已签订帮教责任书，每月走访。"
