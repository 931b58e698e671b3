"""登记日期: today unless given, the import's date for imported people, and the change panel counts them."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from residents.models import Resident
from residents.transfer.importer import residents_import
from tests.factories import HouseholdFactory, valid_id
from tests.residents.test_create_edit import create_url, form_data


def test_the_form_offers_today_and_a_resident_registered_without_it_gets_today(world, client_for):
    household = HouseholdFactory(community=world.a)
    client = client_for("staff")
    assert client.get(create_url(world)).context["form"]["moved_in_on"].value() == date.today()
    assert client.post(create_url(world), form_data(household, moved_in_on="")).status_code == 302
    assert Resident.objects.get().moved_in_on == date.today()


def test_seven_residents_added_today_are_new_registrations_on_the_dashboard(world, client_for):
    household = HouseholdFactory(community=world.a)
    client = client_for("staff")
    for i in range(7):
        data = form_data(
            household,
            name=f"新居民{i}",
            id_number=valid_id(date(1990, 1, i + 1), "F"),
            relation="head" if i == 0 else "other",
            moved_in_on=date.today().isoformat(),
        )
        assert client.post(create_url(world), data).status_code == 302
    page = client_for("secretary").get(reverse("dashboard:community", kwargs={"code": "HLS"}))
    changes = page.context["changes"]
    assert changes.arrived == 7 and changes.registered_now - changes.registered_then == 7


def _sheet(path, header, rows):
    wb = Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_an_import_records_its_date_unless_the_sheet_gives_one(world, tmp_path):
    header = ["姓名", "公民身份号码", "民族", "网格", "登记日期"]
    first, second = valid_id(date(1985, 5, 5)), valid_id(date(1986, 6, 6))
    path = _sheet(
        tmp_path / "r.xlsx",
        header,
        [["马一", first, "回族", "1", None], ["马二", second, "回族", "1", "2019-04-01"]],
    )
    result = residents_import(community=world.a, path=path, actor=world.users["staff"])
    assert result.written and result.new == 2
    assert Resident.objects.get(id_number=first).moved_in_on == timezone.localdate()
    assert Resident.objects.get(id_number=second).moved_in_on == date(2019, 4, 1)


def test_the_household_number_column_may_be_headed_hu_hao(world, tmp_path):
    header = ["姓名", "公民身份号码", "民族", "网格", "户号"]
    number = valid_id(date(1985, 5, 5))
    path = _sheet(tmp_path / "r.xlsx", header, [["马一", number, "回族", "1", "HLS-0101"]])
    result = residents_import(community=world.a, path=path, actor=world.users["staff"])
    assert result.written and not result.unknown_headers
    assert Resident.objects.get(id_number=number).household.number == "HLS-0101"
