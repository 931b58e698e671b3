"""The welfare import runs as the residents' imports do: a TransferJob with its page, outcome, retry and audit."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from residents.models import TransferJob
from residents.transfer import uploads
from residents.transfer.dispatch import import_permission
from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.test_import import _book
from welfare.models import Case

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def ma(world):
    return ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")


def preview(client, path, **data):
    upload = SimpleUploadedFile("救助.xlsx", path.read_bytes())
    return client.post(reverse("welfare:import", kwargs={"code": "HLS"}), {"file": upload, **data})


def test_confirming_queues_a_job_whose_page_shows_the_outcome(world, client_for, ma, tmp_path):
    client = client_for("staff")
    preview(
        client, _book(tmp_path / "w.xlsx", [[1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02"]])
    )
    response = client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}))
    job = TransferJob.objects.get()
    assert response["Location"] == reverse("transfer:job", kwargs={"code": "HLS", "pk": job.pk})
    assert (job.kind, job.status, job.params["register"], job.created_by) == (
        "import",
        "done",
        "welfare",
        world.users["staff"],
    )
    assert job.summary["new"] == 1 and job.done_rows == job.total_rows == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page and "共1行：新增1，未变0，拒绝0行。" in page
    assert "新增 1 人" not in page  # the residents' wording is the residents' imports' only
    assert Case.objects.get().resident == ma
    assert AuditLog.objects.filter(action="transfer.queue", object_id=str(job.pk)).count() == 1
    assert AuditLog.objects.filter(action="welfare.import").count() == 1
    with pytest.raises(Exception):  # noqa: B017 (Http404: the imported upload is deleted)
        uploads.load(job.params["token"], community=world.a, user=world.users["staff"])


def test_refused_rows_fail_the_job_with_the_reason_and_nothing_is_written(world, client_for, ma, tmp_path):
    client = client_for("staff")
    rows = [
        [1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02"],
        [2, "110105194912310021", "无名", "低保", "在保", 480, "2025-01-02"],
    ]
    preview(client, _book(tmp_path / "w.xlsx", rows))
    response = client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}))
    job = TransferJob.objects.get()
    assert job.status == "failed" and job.error.startswith("有 1 行被拒绝，未导入任何数据。")
    page = client.get(response["Location"]).content.decode()
    assert job.error in page and "拒绝1行" in page
    assert "返回预览" not in page  # the residents' preview does not read a welfare sheet
    assert not Case.objects.exists() and not AuditLog.objects.filter(action="welfare.import").exists()


def test_with_a_worker_nothing_is_written_until_the_worker_runs_the_job(
    world, client_for, ma, tmp_path, settings
):
    settings.TASKS = DB_TASKS
    client = client_for("staff")
    preview(
        client, _book(tmp_path / "w.xlsx", [[1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02"]])
    )
    client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}))
    job = TransferJob.objects.get()
    assert job.status == "queued" and not Case.objects.exists()


def test_an_interrupted_welfare_import_is_retried_as_a_welfare_import(world, client_for, ma, tmp_path):
    book = _book(tmp_path / "w.xlsx", [[1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02"]])
    token = uploads.store(
        book.read_bytes(), name="救助.xlsx", community=world.a, user=world.users["staff"], register="welfare"
    )
    job = TransferJob.objects.create(
        community=world.a,
        kind="import",
        status="running",
        created_by=world.users["staff"],
        params={
            "token": token,
            "source": "救助.xlsx",
            "skip_invalid": False,
            "restricted_allowed": True,
            "register": "welfare",
        },
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    client = client_for("staff")
    page = client.get(reverse("transfer:job", kwargs={"code": "HLS", "pk": job.pk})).content.decode()
    assert "后台处理中断" in page and 'data-testid="job-retry"' in page
    client.post(reverse("transfer:job_retry", kwargs={"code": "HLS", "pk": job.pk}))
    retried = TransferJob.objects.exclude(pk=job.pk).get()
    assert retried.status == "done" and retried.params["register"] == "welfare"
    assert Case.objects.get().resident == ma


def test_importing_and_retrying_a_sheet_needs_its_own_registers_permission():
    assert import_permission("welfare") == "welfare.edit"
    assert import_permission("residents") == import_permission("floating") == "residents.import"


def test_a_welfare_import_by_a_staff_member_who_may_not_approve_registers_applications(
    world, client_for, ma, tmp_path
):
    """The job reads the importer's role when it runs: staff may not approve, so 在保 comes in as 申请中."""
    client = client_for("staff")
    preview(
        client, _book(tmp_path / "w.xlsx", [[1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02"]])
    )
    client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}))
    assert Case.objects.get().status == "applying"
    assert TransferJob.objects.get().summary["pending_approval"] == 1
