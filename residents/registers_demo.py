"""Demo rows of the floating register and of the hardship households (called at the end of ``demo.seed``).

Floating: every active 流动 resident of the demo gets a stay — Hui and Dongxiang people mostly from 临夏,
甘南, 西宁 and 银川, Han people from the province's other cities and beyond — with a 居住证 for most, the
landlord of renters, a previous stay that ended for some, and a service for most (the latest arrivals
are left unvisited, and a few permits expire within the month: the reminders have something to show).
Hardship: every household whose members carry the 困难家庭 mark becomes a hardship record with causes,
income, help given this year and last (by source) and, for most, a paired helper with visits; the
unpaired rest are the gaps. Seeded ``random.Random``; a community that already has rows is skipped.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .ethnicities import HAN
from .floating import origins
from .floating.models import FloatingResident, ServiceRecord
from .hardship.models import HardshipHelp, HardshipHousehold, Pairing, PairingVisit
from .models import Household, ResidenceType, Resident, ResidentStatus

MINORITY_ORIGINS = ["622900", "622900", "622900", "623000", "630100", "630200", "640100", "640400", "650100"]
HAN_ORIGINS = [
    "621100",
    "620500",
    "620400",
    "620800",
    "621200",
    "610100",
    "410100",
    "510100",
    "640100",
    "620100",
]
EMPLOYERS = [
    "东方红广场清真牛肉面馆",
    "七里河区建筑工地",
    "西站物流园",
    "兰州牛大碗餐饮公司",
    "小西湖农贸市场",
    "安宁区家政服务站",
    "七里河区第一小学",
    "个体经营（清真副食店）",
]
LANDLORDS = ["王建华", "李桂兰", "马占林", "张玉梅", "赵德成", "刘永福", "杨淑芬"]
SERVICE_NOTES = {
    "permit": "协助办理居住证，告知续签时间。",
    "job": "推荐到辖区清真餐饮企业就业。",
    "schooling": "协调子女到辖区小学就读。",
    "halal": "介绍附近清真寺和清真食品购买点，安排礼拜场所。",
    "legal": "就拖欠工资问题提供法律咨询。",
    "visit": "入户走访，了解居住和就业情况，宣传民族政策。",
}
HELPERS_UNITS = ["七里河区人民医院", "西园街道派出所", "兰州市第三十三中学", "七里河区税务局"]
CADRES = ["马晓燕", "李建国", "王秀兰", "张丽", "周明"]
PARTY_MEMBERS = ["韩国栋", "马福祥", "冶生莲", "杨宗林", "赵玉珍", "何振华", "罗成"]


def seed(stdout, communities) -> None:
    today = date.today()
    for code, community in communities.items():
        rng = random.Random(f"tongxin-demo-registers-{code}")
        if community is None:
            continue
        if not FloatingResident.objects.filter(community=community).exists():
            with transaction.atomic():
                stays, services = seed_floating(community, rng, today)
            stdout.write(f"  流动人口：{community.name} {stays}条登记、{services}条服务记录。")
        if not HardshipHousehold.objects.filter(community=community).exists():
            with transaction.atomic():
                records, paired, helps = seed_hardship(community, rng, today)
            stdout.write(f"  困难家庭：{community.name} {records}户（结对{paired}户）、帮扶{helps}次。")


def _day_between(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def seed_floating(community, rng: random.Random, today: date) -> tuple[int, int]:
    people = list(
        Resident.objects.filter(
            community=community, residence_type=ResidenceType.FLOATING, status=ResidentStatus.ACTIVE
        )
        .select_related("household")
        .order_by("id_number")
    )
    stays, services, moved = [], [], []
    year_start = date(today.year, 1, 1)
    for index, person in enumerate(people):
        minority = person.ethnicity_id != HAN
        origin = rng.choice(MINORITY_ORIGINS if minority else HAN_ORIGINS)
        if index % 5 == 0:  # a fifth arrived this year: the months of the dashboard have arrivals
            arrived = _day_between(rng, year_start, today - timedelta(days=2))
            person.moved_in_on = arrived
            moved.append(person)
        else:
            arrived = person.moved_in_on or _day_between(rng, date(2022, 1, 1), year_start)
        housing = rng.choices(["rented", "employer", "relatives", "owned"], weights=[60, 20, 15, 5])[0]
        permit = rng.random() < 0.7
        term = 365 * rng.choice([1, 2, 3])
        expires = arrived + timedelta(days=term)
        while expires <= today + timedelta(days=30):  # renewed on time (the few due now are set below)
            expires += timedelta(days=term)
        if permit and index % 17 == 3:
            expires = today + timedelta(days=rng.randint(0, 28))  # to be renewed within the month
        stay = FloatingResident(
            community=community,
            resident=person,
            arrived_on=arrived,
            origin=origin,
            origin_province=origins.province_code(origin),
            reason=rng.choices(
                ["work", "business", "study", "family", "accompany"], weights=[50, 20, 8, 12, 10]
            )[0],
            permit_number=person.id_number if permit else "",
            permit_expires=expires if permit else None,
            employer=rng.choice(EMPLOYERS) if rng.random() < 0.75 else "",
            housing=housing,
            landlord_name=rng.choice(LANDLORDS) if housing == "rented" else "",
            landlord_phone=f"139{rng.randint(10000000, 99999999)}" if housing == "rented" else "",
            expected_stay=rng.choice(["half_year", "year", "longer", "unknown"]),
        )
        stays.append(stay)
        if index % 7 == 1 and arrived > date(
            2021, 6, 1
        ):  # an earlier stay that ended: departures of past years
            left = arrived - timedelta(days=rng.randint(120, 400))
            came = left - timedelta(days=rng.randint(90, 500))
            stays.append(
                FloatingResident(
                    community=community,
                    resident=person,
                    arrived_on=came,
                    origin=origin,
                    origin_province=origins.province_code(origin),
                    reason="work",
                    housing="rented",
                    departed_on=left,
                    destination="返回原籍",
                )
            )
        if (today - arrived).days > 12 and rng.random() < 0.8:
            kind = (
                rng.choice(list(SERVICE_NOTES))
                if minority
                else rng.choice(["permit", "job", "visit", "legal"])
            )
            whole = person.household_id is not None and rng.random() < 0.3
            services.append(
                ServiceRecord(
                    community=community,
                    resident=None if whole else person,
                    household=person.household if whole else None,
                    kind=kind,
                    served_on=min(today, arrived + timedelta(days=rng.randint(3, 25))),
                    served_by=rng.choice(CADRES),
                    notes=SERVICE_NOTES[kind],
                )
            )
    Resident.objects.bulk_update(moved, ["moved_in_on"], batch_size=500)
    bulk_create_with_history(stays, FloatingResident, batch_size=500, default_change_reason="演示数据")
    bulk_create_with_history(services, ServiceRecord, batch_size=500, default_change_reason="演示数据")
    return len(stays), len(services)


CAUSES = ["illness", "disability", "unemployment", "single_parent", "alone", "other"]


def seed_hardship(community, rng: random.Random, today: date) -> tuple[int, int, int]:
    households = list(
        Household.objects.filter(
            community=community, members__is_hardship=True, members__status=ResidentStatus.ACTIVE
        )
        .distinct()
        .order_by("number")
    )
    records, pairings, visits, helps = [], [], [], []
    for index, household in enumerate(households):
        since = _day_between(rng, date(2018, 1, 1), date(2025, 3, 31))
        record = HardshipHousehold(
            community=community,
            household=household,
            since=since,
            causes=sorted(rng.sample(CAUSES[:5], rng.choice([1, 1, 2]))),
            income_per_head=Decimal(rng.randrange(280, 900, 10))
            if index % 9
            else None,  # some not yet surveyed
            reviewed_on=_day_between(rng, max(since, date(2025, 1, 1)), today)
            if rng.random() < 0.7
            else None,
        )
        records.append(record)
        if index % 8 != 5:  # one in eight is not yet paired: a gap
            kind = rng.choices(["cadre", "party_member", "unit"], weights=[30, 50, 20])[0]
            name = rng.choice({"cadre": CADRES, "party_member": PARTY_MEMBERS, "unit": HELPERS_UNITS}[kind])
            pairing = Pairing(
                hardship=record,
                helper_kind=kind,
                helper_name=name,
                since=_day_between(rng, since, min(today, since + timedelta(days=200))),
            )
            pairings.append(pairing)
            for _ in range(rng.randint(1, 4)):
                visits.append(
                    PairingVisit(
                        pairing=pairing,
                        visited_on=_day_between(rng, pairing.since, today),
                        notes=rng.choice(["送米面油", "了解就医情况", "节日慰问", "帮助联系就业"]),
                    )
                )
        for year in (today.year - 1, today.year):
            for _ in range(rng.randint(0, 3)):
                kind = rng.choices(["money", "goods", "service"], weights=[55, 35, 10])[0]
                given = _day_between(rng, max(since, date(year, 1, 1)), min(today, date(year, 12, 31)))
                if given < since:
                    continue
                helps.append(
                    HardshipHelp(
                        hardship=record,
                        kind=kind,
                        given_on=given,
                        amount=Decimal(rng.randrange(200, 2000, 50)) if kind != "service" else None,
                        description={
                            "money": "慰问金",
                            "goods": "米面油等生活物资",
                            "service": "上门理发、打扫卫生",
                        }[kind],
                        source=rng.choices(
                            ["street", "partner", "party", "social"], weights=[40, 25, 20, 15]
                        )[0],
                        handed_over_by=rng.choice(CADRES),
                    )
                )
    bulk_create_with_history(records, HardshipHousehold, batch_size=500, default_change_reason="演示数据")
    bulk_create_with_history(pairings, Pairing, batch_size=500, default_change_reason="演示数据")
    PairingVisit.objects.bulk_create(visits, batch_size=500)
    bulk_create_with_history(helps, HardshipHelp, batch_size=500, default_change_reason="演示数据")
    return len(records), len(pairings), len(helps)
