import pytest
from django.urls import reverse

from community.audit import log_action
from community.models import AuditLog


def _rows(world, n):
    for i in range(n):
        log_action("resident.view", user=world.users["staff"], community=world.a, data={"n": i})


def test_the_audit_log_costs_the_same_queries_for_5_and_50_rows(world, client_for, count_queries):
    client = client_for("auditor")
    url = reverse("audit_log")
    _rows(world, 5)
    few = count_queries(lambda: client.get(url))
    _rows(world, 45)
    many = count_queries(lambda: client.get(url))
    # session, user, the second-factor device (django-otp), auditor membership check, the community
    # switcher, the paginator's count, the page of rows (with their community)
    assert few == many == 7


def test_the_auditor_filters_by_action_and_user(world, client_for):
    log_action("resident.view", user=world.users["staff"], community=world.a)
    log_action("report.download", user=world.users["street"], community=world.a)
    page = client_for("auditor").get(reverse("audit_log"), {"action": "report", "username": "street"})
    rows = list(page.context["page"])
    assert [r.action for r in rows] == ["report.download"]


def test_audit_rows_cannot_be_changed_or_deleted(world):
    row = log_action("login", user=world.users["staff"])
    row.action = "tampered"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    assert AuditLog.objects.get(pk=row.pk).action == "login"


def test_the_auditor_exports_the_filtered_trail_and_the_export_is_audited(world, client_for):
    log_action("resident.view", user=world.users["staff"], community=world.a)
    log_action("report.download", user=world.users["street"], community=world.a)
    response = client_for("auditor").get(reverse("audit_export"), {"action": "resident"})
    text = response.content.decode("utf-8-sig")
    assert "resident.view" in text and "report.download" not in text
    assert AuditLog.objects.get(action="audit.export").data["rows"] == 1
