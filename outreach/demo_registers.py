"""Demo religious liaison, 清真 oversight and 创建 record (called by ``outreach.demo.seed`` after the
other outreach ledgers exist).

华林山社区 follows seed document 3: two religious sites in the jurisdiction (华林山清真寺 and
雷坛河清真寺) with the registry's nine religious figures, the monthly joint visit with the mosque
(every past month of this year done, this month still due), the 春节 座谈会 with the religious figures,
the 清风阅览室 and 社区活动室 opened in 2009, "一个协会、五个队、九个特色党小组". 小北沟社区 has its own,
smaller record: one mosque whose monthly joint visit began this year and has fallen behind, two
halal eateries, the 社区学校, three teams. Drawn from a seeded ``random.Random``; idempotent (a
community that already has religious figures or facilities is left alone).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from community.models import Membership
from community.storage import private_storage
from grids.models import Building, Grid, Unit
from residents.models import Household, ResidenceType, Resident, ResidentStatus

from .models import (
    Commendation,
    Event,
    EventStatus,
    EventType,
    Facility,
    Funding,
    FundingReceipt,
    HalalComplaint,
    HalalEstablishment,
    HalalInspection,
    Honour,
    JointVisit,
    JurisdictionUnit,
    Organisation,
    ReligiousFigure,
    ReligiousSite,
    Training,
    Visit,
)
from .selectors.liaison import month_end

HUI, DONGXIANG, BONAN, SALAR = "03", "26", "47", "35"
SPRING_FESTIVAL = {2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26)}

# A one-page PDF standing in for a scanned receipt.
RECEIPT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 120]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 14 Tf 30 60 Td (DEMO RECEIPT) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

TOPICS = [
    "了解回族居民生产生活情况",
    "宣传民族宗教政策法规",
    "走访慰问回族困难家庭",
    "了解斋月期间居民需求",
    "宣传清真食品管理规定",
    "听取寺管会对社区工作的意见",
    "排查邻里矛盾和安全隐患",
    "走访慰问回族老人",
    "宣传铸牢中华民族共同体意识",
    "了解回族青年就业情况",
    "开展防范非法宗教活动宣传",
    "年终走访，听取意见建议",
]


def seed(stdout, communities) -> None:
    for code in ("HLS", "XBG"):
        community = communities.get(code)
        if community is None:
            continue
        if (
            ReligiousFigure.objects.filter(community=community).exists()
            or Facility.objects.filter(community=community).exists()
        ):
            stdout.write(f"  宗教事务与创建：{community.name}已有记录，跳过。")
            continue
        if not Resident.objects.filter(community=community).exists():
            stdout.write(f"  宗教事务与创建：{community.name}尚无居民，跳过。")
            continue
        with transaction.atomic():
            counts = seed_community(
                community, code, random.Random(f"20110328-{code}-registers"), date.today()
            )
        stdout.write(
            f"  宗教事务与创建：{community.name} {counts['sites']}处宗教场所、{counts['figures']}名宗教人士、"
            f"{counts['joint']}次联合走访、{counts['shops']}家清真食品经营场所、{counts['honours']}项示范创建。"
        )


def seed_community(community, code: str, rng: random.Random, today: date) -> dict[str, int]:
    hls = code == "HLS"
    residents = list(
        Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE)
        .select_related("household")
        .order_by("name_pinyin", "pk")
    )
    users = [
        m.user for m in Membership.objects.filter(community=community).select_related("user").order_by("pk")
    ]
    grids = list(Grid.objects.filter(community=community).order_by("number"))
    sites, figures = seed_sites(community, hls, residents, grids, today)
    joint = seed_joint_visits(community, hls, sites, figures, residents, users, rng, today)
    seed_talks(community, figures, residents, rng, today)
    shops = seed_halal(community, hls, grids, rng, today)
    honours = seed_honours(community, hls, residents, rng, today)
    seed_commendations(community, hls, residents, rng, today)
    seed_facilities(community, hls)
    seed_funding(community, hls, users, today)
    seed_training(community, hls, users, today)
    date_organisations(community, hls, residents, rng)
    return {"sites": len(sites), "figures": len(figures), "joint": joint, "shops": shops, "honours": honours}


# -- 宗教事务联络 ------------------------------------------------------------------------------------

HLS_SITES = [
    # name, address, grid number, contact, joint visits monthly, roles of its figures
    (
        "华林山清真寺",
        "华林坪清真寺巷",
        1,
        "马阿訇",
        True,
        ["imam", "chair", "vice_chair", "member", "member"],
    ),
    ("雷坛河清真寺", "雷坛河东岸", 3, "韩阿訇", False, ["imam", "chair", "member", "member"]),
]
XBG_SITES = [("义井清真寺", "义井街道南大东街", 1, "杨阿訇", True, ["imam"])]


def seed_sites(community, hls, residents, grids, today):
    by_number = {g.number: g for g in grids}
    religious = [r for r in residents if r.is_religious]
    sites, figures = [], []
    for name, address, grid_number, contact, monthly, roles in HLS_SITES if hls else XBG_SITES:
        site, _created = ReligiousSite.objects.get_or_create(
            community=community,
            name=name,
            defaults={"kind": "mosque", "address": address, "contact_name": contact},
        )
        site.grid = by_number.get(grid_number)
        site.contact_phone = site.contact_phone or ("0931-2338765" if hls else "0353-2045618")
        # HLS's mosque has visited monthly for years (seed doc 1, 2011); XBG's duty began this January.
        site.joint_visits_from = (
            (date(today.year - 1, 1, 1) if hls else date(today.year, 1, 1)) if monthly else None
        )
        site.save()
        sites.append(site)
        for role in roles:
            person = religious.pop(0) if religious else None
            figure = ReligiousFigure.objects.create(
                community=community,
                site=site,
                role=role,
                resident=person,
                name=person.name if person else f"{contact[0]}{'志明' if role == 'imam' else '学文'}",
                ethnicity_id=person.ethnicity_id if person else HUI,
                phone=person.phone if person else "",
                since=date(today.year - 6 + len(figures) % 4, 3, 1),
            )
            figures.append(figure)
    for site in sites:
        people = [f for f in figures if f.site_id == site.pk]
        contact = next((f for f in people if f.role == "chair"), people[0] if people else None)
        if contact is not None:
            site.contact_name, site.contact_phone = contact.name, contact.phone or site.contact_phone
            site.save()
    if hls:
        # A committee member who stepped down last year: kept, with the day he left.
        former = figures[-1]
        former.left_on = date(today.year - 1, 12, 31)
        former.save()
    return sites, figures


def seed_joint_visits(community, hls, sites, figures, residents, users, rng, today) -> int:
    """HLS: a joint visit each month from the per-household visits the outreach demo recorded with the
    mosque (last year's too); this month is still due. XBG: since January, with two months missed."""
    site = next(s for s in sites if s.joint_visits_from)
    people = [f for f in figures if f.site_id == site.pk and f.left_on is None][:2]
    staff = users[:2] or users
    hui = sorted({r.household_id for r in residents if r.ethnicity_id == HUI and r.household_id}, key=str)
    by_month: dict[date, list] = {}
    for visit in Visit.objects.filter(community=community, purpose="joint").order_by("date"):
        by_month.setdefault(visit.date.replace(day=1), []).append(visit)
    count = 0
    month = site.joint_visits_from.replace(day=1)
    missed = {date(today.year, 2, 1), date(today.year, 5, 1)} if not hls else set()
    this_month = today.replace(day=1)
    while month <= this_month:
        made = by_month.get(month, [])
        # This month counts as done only when the mosque visits were already made; otherwise it is due.
        if month not in missed and (made or month < this_month):
            day = made[0].date if made else month + timedelta(days=rng.randint(4, 24))
            households = [v.household_id for v in made] or rng.sample(hui, min(3, len(hui)))
            visit = JointVisit.objects.create(
                community=community,
                site=site,
                date=min(day, month_end(month)),
                topics=TOPICS[month.month - 1],
                other_participants="" if people else f"{site.name}{site.contact_name}",
                situation="入户走访回族家庭，了解生产生活情况，宣传党的民族宗教政策，群众反映良好。",
                follow_up=rng.choice(
                    ["", "", "协助一户困难家庭申请临时救助", "反映的楼道照明问题转物业处理"]
                ),
            )
            if visit.follow_up and month_end(month) < today - timedelta(days=30):
                visit.follow_up_done_on = visit.date + timedelta(days=rng.randint(5, 20))
                visit.save()
            visit.staff.set(staff)
            visit.figures.set(people)
            visit.households.set(households)
            count += 1
        month = (month + timedelta(days=32)).replace(day=1)
    return count


def seed_talks(community, figures, residents, rng, today) -> None:
    """The 春节 座谈会 with the religious figures (seed doc 3), and figures at the symposia and festivals."""
    serving = [f for f in figures if f.left_on is None]
    month, day = SPRING_FESTIVAL.get(today.year, (2, 5))
    held_on = date(today.year, month, day) - timedelta(days=5)
    talk = Event.objects.create(
        community=community,
        type=EventType.objects.get(code="symposium"),
        occasion="春节",
        title="春节社区民族工作座谈会",
        date=held_on,
        place="社区会议室",
        organiser="社区民族工作领导小组",
        status=EventStatus.HELD if held_on <= today else EventStatus.PLANNED,
        description="邀请辖区各宗教人士、少数民族代表座谈，通报社区民族工作，听取意见建议，送去节日慰问。",
        other_participants=rng.randint(3, 8),
    )
    talk.religious_figures.set(serving)
    representatives = [r for r in residents if r.is_minority_rep]
    if talk.status == EventStatus.HELD:
        talk.participants.set(representatives[:12])
    heads = [f for f in serving if f.role in ("imam", "chair")]
    for event in Event.objects.filter(
        community=community, type__code="symposium", status=EventStatus.HELD
    ).exclude(pk=talk.pk):
        event.religious_figures.set(heads[:2])
    for event in Event.objects.filter(community=community, occasion__in=["开斋节", "古尔邦节"]):
        event.religious_figures.set(heads)


# -- 清真食品监管 ------------------------------------------------------------------------------------

HLS_SHOPS = [
    # name, kind, address, operator, ethnicity, opened (years ago), licence years left (None: not recorded)
    ("马记牛肉面馆", "restaurant", "华林坪清真寺巷12号", "马福祥", HUI, 12, 2),
    ("华林坪清真牛羊肉店", "meat", "华林坪农贸市场内", "马忠", DONGXIANG, 8, 1),
    ("雷坛河清真糕点铺", "bakery", "雷坛河小区底商3号", "丁秀英", HUI, 5, 1),
    ("华林山小学清真食堂", "canteen", "华林山小学内", "华林山小学后勤处", "01", 10, 2),
    ("伊香园清真餐厅", "restaurant", "华林路88号", "韩学礼", SALAR, 4, 0),  # licence expired last month
    ("阿里手抓羊肉馆", "restaurant", "华林路102号", "妥永福", BONAN, 7, None),  # closed last year
]
XBG_SHOPS = [
    ("小北沟清真牛肉面", "restaurant", "小北沟小区底商6号", "杨志刚", HUI, 6, 1),
    ("义井清真食品店", "food_shop", "南大东街59号院门口", "白玉兰", HUI, 3, None),
]


def seed_halal(community, hls, grids, rng, today) -> int:
    inspectors = "马晓燕、李建国" if hls else "张丽"
    departments = "西园市场监管所、街道民族宗教办" if hls else "义井市场监管所"
    shops = []
    for index, (name, kind, address, operator, ethnicity, years, licence) in enumerate(
        HLS_SHOPS if hls else XBG_SHOPS
    ):
        closed = date(today.year - 1, 9, 30) if name == "阿里手抓羊肉馆" else None
        shop = HalalEstablishment.objects.create(
            community=community,
            name=name,
            kind=kind,
            address=address,
            grid=grids[index % len(grids)] if grids else None,
            licence_number=f"{'甘' if hls else '晋'}清食备{today.year - years}{index + 1:04d}"
            if licence is not None
            else "",
            licence_expires=(today - timedelta(days=30))
            if licence == 0
            else (date(today.year + licence, 6, 30) if licence else None),
            operator_name=operator,
            operator_ethnicity_id=ethnicity,
            operator_phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            opened_on=date(today.year - years, rng.randint(1, 12), 1),
            closed_on=closed,
        )
        shops.append(shop)
    JurisdictionUnit.objects.filter(community=community, name="马记牛肉面馆").update(
        notes="清真餐饮，纳入清真食品监管台帐"
    )
    open_shops = [s for s in shops if s.closed_on is None]
    # A joint inspection each quarter of this year that has begun, all open shops (the first quarter's
    # for every one, later ones for some); one finding still open, one overdue, the rest rectified.
    quarters = [date(today.year, m, 12) for m in (3, 6, 9, 12) if date(today.year, m, 12) <= today]
    if not quarters:
        quarters = [date(today.year - 1, 12, 12)]
    findings = [
        "清真标识规范，原料进货台帐齐全。",
        "后厨卫生良好，从业人员健康证齐全。",
        "清真专用器具与其他器具分开存放。",
    ]
    rectify = ["清真标识牌破损，需更换", "原料进货查验记录不全，需补齐", "从业人员健康证过期，需复检"]
    for q, on in enumerate(quarters):
        for i, shop in enumerate(open_shops if q == 0 else open_shops[q % 2 :: 2]):
            needs = (i + q) % 3 == 1
            due = on + timedelta(days=15)
            rectified = None
            if needs and due < today - timedelta(days=20):
                rectified = on + timedelta(days=rng.randint(3, 14))
            if needs and shop.name == "伊香园清真餐厅" and q == len(quarters) - 1:
                rectified = None  # the licence lapsed: still to put right
            HalalInspection.objects.create(
                community=community,
                establishment=shop,
                date=on,
                inspectors=inspectors,
                departments=departments,
                findings=rng.choice(findings),
                result="rectify" if needs else "passed",
                rectification=rng.choice(rectify) if needs else "",
                rectification_due=due if needs else None,
                rectified_on=rectified,
            )
    if hls:
        first = open_shops[0]
        HalalComplaint.objects.create(
            community=community,
            establishment=open_shops[4 % len(open_shops)],
            received_on=today - timedelta(days=50),
            channel="hotline",
            complainant="",
            summary="群众反映餐厅清真标识与经营内容不符",
            handled_on=today - timedelta(days=41),
            result="会同市场监管所现场核查，已责令整改并复查合格。",
        )
        HalalComplaint.objects.create(
            community=community,
            establishment=first,
            received_on=today - timedelta(days=4),
            channel="visit",
            complainant="马女士",
            complainant_phone="13919312468",
            summary="反映店外油烟影响居民",
        )
    return len(shops)


# -- 民族团结进步创建 -------------------------------------------------------------------------------------


def seed_honours(community, hls, residents, rng, today) -> int:
    """示范户 (mixed and minority households first), 示范楼栋/单元, 示范单位; last year's named, this
    year's nominated (one already assessed)."""
    last, this = today.year - 1, today.year
    mixed = {}
    for r in residents:
        if r.household_id and r.residence_type == ResidenceType.REGISTERED:
            mixed.setdefault(r.household_id, set()).add(r.ethnicity_id)
    minority_households = [pk for pk, codes in mixed.items() if codes - {"01"}]
    minority_households.sort(key=lambda pk: (-len(mixed[pk]), str(pk)))
    households = list(Household.objects.filter(pk__in=minority_households[: 10 if hls else 3]))
    households.sort(key=lambda h: minority_households.index(h.pk))
    honours = []

    def add(kind, target_field, target, year, level, stage, reason):
        nominated = date(year, 3, 15)
        honour = Honour(
            community=community,
            kind=kind,
            year=year,
            level=level,
            stage=stage,
            nominated_on=nominated,
            assessed_on=date(year, 5, 20) if stage in ("assessed", "named") else None,
            named_on=date(year, 6, 28) if stage == "named" else None,
            reason=reason,
        )
        setattr(honour, target_field, target)
        if (honour.named_on or honour.assessed_on or nominated) <= today:
            honour.save()
            honours.append(honour)

    named_households = 6 if hls else 2
    for i, household in enumerate(households):
        if i < named_households:
            add(
                "household",
                "household",
                household,
                last,
                "community" if i % 3 else "street",
                "named",
                "家庭成员由多个民族组成，邻里和睦、互帮互助，积极参加社区民族团结活动。",
            )
        elif i < named_households + 3:
            add(
                "household",
                "household",
                household,
                this,
                "community",
                "assessed" if i % 2 else "nominated",
                "尊重各民族风俗习惯，热心帮助困难邻居。",
            )
    buildings = list(
        Building.objects.filter(community=community).order_by("compound__name", "number")[: 2 if hls else 1]
    )
    for building in buildings:
        add(
            "building",
            "building",
            building,
            last,
            "community",
            "named",
            "楼内各族居民团结互助，楼道文化建设有特色。",
        )
    units = list(
        Unit.objects.filter(community=community).order_by("building__number", "number")[3 : 6 if hls else 4]
    )
    for unit in units:
        add("unit", "unit", unit, last, "community", "named", "单元长带头，单元内各族居民和睦相处。")
    workplaces = {u.name: u for u in JurisdictionUnit.objects.filter(community=community)}
    for name, level in (
        ("华林山小学", "district"),
        ("西园街道社区卫生服务中心华林站", "street"),
        ("义井小学", "street"),
    ):
        if name in workplaces:
            add(
                "workplace",
                "workplace",
                workplaces[name],
                last,
                level,
                "named",
                "开展民族团结进步教育，服务各族群众成效明显。",
            )
    return len(honours)


HLS_COMMENDATIONS = [("好邻居", 3), ("好媳妇", 2), ("好婆婆", 2), ("华林山好人", 1)]
XBG_COMMENDATIONS = [("好邻居", 2), ("小北沟好人", 1)]


def seed_commendations(community, hls, residents, rng, today) -> None:
    adults = [
        r
        for r in residents
        if r.residence_type == ResidenceType.REGISTERED and r.birth_date.year < today.year - 30
    ]
    chosen = rng.sample(adults, min(12, len(adults)))
    # Commended in the 民族团结进步月 (September), or last December when this year's has not come yet.
    awarded = date(today.year, 9, 26) if date(today.year, 9, 26) <= today else date(today.year - 1, 12, 20)
    body = f"{community.name}居委会"
    for title, n in HLS_COMMENDATIONS if hls else XBG_COMMENDATIONS:
        for _ in range(n):
            person = chosen.pop()
            Commendation.objects.create(
                community=community,
                resident=person,
                title=title,
                year=awarded.year,
                level="community",
                awarded_on=awarded,
                awarded_by=body,
                reason="热心邻里事务，尊重各民族风俗习惯，助人为乐。",
            )
    if hls and chosen:
        Commendation.objects.create(
            community=community,
            resident=chosen.pop(),
            title="民族团结进步模范个人",
            year=today.year - 1,
            level="district",
            awarded_on=date(today.year - 1, 9, 28),
            awarded_by="七里河区人民政府",
            reason="长期义务调解邻里纠纷，促进各民族交往交流交融。",
        )


def seed_facilities(community, hls) -> None:
    rows = (
        [
            ("清风阅览室", "reading_room", "社区居务大厅二楼", "45", date(2009, 10, 1)),
            ("社区活动室", "activity_room", "社区居务大厅一楼", "120", date(2009, 10, 1)),
            ("民族团结宣传栏", "board", "华林坪广场", None, date(2010, 5, 1)),
            ("华林坪健身广场", "fitness", "华林坪广场", "300", date(2015, 7, 1)),
        ]
        if hls
        else [
            ("社区学校", "school", "社区服务中心三楼", "80", date(2012, 3, 1)),
            ("社区活动室", "activity_room", "社区服务中心一楼", "60", date(2012, 3, 1)),
            ("民族政策宣传栏", "board", "南大东街59号院", None, date(2013, 9, 1)),
        ]
    )
    for name, kind, location, area, since in rows:
        Facility.objects.create(
            community=community,
            name=name,
            kind=kind,
            location=location,
            area_m2=Decimal(area) if area else None,
            since=since,
        )


def seed_funding(community, hls, users, today) -> None:
    month, day = SPRING_FESTIVAL.get(today.year, (2, 5))
    rows = (
        [
            (
                date(today.year, month, day) - timedelta(days=10),
                "8000",
                "superior",
                "春节慰问少数民族困难群众",
            ),
            (date(today.year, 3, 20), "3000", "street", "民族团结进步宣传展板、横幅制作"),
            (date(today.year, 4, 8), "2000", "partner", "开斋节慰问回族困难家庭（共建单位支持）"),
            (date(today.year, 6, 15), "1500", "own", "清风阅览室添置民族团结类图书"),
            (date(today.year, 9, 18), "5000", "street", "民族团结进步月文艺演出"),
            (date(today.year, 11, 10), "1200", "own", "工作人员民族政策培训资料"),
        ]
        if hls
        else [
            (date(today.year, 3, 25), "1500", "street", "民族政策宣传资料印制"),
            (date(today.year, 9, 20), "2000", "street", "民族团结进步月活动"),
        ]
    )
    for on, amount, source, purpose in rows:
        if on > today:
            continue
        funding = Funding.objects.create(
            community=community,
            date=on,
            amount=Decimal(amount),
            source=source,
            purpose=purpose,
            created_by=users[0] if users else None,
        )
        stored = private_storage().save(
            f"receipts/demo-{community.code}-{on:%Y%m%d}.pdf", ContentFile(RECEIPT_PDF)
        )
        FundingReceipt.objects.create(
            funding=funding,
            original_name=f"{purpose}票据.pdf",
            storage_name=stored.removeprefix("receipts/"),
            content_type="application/pdf",
            size=len(RECEIPT_PDF),
            uploaded_by=users[0] if users else None,
        )


def seed_training(community, hls, users, today) -> None:
    rows = (
        [
            (
                date(today.year, 3, 28),
                "民族宗教政策法规培训",
                "3",
                "七里河区民族宗教事务局",
                "各网格志愿者骨干",
                5,
            ),
            (date(today.year, 5, 16), "社区民族工作台帐规范化培训", "2", "西园街道办事处", "", 0),
            (
                date(today.year, 9, 10),
                "铸牢中华民族共同体意识专题学习",
                "4",
                "七里河区委统战部",
                "少数民族代表",
                3,
            ),
        ]
        if hls
        else [(date(today.year, 4, 22), "城市民族工作条例学习", "2", "城区民族宗教事务局", "", 0)]
    )
    for on, topic, hours, provider, others, n_others in rows:
        if on > today:
            continue
        training = Training.objects.create(
            community=community,
            date=on,
            topic=topic,
            hours=Decimal(hours),
            provider=provider,
            other_trainees=others,
            other_trainee_count=n_others,
        )
        training.trainees.set(users)


def date_organisations(community, hls, residents, rng) -> None:
    """The seed's association, teams and party groups have founding dates (counted from then); the
    association's minority members are named (its figure counts named members)."""
    association = Organisation.objects.filter(community=community, kind="association").first()
    if association is not None and not association.members.exists():
        minority = [
            r for r in residents if r.ethnicity_id != "01" and r.birth_date.year < date.today().year - 25
        ]
        for i, person in enumerate(rng.sample(minority, min(18 if hls else 6, len(minority)))):
            association.members.create(
                resident=person,
                role="head" if i == 0 else "member",
                joined_on=date(2010 if hls else 2013, 6, 1),
            )
    founded = {
        "association": date(2010, 6, 1),
        "team": date(2010, 9, 1),
        "volunteer": date(2011, 3, 5),
        "party_group": date(2012, 7, 1),
        "leading_group": date(2010, 3, 1),
    }
    for kind, on in founded.items():
        Organisation.objects.filter(community=community, kind=kind, founded_on__isnull=True).update(
            founded_on=on if hls else on.replace(year=on.year + 3)
        )
