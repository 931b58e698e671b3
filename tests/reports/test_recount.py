"""The independent recount: random communities, every published figure against a brute-force count.

Hypothesis builds a community's ledgers as they were kept over two years — households of mixed ethnicities,
常住 and 流动 residents whose categories change, who move in, move out and die (some recorded late), welfare
cases applied for, approved, refused, ended (some entered later, already ended), events held and planned,
propaganda, visits, disputes settled at each level or still open, teams whose members join and leave — with
every record's history dated as it was kept. For random reference dates (and today) every figure that
``reports.figures`` and its providers publish is compared with a recount written here from DOMAIN.md's rules
in plain Python over the stored rows, no selector reused:

- a record counts as it stood on the date: its last version recorded by the end of that day, or — entered
  later — the version it was entered with;
- a resident counts if registered (登记日期) on or before the date and not gone (迁出/死亡) by it;
- a case counts if, in the workflow state of that day, it was approved, had started and had not ended;
- activity counts from 1 January of the year to the date; a dispute is settled if closed by the date.

A figure without a recount here fails the test. Examples per run: ``HYPOTHESIS_EXAMPLES`` (default 12).
"""

import os
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grids.models import Building, Compound, Grid, SubGrid, Unit
from outreach.models import (
    Dispute,
    Event,
    EventType,
    JurisdictionUnit,
    Organisation,
    OrganisationMember,
    Plan,
    PlanItem,
    Propaganda,
    Visit,
)
from reports.figures import Scope, community_figures, public_figures, rows_for
from residents.floating.models import FloatingResident, ServiceRecord
from residents.hardship.models import HardshipHelp, HardshipHousehold, HelpSource, Pairing
from residents.models import Ethnicity, Household, Resident
from tests.factories import valid_id
from welfare.models import BenefitType, Case, Transition

SPAN = 730  # days of ledger history before today
ETHNICITIES = ["01", "01", "03", "26", "47"]
FLAGS = [
    "is_hardship",
    "is_unemployed",
    "is_retired_cadre",
    "is_respected_elder",
    "is_disabled",
    "is_correction",
]
POLITICAL = ["masses", "party", "probationary", "league"]
TYPES = ["dibao", "housing", "student_aid", "medical_insurance", "employment"]
EVENT_TYPES = ["symposium", "holiday", "lecture"]
UNIT_KINDS = ["agency", "school", "hospital", "private_org", "shop"]
ORIGINS = ["620100", "640100", "630100", "510100"]
HELP_SOURCES = ["street", "partner", "party", "social", "other"]
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "12"))

day = st.integers(min_value=0, max_value=SPAN)  # days after the start of the history


# --- the story --------------------------------------------------------------------------------------


@st.composite
def resident_story(draw, households: int):
    entered = draw(day)
    changes = draw(
        st.lists(
            st.tuples(
                st.integers(entered, SPAN),
                st.sampled_from(["residence_type", "political_status", *FLAGS]),
                st.integers(0, 3),
            ),
            max_size=3,
        )
    )
    departure = None
    if draw(st.booleans()):
        on = draw(day)
        departure = (
            draw(st.sampled_from(["moved_out", "deceased"])),
            on,
            draw(st.integers(max(on, entered), SPAN)),
        )
    return {
        "household": draw(st.one_of(st.none(), st.integers(0, households - 1))) if households else None,
        "ethnicity": draw(st.sampled_from(ETHNICITIES)),
        "residence_type": draw(st.sampled_from(["registered", "registered", "floating"])),
        "political_status": draw(st.sampled_from(POLITICAL)),
        "flags": draw(st.sets(st.sampled_from(FLAGS), max_size=3)),
        "moved_in": draw(st.one_of(st.none(), day)),
        "entered": entered,
        "changes": sorted(changes),
        "departure": departure,
    }


@st.composite
def case_story(draw, residents: int):
    created = draw(day)
    path = draw(st.sampled_from(["active", "approved", "rejected", "pending", "imported_ended", "legacy"]))
    story = {
        "resident": draw(st.integers(0, residents - 1)),
        "type": draw(st.sampled_from(TYPES)),
        "mode": draw(st.sampled_from(["subsidy", "in_kind", "unknown"])),
        "amount": draw(st.integers(0, 5000)),
        "created": created,
        "path": path,
        "start": created - draw(st.integers(0, 90)),
        "steps": sorted(draw(st.lists(st.integers(created, SPAN), min_size=2, max_size=2))),
        "end": None,
    }
    if path in ("active", "approved", "legacy") and draw(st.booleans()):
        end = draw(st.integers(story["start"], SPAN))
        # ended through the workflow (recorded on or after the end date), or a term fixed in advance
        story["end"] = (end, draw(st.one_of(st.none(), st.integers(max(end, story["steps"][1]), SPAN))))
    if path == "imported_ended":
        story["end"] = (story["start"] + draw(st.integers(0, 400)), None)
    return story


@st.composite
def stories(draw):
    households = draw(st.integers(0, 5))
    residents = draw(st.lists(resident_story(households), min_size=2, max_size=9))
    n = len(residents)
    member = st.tuples(
        st.one_of(st.none(), st.integers(0, n - 1)), st.sampled_from(["head", "member"]),
        st.one_of(st.none(), day), st.one_of(st.none(), day),
    )  # fmt: skip
    return {
        "households": households,
        "residents": residents,
        "cases": draw(st.lists(case_story(n), min_size=1, max_size=7)),
        "events": draw(st.lists(st.tuples(day, st.sampled_from(["held", "held", "planned"]),
                                          st.sampled_from(EVENT_TYPES), st.sets(st.integers(0, n - 1), max_size=3),
                                          st.integers(0, 20)), max_size=5)),
        "propaganda": draw(st.lists(st.tuples(day, st.integers(1, 5), st.integers(0, 3), st.integers(0, 300),
                                              st.integers(0, 50)), max_size=3)),
        "visits": draw(st.lists(st.tuples(day, st.sampled_from(["joint", "correction", "hardship", "other"]),
                                          st.integers(0, n - 1)), max_size=5)),
        "disputes": draw(st.lists(st.tuples(day, st.sampled_from(["accepted", "mediating", "resolved", "reported"]),
                                            st.sampled_from(["compound", "community", "street"]), st.integers(0, 60),
                                            st.booleans(), st.one_of(st.none(), st.integers(0, 60))), max_size=5)),
        "leading": draw(st.one_of(st.none(), st.tuples(st.one_of(st.none(), day), st.lists(member, max_size=4)))),
        "teams": draw(st.lists(st.tuples(st.booleans(), st.integers(0, 30), st.one_of(st.none(), day),
                                         st.one_of(st.none(), day), st.lists(member, max_size=3)), max_size=3)),
        "units": draw(st.lists(st.sampled_from(UNIT_KINDS), max_size=4)),
        # the floating register: one stay per person (arrived, left or not, from where), and services
        "stays": draw(st.lists(st.tuples(st.integers(0, n - 1), day, st.one_of(st.none(), st.integers(0, 300)),
                                         st.sampled_from(ORIGINS)), max_size=4, unique_by=lambda s: s[0])),
        "services": draw(st.lists(st.tuples(day, st.integers(0, n - 1), st.booleans()), max_size=4)),
        # hardship households: recognised (and ended), paired (and unpaired), helped
        "hardship": draw(st.lists(st.tuples(st.integers(0, max(households - 1, 0)), day,
                                            st.one_of(st.none(), st.integers(0, 300)),
                                            st.lists(st.tuples(day, st.one_of(st.none(), st.integers(0, 300))), max_size=2),
                                            st.lists(st.tuples(day, st.sampled_from(HELP_SOURCES), st.integers(0, 800)),
                                                     max_size=3)),
                                  max_size=3 if households else 0, unique_by=lambda h: h[0])),
    }  # fmt: skip


# --- building the ledgers as they were kept ---------------------------------------------------------


def _d(start: date, offset: int) -> date:
    return start + timedelta(days=offset)


def _at(start: date, offset: int) -> datetime:
    """A moment of the day (the records of one day are kept in the order they are applied)."""
    return timezone.make_aware(datetime.combine(_d(start, offset), time(12)))


def _tree(community):
    grid1 = Grid.objects.create(community=community, number=1, name="第1网格")
    grid2 = Grid.objects.create(community=community, number=2, name="第2网格")
    SubGrid.objects.create(community=community, grid=grid1, name="东片")
    big = Compound.objects.create(community=community, grid=grid1, name="华林小区")  # spans both grids
    small = Compound.objects.create(community=community, grid=grid2, name="东岗小区")
    buildings = [
        Building.objects.create(community=community, compound=big, number="1"),
        Building.objects.create(community=community, compound=big, number="2", grid=grid2),
        Building.objects.create(community=community, compound=small, number="1"),
    ]
    units = [Unit.objects.create(community=community, building=b, number="1") for b in buildings]
    return units


def build(community, story, start: date) -> list[Resident]:
    units = _tree(community)
    households = []
    for i in range(story["households"]):
        unit = units[i % len(units)]
        grid = unit.building.grid or unit.building.compound.grid
        households.append(Household.objects.create(
            community=community, grid=grid, compound=unit.building.compound, building=unit.building, unit=unit,
            door=f"{101 + i}",
        ))  # fmt: skip
    ethnicities = {e.code: e for e in Ethnicity.objects.filter(code__in=ETHNICITIES)}
    residents = []
    for i, r in enumerate(story["residents"]):
        resident = Resident(
            community=community, household=households[r["household"]] if r["household"] is not None else None,
            relation="head" if i == 0 else "other", name=f"居民{i}", sex="M", birth_date=date(1980, 1, 2),
            id_number=valid_id(), ethnicity=ethnicities[r["ethnicity"]], residence_type=r["residence_type"],
            political_status=r["political_status"], moved_in_on=_d(start, r["moved_in"]) if r["moved_in"] is not None else None,
            **{flag: flag in r["flags"] for flag in FLAGS},
        )  # fmt: skip
        steps = [(r["entered"], 0, None)] + [
            (d, 1, change) for d, *change in [(c[0], c[1], c[2]) for c in r["changes"]]
        ]
        if r["departure"]:
            status, on, recorded = r["departure"]
            steps.append((recorded, 2, (status, on)))
        for offset, kind, change in sorted(steps, key=lambda s: (s[0], s[1])):
            if kind == 1:
                field_name, value = change
                if field_name == "residence_type":
                    resident.residence_type = ["registered", "floating"][value % 2]
                elif field_name == "political_status":
                    resident.political_status = POLITICAL[value]
                else:
                    setattr(resident, field_name, bool(value % 2))
            elif kind == 2:
                resident.status, resident.status_date = change[0], _d(start, change[1])
            resident._history_date = _at(start, offset)
            resident.save()
        residents.append(resident)
    types = {t.code: t for t in BenefitType.objects.filter(community=None, code__in=TYPES)}
    for c in story["cases"]:
        resident = residents[c["resident"]]
        btype = types[c["type"]]
        first, second = c["steps"]
        start_on = _d(start, c["start"])
        path = c["path"]
        transitions = {
            "active": [("", "active", c["created"])],
            "approved": [("", "applying", c["created"]), ("applying", "reviewing", first), ("reviewing", "active", second)],
            "rejected": [("", "applying", c["created"]), ("applying", "rejected", first)],
            "pending": [("", "applying", c["created"]), ("applying", "reviewing", first)],
            "imported_ended": [("", "ended", c["created"])],
            "legacy": [],
        }[path]  # fmt: skip
        if path == "approved":
            start_on = _d(start, second)
        end_on = None
        if c["end"]:
            end_on = max(_d(start, c["end"][0]), start_on)
            if c["end"][1] is not None and path != "imported_ended":
                transitions.append(
                    ("active", "ended", max(c["end"][1], transitions[-1][2] if transitions else 0))
                )
        status = transitions[-1][1] if transitions else "active"
        if path == "legacy" and c["end"] and c["end"][1] is not None:
            status = "ended"
        case = Case.objects.create(
            community=community, resident=resident, household=resident.household, type=btype, status=status,
            amount=Decimal(c["amount"]) if btype.code == "student_aid" else None,
            housing_mode=c["mode"] if btype.has_housing_mode else "", start_on=start_on, end_on=end_on,
        )  # fmt: skip
        for from_status, to_status, offset in transitions:
            step = Transition.objects.create(case=case, from_status=from_status, to_status=to_status)
            Transition.objects.filter(pk=step.pk).update(at=_at(start, offset))
    event_types = {t.code: t for t in EventType.objects.filter(code__in=EVENT_TYPES)}
    for offset, status, code, people, others in story["events"]:
        event = Event.objects.create(community=community, type=event_types[code], title="活动", date=_d(start, offset),
                                     status=status, other_participants=others)  # fmt: skip
        event.participants.set([residents[i] for i in people])
    for offset, banners, boards, leaflets, quizzes in story["propaganda"]:
        Propaganda.objects.create(community=community, date=_d(start, offset), subject="宣传", banners=banners,
                                  boards=boards, leaflets=leaflets, quizzes=quizzes)  # fmt: skip
    for offset, purpose, who in story["visits"]:
        resident = residents[who]
        Visit.objects.create(community=community, date=_d(start, offset), purpose=purpose, resident=resident,
                             household=resident.household)  # fmt: skip
    for offset, status, level, closed_after, petition, deadline in story["disputes"]:
        closed = status in ("resolved", "reported")
        Dispute.objects.create(
            community=community, received_on=_d(start, offset), summary="纠纷", category="neighbour", status=status,
            settled_level=level if status == "resolved" else "", is_petition=petition,
            closed_on=_d(start, offset + closed_after) if closed else None,
            deadline=_d(start, offset + deadline) if deadline is not None else None,
        )  # fmt: skip

    def members(organisation, people):
        for who, role, since, until in people:
            since_on = _d(start, since) if since is not None else None
            until_on = _d(start, until) if until is not None else None
            if since_on and until_on and until_on < since_on:
                since_on, until_on = until_on, since_on
            if (
                who is not None
                and organisation.members.filter(resident=residents[who]).exists()  # a current member
            ):
                who = None
            OrganisationMember.objects.create(
                organisation=organisation, resident=residents[who] if who is not None else None,
                name="" if who is not None else f"成员{organisation.members.count()}", role=role,
                joined_on=since_on, left_on=until_on,
            )  # fmt: skip

    if story["leading"] is not None:
        founded, people = story["leading"]
        group = Organisation.objects.create(community=community, kind="leading_group", name="领导小组",
                                            head_name="王主任", founded_on=_d(start, founded) if founded else None)  # fmt: skip
        members(group, people)
    grids = list(Grid.objects.filter(community=community).order_by("number"))
    for i, (in_grid, unregistered, founded, dissolved, people) in enumerate(story["teams"]):
        founded_on = _d(start, founded) if founded is not None else None
        dissolved_on = _d(start, dissolved) if dissolved is not None else None
        if founded_on and dissolved_on and dissolved_on < founded_on:
            founded_on, dissolved_on = dissolved_on, founded_on
        team = Organisation.objects.create(
            community=community, kind="volunteer", name=f"志愿队{i}", grid=grids[i % 2] if in_grid else None,
            unregistered_members=unregistered, founded_on=founded_on, is_active=dissolved_on is None,
            dissolved_on=dissolved_on,
        )  # fmt: skip
        members(team, people)
    for i, kind in enumerate(story["units"]):
        JurisdictionUnit.objects.create(community=community, name=f"单位{i}", kind=kind)
    for who, arrived, stayed, origin in story["stays"]:
        FloatingResident.objects.create(
            community=community, resident=residents[who], arrived_on=_d(start, arrived), origin=origin,
            departed_on=_d(start, arrived + stayed) if stayed is not None else None, reason="work", housing="rented",
        )  # fmt: skip
    for offset, who, to_household in story["services"]:
        resident = residents[who]
        household = resident.household if to_household and resident.household_id else None
        ServiceRecord.objects.create(community=community, resident=None if household else resident, household=household,
                                     kind="visit", served_on=_d(start, offset), served_by="网格员")  # fmt: skip
    for index, since, lasted, pairings, help_given in story["hardship"]:
        record = HardshipHousehold.objects.create(
            community=community, household=households[index], since=_d(start, since),
            ended_on=_d(start, since + lasted) if lasted is not None else None,
        )  # fmt: skip
        open_pairing = False
        for paired, ended in pairings:
            if ended is None and open_pairing:
                ended = 0
            open_pairing = open_pairing or ended is None
            Pairing.objects.create(hardship=record, helper_kind="cadre", helper_name="王干部", since=_d(start, paired),
                                   ended_on=_d(start, paired + ended) if ended is not None else None)  # fmt: skip
        for offset, source, amount in help_given:
            HardshipHelp.objects.create(hardship=record, kind="money", amount=Decimal(amount), given_on=_d(start, offset),
                                        source=source, handed_over_by="李主任")  # fmt: skip
    return residents


# --- the recount ------------------------------------------------------------------------------------


def share(part: int, whole: int):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def recorded_by(moment: datetime, on: date) -> bool:
    return timezone.localtime(moment).date() <= on


def recount(community, on: date, year: int) -> dict:
    """Every figure of the community on ``on``, from the stored rows, in plain Python."""
    start = date(year, 1, 1)
    out = {}
    # Residents as they stood: each one's last version recorded by the end of the day, else its first.
    versions = defaultdict(list)
    for v in Resident.history.filter(community=community).order_by("history_date", "history_id").values():
        versions[v["id"]].append(v)
    people = []
    for rows in versions.values():
        then = [v for v in rows if recorded_by(v["history_date"], on)]
        people.append(then[-1] if then else rows[0])
    names = dict(Ethnicity.objects.values_list("code", "name"))

    def on_register(v):
        registered = v["moved_in_on"] is None or v["moved_in_on"] <= on
        gone = v["status"] != "active" and v["status_date"] <= on
        return registered and not gone

    present = [v for v in people if on_register(v)]
    counted = [v for v in present if v["residence_type"] == "registered"]
    minority = [v for v in counted if v["ethnicity_id"] != "01"]

    def households(rows):
        return len({v["household_id"] for v in rows if v["household_id"] is not None})

    out["常住人口"], out["常住户数"] = len(counted), households(counted)
    out["少数民族人口"], out["少数民族户数"] = len(minority), households(minority)
    out["少数民族占比"] = share(len(minority), len(counted))
    out["流动人口"] = len([v for v in present if v["residence_type"] == "floating"])
    groups = {v["ethnicity_id"] for v in minority}
    out["少数民族数"] = len(groups)
    for code in groups:
        of_group = [v for v in minority if v["ethnicity_id"] == code]
        out[f"{names[code]}人口"], out[f"{names[code]}户数"] = len(of_group), households(of_group)
    out["网格数"] = Grid.objects.filter(community=community).count()
    out["片格数"] = SubGrid.objects.filter(community=community).count()
    out["小区数"] = len(set(Compound.objects.filter(community=community).values_list("name", flat=True)))
    out["楼栋数"] = Building.objects.filter(community=community).count()
    out["党员人数"] = len([v for v in counted if v["political_status"] in ("party", "probationary")])
    out["离退休干部人数"] = len([v for v in counted if v["is_retired_cadre"]])
    out["残疾人数"] = len([v for v in counted if v["is_disabled"]])
    out["辖区面积"] = community.area_km2
    hardship = [v for v in minority if v["is_hardship"]]
    out["少数民族困难家庭人数"], out["少数民族困难家庭户数"] = len(hardship), households(hardship)
    out["下岗失业人数"] = len([v for v in minority if v["is_unemployed"]])
    out["德高望重离退休人员数"] = len(
        [v for v in counted if v["is_respected_elder"] or v["is_retired_cadre"]]
    )

    # Welfare: the case in the workflow state of the day.
    ethnicity_of = {r.pk: r.ethnicity_id for r in Resident.objects.filter(community=community)}
    steps = defaultdict(list)
    for t in Transition.objects.filter(case__community=community).order_by("at", "pk"):
        steps[t.case_id].append(t)
    in_benefit = []
    for case in Case.objects.filter(community=community).select_related("type"):
        recorded = [t for t in steps[case.pk] if recorded_by(t.at, on)]
        state = (recorded[-1] if recorded else steps[case.pk][0]).to_status if steps[case.pk] else case.status
        ended_later = any(
            t.from_status == "active" and t.to_status == "ended" and not recorded_by(t.at, on)
            for t in steps[case.pk]
        )
        started = case.start_on is None or case.start_on <= on
        not_ended = case.end_on is None or case.end_on > on
        if started and (
            (state == "active" and (not_ended or ended_later))
            or (state == "ended" and case.end_on and case.end_on > on)
        ):
            in_benefit.append(case)

    def cov(code, mode=None):
        cases = [c for c in in_benefit if c.type.code == code and (mode is None or c.housing_mode == mode)]
        mino = [c for c in cases if ethnicity_of[c.resident_id] != "01"]
        return {
            "persons": len({c.resident_id for c in cases}),
            "households": len({c.household_id for c in cases if c.household_id}),
            "minority_persons": len({c.resident_id for c in mino}),
            "minority_households": len({c.household_id for c in mino if c.household_id}),
            "minority_amount": sum((c.amount or 0 for c in mino), Decimal(0)),
        }

    dibao, housing, aid = cov("dibao"), cov("housing", "subsidy"), cov("student_aid")
    medical, job = cov("medical_insurance"), cov("employment")
    out["低保人数"], out["低保户数"] = dibao["persons"], dibao["households"]
    out["少数民族低保人数"], out["少数民族低保户数"] = dibao["minority_persons"], dibao["minority_households"]
    out["少数民族低保人数占比"] = share(dibao["minority_persons"], dibao["persons"])
    out["廉租房户数"], out["少数民族廉租房户数"] = housing["households"], housing["minority_households"]
    out["少数民族廉租房户数占比"] = share(housing["minority_households"], housing["households"])
    out["少数民族助学人数"] = aid["minority_persons"]
    out["少数民族助学金额"] = Decimal(aid["minority_amount"]).quantize(Decimal("1"))
    out["医保人数"], out["少数民族医保人数"] = medical["persons"], medical["minority_persons"]
    out["少数民族医保人数占比"] = share(medical["minority_persons"], medical["persons"])
    out["少数民族就业人数"] = job["minority_persons"]

    # Outreach, from 1 January to the date.
    units = list(JurisdictionUnit.objects.filter(community=community).values_list("kind", flat=True))
    out["辖区单位数"] = len(units)
    for kind, name in [("agency", "机关单位数"), ("school", "学校数"), ("hospital", "医院数"),
                       ("private_org", "非公有制经济组织和新社会组织数"), ("shop", "个体商业网点数")]:  # fmt: skip
        out[name] = units.count(kind)

    def active_org(o):
        if o.founded_on and o.founded_on > on:
            return False
        return o.dissolved_on > on if o.dissolved_on else o.is_active

    def members_then(o):
        return [
            m
            for m in OrganisationMember.all_objects.filter(organisation=o)
            if (m.joined_on is None or m.joined_on <= on) and (m.left_on is None or m.left_on > on)
        ]

    teams = [o for o in Organisation.objects.filter(community=community, kind="volunteer") if active_org(o)]
    size = {o.pk: len(members_then(o)) + o.unregistered_members for o in teams}
    out["志愿者队伍数"], out["志愿者人数"] = len(teams), sum(size.values())
    out["一格十员人数"] = sum(size[o.pk] for o in teams if o.grid_id)
    group = next(
        (o for o in Organisation.objects.filter(community=community, kind="leading_group").order_by("name")
         if active_org(o)), None,
    )  # fmt: skip
    group_members = members_then(group) if group else []
    heads = [m.display_name for m in group_members if m.role == "head"]
    out["领导小组组长"] = heads[0] if heads else (group.head_name if group and group.head_name else None)
    out["领导小组人数"] = len(group_members)
    held = [e for e in Event.objects.filter(community=community).select_related("type")
            if e.status == "held" and start <= e.date <= on]  # fmt: skip
    out["活动场次"] = len(held)
    out["座谈会场次"] = len([e for e in held if e.type.code == "symposium"])
    out["节日活动场次"] = len([e for e in held if e.type.code == "holiday"])
    # The plan ledger: the year's activity items against the held events linked to them.
    plan = Plan.objects.filter(community=community, year=year).first()
    items = list(PlanItem.objects.filter(plan=plan, kind="activity")) if plan else []
    done = {e.plan_item_id for e in held}
    month_over = lambda m: on >= date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1)  # noqa: E731
    out["计划活动项数"] = len(items) if plan else None
    out["计划活动已举办项数"] = (
        len([i for i in items if i.pk in done and not i.withdrawn_on]) if plan else None
    )
    out["计划活动未举办项数"] = (
        len([i for i in items if i.withdrawn_on or (i.pk not in done and month_over(i.month))])
        if plan
        else None
    )
    out["计划外活动场次"] = (
        len([e for e in held if e.plan_item_id is None or e.plan_item.plan_id != plan.pk])
        if plan
        else len(held)
    )
    participants = {p.pk for e in held for p in e.participants.all()}
    out["活动参与人数"] = len(participants) + sum(e.other_participants for e in held)
    propaganda = [p for p in Propaganda.objects.filter(community=community) if start <= p.date <= on]
    for field_name, name in [
        ("banners", "横幅数"),
        ("boards", "展板数"),
        ("leaflets", "宣传资料数"),
        ("quizzes", "知识答题数"),
    ]:
        out[name] = sum(getattr(p, field_name) for p in propaganda)
    visits = [v for v in Visit.objects.filter(community=community) if start <= v.date <= on]
    out["走访次数"] = len(visits)
    for purpose, name in [
        ("correction", "帮教走访次数"),
        ("joint", "联合走访次数"),
        ("hardship", "困难家庭走访次数"),
    ]:
        out[name] = len([v for v in visits if v.purpose == purpose])
    disputes = [d for d in Dispute.objects.filter(community=community) if start <= d.received_on <= on]
    closed = [d for d in disputes if d.status in ("resolved", "reported") and d.closed_on <= on]
    settled = [d for d in closed if d.status == "resolved"]
    in_compound = [d for d in settled if d.settled_level == "compound"]
    inside = [d for d in settled if d.settled_level in ("compound", "community")]
    out["纠纷件数"], out["已化解件数"] = len(disputes), len(settled)
    out["已办结件数"], out["在办件数"] = len(closed), len(disputes) - len(closed)
    out["小区化解件数"], out["小区化解占比"] = len(in_compound), share(len(in_compound), len(closed))
    out["社区内化解件数"], out["社区内化解占比"] = len(inside), share(len(inside), len(closed))
    out["纠纷化解率"] = share(len(settled), len(disputes))
    out["纠纷结案率"] = share(len(closed), len(disputes))
    out["上访件数"] = len([d for d in disputes if d.is_petition])

    # The floating register: stays standing on the date (arrived by it, not yet left), this year's comings.
    year_end = min(on, date(year, 12, 31))
    current = {r.pk: r for r in Resident.objects.filter(community=community)}
    stays = list(FloatingResident.objects.filter(community=community))
    standing = [s for s in stays if s.arrived_on <= on and (s.departed_on is None or s.departed_on > on)]
    floating = {s.resident_id for s in standing}
    by_group = defaultdict(set)
    for pk in floating:
        by_group[current[pk].ethnicity_id].add(pk)
    minority_floating = {pk for pk in floating if current[pk].ethnicity_id != "01"}
    out["登记流动人口数"], out["少数民族流动人口数"] = len(floating), len(minority_floating)
    out["少数民族流动人口占比"] = share(len(minority_floating), len(floating))
    out["流动人口来源省份数"] = len({s.origin[:2] for s in standing})
    for code, people in by_group.items():
        out[f"{names[code]}流动人口数"] = len(people)
    out["本年来社区流动人口数"] = len([s for s in stays if start <= s.arrived_on <= year_end])
    out["本年离开流动人口数"] = len(
        [s for s in stays if s.departed_on and start <= s.departed_on <= year_end]
    )
    services = [s for s in ServiceRecord.objects.filter(community=community) if start <= s.served_on <= on]
    served_households = {s.household_id for s in services if s.household_id}
    served = {s.resident_id for s in services if s.resident_id} | {
        pk for pk, r in current.items() if r.household_id in served_households
    }
    out["服务少数民族流动人口数"] = len(minority_floating & served)
    if not stays:  # a register never kept is a gap, not zeros (missing is not zero)
        for name in ["登记流动人口数", "少数民族流动人口数", "少数民族流动人口占比", "流动人口来源省份数", "本年来社区流动人口数",
                     "本年离开流动人口数", "服务少数民族流动人口数"]:  # fmt: skip
            out[name] = None

    # Hardship households: recognised by the date and not yet ended; persons are their 常住 members then.
    records = [h for h in HardshipHousehold.objects.filter(community=community)
               if h.since <= on and (h.ended_on is None or h.ended_on > on)]  # fmt: skip
    members = defaultdict(list)
    for v in counted:
        members[v["household_id"]].append(v)
    minority_records = [h for h in records if any(m["ethnicity_id"] != "01" for m in members[h.household_id])]
    out["困难家庭户数"], out["少数民族困难家庭户数"] = len(records), len(minority_records)
    out["困难家庭人口"] = sum(len(members[h.household_id]) for h in records)
    out["少数民族困难家庭人口"] = sum(len(members[h.household_id]) for h in minority_records)
    paired = [h for h in records if any(p.since <= on and (p.ended_on is None or p.ended_on > on)
                                        for p in h.pairings.all())]  # fmt: skip
    out["结对帮扶户数"], out["未结对困难家庭户数"] = len(paired), len(records) - len(paired)
    out["结对帮扶占比"] = share(len(paired), len(records))
    helped = [
        h for h in HardshipHelp.objects.filter(hardship__community=community) if start <= h.given_on <= on
    ]
    out["本年帮扶次数"] = len(helped)
    out["本年帮扶金额"] = sum((h.amount or 0 for h in helped), Decimal(0))
    for value, label in HelpSource.choices:
        out[f"本年{label}帮扶金额"] = sum((h.amount or 0 for h in helped if h.source == value), Decimal(0))
    if not HardshipHousehold.objects.filter(
        community=community
    ).exists():  # never kept: help and pairs are gaps
        for name in ["结对帮扶户数", "未结对困难家庭户数", "本年帮扶次数", "本年帮扶金额"]:
            out[name] = None
    return out


def boundaries(community) -> dict[str, list[date]]:
    """The past dates on which something changes, by ledger: a reference date on one tests the edge of a rule."""
    today = timezone.localdate()
    found = {"residents": set(), "cases": set(), "other": set()}
    for v in Resident.history.filter(community=community).values("moved_in_on", "status_date"):
        found["residents"].update(d for d in v.values() if d)
    for c in Case.objects.filter(community=community).values("start_on", "end_on"):
        found["cases"].update(d for d in c.values() if d)
    found["other"].update(
        Dispute.objects.filter(community=community)
        .exclude(closed_on=None)
        .values_list("closed_on", flat=True)
    )
    found["other"].update(Event.objects.filter(community=community).values_list("date", flat=True))
    for m in OrganisationMember.all_objects.filter(organisation__community=community).values(
        "joined_on", "left_on"
    ):
        found["other"].update(d for d in m.values() if d)
    return {kind: sorted(d for d in dates if d < today) for kind, dates in found.items()}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(story=stories(), offsets=st.lists(day, min_size=1, max_size=1), data=st.data())
def test_every_figure_equals_an_independent_recount(world, story, offsets, data):
    today = timezone.localdate()
    start = today - timedelta(days=SPAN)
    community = world.a
    with transaction.atomic():
        build(community, story, start)
        # Random dates, today, and one edge of each ledger (a case's end, a departure, a dispute's closing…).
        picked = {data.draw(st.sampled_from(edges)) for edges in boundaries(community).values() if edges}
        dates = sorted({_d(start, o) for o in offsets} | picked | {today})
        for on in dates:
            figures = public_figures(community_figures(community, on, on.year))
            expected = recount(community, on, on.year)
            assert not set(figures) - set(expected), (
                f"figures without a recount: {set(figures) - set(expected)}"
            )
            assert not set(expected) - set(figures), (
                f"recounted but not published: {set(expected) - set(figures)}"
            )
            assert {name: f.value for name, f in figures.items()} == expected, on
        on = dates[0]  # and on one of the dates, every count opens exactly its rows
        for name, figure in public_figures(community_figures(community, on, on.year)).items():
            if (
                not figure.rows_key or figure.unit == "%" or figure.value is None
            ):  # shares and gaps count no rows
                continue
            rows, queryset = rows_for(figure.rows_key, community, on, on.year)
            arg = figure.rows_key.partition(":")[2]
            listed = (
                rows.total(Scope(community, on, on.year), arg, queryset) if rows.total else queryset.count()
            )
            if isinstance(listed, Decimal):
                listed = listed.quantize(Decimal("1"))
            assert listed == figure.value, (name, on, listed)
        transaction.set_rollback(True)
