"""Moving out or death ends that person's open benefits on that date (DOMAIN.md), listed before saving."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from reports.registry import community_figures
from residents.models import Resident
from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory, btype
from welfare.models import Case, Transition


def _status_url(resident):
    return reverse("residents:status", kwargs={"code": "HLS", "pk": resident.pk})


def test_moving_out_lists_the_open_cases_then_ends_them_on_that_date(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03", name="马强")
    dibao = CaseFactory(resident=resident)
    insurance = CaseFactory(resident=resident, type=btype("medical_insurance"))
    pending = CaseFactory(resident=resident, type=btype("student_aid"), status="applying")
    on = timezone.localdate() - timedelta(days=3)
    assert community_figures(world.a, timezone.localdate())["低保人数"].value == 1
    client = client_for(
        "grid"
    )  # records moves, but may not decide welfare: the ending follows the move anyway
    resident.household.grid.workers.add(world.users["grid"])
    data = {"status": "moved_out", "on": on.isoformat(), "reason": "迁往兰州市城关区"}

    page = client.post(_status_url(resident), data)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="departure-consequences"' in html
    assert "低保" in html and "居民医保" in html and "将于该日终止" in html
    resident.refresh_from_db()
    assert resident.status == "active"  # nothing saved before the confirmation
    assert Case.objects.filter(status="active").count() == 2

    response = client.post(_status_url(resident), {**data, "confirmed": "1"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.status, resident.status_date) == ("moved_out", on)
    for case in (dibao, insurance):
        case.refresh_from_db()
        assert (case.status, case.end_on) == ("ended", on)
        step = Transition.objects.filter(case=case).latest("at")
        assert (step.from_status, step.to_status) == ("active", "ended") and "迁出" in step.reason
    pending.refresh_from_db()
    assert pending.status == "applying"  # an application is not a benefit being received
    ended = AuditLog.objects.filter(action="welfare.status", data__because="resident_departure")
    assert ended.count() == 2 and AuditLog.objects.filter(action="resident.status").exists()
    assert community_figures(world.a, timezone.localdate())["低保人数"].value == 0


def test_a_household_benefit_is_flagged_for_review_when_others_remain(world, client_for):
    household = HouseholdFactory(community=world.a)
    head = ResidentFactory(household=household, ethnicity="03")
    ResidentFactory(household=household, relation="spouse", sex="F")
    housing = CaseFactory(resident=head, type=btype("housing"), housing_mode="in_kind")
    dibao = CaseFactory(resident=head)
    on = timezone.localdate()
    client = client_for("staff")
    data = {"status": "deceased", "on": on.isoformat(), "reason": "病故"}
    html = client.post(_status_url(head), data).content.decode()
    assert "标记为待复审" in html and "将于该日终止" in html
    client.post(_status_url(head), {**data, "confirmed": "1"})
    housing.refresh_from_db()
    dibao.refresh_from_db()
    assert (housing.status, housing.next_review_on) == ("active", on)
    assert dibao.status == "ended"
    assert AuditLog.objects.filter(action="welfare.review_flag").exists()


def test_without_open_cases_the_move_is_saved_at_once(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a))
    on = timezone.localdate()
    response = client_for("staff").post(_status_url(resident), {"status": "moved_out", "on": on.isoformat()})
    assert response.status_code == 302
    assert Resident.objects.get(pk=resident.pk).status == "moved_out"


def test_an_imported_death_ends_the_open_cases(world, tmp_path):
    from openpyxl import Workbook

    from residents.transfer.importer import residents_import

    household = HouseholdFactory(community=world.a)
    resident = ResidentFactory(household=household, ethnicity="03", name="马强")
    case = CaseFactory(resident=resident)
    on = timezone.localdate() - timedelta(days=10)
    wb = Workbook()
    wb.active.append(["姓名", "公民身份号码", "民族", "人员状态", "状态变更日期"])
    wb.active.append(["马强", resident.id_number, "回族", "死亡", on.isoformat()])
    path = tmp_path / "deaths.xlsx"
    wb.save(path)
    result = residents_import(community=world.a, path=path, actor=world.users["staff"])
    assert result.written and result.updated == 1
    case.refresh_from_db()
    assert (case.status, case.end_on) == ("ended", on)
