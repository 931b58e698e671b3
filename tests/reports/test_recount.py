"""The independent recount: random communities, every published figure against a brute-force count.

Hypothesis builds a community's ledgers as they were kept over two years — households of mixed ethnicities,
常住 and 流动 residents whose categories change, who move in, move out and die (some recorded late), welfare
cases applied for, approved, refused, ended (some entered later, already ended), events held and planned,
propaganda, visits, disputes settled at each level or still open, teams whose members join and leave, and the
registers of religious liaison, 清真 oversight and the 创建 record (sites and figures coming and going, monthly
joint visits made or missed, shops opening and closing, inspections and their rectifications, complaints,
示范 named and revoked, commendations, facilities, funding, training, associations, teams and party groups with
their members) — with every record's history dated as it was kept. For random reference dates (and today) every figure that
``reports.figures`` and its providers publish is compared with a recount written here from DOMAIN.md's rules
in plain Python over the stored rows, no selector reused:

- a record counts as it stood on the date: its last version recorded by the end of that day, or — entered
  later — the version it was entered with;
- a resident counts if registered (登记日期) on or before the date and not gone (迁出/死亡) by it;
- a case counts if, in the workflow state of that day, it was approved, had started and had not ended;
- activity counts from 1 January of the year to the date; a dispute is settled if closed by the date;
- a register's row stands on the date if it started on or before it and its end (closing, leaving,
  revocation, rectification, handling) is not on or before it; a site owes one joint visit a month from the
  month of its joint visits' start while it is not closed, done if visited that month, overdue once the month
  is over. The rows behind each register figure are compared too, with the rows its link opens.

A figure without a recount here fails the test. Examples per run: ``HYPOTHESIS_EXAMPLES`` (default 12).
"""

import calendar
import os
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, urlsplit

from django.db import transaction
from django.urls import resolve
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import User
from grids.models import Building, Compound, Grid, SubGrid, Unit
from outreach.models import (
    Commendation,
    Dispute,
    Event,
    EventType,
    Facility,
    Funding,
    HalalComplaint,
    HalalEstablishment,
    HalalInspection,
    Honour,
    JointVisit,
    JurisdictionUnit,
    Organisation,
    OrganisationMember,
    Plan,
    PlanItem,
    Propaganda,
    ReligiousFigure,
    ReligiousSite,
    Training,
    Visit,
)
from outreach.selectors.figures import FIGURES, figure_rows, register_figures
from outreach.selectors.liaison import Duty
from reports.figures import Scope, public_figures
from reports.registry import community_figures, rows_for
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
HONOUR_KINDS = ["household", "building", "unit", "workplace"]
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
        st.one_of(st.none(), st.integers(0, n - 1)),
        st.sampled_from(["head", "member"]),
        st.one_of(st.none(), day),
        st.one_of(st.none(), day),
    )
    return {
        "households": households,
        "residents": residents,
        "cases": draw(st.lists(case_story(n), min_size=1, max_size=7)),
        # events, some with religious figures taking part (座谈: indices into the figures below)
        "events": draw(
            st.lists(
                st.tuples(
                    day,
                    st.sampled_from(["held", "held", "planned"]),
                    st.sampled_from(EVENT_TYPES),
                    st.sets(st.integers(0, n - 1), max_size=3),
                    st.integers(0, 20),
                    st.sets(st.integers(0, 3), max_size=2),
                ),
                max_size=5,
            )
        ),
        "propaganda": draw(
            st.lists(
                st.tuples(day, st.integers(1, 5), st.integers(0, 3), st.integers(0, 300), st.integers(0, 50)),
                max_size=3,
            )
        ),
        "visits": draw(
            st.lists(
                st.tuples(
                    day, st.sampled_from(["joint", "correction", "hardship", "other"]), st.integers(0, n - 1)
                ),
                max_size=5,
            )
        ),
        "disputes": draw(
            st.lists(
                st.tuples(
                    day,
                    st.sampled_from(["accepted", "mediating", "resolved", "reported"]),
                    st.sampled_from(["compound", "community", "street"]),
                    st.integers(0, 60),
                    st.booleans(),
                    st.one_of(st.none(), st.integers(0, 60)),
                ),
                max_size=5,
            )
        ),
        "leading": draw(
            st.one_of(st.none(), st.tuples(st.one_of(st.none(), day), st.lists(member, max_size=4)))
        ),
        "teams": draw(
            st.lists(
                st.tuples(
                    st.booleans(),
                    st.integers(0, 30),
                    st.one_of(st.none(), day),
                    st.one_of(st.none(), day),
                    st.lists(member, max_size=3),
                ),
                max_size=3,
            )
        ),
        "units": draw(st.lists(st.sampled_from(UNIT_KINDS), max_size=4)),
        # the floating register: one stay per person (arrived, left or not, from where), and services
        "stays": draw(
            st.lists(
                st.tuples(
                    st.integers(0, n - 1),
                    day,
                    st.one_of(st.none(), st.integers(0, 300)),
                    st.sampled_from(ORIGINS),
                ),
                max_size=4,
                unique_by=lambda s: s[0],
            )
        ),
        "services": draw(st.lists(st.tuples(day, st.integers(0, n - 1), st.booleans()), max_size=4)),
        # hardship households: recognised (and ended), paired (and unpaired), helped
        "hardship": draw(
            st.lists(
                st.tuples(
                    st.integers(0, max(households - 1, 0)),
                    day,
                    st.one_of(st.none(), st.integers(0, 300)),
                    st.lists(st.tuples(day, st.one_of(st.none(), st.integers(0, 300))), max_size=2),
                    st.lists(st.tuples(day, st.sampled_from(HELP_SOURCES), st.integers(0, 800)), max_size=3),
                ),
                max_size=3 if households else 0,
                unique_by=lambda h: h[0],
            )
        ),
        **draw(register_stories(n)),
    }


maybe_day = st.one_of(st.none(), day)
lasted = st.one_of(st.none(), st.integers(0, 400))  # days until an end (none: still going)


@st.composite
def register_stories(draw, residents: int):
    """Religious liaison, 清真 oversight, the 创建 record and the associations, teams and party groups."""
    member = st.tuples(
        st.one_of(st.none(), st.integers(0, residents - 1)),
        st.sampled_from(["head", "member"]),
        maybe_day,
        maybe_day,
    )
    return {
        # (registered since or unknown, closed after, monthly joint visits from (days after since) or none)
        "sites": draw(
            st.lists(st.tuples(maybe_day, lasted, st.one_of(st.none(), st.integers(0, 300))), max_size=2)
        ),
        # (site, since, left after)
        "religious_figures": draw(st.lists(st.tuples(st.integers(0, 1), day, lasted), max_size=4)),
        # (site, date): mostly in the last year, so that months are visited as well as missed
        "joint_visits": draw(
            st.lists(st.tuples(st.integers(0, 1), st.integers(SPAN - 400, SPAN)), max_size=8)
        ),
        # (opened, closed after, licence expires (days after opening) or none)
        "shops": draw(
            st.lists(st.tuples(day, lasted, st.one_of(st.none(), st.integers(-100, 700))), max_size=3)
        ),
        # (shop, date, to rectify, due after, rectified after)
        "inspections": draw(
            st.lists(
                st.tuples(
                    st.integers(0, 2),
                    day,
                    st.booleans(),
                    st.integers(0, 60),
                    st.one_of(st.none(), st.integers(0, 90)),
                ),
                max_size=4,
            )
        ),
        # (shop, received, handled after)
        "complaints": draw(
            st.lists(st.tuples(st.integers(0, 2), day, st.one_of(st.none(), st.integers(0, 60))), max_size=3)
        ),
        # (kind, target, nominated, how far it went, named after, revoked after)
        "honours": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(HONOUR_KINDS),
                    st.integers(0, 4),
                    day,
                    st.sampled_from(["nominated", "assessed", "named", "named", "not_named", "revoked"]),
                    st.integers(0, 120),
                    st.integers(0, 300),
                ),
                max_size=5,
            )
        ),
        # (awarded, a registered resident or a name)
        "commendations": draw(
            st.lists(st.tuples(day, st.one_of(st.none(), st.integers(0, residents - 1))), max_size=3)
        ),
        # (in use since, until after, area or none)
        "facilities": draw(
            st.lists(st.tuples(day, lasted, st.one_of(st.none(), st.integers(0, 20000))), max_size=3)
        ),
        # (date, amount in fen)
        "funding": draw(st.lists(st.tuples(day, st.integers(1, 500000)), max_size=3)),
        # (date, half hours, staff trainees, other trainees)
        "trainings": draw(
            st.lists(
                st.tuples(
                    day, st.integers(1, 16), st.sets(st.integers(0, 2), max_size=3), st.integers(0, 20)
                ),
                max_size=3,
            )
        ),
        # (kind, founded, dissolved, struck off before dates were kept, members)
        "organisations": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["association", "team", "party_group"]),
                    maybe_day,
                    maybe_day,
                    st.booleans(),
                    st.lists(member, max_size=3),
                ),
                max_size=4,
            )
        ),
    }


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
        households.append(
            Household.objects.create(
                community=community,
                grid=grid,
                compound=unit.building.compound,
                building=unit.building,
                unit=unit,
                door=f"{101 + i}",
            )
        )
    ethnicities = {e.code: e for e in Ethnicity.objects.filter(code__in=ETHNICITIES)}
    residents = []
    for i, r in enumerate(story["residents"]):
        resident = Resident(
            community=community,
            household=households[r["household"]] if r["household"] is not None else None,
            relation="head" if i == 0 else "other",
            name=f"居民{i}",
            sex="M",
            birth_date=date(1980, 1, 2),
            id_number=valid_id(),
            ethnicity=ethnicities[r["ethnicity"]],
            residence_type=r["residence_type"],
            political_status=r["political_status"],
            moved_in_on=_d(start, r["moved_in"]) if r["moved_in"] is not None else None,
            **{flag: flag in r["flags"] for flag in FLAGS},
        )
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
            "approved": [
                ("", "applying", c["created"]),
                ("applying", "reviewing", first),
                ("reviewing", "active", second),
            ],
            "rejected": [("", "applying", c["created"]), ("applying", "rejected", first)],
            "pending": [("", "applying", c["created"]), ("applying", "reviewing", first)],
            "imported_ended": [("", "ended", c["created"])],
            "legacy": [],
        }[path]
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
            community=community,
            resident=resident,
            household=resident.household,
            type=btype,
            status=status,
            amount=Decimal(c["amount"]) if btype.code == "student_aid" else None,
            housing_mode=c["mode"] if btype.has_housing_mode else "",
            start_on=start_on,
            end_on=end_on,
        )
        for from_status, to_status, offset in transitions:
            step = Transition.objects.create(case=case, from_status=from_status, to_status=to_status)
            Transition.objects.filter(pk=step.pk).update(at=_at(start, offset))
    figures = build_liaison(community, story, start)
    event_types = {t.code: t for t in EventType.objects.filter(code__in=EVENT_TYPES)}
    for offset, status, code, people, others, clergy in story["events"]:
        event = Event.objects.create(
            community=community,
            type=event_types[code],
            title="活动",
            date=_d(start, offset),
            status=status,
            other_participants=others,
        )
        event.participants.set([residents[i] for i in people])
        event.religious_figures.set([figures[i] for i in clergy if i < len(figures)])
    for offset, banners, boards, leaflets, quizzes in story["propaganda"]:
        Propaganda.objects.create(
            community=community,
            date=_d(start, offset),
            subject="宣传",
            banners=banners,
            boards=boards,
            leaflets=leaflets,
            quizzes=quizzes,
        )
    for offset, purpose, who in story["visits"]:
        resident = residents[who]
        Visit.objects.create(
            community=community,
            date=_d(start, offset),
            purpose=purpose,
            resident=resident,
            household=resident.household,
        )
    for offset, status, level, closed_after, petition, deadline in story["disputes"]:
        closed = status in ("resolved", "reported")
        Dispute.objects.create(
            community=community,
            received_on=_d(start, offset),
            summary="纠纷",
            category="neighbour",
            status=status,
            settled_level=level if status == "resolved" else "",
            is_petition=petition,
            closed_on=_d(start, offset + closed_after) if closed else None,
            deadline=_d(start, offset + deadline) if deadline is not None else None,
        )

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
                organisation=organisation,
                resident=residents[who] if who is not None else None,
                name="" if who is not None else f"成员{organisation.members.count()}",
                role=role,
                joined_on=since_on,
                left_on=until_on,
            )

    if story["leading"] is not None:
        founded, people = story["leading"]
        group = Organisation.objects.create(
            community=community,
            kind="leading_group",
            name="领导小组",
            head_name="王主任",
            founded_on=_d(start, founded) if founded else None,
        )
        members(group, people)
    grids = list(Grid.objects.filter(community=community).order_by("number"))
    for i, (in_grid, unregistered, founded, dissolved, people) in enumerate(story["teams"]):
        founded_on = _d(start, founded) if founded is not None else None
        dissolved_on = _d(start, dissolved) if dissolved is not None else None
        if founded_on and dissolved_on and dissolved_on < founded_on:
            founded_on, dissolved_on = dissolved_on, founded_on
        team = Organisation.objects.create(
            community=community,
            kind="volunteer",
            name=f"志愿队{i}",
            grid=grids[i % 2] if in_grid else None,
            unregistered_members=unregistered,
            founded_on=founded_on,
            is_active=dissolved_on is None,
            dissolved_on=dissolved_on,
        )
        members(team, people)
    for i, kind in enumerate(story["units"]):
        JurisdictionUnit.objects.create(community=community, name=f"单位{i}", kind=kind)
    for who, arrived, stayed, origin in story["stays"]:
        FloatingResident.objects.create(
            community=community,
            resident=residents[who],
            arrived_on=_d(start, arrived),
            origin=origin,
            departed_on=_d(start, arrived + stayed) if stayed is not None else None,
            reason="work",
            housing="rented",
        )
    for offset, who, to_household in story["services"]:
        resident = residents[who]
        household = resident.household if to_household and resident.household_id else None
        ServiceRecord.objects.create(
            community=community,
            resident=None if household else resident,
            household=household,
            kind="visit",
            served_on=_d(start, offset),
            served_by="网格员",
        )
    for index, since, lasted, pairings, help_given in story["hardship"]:
        record = HardshipHousehold.objects.create(
            community=community,
            household=households[index],
            since=_d(start, since),
            ended_on=_d(start, since + lasted) if lasted is not None else None,
        )
        open_pairing = False
        for paired, ended in pairings:
            if ended is None and open_pairing:
                ended = 0
            open_pairing = open_pairing or ended is None
            Pairing.objects.create(
                hardship=record,
                helper_kind="cadre",
                helper_name="王干部",
                since=_d(start, paired),
                ended_on=_d(start, paired + ended) if ended is not None else None,
            )
        for offset, source, amount in help_given:
            HardshipHelp.objects.create(
                hardship=record,
                kind="money",
                amount=Decimal(amount),
                given_on=_d(start, offset),
                source=source,
                handed_over_by="李主任",
            )
    build_halal(community, story, start)
    build_creation(community, story, start, residents, households)
    for i, (kind, founded, dissolved, struck_off, people) in enumerate(story["organisations"]):
        founded_on = _d(start, founded) if founded is not None else None
        dissolved_on = _d(start, dissolved) if dissolved is not None else None
        if founded_on and dissolved_on and dissolved_on < founded_on:
            founded_on, dissolved_on = dissolved_on, founded_on
        organisation = Organisation.objects.create(
            community=community,
            kind=kind,
            name=f"{kind}{i}",
            founded_on=founded_on,
            dissolved_on=dissolved_on,
            is_active=dissolved_on is None and not struck_off,
        )
        members(organisation, people)
    return residents


def _until(start: date, since: int | None, after: int | None) -> date | None:
    return _d(start, (since or 0) + after) if after is not None else None


def build_liaison(community, story, start: date) -> list[ReligiousFigure]:
    """Religious sites (some with monthly joint visits), their figures, the joint visits made."""
    sites = []
    for i, (since, closed_after, visits_after) in enumerate(story["sites"]):
        sites.append(
            ReligiousSite.objects.create(
                community=community,
                name=f"清真寺{i}",
                since=_d(start, since) if since is not None else None,
                closed_on=_until(start, since, closed_after),
                joint_visits_from=_until(start, since, visits_after),
            )
        )
    figures = []
    if not sites:
        return figures
    for site, since, left_after in story["religious_figures"]:
        figures.append(
            ReligiousFigure.objects.create(
                community=community,
                site=sites[site % len(sites)],
                name="马阿訇",
                role="imam",
                since=_d(start, since),
                left_on=_until(start, since, left_after),
            )
        )
    for site, offset in story["joint_visits"]:
        JointVisit.objects.create(
            community=community, site=sites[site % len(sites)], date=_d(start, offset), topics="走访回族群众"
        )
    return figures


def build_halal(community, story, start: date) -> None:
    shops = [
        HalalEstablishment.objects.create(
            community=community,
            name=f"清真餐馆{i}",
            kind="restaurant",
            address="华林路1号",
            operator_name="马师傅",
            opened_on=_d(start, opened),
            closed_on=_until(start, opened, closed_after),
            licence_expires=_d(start, opened + expires) if expires is not None else None,
        )
        for i, (opened, closed_after, expires) in enumerate(story["shops"])
    ]
    if not shops:
        return
    for shop, offset, rectify, due_after, rectified_after in story["inspections"]:
        HalalInspection.objects.create(
            community=community,
            establishment=shops[shop % len(shops)],
            date=_d(start, offset),
            inspectors="王干事",
            findings="检查",
            result="rectify" if rectify else "passed",
            rectification_due=_d(start, offset + due_after) if rectify else None,
            rectified_on=_until(start, offset, rectified_after) if rectify else None,
        )
    for shop, offset, handled_after in story["complaints"]:
        HalalComplaint.objects.create(
            community=community,
            establishment=shops[shop % len(shops)],
            received_on=_d(start, offset),
            channel="phone",
            summary="投诉",
            handled_on=_until(start, offset, handled_after),
        )


def build_creation(community, story, start: date, residents, households) -> None:
    """示范 from nomination to naming (or revocation), commendations, facilities, funding, training."""
    units = list(Unit.objects.filter(community=community).select_related("building").order_by("pk"))
    workplaces = list(JurisdictionUnit.objects.filter(community=community).order_by("pk"))
    for kind, target, nominated, stage, named_after, revoked_after in story["honours"]:
        if kind == "household" and not households:
            kind = "unit"
        if kind == "workplace" and not workplaces:
            workplaces.append(
                JurisdictionUnit.objects.create(community=community, name="示范单位", kind="school")
            )
        targets = {
            "household": households,
            "building": [u.building for u in units],
            "unit": units,
            "workplace": workplaces,
        }[kind]
        named = stage in ("named", "revoked")
        named_on = _d(start, nominated + named_after) if named else None
        Honour.objects.create(
            community=community,
            kind=kind,
            **{kind: targets[target % len(targets)]},
            year=_d(start, nominated).year,
            level="community",
            stage="named" if named else stage,
            nominated_on=_d(start, nominated),
            assessed_on=_d(start, nominated) if stage != "nominated" else None,
            named_on=named_on,
            revoked_on=named_on + timedelta(days=revoked_after) if stage == "revoked" else None,
            reason="事迹",
        )
    for offset, who in story["commendations"]:
        Commendation.objects.create(
            community=community,
            resident=residents[who] if who is not None else None,
            name="" if who is not None else "李好人",
            title="好邻居",
            year=_d(start, offset).year,
            level="street",
            awarded_on=_d(start, offset),
            awarded_by="街道办",
        )
    for i, (since, until_after, area) in enumerate(story["facilities"]):
        Facility.objects.create(
            community=community,
            name=f"阵地{i}",
            kind="activity_room" if area is not None else "board",
            area_m2=Decimal(area) / 100 if area is not None else None,
            since=_d(start, since),
            until=_until(start, since, until_after),
        )
    for offset, fen in story["funding"]:
        Funding.objects.create(
            community=community,
            date=_d(start, offset),
            amount=Decimal(fen) / 100,
            source="street",
            purpose="活动经费",
        )
    staff = list(User.objects.filter(memberships__community=community).order_by("pk"))
    for offset, half_hours, trainees, others in story["trainings"]:
        training = Training.objects.create(
            community=community,
            date=_d(start, offset),
            topic="民族政策",
            hours=Decimal(half_hours) / 2,
            provider="区民宗局",
            other_trainee_count=others,
        )
        training.trainees.set([staff[i % len(staff)] for i in trainees] if staff else [])


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

    # A type the community never recorded a case of (in any state) is a gap: None, never 0.
    ever = set(Case.objects.filter(community=community).values_list("type__code", flat=True))

    def gap(code, value):
        return value if code in ever else None

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

    dibao, aid = cov("dibao"), cov("student_aid")
    medical, job = cov("medical_insurance"), cov("employment")
    out["低保人数"], out["低保户数"] = gap("dibao", dibao["persons"]), gap("dibao", dibao["households"])
    out["少数民族低保人数"] = gap("dibao", dibao["minority_persons"])
    out["少数民族低保户数"] = gap("dibao", dibao["minority_households"])
    out["少数民族低保人数占比"] = gap("dibao", share(dibao["minority_persons"], dibao["persons"]))
    out["少数民族助学人数"] = gap("student_aid", aid["minority_persons"])
    out["少数民族助学金额"] = gap("student_aid", Decimal(aid["minority_amount"]).quantize(Decimal("1")))
    out["医保人数"] = gap("medical_insurance", medical["persons"])
    out["少数民族医保人数"] = gap("medical_insurance", medical["minority_persons"])
    out["少数民族医保人数占比"] = gap(
        "medical_insurance", share(medical["minority_persons"], medical["persons"])
    )
    out["少数民族就业人数"] = gap("employment", job["minority_persons"])

    # 廉租房 covers the household: its persons are the household's 常住 members on the register that day
    # (a case without a household covers its holder); a minority household has a minority member among them.
    # 准备入住: an in-kind case approved on the date (in that day's workflow state) starting after it.
    def approved_later(case):
        recorded = [t for t in steps[case.pk] if recorded_by(t.at, on)]
        state = (recorded[-1] if recorded else steps[case.pk][0]).to_status if steps[case.pk] else case.status
        return state == "active" and case.start_on is not None and case.start_on > on

    counted_by_id = {v["id"]: v for v in counted}
    housing = {
        "廉租房": [c for c in in_benefit if c.type.code == "housing" and c.housing_mode == "subsidy"],
        "实物配租": [c for c in in_benefit if c.type.code == "housing" and c.housing_mode == "in_kind"],
        "准备入住": [
            c
            for c in Case.objects.filter(community=community, type__code="housing", housing_mode="in_kind")
            if approved_later(c)
        ],
    }
    for prefix, cases in housing.items():
        homes = {c.household_id for c in cases if c.household_id}
        persons = {v["id"] for v in counted if v["household_id"] in homes}
        persons |= {c.resident_id for c in cases if not c.household_id and c.resident_id in counted_by_id}
        mino = {p for p in persons if counted_by_id[p]["ethnicity_id"] != "01"}
        mino_homes = {counted_by_id[p]["household_id"] for p in mino} & homes
        out[f"{prefix}户数"], out[f"{prefix}人数"] = gap("housing", len(homes)), gap("housing", len(persons))
        out[f"少数民族{prefix}户数"] = gap("housing", len(mino_homes))
        out[f"少数民族{prefix}人数"] = gap("housing", len(mino))
        if prefix == "廉租房":
            out["少数民族廉租房户数占比"] = gap("housing", share(len(mino_homes), len(homes)))

    # Outreach, from 1 January to the date.
    units = list(JurisdictionUnit.objects.filter(community=community).values_list("kind", flat=True))
    out["辖区单位数"] = len(units)
    for kind, name in [
        ("agency", "机关单位数"),
        ("school", "学校数"),
        ("hospital", "医院数"),
        ("private_org", "非公有制经济组织和新社会组织数"),
        ("shop", "个体商业网点数"),
    ]:
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
        (
            o
            for o in Organisation.objects.filter(community=community, kind="leading_group").order_by("name")
            if active_org(o)
        ),
        None,
    )
    group_members = members_then(group) if group else []
    # Two 组长 recorded: the first entered (the group's table lists the head first, then in order of entry).
    heads = [m.display_name for m in sorted(group_members, key=lambda m: m.pk) if m.role == "head"]
    out["领导小组组长"] = heads[0] if heads else (group.head_name if group and group.head_name else None)
    out["领导小组人数"] = len(group_members)
    held = [
        e
        for e in Event.objects.filter(community=community).select_related("type")
        if e.status == "held" and start <= e.date <= on
    ]
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
        for name in [
            "登记流动人口数",
            "少数民族流动人口数",
            "少数民族流动人口占比",
            "流动人口来源省份数",
            "本年来社区流动人口数",
            "本年离开流动人口数",
            "服务少数民族流动人口数",
        ]:
            out[name] = None

    # Hardship households: recognised by the date and not yet ended; persons are their 常住 members then.
    records = [
        h
        for h in HardshipHousehold.objects.filter(community=community)
        if h.since <= on and (h.ended_on is None or h.ended_on > on)
    ]
    members = defaultdict(list)
    for v in counted:
        members[v["household_id"]].append(v)
    minority_records = [h for h in records if any(m["ethnicity_id"] != "01" for m in members[h.household_id])]
    out["困难家庭户数"], out["少数民族困难家庭户数"] = len(records), len(minority_records)
    out["困难家庭人口"] = sum(len(members[h.household_id]) for h in records)
    out["少数民族困难家庭人口"] = sum(len(members[h.household_id]) for h in minority_records)
    paired = [
        h
        for h in records
        if any(p.since <= on and (p.ended_on is None or p.ended_on > on) for p in h.pairings.all())
    ]
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
    # 信息报送: the reports submitted (by the local date of submission) from 1 January to the date.
    from reports.models import InfoCategory, InformationReport

    sent = [
        r
        for r in InformationReport.objects.filter(community=community)
        if start <= timezone.localtime(r.submitted_at).date() <= on
    ]
    out["信息报送件数"] = len(sent)
    for value, label in InfoCategory.choices:
        out[f"{label}信息件数"] = sum(1 for r in sent if r.category == value)
    out.update({name: value for name, (value, _rows) in register_recount(community, on, year).items()})
    return out


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def register_recount(community, on: date, year: int) -> dict[str, tuple]:
    """The registers' figures: name → (value, the rows behind it: pks, or (site, month) for a monthly duty).

    On the register on the date: started on or before it (a site's unknown start: always) and not ended
    by it (the end date is the first day it no longer counts). Activity: from 1 January to the date.
    """
    start = date(year, 1, 1)

    def standing(since, until, unknown_start=False):
        started = unknown_start if since is None else since <= on
        return started and (until is None or until > on)

    def this_year(day_):
        return day_ is not None and start <= day_ <= on

    def count(rows, key=lambda r: r.pk):
        return len(rows), {key(r) for r in rows}

    out = {}
    # 宗教事务联络
    sites = {s.pk: s for s in ReligiousSite.objects.filter(community=community)}
    open_sites = [s for s in sites.values() if standing(s.since, s.closed_on, unknown_start=True)]
    out["宗教场所数"] = count(open_sites)
    serving = [
        f
        for f in ReligiousFigure.objects.filter(community=community)
        if standing(f.since, f.left_on) and sites[f.site_id] in open_sites
    ]
    out["宗教人士数"] = count(serving)
    visits = list(JointVisit.objects.filter(community=community))
    duties = {"due": [], "done": [], "overdue": []}
    for site in sites.values():
        if site.joint_visits_from is None:
            continue
        first = site.joint_visits_from.replace(day=1)
        y, m = year, 1
        while (y, m) <= (on.year, on.month):
            month = date(y, m, 1)
            if month >= first and (site.closed_on is None or site.closed_on > month):
                made = [
                    v
                    for v in visits
                    if v.site_id == site.pk and (v.date.year, v.date.month) == (y, m) and v.date <= on
                ]
                duties["due"].append((site.pk, month))
                if made:
                    duties["done"].append((site.pk, month))
                elif _last_day(y, m) < on:
                    duties["overdue"].append((site.pk, month))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out["联合走访应走访月次"] = count(duties["due"], key=lambda d: d)
    out["联合走访已走访月次"] = count(duties["done"], key=lambda d: d)
    out["联合走访逾期月次"] = count(duties["overdue"], key=lambda d: d)
    out["联合走访场次"] = count([v for v in visits if this_year(v.date)])
    with_clergy = set(Event.religious_figures.through.objects.values_list("event_id", flat=True))
    out["与宗教人士座谈次数"] = count(
        [
            e
            for e in Event.objects.filter(community=community)
            if e.status == "held" and this_year(e.date) and e.pk in with_clergy
        ]
    )

    # 清真食品监管
    shops = [
        s
        for s in HalalEstablishment.objects.filter(community=community)
        if standing(s.opened_on, s.closed_on)
    ]
    out["清真食品经营场所数"] = count(shops)
    out["清真食品许可过期数"] = count([s for s in shops if s.licence_expires and s.licence_expires < on])
    inspections = list(HalalInspection.objects.filter(community=community))
    out["清真食品检查次数"] = count([i for i in inspections if this_year(i.date)])
    out["清真食品待整改数"] = count(
        [
            i
            for i in inspections
            if i.result == "rectify" and i.date <= on and (i.rectified_on is None or i.rectified_on > on)
        ]
    )
    out["清真食品整改完成数"] = count([i for i in inspections if this_year(i.rectified_on)])
    complaints = list(HalalComplaint.objects.filter(community=community))
    out["清真食品投诉件数"] = count([c for c in complaints if this_year(c.received_on)])
    out["清真食品投诉未办结数"] = count(
        [c for c in complaints if c.received_on <= on and (c.handled_on is None or c.handled_on > on)]
    )

    # 民族团结进步创建
    honours = list(Honour.objects.filter(community=community))
    for kind, name in [
        ("household", "民族团结示范户数"),
        ("building", "民族团结示范楼栋数"),
        ("unit", "民族团结示范单元数"),
        ("workplace", "民族团结示范单位数"),
    ]:
        out[name] = count(
            [
                h
                for h in honours
                if h.kind == kind
                and h.named_on
                and h.named_on <= on
                and (h.revoked_on is None or h.revoked_on > on)
            ]
        )
    out["示范创建推荐数"] = count([h for h in honours if this_year(h.nominated_on)])
    out["表彰先进人次"] = count(
        [c for c in Commendation.objects.filter(community=community) if this_year(c.awarded_on)]
    )
    in_use = [f for f in Facility.objects.filter(community=community) if standing(f.since, f.until)]
    out["阵地设施数"] = count(in_use)
    out["阵地设施面积"] = (
        sum((f.area_m2 for f in in_use if f.area_m2 is not None), Decimal(0)),
        count(in_use)[1],
    )
    funding = [f for f in Funding.objects.filter(community=community) if this_year(f.date)]
    out["民族工作经费"] = (sum((f.amount for f in funding), Decimal(0)), count(funding)[1])
    out["民族工作经费笔数"] = count(funding)
    trainings = [t for t in Training.objects.filter(community=community) if this_year(t.date)]
    staff_trainees = Training.trainees.through.objects.values_list("training_id", flat=True)
    rows = count(trainings)[1]
    out["培训次数"] = count(trainings)
    out["培训人次"] = (
        len([t for t in staff_trainees if t in rows]) + sum(t.other_trainee_count for t in trainings),
        rows,
    )
    out["培训学时"] = (sum((t.hours for t in trainings), Decimal(0)), rows)

    # 协会、队伍与特色党小组 (队伍: teams and the volunteer teams that are not a grid's 一格十员)
    def on_register(o):
        if o.founded_on and o.founded_on > on:
            return False
        return o.dissolved_on > on if o.dissolved_on else o.is_active

    organisations = [o for o in Organisation.objects.filter(community=community) if on_register(o)]
    memberships = [
        m
        for m in OrganisationMember.all_objects.filter(organisation__community=community)
        if (m.joined_on is None or m.joined_on <= on) and (m.left_on is None or m.left_on > on)
    ]
    for kinds, name, members_name in [
        (lambda o: o.kind == "association", "协会数", "协会会员数"),
        (lambda o: o.kind == "team" or (o.kind == "volunteer" and o.grid_id is None), "队伍数", "队伍成员数"),
        (lambda o: o.kind == "party_group", "特色党小组数", "特色党小组成员数"),
    ]:
        these = count([o for o in organisations if kinds(o)])
        out[name] = these
        out[members_name] = count([m for m in memberships if m.organisation_id in these[1]])
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
    found["registers"] = set()
    for model, fields in [
        (ReligiousSite, ["since", "closed_on", "joint_visits_from"]),
        (ReligiousFigure, ["since", "left_on"]),
        (JointVisit, ["date"]),
        (HalalEstablishment, ["opened_on", "closed_on", "licence_expires"]),
        (HalalInspection, ["date", "rectification_due", "rectified_on"]),
        (HalalComplaint, ["received_on", "handled_on"]),
        (Honour, ["nominated_on", "named_on", "revoked_on"]),
        (Commendation, ["awarded_on"]),
        (Facility, ["since", "until"]),
        (Funding, ["date"]),
        (Training, ["date"]),
        (Organisation, ["founded_on", "dissolved_on"]),
    ]:
        for row in model.objects.filter(community=community).values(*fields):
            found["registers"].update(d for d in row.values() if d)
    # a month's joint visit is still due on the month's last day, overdue the day after
    months = ReligiousSite.objects.filter(community=community).exclude(joint_visits_from=None)
    for d in [
        *months.values_list("joint_visits_from", flat=True),
        *JointVisit.objects.filter(community=community).values_list("date", flat=True),
    ]:
        found["registers"].update(
            {_last_day(d.year, d.month), _last_day(d.year, d.month) + timedelta(days=1)}
        )
    return {kind: sorted(d for d in dates if d < today) for kind, dates in found.items()}


def assert_register_rows(community, on: date, figure, expected_rows: set) -> None:
    """The figure's link opens exactly the rows the recount counted, and they add up to the figure."""
    url = urlsplit(figure.url)
    match = resolve(url.path)
    query = parse_qs(url.query)
    assert match.view_name == "outreach:figure_rows", (figure.name, figure.url)
    assert (match.kwargs["code"], query["date"], query["year"]) == (
        community.code,
        [on.isoformat()],
        [str(on.year)],
    )
    definition, rows = figure_rows(match.kwargs["key"], community, on, on.year)
    rows = list(rows)
    listed = {(d.site.pk, d.month) if isinstance(d, Duty) else d.pk for d in rows}
    assert listed == expected_rows and len(rows) == len(listed), (figure.name, on)
    if definition.sums:  # the page's column adds up to the figure
        column = dict(definition.columns)[definition.sums]
        total = sum((v for v in map(column, rows) if v != "—"), Decimal(0))
        assert total == figure.value, (figure.name, on, total)
    else:
        assert len(rows) == figure.value, (figure.name, on)


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
        edges = boundaries(community)
        picked = {data.draw(st.sampled_from(dates)) for dates in edges.values() if dates}
        registers_edges = edges["registers"]
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
            wrong = {
                name: (f.value, expected[name]) for name, f in figures.items() if f.value != expected[name]
            }
            assert not wrong, f"on {on}, published vs recounted: {wrong}"
        # The registers' figures (cheap to count) on every edge of the registers: a date a row starts or ends.
        for on in registers_edges:
            published = {
                FIGURES[key].name: value for key, value in register_figures(community, on, on.year).items()
            }
            recounted = {
                name: value for name, (value, _rows) in register_recount(community, on, on.year).items()
            }
            wrong = {
                name: (value, recounted[name])
                for name, value in published.items()
                if value != recounted[name]
            }
            assert not wrong, f"on {on}, published vs recounted: {wrong}"
        on = dates[0]  # and on one of the dates, every count opens exactly its rows
        registers = register_recount(community, on, on.year)
        for name, figure in public_figures(community_figures(community, on, on.year)).items():
            if name in registers:  # linked to the register's rows page: the rows the recount counted
                assert_register_rows(community, on, figure, registers[name][1])
                continue
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
