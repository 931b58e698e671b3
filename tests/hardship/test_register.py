"""The hardship register: recognition, help given, 结对帮扶 with visits, the gap of an unpaired household,
the ledger export in households, scoping and query counts."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from community.models import AuditLog
from residents.hardship.models import HardshipHelp, HardshipHousehold, Pairing, PairingVisit
from tests.factories import HouseholdFactory, ResidentFactory

from .helpers import make_hardship, make_help, make_pairing


def url(world, name, **kwargs):
    return reverse(f"hardship:{name}", kwargs={"code": world.a.code, **kwargs})


@pytest.fixture
def household(world):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    ResidentFactory(household=household, name="马福", ethnicity="03", phone="13912345678")
    ResidentFactory(household=household, name="马小兰", ethnicity="03", relation="daughter", sex="F")
    return household


def test_staff_recognise_a_household_with_its_causes(world, client_for, household):
    data = {
        "household": household.pk,
        "causes": ["illness", "single_parent"],
        "income_per_head": "420.50",
        "since": "2025-01-10",
    }
    response = client_for("staff").post(url(world, "create"), data)
    record = HardshipHousehold.objects.get()
    assert response.status_code == 302 and response["Location"] == url(world, "detail", pk=record.pk)
    assert (record.causes, record.income_per_head) == (["illness", "single_parent"], Decimal("420.50"))
    assert AuditLog.objects.filter(action="hardship.create", object_id=str(record.pk)).exists()


def test_no_cause_and_a_second_open_record_are_refused_in_chinese(world, client_for, household):
    client = client_for("staff")
    response = client.post(url(world, "create"), {"household": household.pk, "since": "2025-01-10"})
    assert response.status_code == 200 and response.context["form"].errors["causes"]
    make_hardship(household=household)
    response = client.post(
        url(world, "create"), {"household": household.pk, "causes": ["other"], "since": "2025-01-10"}
    )
    assert "该户已登记为困难家庭" in response.content.decode()
    assert HardshipHousehold.objects.count() == 1


def test_help_pairing_and_visit_are_recorded_and_audited(world, client_for, household):
    record = make_hardship(household=household)
    client = client_for("grid")
    today = date.today().isoformat()
    help_data = {
        "kind": "money",
        "amount": "800.00",
        "given_on": today,
        "source": "party",
        "handed_over_by": "书记",
    }
    assert client.post(url(world, "help_create", pk=record.pk), help_data).status_code == 302
    pairing_data = {
        "helper_kind": "unit",
        "helper_name": "市第一医院",
        "helper_phone": "13912340000",
        "since": today,
    }
    assert client.post(url(world, "pairing_create", pk=record.pk), pairing_data).status_code == 302
    assert (
        client.post(
            url(world, "visit_create", pk=record.pk), {"visited_on": today, "notes": "送米面"}
        ).status_code
        == 302
    )
    assert HardshipHelp.objects.get().amount == Decimal("800.00")
    assert PairingVisit.objects.get().pairing.helper_name == "市第一医院"
    actions = set(AuditLog.objects.filter(action__startswith="hardship.").values_list("action", flat=True))
    assert actions == {"hardship.help", "hardship.pair", "hardship.visit"}
    page = client.get(url(world, "detail", pk=record.pk)).content.decode()
    assert "市第一医院" in page and "送米面" in page and "800.00" in page
    assert "139****0000" in page and "13912340000" not in page


def test_money_without_an_amount_is_refused(world, client_for, household):
    record = make_hardship(household=household)
    response = client_for("staff").post(
        url(world, "help_create", pk=record.pk),
        {"kind": "money", "given_on": date.today().isoformat(), "source": "street", "handed_over_by": "甲"},
    )
    assert response.status_code == 200 and "请填写金额" in response.content.decode()
    assert not HardshipHelp.objects.exists()


def test_a_visit_without_a_pairing_is_refused(world, client_for, household):
    record = make_hardship(household=household)
    response = client_for("staff").post(
        url(world, "visit_create", pk=record.pk), {"visited_on": date.today().isoformat()}
    )
    assert response.status_code == 200 and "尚未结对" in response.content.decode()


def test_a_new_helper_ends_the_current_pairing(world, client_for, household):
    record = make_hardship(household=household)
    old = make_pairing(record, since=date.today() - timedelta(days=100))
    client_for("staff").post(
        url(world, "pairing_create", pk=record.pk),
        {"helper_kind": "cadre", "helper_name": "王主任", "since": date.today().isoformat()},
    )
    old.refresh_from_db()
    assert (
        old.ended_on == date.today()
        and Pairing.objects.filter(ended_on__isnull=True).get().helper_name == "王主任"
    )


def test_an_unpaired_household_shows_as_a_gap(world, client_for, household):
    unpaired = make_hardship(household=household)
    paired = make_hardship(community=world.a)
    make_pairing(paired)
    client = client_for("staff")
    assert {r.pk for r in client.get(url(world, "list"), {"paired": "no"}).context["page"]} == {unpaired.pk}
    assert 'data-testid="pairing-gap"' in client.get(url(world, "detail", pk=unpaired.pk)).content.decode()
    assert 'data-testid="pairing-gap"' not in client.get(url(world, "detail", pk=paired.pk)).content.decode()


def test_ending_a_record_keeps_it_and_ends_the_pairing(world, client_for, household):
    record = make_hardship(household=household)
    pairing = make_pairing(record)
    response = client_for("staff").post(
        url(world, "end", pk=record.pk), {"on": "2025-09-01", "reason": "收入已超标准"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    pairing.refresh_from_db()
    assert (record.ended_on, pairing.ended_on) == (date(2025, 9, 1), date(2025, 9, 1))
    assert record.history.count() == 2


def test_filters_by_cause_and_minority(world, client_for, household):
    ill = make_hardship(household=household, causes=["illness"])
    alone = make_hardship(community=world.a, causes=["alone", "disability"], ethnicities=("01",))
    client = client_for("staff")

    def pks(**params):
        return {r.pk for r in client.get(url(world, "list"), params).context["page"]}

    assert pks(cause="disability") == {alone.pk}
    assert pks(minority="yes") == {ill.pk}
    assert pks(minority="no") == {alone.pk}
    assert pks(q="马福") == {ill.pk}


def test_a_grid_worker_sees_only_the_households_of_their_grids(world, client_for, household):
    mine = make_hardship(household=household)
    other = make_hardship(community=world.a)
    client = client_for("grid")
    assert {r.pk for r in client.get(url(world, "list")).context["page"]} == {mine.pk}
    assert client.get(url(world, "detail", pk=other.pk)).status_code == 404
    assert client.post(url(world, "help_create", pk=other.pk), {}).status_code == 404


def test_the_list_costs_the_same_queries_for_5_and_for_50_households(world, client_for, count_queries):
    client = client_for("staff")
    for _ in range(5):
        make_pairing(make_hardship(community=world.a))
    # session, user, community, membership (access); grids of the filter form; the page count;
    # the page rows (address, head, member counts, paired); the community switcher.
    five = count_queries(lambda: client.get(url(world, "list")))
    for _ in range(45):
        make_hardship(community=world.a)
    fifty = count_queries(lambda: client.get(url(world, "list")))
    assert five == fifty == 8
    assert len(client.get(url(world, "list")).context["page"]) == 50


def test_the_ledger_counts_households_with_their_persons_and_masks_ids_for_the_secretary(
    world, client_for, household
):
    record = make_hardship(household=household, income_per_head=Decimal("300"))
    make_help(record, given_on=date.today(), amount="200.00")
    make_help(record, given_on=date.today(), amount="150.50", source="partner")
    make_hardship(community=world.a, ethnicities=("01", "01"))  # a Han household: not in the minority ledger
    response = client_for("secretary").get(url(world, "export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "共 1 户 2 人" in sheet["A1"].value
    row = [c.value for c in sheet[3]]
    assert row[1] == "马福" and row[4] == 2 and row[5] == 2
    assert (
        "*" in row[3] and row[13] == "未结对" and row[14] == 2 and Decimal(str(row[15])) == Decimal("350.5")
    )
    assert sheet.max_row == 3
    audit = AuditLog.objects.get(action="ledger.export")
    assert audit.data == {"ledger": "hardship_households", "rows": 1, "full_id_numbers": False}
    everyone = load_workbook(
        io.BytesIO(client_for("staff").get(url(world, "export"), {"scope": "all"}).content)
    ).active
    assert everyone.max_row == 4 and "*" not in everyone["D3"].value


def test_the_export_costs_the_same_queries_for_5_and_for_50_households(world, client_for, count_queries):
    client = client_for("staff")
    for _ in range(5):
        make_help(make_hardship(community=world.a), given_on=date.today())
    # session, user, community, membership (access); the households; their members; their pairings;
    # the help totals; the audit row.
    five = count_queries(lambda: client.get(url(world, "export")))
    for _ in range(45):
        make_help(make_hardship(community=world.a), given_on=date.today())
    fifty = count_queries(lambda: client.get(url(world, "export")))
    assert five == fifty == 9


def test_the_migration_carries_flagged_households_over_once(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("residents.migrations.0007_hardship_from_category")
    flagged = HouseholdFactory(community=world.a)
    ResidentFactory(household=flagged, is_hardship=True, ethnicity="03")
    ResidentFactory(household=flagged, is_hardship=True, relation="spouse", sex="F")
    left = HouseholdFactory(community=world.a)
    ResidentFactory(household=left, is_hardship=True, status="moved_out", status_date=date(2025, 1, 1))
    recorded = make_hardship(community=world.a)
    ResidentFactory(household=recorded.household, is_hardship=True, relation="other")
    migration.forward(apps, None)
    migration.forward(apps, None)
    carried = HardshipHousehold.objects.exclude(pk=recorded.pk)
    assert [(r.household_id, r.causes) for r in carried] == [(flagged.pk, ["other"])]
    assert "请复核" in carried.get().notes
    migration.backward(apps, None)
    assert list(HardshipHousehold.objects.all()) == [recorded]
