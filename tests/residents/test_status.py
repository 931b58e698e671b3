"""Recording a move-out or a death: a status with its date, never a deletion; the history keeps it."""

from datetime import date, timedelta

from django.urls import reverse

from community.models import AuditLog
from residents.models import Resident
from tests.factories import ResidentFactory


def status_url(resident):
    return reverse("residents:status", kwargs={"code": resident.community.code, "pk": resident.pk})


def test_staff_records_a_move_out_with_its_date_and_reason(world, client_for):
    resident = ResidentFactory(community=world.a, household__community=world.a)
    client = client_for("staff")
    page = client.get(status_url(resident)).content.decode()
    assert "data-confirm" in page
    response = client.post(
        status_url(resident), {"status": "moved_out", "on": "2026-01-05", "reason": "迁往兰州"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.status, resident.status_date) == ("moved_out", date(2026, 1, 5))
    assert Resident.objects.filter(pk=resident.pk).exists()
    assert resident.history.latest().history_change_reason == "迁往兰州"
    assert AuditLog.objects.get(action="resident.status").data["new"] == "moved_out"
    detail = client.get(
        reverse("residents:detail", kwargs={"code": "HLS", "pk": resident.pk})
    ).content.decode()
    assert "迁往兰州" in detail and "迁出" in detail


def test_a_death_needs_a_date_and_not_one_in_the_future(world, client_for):
    resident = ResidentFactory(community=world.a, household__community=world.a)
    client = client_for("staff")
    response = client.post(status_url(resident), {"status": "deceased", "on": "", "reason": ""})
    assert response.context["form"].errors["on"] == ["请填写迁出或死亡日期。"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(status_url(resident), {"status": "deceased", "on": tomorrow})
    assert response.context["form"].errors["on"] == ["日期不能晚于今天。"]
    resident.refresh_from_db()
    assert resident.status == "active"


def test_the_secretary_reads_but_does_not_record(world, client_for):
    resident = ResidentFactory(community=world.a, household__community=world.a)
    response = client_for("secretary").post(status_url(resident), {"status": "moved_out", "on": "2026-01-05"})
    assert response.status_code == 403
