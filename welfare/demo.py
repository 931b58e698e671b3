"""Demo welfare cases. 华林山社区 gets the seed's figures on today's date:

- 低保: 296 minority recipients in 120 households = 40.0% of all 740 recipients;
- 廉租房 rent subsidy: 25 minority households of 83 (30.1%, the seed's "30%"); 12 minority families moved
  into low-rent flats (实物配租) and 5 more (3 minority) are to move in next month (准备入住);
- 居民医保: 677 minority persons = 40.0% of all 1692;
- a few student-aid cases (with amounts) and ten employment placements.
Idempotent: a community that already has cases is skipped.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from residents.ethnicities import HAN
from residents.selectors import counted_residents

from .models import BenefitType, Case, CaseStatus, HousingMode, Transition
from .services import add_months


def seed(stdout, communities) -> None:
    for code, community in communities.items():
        if Case.objects.filter(community=community).exists():
            continue
        if not counted_residents(community).exists():
            continue
        n = _seed_hls(community) if code == "HLS" else _seed_small(community)
        stdout.write(f"  救助：{community.name} {n}件。")


def _households(community):
    """(pure-minority households, pure-Han households): household id → its counted members."""
    members = {}
    for r in (
        counted_residents(community)
        .exclude(household=None)
        .only("pk", "household_id", "ethnicity_id", "birth_date")
    ):
        members.setdefault(r.household_id, []).append(r)
    minority = {h: m for h, m in members.items() if all(r.ethnicity_id != HAN for r in m)}
    han = {h: m for h, m in members.items() if all(r.ethnicity_id == HAN for r in m)}
    return minority, han


def _pick_households(rng, households: dict, count: int, persons: int) -> list:
    """``count`` households whose members add up to exactly ``persons`` (swapping until they do)."""
    ids = list(households)
    rng.shuffle(ids)
    chosen, rest = ids[:count], ids[count:]
    size = lambda h: len(households[h])  # noqa: E731
    total = sum(size(h) for h in chosen)
    for _ in range(10000):
        if total == persons:
            return chosen
        i = rng.randrange(len(chosen))
        j = rng.randrange(len(rest))
        delta = size(rest[j]) - size(chosen[i])
        if (total < persons and delta > 0 and total + delta <= persons) or (
            total > persons and delta < 0 and total + delta >= persons
        ):
            chosen[i], rest[j] = rest[j], chosen[i]
            total += delta
    raise RuntimeError("cannot compose the demo 低保 households")


def _case(community, resident, btype, *, start, amount=None, review=None, housing="", placement=""):
    return Case(
        community=community,
        resident=resident,
        household_id=resident.household_id,
        type=btype,
        status=CaseStatus.ACTIVE,
        amount=amount,
        start_on=start,
        next_review_on=review,
        housing_mode=housing,
        placement=placement,
    )


@transaction.atomic
def _seed_hls(community) -> int:
    rng = random.Random(20110328)
    today = date.today()
    types = {t.code: t for t in BenefitType.objects.filter(community=None)}
    minority, han = _households(community)
    cases = []

    def start_date():
        return today - timedelta(days=rng.randint(60, 1500))

    def review_after(start):
        # yearly review on the anniversary, the next one after today (some fall due this month)
        # (add_months keeps a 29 February start valid in other years)
        review = add_months(start, 12 * (today.year - start.year))
        return (
            review
            if review >= today.replace(day=1)
            else add_months(start, 12 * (today.year + 1 - start.year))
        )

    dibao_min = _pick_households(rng, minority, 120, 296)
    # Han recipients as whole households too (a 低保 grant covers the household), 444 persons in all.
    dibao_han_people, remaining = [], 444
    for h in sorted(han, key=lambda _: rng.random()):
        if 0 < len(han[h]) <= remaining:
            dibao_han_people += han[h]
            remaining -= len(han[h])
    if remaining:
        raise RuntimeError("cannot compose the demo Han 低保 households")
    for person in [p for h in dibao_min for p in minority[h]] + dibao_han_people:
        start = start_date()
        cases.append(
            _case(
                community,
                person,
                types["dibao"],
                start=start,
                amount=Decimal(rng.choice([320, 410, 480, 560])),
                review=review_after(start),
            )
        )

    housing_min = rng.sample(sorted(set(minority) - set(dibao_min)), 25)
    housing_han = rng.sample(sorted(han), 58)
    for h in housing_min + housing_han:
        head = (minority.get(h) or han.get(h))[0]
        start = start_date()
        cases.append(
            _case(
                community,
                head,
                types["housing"],
                start=start,
                amount=Decimal(rng.choice([300, 350, 400])),
                review=review_after(start),
                housing=HousingMode.SUBSIDY,
            )
        )
    in_kind = rng.sample(sorted(set(minority) - set(housing_min)), 12)
    for h in in_kind:  # moved into low-rent flats (实物配租)
        cases.append(
            _case(
                community, minority[h][0], types["housing"], start=start_date(), housing=HousingMode.IN_KIND
            )
        )
    # Flats allotted this year whose families move in next month (准备入住): approved, starting later. A rng
    # of their own, so the draws after them (and the seed's other figures) stay as they were.
    later = random.Random(2011)
    arranged = later.sample(sorted(set(minority) - set(housing_min) - set(in_kind)), 3)
    arranged += later.sample(sorted(set(han) - set(housing_han)), 2)
    for h in arranged:
        head = (minority.get(h) or han.get(h))[0]
        cases.append(
            _case(
                community,
                head,
                types["housing"],
                start=today + timedelta(days=later.randint(20, 60)),
                housing=HousingMode.IN_KIND,
            )
        )

    minority_people = [p for m in minority.values() for p in m]
    mixed_minority = [
        r
        for r in counted_residents(community)
        .exclude(ethnicity_id=HAN)
        .exclude(household_id__in=list(minority))
    ]
    pool = minority_people + mixed_minority
    han_people = [p for m in han.values() for p in m]
    for person in rng.sample(pool, 677) + rng.sample(han_people, 1692 - 677):
        cases.append(
            _case(
                community,
                person,
                types["medical_insurance"],
                start=date(today.year, 1, 1),
                amount=Decimal(380),
                review=date(today.year + 1, 1, 1),
            )
        )

    young = [p for p in minority_people if 18 <= (today - p.birth_date).days // 365 <= 23]
    for person in rng.sample(young, min(4, len(young))):
        cases.append(
            _case(
                community,
                person,
                types["student_aid"],
                start=today - timedelta(days=rng.randint(30, 200)),
                amount=Decimal(3000),
            )
        )
    adults = [p for p in minority_people if 25 <= (today - p.birth_date).days // 365 <= 50]
    for person in rng.sample(adults, min(10, len(adults))):
        cases.append(
            _case(
                community,
                person,
                types["employment"],
                start=today - timedelta(days=rng.randint(30, 300)),
                placement=rng.choice(["物业保洁", "超市理货员", "餐饮服务员", "保安", "快递分拣员"]),
            )
        )
    # A few cases still in the workflow, and ended ones (they must not count).
    for person, status in zip(
        rng.sample(han_people, 6), [CaseStatus.APPLYING] * 3 + [CaseStatus.REVIEWING] * 3, strict=True
    ):
        cases.append(
            Case(
                community=community,
                resident=person,
                household_id=person.household_id,
                type=types["dibao"],
                status=status,
            )
        )
    for person in rng.sample(minority_people, 5):
        start = today - timedelta(days=900)
        cases.append(
            Case(
                community=community,
                resident=person,
                household_id=person.household_id,
                type=types["dibao"],
                status=CaseStatus.ENDED,
                start_on=start,
                end_on=today - timedelta(days=200),
            )
        )
    _save(cases)
    return len(cases)


@transaction.atomic
def _seed_small(community) -> int:
    rng = random.Random(1078)
    today = date.today()
    types = {t.code: t for t in BenefitType.objects.filter(community=None)}
    people = list(counted_residents(community).filter(Q(ethnicity_id=HAN) | ~Q(ethnicity_id=HAN))[:400])
    cases = []
    for person in rng.sample(people, min(60, len(people))):
        start = today - timedelta(days=rng.randint(60, 900))
        cases.append(
            _case(
                community,
                person,
                types["dibao"],
                start=start,
                amount=Decimal(450),
                review=add_months(start, 12 * (today.year + 1 - start.year)),
            )
        )
    for person in rng.sample(people, min(200, len(people))):
        cases.append(
            _case(
                community,
                person,
                types["medical_insurance"],
                start=date(today.year, 1, 1),
                amount=Decimal(380),
            )
        )
    _save(cases)
    return len(cases)


def _save(cases) -> None:
    Case.objects.bulk_create(cases, batch_size=1000)
    Transition.objects.bulk_create(
        [Transition(case=c, from_status="", to_status=c.status, reason="演示数据") for c in cases],
        batch_size=1000,
    )


__all__ = ["seed"]
