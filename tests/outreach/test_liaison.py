"""宗教事务联络: the register of religious figures (contacts masked, reveal audited), grid workers
limited to the sites of their grids, the monthly joint-visit duty (due / done / overdue as of a date),
joint visits recorded with their households, talks as events with religious figures."""

import datetime

import pytest

from community.models import AuditLog
from outreach.models import Event, JointVisit, ReligiousFigure
from outreach.selectors import liaison
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UnitFactory
from tests.outreach.factories import EventFactory, JointVisitFactory, ReligiousFigureFactory, SiteFactory

TODAY = datetime.date.today()


@pytest.fixture
def own_grid(world):
    grid = GridFactory(community=world.a)
    grid.workers.add(world.users["grid"])
    return grid


def test_a_figures_phone_is_masked_on_every_page_and_revealed_only_by_an_audited_post(world, client_for):
    figure = ReligiousFigureFactory(community=world.a, phone="13893112345")
    client = client_for("secretary")
    for url in ("/c/HLS/outreach/religious/figures/", f"/c/HLS/outreach/sites/{figure.site_id}/"):
        page = client.get(url).content.decode()
        assert "138****2345" in page and "13893112345" not in page
    assert client.get(f"/c/HLS/outreach/contacts/figure/{figure.pk}/reveal/").status_code == 405
    response = client.post(f"/c/HLS/outreach/contacts/figure/{figure.pk}/reveal/", HTTP_HX_REQUEST="true")
    assert "13893112345" in response.content.decode()
    log = AuditLog.objects.get(action="outreach.contact.reveal")
    assert (log.username, log.object_id, log.data) == ("secretary", str(figure.pk), {"field": "phone"})
    assert "13893112345" not in str(log.data) + log.object_repr


def test_a_sites_contact_and_a_shops_operator_are_revealed_the_same_way(world, client_for):
    from tests.outreach.factories import EstablishmentFactory

    site = SiteFactory(community=world.a, contact_phone="0931-2331234")
    shop = EstablishmentFactory(community=world.a, operator_phone="13909311234")
    client = client_for("staff")
    assert "0931-2331234" not in client.get("/c/HLS/outreach/sites/").content.decode()
    assert "13909311234" not in client.get("/c/HLS/outreach/halal/").content.decode()
    assert "0931-2331234" in client.post(f"/c/HLS/outreach/contacts/site/{site.pk}/reveal/").content.decode()
    assert "13909311234" in client.post(f"/c/HLS/outreach/contacts/halal/{shop.pk}/reveal/").content.decode()
    assert AuditLog.objects.filter(action="outreach.contact.reveal").count() == 2


def test_a_grid_worker_sees_the_sites_of_their_grids_and_no_halal_register(world, client_for, own_grid):
    mine = SiteFactory(community=world.a, grid=own_grid, name="华林山清真寺")
    other = SiteFactory(community=world.a, grid=GridFactory(community=world.a), name="雷坛河清真寺")
    figure = ReligiousFigureFactory(community=world.a, site=other)
    from tests.outreach.factories import EstablishmentFactory

    shop = EstablishmentFactory(community=world.a)
    client = client_for("grid")
    page = client.get("/c/HLS/outreach/sites/").content.decode()
    assert "华林山清真寺" in page and "雷坛河清真寺" not in page
    assert client.get(f"/c/HLS/outreach/sites/{mine.pk}/").status_code == 200
    assert client.get(f"/c/HLS/outreach/sites/{other.pk}/").status_code == 404
    assert client.post(f"/c/HLS/outreach/contacts/figure/{figure.pk}/reveal/").status_code == 404
    assert client.post(f"/c/HLS/outreach/contacts/halal/{shop.pk}/reveal/").status_code == 403
    assert client.get("/c/HLS/outreach/halal/").status_code == 403
    assert client.get("/c/HLS/outreach/creation/funding/").status_code == 403


def test_the_outsider_reveals_nothing_of_another_community(world, client_for):
    figure = ReligiousFigureFactory(community=world.a)
    assert (
        client_for("outsider").post(f"/c/XBG/outreach/contacts/figure/{figure.pk}/reveal/").status_code == 404
    )
    assert (
        client_for("street").post(f"/c/HLS/outreach/contacts/figure/{figure.pk}/reveal/").status_code == 403
    )
    assert not AuditLog.objects.filter(action="outreach.contact.reveal").exists()


def test_staff_register_a_religious_figure_from_the_registry(world, client_for):
    site = SiteFactory(community=world.a)
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马永福", ethnicity="03")
    response = client_for("staff").post(
        "/c/HLS/outreach/religious/figures/new/",
        {
            "site": site.pk,
            "role": "imam",
            "resident": person.pk,
            "phone": "13800000000",
            "since": "2020-03-01",
        },
    )
    assert response.status_code == 302
    figure = ReligiousFigure.objects.get()
    assert (figure.name, figure.ethnicity_id, figure.community) == ("马永福", "03", world.a)
    assert AuditLog.objects.filter(action="outreach.religious_figure.create", username="staff").exists()


def test_a_figure_without_a_name_or_leaving_before_appointment_is_refused_with_the_input_kept(
    world, client_for
):
    site = SiteFactory(community=world.a)
    response = client_for("staff").post(
        "/c/HLS/outreach/religious/figures/new/",
        {
            "site": site.pk,
            "role": "chair",
            "phone": "13812345678",
            "since": "2020-03-01",
            "left_on": "2019-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写姓名" in page and "离任日期不能早于任职日期" in page and 'value="13812345678"' in page
    assert not ReligiousFigure.objects.exists()


def test_the_monthly_duty_is_due_done_or_overdue_as_the_ledger_stood_on_the_date(world):
    site = SiteFactory(community=world.a, joint_visits_from=datetime.date(2025, 3, 15))
    JointVisitFactory(community=world.a, site=site, date=datetime.date(2025, 3, 20))
    JointVisitFactory(community=world.a, site=site, date=datetime.date(2025, 5, 2))
    late = JointVisitFactory(community=world.a, site=site, date=datetime.date(2025, 6, 28))
    duties = liaison.joint_visit_duties(world.a, datetime.date(2025, 1, 1), datetime.date(2025, 6, 10))
    assert [(d.month.month, d.status) for d in duties] == [
        (3, "done"),
        (4, "overdue"),
        (5, "done"),
        (6, "due"),
    ]
    # On the 30th of June the June visit is counted; before it was recorded it was not.
    duties = liaison.joint_visit_duties(world.a, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert duties[-1].status == "done" and duties[-1].visits == [late]
    # A site closed in August owes nothing from September.
    site.closed_on = datetime.date(2025, 8, 20)
    site.save()
    duties = liaison.joint_visit_duties(world.a, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert [d.month.month for d in duties] == [3, 4, 5, 6, 7, 8]


def test_the_joint_visit_page_shows_each_site_month_and_the_summary(world, client_for):
    last_year = TODAY.year - 1
    site = SiteFactory(
        community=world.a, joint_visits_from=datetime.date(last_year - 1, 1, 1), name="华林山清真寺"
    )
    JointVisitFactory(community=world.a, site=site, date=datetime.date(last_year, 1, 9))
    response = client_for("secretary").get(f"/c/HLS/outreach/religious/joint-visits/?year={last_year}")
    page = response.content.decode()
    assert "应走访 12 次，已走访 1 次，逾期未走访 11 次" in page
    assert page.count('data-status="done"') == 1 and page.count('data-status="overdue"') == 11
    assert client_for("secretary").get("/c/HLS/outreach/religious/joint-visits/?year=abc").status_code == 200
    assert (
        client_for("secretary").get("/c/HLS/outreach/religious/joint-visits/?year=99999").status_code == 200
    )


def test_staff_record_a_joint_visit_with_the_households_of_the_residents_picked(world, client_for):
    site = SiteFactory(community=world.a, joint_visits_from=datetime.date(2025, 1, 1))
    imam = ReligiousFigureFactory(community=world.a, site=site)
    household = HouseholdFactory(
        community=world.a, unit=UnitFactory(building__compound__grid__community=world.a)
    )
    first = ResidentFactory(household=household, ethnicity="03")
    second = ResidentFactory(household=household, ethnicity="03")
    response = client_for("staff").post(
        "/c/HLS/outreach/religious/joint-visits/new/",
        {
            "site": site.pk,
            "date": TODAY.isoformat(),
            "staff": [world.users["staff"].pk],
            "figures": [imam.pk],
            "visited": [first.pk, second.pk],
            "topics": "了解回族居民生产生活情况",
        },
    )
    assert response.status_code == 302
    visit = JointVisit.objects.get()
    assert list(visit.households.all()) == [household]
    assert list(visit.figures.all()) == [imam]
    assert AuditLog.objects.filter(action="outreach.joint_visit.create").exists()


def test_a_joint_visit_refuses_another_sites_figure_a_future_date_and_no_staff(world, client_for):
    site = SiteFactory(community=world.a)
    stranger = ReligiousFigureFactory(community=world.a)  # of another site
    response = client_for("staff").post(
        "/c/HLS/outreach/religious/joint-visits/new/",
        {
            "site": site.pk,
            "date": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "figures": [stranger.pk],
            "topics": "宣传民族宗教政策",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not JointVisit.objects.exists()
    assert 'id="error_1_id_staff"' in page  # the refusal stands next to the field
    response = client_for("staff").post(
        "/c/HLS/outreach/religious/joint-visits/new/",
        {
            "site": site.pk,
            "date": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "figures": [stranger.pk],
            "staff": [world.users["staff"].pk],
            "topics": "宣传民族宗教政策",
        },
    )
    page = response.content.decode()
    assert "走访日期不能晚于今天" in page and "场所参加人员须是该宗教场所的宗教人士" in page
    assert "宣传民族宗教政策" in page  # the input is kept


def test_talks_are_held_events_with_religious_figures(world, client_for):
    figure = ReligiousFigureFactory(community=world.a)
    talk = EventFactory(community=world.a, title="春节社区民族工作座谈会", date=datetime.date(2026, 2, 10))
    talk.religious_figures.add(figure)
    planned = EventFactory(
        community=world.a, title="第四季度座谈会", date=datetime.date(2026, 12, 20), status="planned"
    )
    planned.religious_figures.add(figure)
    EventFactory(community=world.a, title="义诊", date=datetime.date(2026, 3, 1))
    assert list(liaison.talks(world.a, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))) == [talk]
    page = client_for("grid").get("/c/HLS/outreach/religious/talks/").content.decode()
    assert "春节社区民族工作座谈会" in page and "义诊" not in page


def test_the_event_form_records_the_religious_figures_taking_part(world, client_for):
    figure = ReligiousFigureFactory(community=world.a, name="马志仁")
    from outreach.models import EventType

    response = client_for("staff").post(
        "/c/HLS/outreach/events/new/",
        {
            "type": EventType.objects.get(code="symposium").pk,
            "title": "宗教界人士座谈会",
            "date": "2026-02-10",
            "status": "held",
            "other_participants": 0,
            "religious_figures": [figure.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="宗教界人士座谈会")
    assert list(event.religious_figures.all()) == [figure]
    assert "马志仁" in client_for("secretary").get(f"/c/HLS/outreach/events/{event.pk}/").content.decode()


def test_a_residents_page_shows_their_office_at_a_site_to_those_who_read_the_register(
    world, client_for, own_grid
):
    household = HouseholdFactory(community=world.a, unit=UnitFactory(building__compound__grid=own_grid))
    person = ResidentFactory(household=household, name="马永福", ethnicity="03")
    site = SiteFactory(community=world.a, grid=own_grid, name="华林山清真寺")
    ReligiousFigureFactory(community=world.a, site=site, resident=person, name="马永福")
    from tests.outreach.factories import CommendationFactory

    CommendationFactory(community=world.a, resident=person, title="民族团结进步模范个人")
    page = client_for("secretary").get(f"/c/HLS/residents/{person.pk}/").content.decode()
    assert 'data-testid="resident-religious-offices"' in page and "华林山清真寺" in page
    assert "民族团结进步模范个人" in page
    page = client_for("grid").get(f"/c/HLS/residents/{person.pk}/").content.decode()
    assert "华林山清真寺" in page and "民族团结进步模范个人" not in page  # no 创建 register for grid workers
