"""Low findings on the audit trail: append-only per instance only (bulk update/delete went through, and
deleting a user nulled the user on their rows); password changes and the refused-rows download were not
audited; the auditor read the names of persons under community correction."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from community.audit import log_action
from community.models import AuditLog, User
from tests.factories import HouseholdFactory, ResidentFactory


def test_finding_low_audit_rows_refuse_bulk_update_and_delete_in_the_database(world):
    log_action("login", user=world.users["staff"])
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        AuditLog.objects.all().update(action="tampered")
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        AuditLog.objects.all().delete()
    assert AuditLog.objects.filter(action="login").exists()
    assert not AuditLog.objects.filter(action="tampered").exists()


def test_finding_low_a_user_with_audit_rows_cannot_be_deleted_and_the_row_keeps_the_name(world):
    staff = world.users["staff"]
    row = log_action("login", user=staff)
    with pytest.raises(ProtectedError), transaction.atomic():
        staff.delete()
    row.refresh_from_db()
    assert row.user_id == staff.pk and row.username == "staff"


def test_finding_low_a_password_change_is_audited(world, client_for):
    client_for("staff").post(
        reverse("password_change"),
        {"old_password": "Tongxin@2026", "new_password1": "Hua-Lin-2027x", "new_password2": "Hua-Lin-2027x"},
    )
    row = AuditLog.objects.get(action="account.password_change")
    assert row.username == "staff" and row.data == {"target": "staff"}


def test_finding_low_the_last_five_passwords_cannot_be_reused(world, client_for):
    client = client_for("staff")
    old = "Tongxin@2026"
    for new in ["Pass-Word-01a", "Pass-Word-02a", "Pass-Word-03a", "Pass-Word-04a"]:
        client.post(
            reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
        )
        old = new
    user = User.objects.get(username="staff")
    assert user.check_password("Pass-Word-04a") and len(user.password_history) == 4
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": "Tongxin@2026", "new_password2": "Tongxin@2026"},
    )
    assert "最近 5 次使用过的密码" in response.content.decode()
    client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": "Pass-Word-05a", "new_password2": "Pass-Word-05a"},
    )
    # the sixth one back may come again
    client.post(
        reverse("password_change"),
        {"old_password": "Pass-Word-05a", "new_password1": "Tongxin@2026", "new_password2": "Tongxin@2026"},
    )
    assert User.objects.get(username="staff").check_password("Tongxin@2026")


def test_finding_low_the_auditor_sees_the_record_id_not_the_name_of_a_person_under_correction(
    world, client_for
):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马某某", is_correction=True)
    client_for("staff").get(reverse("residents:detail", kwargs={"code": "HLS", "pk": person.pk}))
    row = AuditLog.objects.get(action="resident.view_restricted")
    assert "马某某" not in row.object_repr and str(person.pk) in row.object_repr
    auditor = client_for("auditor")
    page = auditor.get(reverse("audit_log")).content.decode()
    assert "马某某" not in page and str(person.pk) in page
    csv_text = auditor.get(reverse("audit_export")).content.decode("utf-8-sig")
    assert "马某某" not in csv_text and str(person.pk) in csv_text


def test_finding_low_rows_written_before_the_fix_show_the_record_id_too(world, client_for):
    AuditLog.objects.create(
        action="resident.view_restricted",
        username="staff",
        object_type="residents.Resident",
        object_id="0b9e",
        object_repr="马旧名",
    )
    page = client_for("auditor").get(reverse("audit_log")).content.decode()
    assert "马旧名" not in page and "Resident 0b9e" in page
