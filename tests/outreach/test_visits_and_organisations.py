"""Recording visits and keeping organisations' member lists."""

import datetime

from community.models import AuditLog
from outreach.models import OrganisationMember, Visit
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import OrganisationFactory

TODAY = datetime.date.today().isoformat()


def test_visiting_a_resident_records_their_household_too(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), is_hardship=True)
    response = client_for("staff").post(
        "/c/HLS/outreach/visits/new/",
        {
            "resident": person.pk,
            "date": TODAY,
            "purpose": "hardship",
            "visitors": [world.users["staff"].pk],
            "other_visitors": "华林山清真寺 马阿訇",
            "notes": "了解生活情况",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.resident, visit.household) == (person, person.household)
    assert list(visit.visitors.all()) == [world.users["staff"]]
    assert AuditLog.objects.filter(action="outreach.visit.create").exists()


def test_a_whole_household_visit_names_nobody(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a))
    client_for("staff").post(
        "/c/HLS/outreach/visits/new/",
        {"resident": person.pk, "whole_household": "on", "date": TODAY, "purpose": "joint"},
    )
    visit = Visit.objects.get()
    assert visit.resident is None and visit.household == person.household


def test_a_visit_from_the_checklist_link_is_prefilled_with_the_household(world, client_for):
    household = HouseholdFactory(community=world.a, door="808")
    html = client_for("staff").get(f"/c/HLS/outreach/visits/new/?household={household.pk}&purpose=hardship")
    assert household.address in html.content.decode()


def test_a_visit_without_anyone_chosen_is_refused_in_chinese_beside_the_picker(world, client_for):
    response = client_for("staff").post(
        "/c/HLS/outreach/visits/new/",
        {"date": TODAY, "purpose": "joint", "picker_q": "马", "notes": "入户了解"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    picker = html.split('data-picker="resident"')[1].split("</fieldset>")[0]
    assert "请搜索并选择走访对象" in picker  # next to the field, not at the top of the form
    assert "outreach_visit_has_target" not in html and "约束" not in html
    assert 'value="马"' in picker  # the search is kept
    assert "入户了解" in html  # and the rest of the input
    assert not Visit.objects.exists()


def test_a_grid_worker_cannot_record_a_correction_visit(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a))
    person.household.grid.workers.add(world.users["grid"])
    response = client_for("grid").post(
        "/c/HLS/outreach/visits/new/", {"resident": person.pk, "date": TODAY, "purpose": "correction"}
    )
    assert response.status_code == 200
    assert not Visit.objects.exists()


def test_members_are_added_from_the_registry_or_by_name_and_removed(world, client_for):
    team = OrganisationFactory(community=world.a, unregistered_members=290)
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马国栋")
    client = client_for("staff")
    url = f"/c/HLS/outreach/organisations/{team.pk}/members/"
    assert client.post(url, {"resident": person.pk, "role": "head"}).status_code == 302
    assert client.post(url, {"name": "周文斌", "role": "member", "title": "物业经理"}).status_code == 302
    client.post(url, {"resident": person.pk, "role": "member"})  # twice: refused with a message
    assert OrganisationMember.objects.filter(organisation=team).count() == 2
    html = client.get(f"/c/HLS/outreach/organisations/{team.pk}/").content.decode()
    assert "292 人" in html and "马国栋" in html and "周文斌" in html
    member = OrganisationMember.objects.get(name="周文斌")
    assert client.post(f"{url}{member.pk}/remove/").status_code == 302
    # The row stays with its 退出日期: figures of earlier dates still count the member.
    member.refresh_from_db()
    assert member.left_on == datetime.date.today()
    assert OrganisationMember.objects.filter(organisation=team).count() == 1
    client.get(f"/c/HLS/outreach/organisations/{team.pk}/")  # the message "已移出成员" is shown once
    assert "周文斌" not in client.get(f"/c/HLS/outreach/organisations/{team.pk}/").content.decode()
    assert AuditLog.objects.filter(action="outreach.member.remove", data__member="周文斌").exists()


def test_another_communitys_resident_cannot_join_a_team(world, client_for):
    team = OrganisationFactory(community=world.a)
    stranger = ResidentFactory(household=HouseholdFactory(community=world.b))
    client_for("staff").post(f"/c/HLS/outreach/organisations/{team.pk}/members/", {"resident": stranger.pk})
    assert not OrganisationMember.objects.exists()


def test_a_residents_page_shows_their_events_visits_and_teams(world, client_for):
    from tests.outreach.factories import EventFactory, VisitFactory

    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马国栋")
    EventFactory(community=world.a, title="古尔邦节联欢").participants.add(person)
    VisitFactory(community=world.a, household=person.household, resident=person, notes="了解就业情况")
    team = OrganisationFactory(community=world.a, name="文体宣传队")
    team.members.create(resident=person, role="head")
    html = client_for("secretary").get(f"/c/HLS/residents/{person.pk}/").content.decode()
    assert "古尔邦节联欢" in html and "了解就业情况" in html and "文体宣传队" in html


def test_the_street_office_sees_no_outreach_panel_on_a_residents_page(world, rf):
    from community.access import resolve_access
    from outreach.panels import resident_panel

    person = ResidentFactory(household=HouseholdFactory(community=world.a))
    request = rf.get("/")
    request.access = resolve_access(world.users["street"], "HLS")
    assert resident_panel(request, person) is None
