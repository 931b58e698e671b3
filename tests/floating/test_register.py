"""The floating register: arrival with a new person, masking, scoping, departure, services, reminders."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from community.models import AuditLog
from residents.floating.models import FloatingResident, ServiceRecord
from residents.models import Resident
from tests.conftest import with_edit_token
from tests.factories import GridFactory, HouseholdFactory, UnitFactory, valid_id

from .helpers import make_service, make_stay


def ledger_actions() -> list[str]:
    """Audit actions of the registry's writes (logins and role grants of the world left out)."""
    rows = AuditLog.objects.filter(action__regex=r"^(resident|floating|household)\.")
    return sorted(rows.values_list("action", flat=True))


def url(world, name, **kwargs):
    return reverse(f"floating:{name}", kwargs={"code": world.a.code, **kwargs})


@pytest.fixture
def household(world):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    return household


def arrival_data(household, **overrides):
    data = {
        "person-name": "马小燕",
        "person-id_number": valid_id(date(1990, 5, 6), "F", "622901"),
        "person-ethnicity": "03",
        "person-phone": "13912345678",
        "person-household": household.pk,
        "person-relation": "head",
        "person-political_status": "masses",
        "stay-arrived_on": "2025-03-01",
        "stay-origin": "622900",
        "stay-reason": "work",
        "stay-expected_stay": "year",
        "stay-permit_number": "622901199005061234",
        "stay-permit_expires": "2026-03-01",
        "stay-employer": "兰州牛肉面馆",
        "stay-housing": "rented",
        "stay-landlord_name": "王房东",
        "stay-landlord_phone": "13800001111",
        "stay-notes": "",
    }
    data.update(overrides)
    return data


def test_a_grid_worker_registers_an_arriving_person_in_one_step(world, client_for, household):
    response = client_for("grid").post(url(world, "create"), arrival_data(household))
    stay = FloatingResident.objects.get()
    assert response.status_code == 302 and response["Location"] == url(world, "detail", pk=stay.pk)
    resident = stay.resident
    assert (resident.name, resident.residence_type, resident.sex, resident.moved_in_on) == (
        "马小燕",
        "floating",
        "F",
        date(2025, 3, 1),
    )
    assert (stay.origin, stay.origin_province, stay.origin_name) == (
        "622900",
        "620000",
        "甘肃省临夏回族自治州",
    )
    assert ledger_actions() == ["floating.arrive", "resident.create"]
    arrive = AuditLog.objects.get(action="floating.arrive")
    assert "622901199005061234" not in str(arrive.data) and "13800001111" not in str(arrive.data)


def test_bad_input_is_refused_next_to_the_field_and_kept(world, client_for, household):
    data = arrival_data(household, **{"person-id_number": "622901199005061230", "stay-origin": "999999"})
    response = client_for("staff").post(url(world, "create"), data)
    assert response.status_code == 200
    assert not FloatingResident.objects.exists() and not Resident.objects.exists()
    assert response.context["person"].errors["id_number"] and response.context["form"].errors["origin"]
    assert "马小燕" in response.content.decode()


def test_a_future_arrival_is_refused(world, client_for, household):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client_for("staff").post(
        url(world, "create"), arrival_data(household, **{"stay-arrived_on": tomorrow})
    )
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()


def test_list_and_detail_mask_the_permit_and_the_landlords_phone(world, client_for, household):
    stay = make_stay(
        household=household,
        permit_number="622901199005061234",
        landlord_phone="13800001111",
        landlord_name="王房东",
    )
    client = client_for("staff")
    for page in (client.get(url(world, "list")), client.get(url(world, "detail", pk=stay.pk))):
        html = page.content.decode()
        assert "622901199005061234" not in html and "13800001111" not in html
        assert "**************1234" in html and "138****1111" in html  # the ID-number mask: last four only


def test_editing_keeps_the_hidden_permit_number_when_left_empty(world, client_for, household):
    stay = make_stay(household=household, permit_number="622901199005061234")
    client = client_for("staff")
    form = client.get(url(world, "edit", pk=stay.pk)).content.decode()
    assert "622901199005061234" not in form
    data = {
        "stay-arrived_on": "2025-03-01",
        "stay-origin": "620100",
        "stay-reason": "business",
        "stay-expected_stay": "year",
        "stay-permit_number": "",
        "stay-housing": "rented",
    }
    edit = url(world, "edit", pk=stay.pk)
    assert client.post(edit, with_edit_token(client, edit, data)).status_code == 302
    stay.refresh_from_db()
    assert (stay.permit_number, stay.origin, stay.origin_province) == (
        "622901199005061234",
        "620100",
        "620000",
    )
    assert AuditLog.objects.get(action="floating.update").data["changed"]["origin"] == ["622900", "620100"]
    assert stay.history.count() == 2


def test_a_grid_worker_sees_only_the_floating_residents_of_their_grids(world, client_for, household):
    mine = make_stay(household=household)
    other = make_stay(household=HouseholdFactory(community=world.a))
    client = client_for("grid")
    assert {s.pk for s in client.get(url(world, "list")).context["page"]} == {mine.pk}
    assert client.get(url(world, "detail", pk=other.pk)).status_code == 404
    assert client.post(url(world, "depart", pk=other.pk), {"on": "2025-04-01"}).status_code == 404


def test_another_communitys_stay_is_404(world, client_for):
    stay = make_stay(household=HouseholdFactory(community=world.b))
    assert client_for("staff").get(url(world, "detail", pk=stay.pk)).status_code == 404


def test_the_list_costs_the_same_queries_for_5_and_for_50_stays(world, client_for, count_queries, household):
    client = client_for("staff")
    for _ in range(5):
        make_stay(household=household, relation="other", permit_expires=date.today())
    # session, user, community, membership (access); ethnicity choices and grids of the filter form;
    # the reminder counts; the page count; the page rows (person, ethnicity, address, visit state);
    # the community switcher.
    five = count_queries(lambda: client.get(url(world, "list")))
    for _ in range(45):
        make_stay(household=HouseholdFactory(community=world.a), relation="other")
    fifty = count_queries(lambda: client.get(url(world, "list")))
    assert five == fifty == 10
    assert len(client.get(url(world, "list")).context["page"]) == 50


def test_filters_by_province_minority_and_state(world, client_for, household):
    gansu = make_stay(household=household, origin="622900")
    qinghai = make_stay(household=household, origin="630100", relation="other", ethnicity="01")
    gone = make_stay(household=household, origin="630100", relation="other", departed_on=date(2025, 5, 1))
    client = client_for("staff")

    def pks(**params):
        return {s.pk for s in client.get(url(world, "list"), params).context["page"]}

    assert pks() == {gansu.pk, qinghai.pk}
    assert pks(province="630000") == {qinghai.pk}
    assert pks(ethnicity="minority") == {gansu.pk}
    assert pks(state="departed") == {gone.pk}
    assert pks(state="all", sort="origin") == {gansu.pk, qinghai.pk, gone.pk}
    assert pks(province="nowhere", ethnicity="minority") == {gansu.pk}  # a bad filter is dropped, not a 500


def test_departure_ends_the_stay_and_the_residents_time_on_the_register(world, client_for, household):
    stay = make_stay(household=household)
    client = client_for("grid")
    assert client.get(url(world, "depart", pk=stay.pk)).status_code == 200
    response = client.post(url(world, "depart", pk=stay.pk), {"on": "2025-06-30", "destination": "返回原籍"})
    assert response.status_code == 302
    stay.refresh_from_db()
    stay.resident.refresh_from_db()
    assert (stay.departed_on, stay.destination) == (date(2025, 6, 30), "返回原籍")
    assert (stay.resident.status, stay.resident.status_date) == ("moved_out", date(2025, 6, 30))
    assert ledger_actions() == ["floating.depart", "resident.status"]


def test_a_departure_before_the_arrival_is_refused(world, client_for, household):
    stay = make_stay(household=household)
    response = client_for("staff").post(url(world, "depart", pk=stay.pk), {"on": "2025-01-01"})
    assert response.status_code == 200 and "不能早于来本社区日期" in response.content.decode()
    stay.refresh_from_db()
    assert stay.departed_on is None


def test_a_service_to_the_household_counts_as_the_arrivals_visit(world, client_for, household):
    stay = make_stay(household=household)
    client = client_for("grid")
    assert client.get(url(world, "list")).context["reminders"].unvisited == 1
    response = client.post(
        url(world, "service_create", pk=stay.pk),
        {
            "kind": "halal",
            "served_on": date.today().isoformat(),
            "subject": "household",
            "served_by": "网格员甲",
            "notes": "联系清真寺安排礼拜",
        },
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.household_id, record.resident_id, record.kind) == (household.pk, None, "halal")
    assert AuditLog.objects.filter(action="floating.service").count() == 1
    assert client.get(url(world, "list")).context["reminders"].unvisited == 0
    assert "联系清真寺安排礼拜" in client.get(url(world, "detail", pk=stay.pk)).content.decode()


def test_a_service_in_the_future_is_refused(world, client_for, household):
    stay = make_stay(household=household)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client_for("staff").post(
        url(world, "service_create", pk=stay.pk),
        {"kind": "job", "served_on": tomorrow, "subject": "person", "served_by": "甲"},
    )
    assert response.status_code == 200 and not ServiceRecord.objects.exists()


def test_reminders_name_permits_expiring_within_30_days_and_overdue_visits(world, client_for, household):
    today = date.today()
    make_stay(household=household, permit_expires=today + timedelta(days=30), arrived_on=today)
    make_stay(
        household=household,
        relation="other",
        permit_expires=today + timedelta(days=31),
        arrived_on=today - timedelta(days=40),
    )
    visited = make_stay(household=HouseholdFactory(community=world.a), arrived_on=today - timedelta(days=40))
    make_service(visited, served_on=today - timedelta(days=10))
    response = client_for("staff").get(url(world, "list"))
    reminders = response.context["reminders"]
    assert (reminders.permits_expiring, reminders.unvisited, reminders.overdue) == (1, 2, 1)
    assert len(client_for("staff").get(url(world, "list"), {"reminder": "permit"}).context["page"]) == 1


def test_a_family_member_is_registered_with_the_first_members_stay_copied(world, client_for, household):
    first = make_stay(household=household, origin="622900", landlord_name="王房东")
    page = client_for("grid").get(url(world, "create"), {"household": household.pk, "from": first.pk})
    form = page.context["form"]
    assert (form.initial["origin"], form.initial["landlord_name"]) == ("622900", "王房东")
    assert page.context["person"].initial["relation"] == "spouse"


def test_a_returning_resident_gets_a_new_stay(world, client_for, household):
    stay = make_stay(household=household, departed_on=date(2025, 4, 1))
    resident = stay.resident
    resident.status, resident.status_date = "moved_out", date(2025, 4, 1)
    resident.save()
    data = {
        "stay-arrived_on": "2025-08-01",
        "stay-origin": "622900",
        "stay-reason": "work",
        "stay-expected_stay": "year",
        "stay-housing": "rented",
    }
    response = client_for("staff").post(url(world, "create") + f"?resident={resident.pk}", data)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.status == "active" and resident.floating_stays.count() == 2


def test_a_grid_without_households_is_told_to_create_one_first(world, client_for):
    GridFactory(community=world.a).workers.add(world.users["grid"])
    UnitFactory(building__compound__grid__community=world.a)
    assert "先新建户" in client_for("grid").get(url(world, "create")).content.decode()
