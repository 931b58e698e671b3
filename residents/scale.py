"""Generated data at scale: a street office (or a city) of communities with grids, households and residents.

Used by ``manage.py seed_scale STREETS:COMMUNITIES:RESIDENTS`` and the benchmarks in bench/ (which import it;
product code never imports bench, so a non-editable install works). Fast rather than
pretty: names come from a small pool whose pinyin is computed once; ID numbers are valid (GB 11643).
"""

import random
import uuid
from datetime import date, timedelta

from django.db import connection, transaction

from community.models import Community, StreetOffice
from grids.models import Building, Compound, Grid, Unit
from residents import idnumber
from residents.history import record_missing_versions
from residents.models import Household, Resident
from residents.pinyin import name_pinyin

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "兰",
    "霞",
]
# Ethnicity mix of a city with a sizeable Hui population: (code, weight).
ETHNIC_MIX = [("01", 70), ("03", 22), ("26", 3), ("35", 2), ("47", 1), ("11", 1), ("02", 1)]
BATCH = 5000


def _name_pool(rng):
    pool = []
    for s in SURNAMES:
        for g in GIVEN:
            name = s + g
            pool.append((name, *name_pinyin(name)))
    return pool


def generate(
    streets: int, communities: int, residents: int, *, seed: int = 1, stdout=None
) -> list[Community]:
    """``streets`` street offices × ``communities`` each × ``residents`` each (about 2.7 per household)."""
    rng = random.Random(seed)
    pool = _name_pool(rng)
    codes, weights = zip(*ETHNIC_MIX, strict=True)
    made = []
    for s in range(streets):
        street, _ = StreetOffice.objects.get_or_create(name=f"规模测试街道{seed}-{s + 1}")
        for c in range(communities):
            code = f"S{seed}X{s + 1}C{c + 1}"
            if Community.objects.filter(code=code).exists():
                made.append(Community.objects.get(code=code))
                continue
            with transaction.atomic():
                community = Community.objects.create(
                    code=code, name=f"规模社区{s + 1}-{c + 1}", street=street
                )
                _fill(community, residents, rng, pool, codes, weights)
            made.append(community)
            if stdout:
                stdout.write(f"  {community.name}：{residents} 人")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh bulk loads need statistics, or the planner guesses badly
            cursor.execute(
                "ANALYZE residents_resident; ANALYZE residents_household; ANALYZE residents_historicalresident"
            )
    return made


def _fill(community, residents, rng, pool, codes, weights):
    grids = [
        Grid(community=community, number=i + 1, name=f"第{i + 1}网格", cadre_name="网格干部")
        for i in range(7)
    ]
    Grid.objects.bulk_create(grids)
    units = []
    for grid in grids:
        compound = Compound.objects.create(
            community=community, grid=grid, name=f"{grid.name}小区", property_manager="物业经理"
        )
        buildings = Building.objects.bulk_create(
            Building(community=community, compound=compound, number=str(b + 1), head_name="楼长")
            for b in range(10)
        )
        units += Unit.objects.bulk_create(
            Unit(community=community, building=b, number=str(u + 1), head_name="单元长")
            for b in buildings
            for u in range(4)
        )
    households, people, seq, used = [], [], 0, set()
    remaining = residents
    while remaining > 0:
        unit = rng.choice(units)
        size = min(remaining, rng.choice([1, 2, 2, 3, 3, 3, 4, 5]))
        remaining -= size
        h = Household(
            id=uuid.uuid4(),
            community=community,
            grid_id=unit.building.compound.grid_id,
            compound_id=unit.building.compound_id,
            building_id=unit.building_id,
            unit=unit,
            door=str(rng.randint(101, 699)),
        )
        households.append(h)
        ethnicity = rng.choices(codes, weights)[0]
        for i in range(size):
            name, full, initials = rng.choice(pool)
            sex = rng.choice("MF")
            birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 30000))
            seq += 1
            number = _id_number(seq, birth, sex)
            while number in used:  # a rare clash: move the birthday by a day
                birth += timedelta(days=1)
                number = _id_number(seq, birth, sex)
            used.add(number)
            people.append(
                Resident(
                    id=uuid.uuid4(),
                    community=community,
                    household_id=h.id,
                    relation="head" if i == 0 else "other",
                    name=name,
                    name_pinyin=full,
                    name_initials=initials,
                    sex=sex,
                    birth_date=birth,
                    id_number=number,
                    ethnicity_id=ethnicity if i == 0 or rng.random() > 0.1 else "01",
                    residence_type="registered" if rng.random() > 0.05 else "floating",
                    is_hardship=rng.random() < 0.05,
                    is_disabled=rng.random() < 0.03,
                    phone=f"139{rng.randint(10000000, 99999999)}",
                )
            )
        if len(people) >= BATCH:
            Household.objects.bulk_create(households, batch_size=BATCH)
            Resident.objects.bulk_create(people, batch_size=BATCH)
            households, people = [], []
    Household.objects.bulk_create(households, batch_size=BATCH)
    Resident.objects.bulk_create(people, batch_size=BATCH)
    # Past dates read the register's recorded versions: bulk rows get their "created" version too.
    record_missing_versions(Household, community_id=community.pk)
    record_missing_versions(Resident, community_id=community.pk)


def _id_number(seq: int, birth: date, sex: str) -> str:
    """A valid number whose sequence digit agrees with ``sex``; the area code varies with ``seq``."""
    area = f"{620000 + (seq // 500) % 1000:06d}"
    return idnumber.make(area, birth, (seq % 500) * 2 + (1 if sex == "M" else 0))
