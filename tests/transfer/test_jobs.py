"""Imports and large exports as background jobs: the job page, progress, failures, the download, a worker.

The tests' task backend runs a job in-process during the request (as `make run` does); the last tests
switch to the database backend and run the worker's own code (``db_worker --batch``).
"""

import hashlib
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community.models import AuditLog
from community.storage import private_storage
from residents import idnumber
from residents.ledgers import LEDGERS
from residents.models import Resident, TransferJob
from residents.transfer import exporter, importer, jobs, uploads
from residents.transfer.importer import residents_import
from residents.transfer.tasks import run_import_job
from tests.factories import HouseholdFactory, MembershipFactory, ResidentFactory
from tests.transfer.helpers import person, write, xlsx

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def url(name, code="HLS", **kwargs):
    return reverse(f"transfer:{name}", kwargs={"code": code, **kwargs})


def people(n: int) -> list[dict]:
    """``n`` residents, each the head of a household of their own."""
    return [person(f"居民{i}", 门牌号=str(100 + i), birth=date(1970, 1, 1 + i % 28)) for i in range(n)]


def confirm(client, world, rows, **data):
    token = uploads.store(xlsx(rows), name="居民.xlsx", community=world.a, user=world.users["staff"])
    return token, client.post(url("confirm", token=token), data)


def rows_of(content: bytes) -> list[list]:
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def export_job(world, persona="staff", community=None, ledger="residents") -> TransferJob:
    community = community or world.a
    return jobs.export_enqueue(
        community=community,
        ledger=LEDGERS[ledger],
        rows=0,
        full_ids=persona == "staff",
        restricted_allowed=persona in {"staff", "outsider"},
        actor=world.users[persona],
    )


# --- imports ---------------------------------------------------------------------------------------


def test_confirming_queues_a_job_whose_page_shows_the_written_result(world, client_for, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    client = client_for("staff")
    token, response = confirm(client, world, people(5))
    job = TransferJob.objects.get()
    assert response["Location"] == url("job", pk=job.pk)
    assert (job.kind, job.status, job.done_rows, job.total_rows) == ("import", "done", 5, 5)
    assert job.params == {
        "token": token,
        "source": "居民.xlsx",
        "skip_invalid": False,
        "restricted_allowed": True,
    }
    assert job.created_by == world.users["staff"] and job.finished_at is not None
    assert Resident.objects.filter(community=world.a).count() == 5
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="count-new">5<' in page and 'data-testid="count-refused">0<' in page
    assert 'aria-valuenow="100"' in page and "导入完成" in page
    assert "hx-get" not in page  # finished: the page stops polling
    assert AuditLog.objects.filter(action="resident.import").count() == 1
    queued = AuditLog.objects.get(action="transfer.queue")
    assert queued.object_id == str(job.pk) and queued.role == "staff" and queued.data["kind"] == "import"


def test_the_import_reports_its_progress_every_few_hundred_rows_and_at_the_end(world, monkeypatch, tmp_path):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    calls = []
    result = residents_import(
        community=world.a,
        path=write(tmp_path, xlsx(people(5))),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert result.written and result.new == 5


def test_a_file_that_cannot_be_read_fails_the_job_with_the_reason(world, client_for):
    client = client_for("staff")
    token = uploads.store(b"not a workbook", name="坏文件.xlsx", community=world.a, user=world.users["staff"])
    response = client.post(url("confirm", token=token))
    job = TransferJob.objects.get()
    assert job.status == "failed" and job.finished_at is not None
    assert job.error.startswith("文件“坏文件.xlsx”被拒绝：") and "不是有效的 Excel" in job.error
    page = client.get(response["Location"]).content.decode()
    assert job.error in page and 'data-status="failed"' in page
    with pytest.raises(Exception):  # noqa: B017 (Http404: the refused upload was deleted)
        uploads.load(token, community=world.a, user=world.users["staff"])
    assert not Resident.objects.exists() and not AuditLog.objects.filter(action="resident.import").exists()


def test_a_welfare_upload_is_not_imported_as_a_residents_sheet(world, client_for):
    """Every import keeps its upload in uploads.py; one kept for the welfare import is refused here."""
    row = {"公民身份号码": person()["公民身份号码"], "姓名": "马强", "救助类型": "低保", "状态": "在保"}
    book = xlsx([row], ["公民身份号码", "姓名", "救助类型", "状态"], title=None)
    token = uploads.store(
        book, name="救助.xlsx", community=world.a, user=world.users["staff"], register="welfare"
    )
    client_for("staff").post(url("confirm", token=token))
    job = TransferJob.objects.get()
    assert job.status == "failed" and "不是在本页上传的居民表" in job.error
    assert not Resident.objects.exists()


def test_a_finished_job_delivered_again_is_not_run_twice(world, client_for):
    client = client_for("staff")
    confirm(client, world, people(2))
    job = TransferJob.objects.get()
    run_import_job.call(str(job.pk))  # the upload is gone: a second run would fail the job
    job.refresh_from_db()
    assert job.status == "done" and job.summary["new"] == 2
    assert AuditLog.objects.filter(action="resident.import").count() == 1


def test_a_double_click_on_confirm_queues_the_import_once(world, client_for, settings):
    settings.TASKS = DB_TASKS
    client = client_for("staff")
    token, first = confirm(client, world, people(1))
    second = client.post(url("confirm", token=token))
    assert first["Location"] == second["Location"]
    assert TransferJob.objects.count() == 1 and DBTaskResult.objects.count() == 1


# --- exports ---------------------------------------------------------------------------------------


def test_an_export_above_the_threshold_is_a_job_whose_download_is_the_same_workbook(
    world, client_for, monkeypatch
):
    household = HouseholdFactory(community=world.a)
    for index in range(3):
        ResidentFactory(
            household=household, relation="head" if index == 0 else "son", is_correction=index == 1
        )
    client = client_for("staff")
    monkeypatch.setattr(jobs, "SYNC_EXPORT_MAX_ROWS", 2)
    confirm = client.get(url("export"), {"ledger": "residents"})
    assert confirm.status_code == 200 and "这份台帐共 3 行" in confirm.content.decode()
    assert not TransferJob.objects.exists()  # a GET queues nothing
    response = client.post(url("export") + "?ledger=residents")
    job = TransferJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("job", pk=job.pk)
    assert (job.kind, job.status, job.done_rows, job.total_rows) == ("export", "done", 3, 3)
    page = client.get(response["Location"]).content.decode()
    assert url("job_download", pk=job.pk) in page and "台帐已生成，共 3 行" in page
    download = client.get(url("job_download", pk=job.pk))
    content = b"".join(download.streaming_content)
    assert download["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    assert hashlib.sha256(content).hexdigest() == job.sha256 and len(content) == job.size
    assert private_storage().exists(job.storage_name)  # kept in the private storage

    monkeypatch.setattr(jobs, "SYNC_EXPORT_MAX_ROWS", 5000)
    synchronous = client.get(url("export"), {"ledger": "residents"})
    assert synchronous.status_code == 200 and TransferJob.objects.count() == 1
    assert rows_of(content) == rows_of(synchronous.content)

    exports = AuditLog.objects.filter(action="ledger.export").order_by("at")
    assert [(e.user, e.data["rows"], e.data["full_id_numbers"]) for e in exports] == [
        (world.users["staff"], 3, True),
        (world.users["staff"], 3, True),
    ]
    downloaded = AuditLog.objects.get(action="ledger.download")
    assert (downloaded.user, downloaded.role, downloaded.community) == (
        world.users["staff"],
        "staff",
        world.a,
    )
    assert downloaded.object_id == str(job.pk) and downloaded.data == {
        "ledger": "residents",
        "rows": 3,
        "full_id_numbers": True,
    }


def test_an_export_that_breaks_fails_the_job_with_a_chinese_message(world, client_for, monkeypatch):
    ResidentFactory(household=HouseholdFactory(community=world.a), relation="cousin")  # no such relation
    monkeypatch.setattr(jobs, "SYNC_EXPORT_MAX_ROWS", 0)
    response = client_for("staff").post(url("export") + "?ledger=residents")
    job = TransferJob.objects.get()
    assert (
        job.status == "failed"
        and job.error == "导出时出现系统错误，未生成文件。请稍后重试，或联系系统管理员。"
    )
    assert not job.storage_name and not AuditLog.objects.filter(action="ledger.export").exists()
    assert job.error in client_for("staff").get(response["Location"]).content.decode()
    assert client_for("staff").get(url("job_download", pk=job.pk)).status_code == 404


def test_a_small_ledger_still_downloads_at_once(world, client_for):
    ResidentFactory(household=HouseholdFactory(community=world.a))
    response = client_for("staff").get(url("export"), {"ledger": "residents"})
    assert response.status_code == 200 and not TransferJob.objects.exists()


def test_only_the_creator_or_community_staff_may_open_a_job_and_download_it(world, client_for):
    mine = HouseholdFactory(community=world.a)
    mine.grid.workers.add(world.users["grid"])
    resident = ResidentFactory(household=mine, name="我的居民")
    ResidentFactory(household=HouseholdFactory(community=world.a), name="别的网格")
    job = export_job(world, "grid")
    assert job.status == "done" and job.summary["full_id_numbers"] is False

    client = client_for("grid")
    assert client.get(url("job", pk=job.pk)).status_code == 200
    rows = rows_of(b"".join(client.get(url("job_download", pk=job.pk)).streaming_content))
    assert [row[1] for row in rows[2:]] == ["我的居民"]  # the grid worker's own grids, as on the pages
    assert rows[2][4] == idnumber.mask(resident.id_number)
    assert client_for("staff").get(url("job_download", pk=job.pk)).status_code == 200
    assert client_for("secretary").get(url("job", pk=job.pk)).status_code == 403
    assert client_for("secretary").get(url("job_download", pk=job.pk)).status_code == 403
    other_grid_worker = MembershipFactory(community=world.a, role="grid_worker").user
    client.force_login(other_grid_worker)
    assert client.get(url("job_download", pk=job.pk)).status_code == 403


def test_a_secretary_follows_a_large_export_from_the_ledger_pages(world, client_for, monkeypatch):
    # The secretary reads the ledgers but may not open 导入与导出: the job page links back to the ledgers.
    ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03")
    monkeypatch.setattr(jobs, "SYNC_EXPORT_MAX_ROWS", 0)
    client = client_for("secretary")
    response = client.post(url("export") + "?ledger=minority")
    page = client.get(response["Location"]).content.decode()
    ledgers = reverse("residents:ledgers", kwargs={"code": "HLS"})
    assert f'href="{ledgers}"' in page and f'href="{url("index")}"' not in page
    assert client.get(url("job_download", pk=TransferJob.objects.get().pk)).status_code == 200


def test_another_communitys_job_is_404(world, client_for):
    job = export_job(world, "outsider", community=world.b)
    assert job.status == "done"
    client = client_for("staff")
    assert client.get(url("job", pk=job.pk)).status_code == 404
    assert client.get(url("job_download", pk=job.pk)).status_code == 404
    assert client_for("outsider").get(url("job", code="XBG", pk=job.pk)).status_code == 200


def test_an_import_job_has_nothing_to_download(world, client_for):
    client = client_for("staff")
    confirm(client, world, people(1))
    assert client.get(url("job_download", pk=TransferJob.objects.get().pk)).status_code == 404


# --- pages and their queries -----------------------------------------------------------------------


def test_the_job_page_makes_the_same_number_of_queries_for_5_and_for_50_rows(
    world, client_for, count_queries
):
    # Queries: session, user, community, membership (the middleware); the stale-job sweep (one UPDATE);
    # the job with its creator; the communities of the user (the page's community switcher).
    client = client_for("staff")
    confirm(client, world, people(5))
    confirm(client, world, people(50)[5:])
    small, large = TransferJob.objects.order_by("created_at")
    assert (small.total_rows, large.total_rows) == (5, 45)
    assert count_queries(lambda: client.get(url("job", pk=small.pk))) == 7
    assert count_queries(lambda: client.get(url("job", pk=large.pk))) == 7
    partial = client.get(url("job", pk=large.pk), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="job-status"') and "<html" not in partial


def test_the_index_lists_the_last_jobs_with_the_same_number_of_queries_for_2_and_8(
    world, client_for, count_queries
):
    # Queries: session, user, community, membership (the middleware); the stale-job sweep (one UPDATE);
    # the jobs with their creators; the communities of the user (the page's community switcher).
    client = client_for("staff")

    def make(n):
        for i in range(n):
            TransferJob.objects.create(
                community=world.a,
                kind="import",
                params={"source": f"第{i}批.xlsx"},
                created_by=MembershipFactory(community=world.a, role="staff").user,
            )

    make(2)
    small = count_queries(lambda: client.get(url("index")))
    make(6)
    large = count_queries(lambda: client.get(url("index")))
    assert small == large == 7
    assert "第5批.xlsx" in client.get(url("index")).content.decode()


def test_a_grid_worker_sees_only_their_own_jobs_on_the_index(world, client_for):
    export_job(world, "staff", ledger="minority")
    mine = export_job(world, "grid", ledger="elders")
    page = client_for("grid").get(url("index")).content.decode()
    assert url("job", pk=mine.pk) in page and "德高望重离退休人员台帐" in page
    assert "少数民族人员台帐</td>" not in page
    assert page.count('data-job="') == 1


# --- with a worker ---------------------------------------------------------------------------------


def run_worker():
    # The worker closes stale connections between tasks, so these tests commit (transaction=True).
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_import_waits_in_the_queue_until_the_worker_runs_it(world, client_for, settings):
    settings.TASKS = DB_TASKS
    client = client_for("staff")
    _token, response = confirm(client, world, people(3))
    job = TransferJob.objects.get()
    assert job.status == "queued" and not Resident.objects.exists()
    assert DBTaskResult.objects.get().task_path == "residents.transfer.tasks.run_import_job"
    page = client.get(response["Location"]).content.decode()
    assert (
        "排队中" in page and f'hx-get="{url("job", pk=job.pk)}"' in page and 'hx-trigger="every 1s"' in page
    )

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done_rows, job.total_rows, job.summary["new"]) == ("done", 3, 3, 3)
    assert Resident.objects.filter(community=world.a).count() == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    entry = AuditLog.objects.get(action="resident.import")
    assert entry.user == world.users["staff"] and entry.data["new"] == 3
    assert "导入完成" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_a_large_export_is_built_by_the_worker(world, client_for, settings, monkeypatch):
    settings.TASKS = DB_TASKS
    monkeypatch.setattr(jobs, "SYNC_EXPORT_MAX_ROWS", 0)
    monkeypatch.setattr(exporter, "PROGRESS_EVERY", 1)
    ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03")
    client = client_for("staff")
    response = client.post(url("export") + "?ledger=minority")
    job = TransferJob.objects.get()
    assert (job.status, job.total_rows) == ("queued", 1)
    assert not AuditLog.objects.filter(action="ledger.export").exists()
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done_rows) == ("done", 1)
    assert AuditLog.objects.filter(action="ledger.export", user=world.users["staff"]).count() == 1
    assert url("job_download", pk=job.pk) in client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_upload_deleted_before_the_worker_runs_fails_the_job(world, client_for, settings):
    settings.TASKS = DB_TASKS
    token, _response = confirm(client_for("staff"), world, people(1))
    uploads.discard(token)
    run_worker()
    job = TransferJob.objects.get()
    assert (
        job.status == "failed"
        and job.error == "上传的文件已不存在（未确认的文件一天后自动删除），请重新上传。"
    )
    assert not Resident.objects.exists()


def test_exported_workbooks_are_deleted_after_the_keeping_period(world, client_for):
    ResidentFactory(household=HouseholdFactory(community=world.a))
    old, recent = export_job(world, "staff"), export_job(world, "staff")
    assert private_storage().exists(old.storage_name) and private_storage().exists(recent.storage_name)
    TransferJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=jobs.EXPORT_KEEP_DAYS, hours=1)
    )
    stored = old.storage_name
    assert jobs.sweep_exports() == 1
    old.refresh_from_db()
    assert old.storage_name == "" and not private_storage().exists(stored)
    assert private_storage().exists(recent.storage_name)  # within the period: kept
    client = client_for("staff")
    page = client.get(url("job", pk=old.pk)).content.decode()
    assert f"导出文件保留{jobs.EXPORT_KEEP_DAYS}天" in page and url("job_download", pk=old.pk) not in page
    assert client.get(url("job_download", pk=old.pk)).status_code == 404
