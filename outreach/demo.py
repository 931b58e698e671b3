"""Demo outreach (called by ``seed_demo`` after the residents exist): a year of events, propaganda,
visits, agreements, disputes, organisations and the jurisdiction for 华林山社区 and 小北沟社区.

华林山社区's current year carries the figures of seed documents 2/4: 5 banners, 1 display board,
1500 leaflets and 200 quiz sheets, and a 300-member "一格十员" volunteer force over its seven grids.
Everything is drawn from a seeded ``random.Random``. Idempotent: a community that already has
events is left alone; a community without residents (or grids) is skipped.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from community.models import Membership
from grids.models import Grid
from residents.models import Household, Resident, ResidentStatus

from . import demo_plans, demo_registers
from .demo_events import event_plan
from .models import (
    Agreement,
    Dispute,
    Event,
    EventStatus,
    EventType,
    JurisdictionUnit,
    Organisation,
    OrganisationMember,
    Propaganda,
    ReligiousSite,
    Visit,
)

SEED = 20110328
HUI = "03"

HLS_UNITS = [
    ("七里河区西园街道办事处", "agency", "西园街道华林路"),
    ("华林山小学", "school", "华林山北坡"),
    ("西园街道社区卫生服务中心华林站", "hospital", "华林路"),
    ("兰州华林物业管理有限公司", "private_org", "华林山小区"),
    ("华林山个体劳动者协会", "private_org", "华林坪"),
    ("马记牛肉面馆", "shop", "清真寺巷"),
    ("华林山农贸市场", "shop", "华林坪"),
    ("雷坛河便民超市", "shop", "雷坛河小区"),
]
XBG_UNITS = [
    ("西园街道办事处", "agency", "西园路"),
    ("西园小学", "school", "西园新村"),
    ("七里河区第二人民医院", "hospital", "西园路"),
    ("兰州鑫源物业有限公司", "private_org", "西园路59号院"),
    ("小北沟便民超市", "shop", "小北沟小区"),
]

# The party-led leading group is of cadres; religious figures are the liaison's contacts, not its members.
LEADING_GROUP = [
    ("王秀兰", "head", "社区党委书记"),
    ("马晓燕", "deputy", "社区居委会主任"),
    ("李建国", "member", "网格员"),
    ("马志成", "member", "社区党委委员"),
    ("张桂英", "member", "社区民族工作专干"),
]
XBG_LEADING_GROUP = [
    ("王建平", "head", "社区党总支书记"),
    ("刘桂芳", "deputy", "社区居委会主任"),
    ("赵文斌", "member", "社区民族工作专干"),
]
TEAMS = ["文体宣传队", "志愿者服务队", "便民服务队", "治安巡逻队", "矛盾纠纷调解队"]
PARTY_GROUPS = [
    "民族团结",
    "帮扶济困",
    "文明创建",
    "治安联防",
    "环境卫生",
    "政策宣传",
    "关爱老人",
    "青少年教育",
    "便民服务",
]
GRID_FORCE = 300  # "一格十员": 300 volunteers over the seven grids of 华林山社区


def seed(stdout, communities) -> None:
    for code in ("HLS", "XBG"):
        community = communities.get(code)
        if community is None:
            continue
        if Event.objects.filter(community=community).exists():
            stdout.write(f"  宣传与走访：{community.name}已有记录，跳过。")
            continue
        if not Resident.objects.filter(community=community).exists():
            stdout.write(f"  宣传与走访：{community.name}尚无居民，跳过。")
            continue
        with transaction.atomic():
            counts = seed_community(community, code, random.Random(f"{SEED}-{code}-outreach"), date.today())
        stdout.write(
            f"  宣传与走访：{community.name} {counts['events']}次活动、{counts['visits']}次走访、"
            f"{counts['disputes']}件矛盾纠纷、{counts['organisations']}个组织与队伍。"
        )
    demo_registers.seed(stdout, communities)
    demo_plans.seed(stdout, communities)


def seed_community(community, code: str, rng: random.Random, today: date) -> dict[str, int]:
    hls = code == "HLS"
    residents = list(
        Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE)
        .select_related("household")
        .order_by("name_pinyin", "pk")
    )
    users = [m.user for m in Membership.objects.filter(community=community).select_related("user")]
    site = None
    if hls:
        site = ReligiousSite.objects.create(
            community=community,
            name="华林山清真寺",
            kind="mosque",
            address="华林坪清真寺巷",
            contact_name="马阿訇",
            contact_phone="0931-2331234",
        )
    units = [
        JurisdictionUnit.objects.create(community=community, name=name, kind=kind, address=address)
        for name, kind, address in (HLS_UNITS if hls else XBG_UNITS)
    ]
    organisations = seed_organisations(community, hls, residents, rng)
    events = seed_events(community, hls, site, units, organisations, residents, users, rng, today)
    visits = seed_visits(community, site, residents, users, rng, today)
    disputes = seed_disputes(community, hls, residents, rng, today)
    return {"events": events, "visits": visits, "disputes": disputes, "organisations": len(organisations)}


def seed_organisations(community, hls: bool, residents, rng) -> list[Organisation]:
    created = []
    group = Organisation.objects.create(
        community=community,
        kind="leading_group",
        name="社区民族工作领导小组",
        head_name=(LEADING_GROUP if hls else XBG_LEADING_GROUP)[0][0],
        description="负责社区民族工作的统筹规划、组织协调和督促检查。",
    )
    for name, role, title in LEADING_GROUP if hls else XBG_LEADING_GROUP:
        OrganisationMember.objects.create(organisation=group, name=name, role=role, title=title)
    created.append(group)
    created.append(
        Organisation.objects.create(
            community=community,
            kind="association",
            name="少数民族联谊会" if hls else "社区民族团结促进会",
            unregistered_members=rng.randint(20, 40),
        )
    )
    for team in TEAMS if hls else TEAMS[:3]:
        kind = "volunteer" if team in ("文体宣传队", "志愿者服务队", "便民服务队") else "team"
        organisation = Organisation.objects.create(
            community=community, kind=kind, name=team, unregistered_members=rng.randint(5, 15)
        )
        for member in rng.sample(residents, min(8, len(residents))):
            OrganisationMember.objects.create(organisation=organisation, resident=member)
        created.append(organisation)
    party_members = [r for r in residents if r.political_status == "party"]
    for topic in PARTY_GROUPS if hls else PARTY_GROUPS[:3]:
        organisation = Organisation.objects.create(
            community=community,
            kind="party_group",
            name=f"“{topic}”特色党小组",
            unregistered_members=rng.randint(0, 3),
        )
        for i, member in enumerate(rng.sample(party_members, min(rng.randint(4, 8), len(party_members)))):
            OrganisationMember.objects.get_or_create(
                organisation=organisation, resident=member, defaults={"role": "head" if i == 0 else "member"}
            )
        created.append(organisation)
    grids = list(Grid.objects.filter(community=community).order_by("number"))
    force = GRID_FORCE if hls else 10 * len(grids)
    by_grid: dict[int, list[Resident]] = {}
    for resident in residents:
        if resident.household_id:
            by_grid.setdefault(resident.household.grid_id, []).append(resident)
    for index, grid in enumerate(grids):
        size = force // len(grids) + (1 if index < force % len(grids) else 0)
        people = by_grid.get(grid.pk, [])
        registered = rng.sample(people, min(10, len(people), size))
        organisation = Organisation.objects.create(
            community=community,
            kind="volunteer",
            grid=grid,
            name=f"{grid.name}“一格十员”志愿服务队",
            unregistered_members=size - len(registered),
            head_name=grid.cadre_name,
        )
        OrganisationMember.objects.bulk_create(
            OrganisationMember(organisation=organisation, resident=r, role="head" if i == 0 else "member")
            for i, r in enumerate(registered)
        )
        created.append(organisation)
    return created


def seed_events(community, hls, site, units, organisations, residents, users, rng, today) -> int:
    types = {t.code: t for t in EventType.objects.all()}
    teams = [o for o in organisations if o.kind == "volunteer" and o.grid_id is None]
    count = 0
    propaganda = []
    for spec in event_plan(today.year, mosque=site is not None, hls=hls):
        day = date(today.year, spec.month, spec.day)
        held = day <= today
        event = Event.objects.create(
            community=community,
            type=types[spec.type],
            occasion=spec.occasion,
            title=spec.title,
            date=day,
            place=spec.place,
            organiser="社区民族工作领导小组",
            status=EventStatus.HELD if held else EventStatus.PLANNED,
            religious_site=site if spec.partner == "site" else None,
            partner_unit=rng.choice(units) if spec.partner == "unit" and units else None,
            partner_team=teams[0] if spec.partner == "team" and teams else None,
            description=f"{spec.title}。",
            other_participants=rng.randint(0, 40) if held else 0,
            created_by=users[0] if users else None,
        )
        if held:
            event.participants.set(rng.sample(residents, min(rng.randint(12, 40), len(residents))))
        if spec.propaganda:
            banners, boards, leaflets, quizzes = spec.propaganda
            propaganda.append(
                Propaganda(
                    community=community,
                    event=event if held else None,
                    date=min(day, today),
                    subject=f"{spec.title}宣传",
                    banners=banners,
                    boards=boards,
                    leaflets=leaflets,
                    quizzes=quizzes,
                )
            )
        count += 1
    Propaganda.objects.bulk_create(propaganda)
    return count


def seed_visits(community, site, residents, users, rng, today) -> int:
    """Monthly: the joint visit with the mosque to Hui households, each person under correction,
    and a third of the hardship families; the current month is left partly undone (the checklist)."""
    hui_households = sorted({r.household_id for r in residents if r.ethnicity_id == HUI and r.household_id})
    correction = [r for r in residents if r.is_correction]
    hardship = list(
        Household.objects.filter(
            community=community, members__is_hardship=True, members__status=ResidentStatus.ACTIVE
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    visits, visitor_of = [], []
    for month in range(1, today.month + 1):
        last_day = (date(today.year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        current = month == today.month
        top = min(last_day, today)

        def on(month=month, top=top) -> date:
            return date(today.year, month, rng.randint(1, top.day))

        if site is not None and hui_households:
            for pk in rng.sample(hui_households, min(5, len(hui_households))):
                visits.append(
                    Visit(
                        community=community,
                        household_id=pk,
                        date=on(),
                        purpose="joint",
                        other_visitors=f"{site.name} {site.contact_name}",
                        notes="与清真寺联合走访，了解生活情况。",
                    )
                )
        for resident in correction[:-1] if current else correction:
            visits.append(
                Visit(
                    community=community,
                    resident=resident,
                    household_id=resident.household_id,
                    date=on(),
                    purpose="correction",
                    notes="按月走访，了解思想动态和就业情况。",
                )
            )
        share = hardship[month % 3 :: 3]
        for pk in share[: len(share) // 2] if current else share:
            visits.append(
                Visit(
                    community=community,
                    household_id=pk,
                    date=on(),
                    purpose="hardship",
                    notes="了解家庭困难情况，宣传救助政策。",
                    follow_up=rng.choice(["", "协助申请临时救助"]),
                )
            )
    Visit.objects.bulk_create(visits, batch_size=500)
    if users:
        through = Visit.visitors.through
        for visit in visits:
            visitor_of.append(through(visit_id=visit.pk, user_id=rng.choice(users).pk))
        through.objects.bulk_create(visitor_of, batch_size=500)
    for resident in correction:
        Agreement.objects.create(
            community=community,
            resident=resident,
            signed_on=date(today.year, 1, 6),
            term_start=date(today.year, 1, 6),
            term_end=date(today.year, 12, 31),
            guardian="社区帮教小组",
        )
    return len(visits)


DISPUTES = [
    ("楼上卫生间漏水致楼下墙面受损", "neighbour", "compound"),
    ("楼道堆放杂物引发邻里争执", "neighbour", "compound"),
    ("清真饮食习惯引发的邻里误会", "ethnic", "community"),
    ("物业费收缴与服务质量争议", "property", "compound"),
    ("停车位占用纠纷", "neighbour", "compound"),
    ("赡养老人家庭矛盾", "family", "community"),
    ("小区电梯维修费用分摊争议", "property", "compound"),
    ("夫妻感情不和引发家庭纠纷", "family", "compound"),
    ("低保申请政策咨询及诉求", "concern", "community"),
    ("房屋产权历史遗留问题", "other", "reported"),
    ("噪音扰民纠纷", "neighbour", "compound"),
]


def seed_disputes(community, hls: bool, residents, rng, today) -> int:
    specs = DISPUTES if hls else DISPUTES[:6]
    count = 0
    for index, (summary, category, level) in enumerate(specs):
        received = date(today.year, 1, 1) + timedelta(
            days=int((today - date(today.year, 1, 1)).days * index / len(specs))
        )
        closed = min(received + timedelta(days=rng.randint(2, 12)), today)
        dispute = Dispute.objects.create(
            community=community,
            received_on=received,
            summary=summary,
            category=category,
            status="reported" if level == "reported" else "resolved",
            settled_level="street" if level == "reported" else level,
            closed_on=closed,
            deadline=received + timedelta(days=15),
            handler="社区调解委员会",
            resolution="已上报街道综治中心协调处理。"
            if level == "reported"
            else "经调解双方达成一致，矛盾已化解。",
        )
        dispute.parties.set(rng.sample(residents, 2))
        count += 1
    # Two open cases: one in mediation, one past its deadline (the overdue list).
    for summary, received, deadline in (
        ("下水管道堵塞责任纠纷", today - timedelta(days=5), today + timedelta(days=10)),
        ("违章搭建引发邻里矛盾", today - timedelta(days=40), today - timedelta(days=10)),
    ):
        if received.year != today.year:
            received = date(today.year, 1, 1)
        dispute = Dispute.objects.create(
            community=community,
            received_on=received,
            summary=summary,
            category="neighbour",
            status="mediating",
            deadline=max(deadline, received),
            handler="网格员",
        )
        dispute.parties.set(rng.sample(residents, 2))
        count += 1
    return count
