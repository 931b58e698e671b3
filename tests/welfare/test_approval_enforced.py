"""Finding 1 (High): welfare approval could be skipped — by an import and by editing an approved case.

The workflow is enforced in ``welfare.services`` (and the importer), whatever page or command calls them.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook

from community import versioning
from community.models import AuditLog
from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory, btype
from welfare import importer, services
from welfare.models import Case, CaseStatus, Transition


def _workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["公民身份号码", "姓名", "救助类型", "状态", "金额", "开始日期"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def person(world):
    return ResidentFactory(household=HouseholdFactory(community=world.a), name="马强", ethnicity="03")


def test_finding_1_staff_import_of_an_approved_row_creates_an_application_only(
    world, person, client_for, tmp_path
):
    path = _workbook(tmp_path / "w.xlsx", [[person.id_number, "马强", "低保", "在保", 9999, "2025-01-02"]])
    client = client_for("staff")
    with path.open("rb") as fh:
        preview = client.post(reverse("welfare:import", kwargs={"code": "HLS"}), {"file": fh})
    assert "按“申请中”登记，待社区书记审批" in preview.content.decode()
    client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}))
    case = Case.objects.get(resident=person)
    assert case.status == CaseStatus.APPLYING and case.amount == Decimal("9999")
    step = Transition.objects.get(case=case)
    assert step.to_status == CaseStatus.APPLYING and "在保" in step.reason and "待社区书记审批" in step.reason
    row = AuditLog.objects.get(action="welfare.import")
    assert row.data["pending_approval"] == 1 and row.data["approved_by_importer"] == 0
    from community.audit import describe

    assert describe(row).startswith("文件：w.xlsx；1 行；新增 1")  # the auditor's 对象 names the workbook


def test_finding_1_staff_import_refuses_rows_of_ended_or_refused_cases(world, person, tmp_path):
    path = _workbook(tmp_path / "w.xlsx", [[person.id_number, "马强", "低保", "已终止", 100, "2024-01-02"]])
    result = importer.run(
        path, community=world.a, actor=world.users["staff"], dry_run=False, skip_invalid=True, role="staff"
    )
    assert not Case.objects.exists()
    assert "社区书记" in result.refused[0].reason


def test_finding_1_an_import_by_a_role_that_may_approve_keeps_the_status_and_records_the_approval(
    world, person, tmp_path
):
    path = _workbook(tmp_path / "w.xlsx", [[person.id_number, "马强", "低保", "在保", 480, "2025-01-02"]])
    importer.run(
        path,
        community=world.a,
        actor=world.users["secretary"],
        dry_run=False,
        skip_invalid=False,
        role="secretary",
    )
    case = Case.objects.get(resident=person)
    step = Transition.objects.get(case=case)
    assert case.status == CaseStatus.ACTIVE
    assert step.actor == world.users["secretary"] and "导入人具审批权限" in step.reason


def test_finding_1_the_service_refuses_to_create_an_approved_case_for_a_role_that_may_not_approve(
    world, person
):
    with pytest.raises(PermissionDenied):
        services.case_create(
            community=world.a,
            actor=world.users["staff"],
            resident=person,
            role="staff",
            type=btype("dibao"),
            status=CaseStatus.ACTIVE,
            amount=9999,
        )
    with pytest.raises(PermissionDenied):  # no role given: the same
        services.case_create(
            community=world.a, actor=None, resident=person, type=btype("dibao"), status=CaseStatus.ACTIVE
        )
    assert not Case.objects.exists()


def test_finding_1_changing_the_amount_of_an_approved_case_sends_it_back_to_review(world, person, client_for):
    case = CaseFactory(resident=person, status=CaseStatus.ACTIVE, amount=100)
    client = client_for("staff")
    url = reverse("welfare:edit", kwargs={"code": "HLS", "pk": case.pk})
    token = client.get(url).context["form"].initial["edit_token"]
    response = client.post(
        url,
        {"type": case.type.pk, "amount": "88888", "start_on": case.start_on.isoformat(), "edit_token": token},
        follow=True,
    )
    assert "须社区书记重新审批" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING and case.amount == Decimal("88888")
    step = case.transitions.last()
    assert (step.from_status, step.to_status) == (
        CaseStatus.ACTIVE,
        CaseStatus.REVIEWING,
    ) and "金额" in step.reason
    # the secretary's approval is needed again; staff cannot give it
    with pytest.raises(PermissionDenied):
        services.case_transition(
            case=case,
            to_status=CaseStatus.ACTIVE,
            actor=world.users["staff"],
            role="staff",
            reason="x",
            version=case.version,
        )


@pytest.mark.parametrize(
    ("field", "value"), [("type", "student_aid"), ("start_on", "2020-01-01"), ("end_on", "2099-01-01")]
)
def test_finding_1_a_change_of_type_or_dates_on_an_approved_case_goes_back_through_approval(
    world, person, field, value
):
    case = CaseFactory(resident=person, status=CaseStatus.ACTIVE, amount=100)
    from datetime import date

    new = btype(value) if field == "type" else date.fromisoformat(value)
    services.case_update(case=case, actor=world.users["staff"], version=case.version, **{field: new})
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING


def test_finding_1_notes_on_an_approved_case_change_without_a_new_approval(world, person):
    case = CaseFactory(resident=person, status=CaseStatus.ACTIVE, amount=100)
    services.case_update(case=case, actor=world.users["staff"], version=case.version, notes="已电话回访")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.notes == "已电话回访"


def test_finding_1_the_amount_of_an_ended_case_cannot_be_changed(world, person):
    case = CaseFactory(resident=person, status=CaseStatus.ENDED, amount=100)
    with pytest.raises(ValidationError):
        services.case_update(case=case, actor=world.users["staff"], version=case.version, amount=5000)
    case.refresh_from_db()
    assert case.amount == 100


def test_finding_3_the_welfare_form_from_a_resident_page_shows_name_and_masked_number_only(
    world, person, client_for
):
    url = reverse("welfare:create", kwargs={"code": "HLS"}) + f"?resident={person.pk}"
    page = client_for("staff").get(url).content.decode()
    assert "马强" in page and person.id_number not in page and person.id_number[-4:] in page
    response = client_for("staff").post(
        url, {"resident_id": str(person.pk), "type": btype("dibao").pk, "amount": "300"}
    )
    assert response.status_code == 302
    assert Case.objects.get(resident=person).status == CaseStatus.APPLYING


def test_finding_1_the_edit_token_is_the_shared_optimistic_lock(world, person):
    case = CaseFactory(resident=person, status=CaseStatus.APPLYING, amount=100)
    token = versioning.fingerprint(Case.objects.get(pk=case.pk))
    services.case_update(case=case, actor=world.users["staff"], edit_token=token, amount=200)
    with pytest.raises(versioning.ConcurrentEdit):
        services.case_update(case=case, actor=world.users["staff"], edit_token=token, amount=300)
    case.refresh_from_db()
    assert case.amount == 200
