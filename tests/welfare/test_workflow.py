from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory, btype
from welfare import services
from welfare.models import Case, Transition


def _case(world, **kw):
    return CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)), **kw)


@pytest.mark.parametrize(
    ("start", "to", "role", "ok"),
    [
        ("applying", "reviewing", "staff", True),
        ("reviewing", "active", "secretary", True),
        ("reviewing", "rejected", "secretary", True),
        ("applying", "rejected", "secretary", True),
        ("active", "ended", "staff", True),
        ("reviewing", "active", "staff", False),  # approval needs the secretary
        ("applying", "rejected", "staff", False),
        ("applying", "reviewing", "secretary", False),  # secretary decides, staff handle
        ("grid_worker", None, None, None),
    ][:-1],
)
def test_each_transition_is_allowed_only_to_its_role(world, start, to, role, ok):
    case = _case(world, status=start, start_on=None)
    actor = world.users["secretary" if role == "secretary" else "staff"]
    if ok:
        services.case_transition(
            case=case, to_status=to, actor=actor, role=role, reason="依规办理", version=case.version
        )
        case.refresh_from_db()
        assert case.status == to
        assert Transition.objects.filter(case=case, to_status=to, actor=actor, reason="依规办理").exists()
    else:
        with pytest.raises(PermissionDenied):
            services.case_transition(
                case=case, to_status=to, actor=actor, role=role, reason="x", version=case.version
            )
        case.refresh_from_db()
        assert case.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [("applying", "active"), ("ended", "active"), ("rejected", "reviewing"), ("active", "applying")],
)
def test_a_transition_outside_the_workflow_is_refused(world, start, to):
    case = _case(world, status=start)
    with pytest.raises(ValidationError):
        services.case_transition(
            case=case,
            to_status=to,
            actor=world.users["secretary"],
            role="secretary",
            reason="x",
            version=case.version,
        )


@pytest.mark.parametrize(
    ("start", "to", "role"),
    [
        ("reviewing", "rejected", "secretary"),
        ("applying", "rejected", "secretary"),
        ("active", "ended", "staff"),
    ],
)
def test_a_refusal_or_an_ending_needs_its_reason(world, start, to, role):
    case = _case(world, status=start)
    with pytest.raises(ValidationError) as caught:
        services.case_transition(
            case=case, to_status=to, actor=world.users[role], role=role, reason="  ", version=case.version
        )
    assert "理由" in caught.value.message_dict["reason"][0]
    case.refresh_from_db()
    assert case.status == start


def test_submitting_and_approving_need_no_reason(world):
    case = _case(world, status="applying", start_on=None)
    case = services.case_transition(
        case=case,
        to_status="reviewing",
        actor=world.users["staff"],
        role="staff",
        reason="",
        version=case.version,
    )
    case = services.case_transition(
        case=case,
        to_status="active",
        actor=world.users["secretary"],
        role="secretary",
        reason="",
        version=case.version,
    )
    assert case.status == "active"
    assert [t.step_label for t in case.transitions.all()][-2:] == ["提交审核", "批准"]


def test_approval_starts_the_case_and_schedules_the_yearly_review(world):
    case = _case(world, status="reviewing", start_on=None)
    services.case_transition(
        case=case,
        to_status="active",
        actor=world.users["secretary"],
        role="secretary",
        reason="符合条件",
        version=case.version,
        on=date(2026, 3, 15),
    )
    case.refresh_from_db()
    assert case.start_on == date(2026, 3, 15) and case.next_review_on == date(2027, 3, 15)


def test_the_second_of_two_concurrent_edits_is_refused_and_overwrites_nothing(world):
    case = _case(world, amount=400)
    first = Case.objects.get(pk=case.pk)
    second = Case.objects.get(pk=case.pk)
    services.case_update(case=first, version=first.version, actor=world.users["staff"], amount=450)
    with pytest.raises(services.ConcurrentEdit):
        services.case_update(case=second, version=second.version, actor=world.users["staff"], amount=999)
    case.refresh_from_db()
    assert case.amount == 450 and case.version == 2


def test_the_edit_page_reports_a_concurrent_edit_in_chinese(world, client_for):
    case = _case(world, amount=400)
    client = client_for("staff")
    url = reverse("welfare:edit", kwargs={"code": "HLS", "pk": case.pk})
    token = client.get(url).context["form"].initial["edit_token"]
    data = {"type": case.type.pk, "amount": "500", "start_on": "2025-01-01", "edit_token": token}
    services.case_update(case=case, version=case.version, actor=world.users["staff"], amount=450)
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "已被他人修改" in page and 'value="500' in page  # the input is kept
    case.refresh_from_db()
    assert case.amount == 450


def test_the_staff_cannot_approve_through_the_page(world, client_for):
    case = _case(world, status="reviewing")
    response = client_for("staff").post(
        reverse("welfare:transition", kwargs={"code": "HLS", "pk": case.pk}),
        {"to_status": "active", "version": case.version, "reason": "x"},
    )
    assert response.status_code == 403


def test_an_attachment_is_checked_by_its_bytes_and_its_download_audited(world, client_for):
    from community.models import AuditLog

    case = _case(world)
    client = client_for("staff")
    url = reverse("welfare:attach", kwargs={"code": "HLS", "pk": case.pk})
    client.post(url, {"file": SimpleUploadedFile("证明.pdf", b"MZ\x90 not a pdf", "application/pdf")})
    assert not case.attachments.exists()
    client.post(url, {"file": SimpleUploadedFile("证明.pdf", b"%PDF-1.4 real", "application/pdf")})
    attachment = case.attachments.get()
    response = client.get(reverse("welfare:attachment", kwargs={"code": "HLS", "pk": attachment.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditLog.objects.filter(action="welfare.attachment_download").count() == 1
    # from another community: the same id is not found
    assert (
        client_for("outsider")
        .get(reverse("welfare:attachment", kwargs={"code": "XBG", "pk": attachment.pk}))
        .status_code
        == 404
    )


def test_an_attachment_whose_row_or_audit_entry_fails_leaves_no_file_behind(
    world, settings, tmp_path, monkeypatch
):
    settings.PRIVATE_ROOT = tmp_path / "private"
    case = _case(world)

    def audit_fails(*args, **kwargs):
        assert case.attachments.exists()  # the row was saved: the failure comes after it
        raise RuntimeError("审计日志写入失败")

    monkeypatch.setattr(services, "log_action", audit_fails)
    with pytest.raises(RuntimeError):
        services.attachment_add(
            case=case, upload=SimpleUploadedFile("证明.pdf", b"%PDF-1.4 real"), actor=world.users["staff"]
        )
    assert not case.attachments.exists()
    assert [p for p in (tmp_path / "private").rglob("*") if p.is_file()] == []


def test_nothing_is_deleted_an_ended_case_stays(world):
    case = _case(world, status="active")
    services.case_transition(
        case=case,
        to_status="ended",
        actor=world.users["staff"],
        role="staff",
        reason="收入超标",
        version=case.version,
    )
    assert Case.objects.filter(pk=case.pk, status="ended").exists()


def test_a_housing_case_needs_its_mode(world):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a))
    with pytest.raises(ValidationError):
        services.case_create(
            community=world.a, actor=world.users["staff"], resident=resident, type=btype("housing")
        )
