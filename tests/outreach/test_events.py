"""Events: recording with participants, the participants' ethnic breakdown (hand-counted)."""

import datetime

import pytest

from community.access import resolve_access
from community.models import AuditLog
from outreach import selectors
from outreach.models import Event, EventType
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import EventFactory


def _people(community, codes):
    return [
        ResidentFactory(household=HouseholdFactory(community=community), ethnicity=code) for code in codes
    ]


def test_event_types_are_loaded_as_data(db):
    names = list(EventType.objects.values_list("name", flat=True))
    assert names == ["节日活动", "座谈会", "知识讲座", "技能培训", "义诊", "招聘会", "文艺演出", "其他"]
    assert EventType.objects.get(name="节日活动").needs_occasion


def test_the_participants_breakdown_counts_each_resident_once_by_ethnicity(world):
    # Event 1: 3 回族, 2 汉族, 1 东乡族 + 5 others. Event 2: one of the 回族 again + 1 撒拉族 + 2 others.
    hui, han, dongxiang = _people(world.a, ["03"] * 3), _people(world.a, ["01"] * 2), _people(world.a, ["26"])
    salar = _people(world.a, ["35"])
    first = EventFactory(community=world.a, other_participants=5)
    first.participants.set(hui + han + dongxiang)
    second = EventFactory(community=world.a, other_participants=2)
    second.participants.set([hui[0], *salar])
    EventFactory(community=world.b).participants.set(_people(world.b, ["03"] * 4))

    one = selectors.participants_by_ethnicity(Event.objects.filter(pk=first.pk))
    assert (one.registered, one.others, one.total, one.minority) == (6, 5, 11, 4)
    assert str(one.minority_share) == "66.7"  # 4 / 6
    assert [(r.name, r.persons, str(r.share)) for r in one.rows] == [
        ("回族", 3, "50.0"),
        ("汉族", 2, "33.3"),
        ("东乡族", 1, "16.7"),
    ]

    both = selectors.participants_by_ethnicity(Event.objects.filter(community=world.a))
    assert (both.registered, both.others, both.minority) == (7, 7, 5)  # 回族 counted once
    assert {r.name: r.persons for r in both.rows} == {"回族": 3, "汉族": 2, "东乡族": 1, "撒拉族": 1}


def test_events_are_counted_by_type_and_month(world):
    symposium, holiday = EventType.objects.get(code="symposium"), EventType.objects.get(code="holiday")
    EventFactory(community=world.a, type=symposium, date=datetime.date(2026, 3, 26))
    EventFactory(community=world.a, type=symposium, date=datetime.date(2026, 6, 25))
    EventFactory(community=world.a, type=holiday, occasion="开斋节", date=datetime.date(2026, 3, 20))
    EventFactory(
        community=world.a, type=holiday, occasion="国庆", date=datetime.date(2026, 9, 29), status="planned"
    )
    EventFactory(community=world.a, type=symposium, date=datetime.date(2025, 12, 20))
    rows = {r.name: r for r in selectors.events_by_type_and_month(world.a, 2026)}
    assert rows["座谈会"].months[2] == 1 and rows["座谈会"].months[5] == 1 and rows["座谈会"].total == 2
    assert rows["节日活动"].total == 1
    assert rows["义诊"].total == 0
    planned = selectors.events_by_type(world.a, 2026, status="planned")
    assert planned["节日活动"] == 1


def test_staff_record_an_event_with_participants_and_it_is_audited(world, client_for):
    people = _people(world.a, ["03", "01", "26"])
    response = client_for("staff").post(
        "/c/HLS/outreach/events/new/",
        {
            "type": EventType.objects.get(code="symposium").pk,
            "title": "民族团结座谈会",
            "date": "2026-03-26",
            "status": "held",
            "other_participants": "4",
            "participants": [str(p.pk) for p in people],
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="民族团结座谈会")
    assert event.community == world.a and event.created_by == world.users["staff"]
    assert set(event.participants.all()) == set(people)
    assert AuditLog.objects.filter(action="outreach.event.create", object_id=str(event.pk)).exists()
    html = client_for("staff").get(f"/c/HLS/outreach/events/{event.pk}/").content.decode()
    assert "东乡族" in html and "共 7 人" in html


def test_a_holiday_event_needs_its_occasion(world, client_for):
    response = client_for("staff").post(
        "/c/HLS/outreach/events/new/",
        {
            "type": EventType.objects.get(code="holiday").pk,
            "title": "节日联欢",
            "date": "2026-02-08",
            "status": "held",
            "other_participants": "0",
        },
    )
    assert response.status_code == 200
    assert "节日活动请填写节日" in response.content.decode()
    assert not Event.objects.exists()


def test_residents_of_another_community_cannot_be_added_as_participants(world, client_for):
    stranger = _people(world.b, ["03"])[0]
    response = client_for("staff").post(
        "/c/HLS/outreach/events/new/",
        {
            "type": EventType.objects.get(code="symposium").pk,
            "title": "座谈会",
            "date": "2026-03-26",
            "status": "held",
            "other_participants": "0",
            "participants": [str(stranger.pk)],
        },
    )
    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    assert not Event.objects.exists()


def test_a_failed_post_keeps_the_chosen_participants(world, client_for):
    person = _people(world.a, ["03"])[0]
    response = client_for("staff").post(
        "/c/HLS/outreach/events/new/",
        {
            "type": EventType.objects.get(code="symposium").pk,
            "title": "",
            "date": "2026-03-26",
            "status": "held",
            "other_participants": "0",
            "participants": [str(person.pk)],
        },
    )
    assert response.status_code == 200
    assert f'value="{person.pk}" checked' in response.content.decode()


def test_the_resident_search_finds_by_name_and_initials_within_scope(world, client_for):
    ResidentFactory(household=HouseholdFactory(community=world.a), name="马福林")
    ResidentFactory(household=HouseholdFactory(community=world.b), name="马福祥")
    client = client_for("staff")
    html = client.get("/c/HLS/outreach/residents/search/?picker_q=马福").content.decode()
    assert "马福林" in html and "马福祥" not in html
    assert "马福林" in client.get("/c/HLS/outreach/residents/search/?picker_q=mfl").content.decode()


@pytest.mark.parametrize("persona", ["staff", "secretary", "street"])
def test_the_overview_panel_counts_this_years_events(world, client_for, persona):
    EventFactory(community=world.a, date=datetime.date.today())
    html = client_for(persona).get("/c/HLS/").content.decode()
    assert 'data-type="座谈会">1<' in html


def test_propaganda_totals_add_up_the_year(world):
    from tests.outreach.factories import PropagandaFactory

    PropagandaFactory(community=world.a, banners=2, boards=1, leaflets=500, quizzes=0)
    PropagandaFactory(community=world.a, banners=3, boards=0, leaflets=1000, quizzes=200)
    PropagandaFactory(community=world.a, date=datetime.date(2025, 5, 1), banners=9)
    PropagandaFactory(community=world.b, banners=9)
    totals = selectors.propaganda_totals(world.a, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert (totals.banners, totals.boards, totals.leaflets, totals.quizzes) == (5, 1, 1500, 200)


def test_a_grid_worker_only_sees_visits_of_their_grids(world):
    from tests.outreach.factories import VisitFactory

    mine, other = VisitFactory(community=world.a), VisitFactory(community=world.a)
    mine.household.grid.workers.add(world.users["grid"])
    visible = selectors.visits_for(resolve_access(world.users["grid"], "HLS"))
    assert list(visible) == [mine]
    assert other not in visible
