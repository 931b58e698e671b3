"""Finding 4 (High): a 2 KB spreadsheet exhausted a worker's memory; a 445 KB one held it 120 s, and
reopening the preview did it again. Rows, columns, cells and time are bounded while the sheet streams
in; large previews run in the worker; the outcome of a check is kept, not recomputed.

Memory is measured with tracemalloc (an allocation bound, not a timing assertion).
"""

import io
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from residents.models import Resident, TransferJob
from residents.transfer import importer as residents_importer
from residents.transfer import jobs, reader, uploads
from residents.transfer.importer import residents_import
from residents.transfer.reader import FileRefused
from tests.transfer.helpers import person, write, xlsx
from welfare import importer as welfare_importer

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def raw_xlsx(sheet_body: str, dimension: str = "A1:B2") -> bytes:
    """A minimal workbook whose first sheet's <sheetData> is ``sheet_body`` (compressed: tiny on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            'Type="x"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{sheet_body}</sheetData></worksheet>",
        )
    return buffer.getvalue()


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>公民身份号码</t></is></c></row>'


def _peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1024 / 1024


def test_finding_4_a_welfare_sheet_declaring_a_million_rows_is_refused_without_taking_memory(world, tmp_path):
    body = (
        HEADER.replace("姓名", "救助类型").replace("公民身份号码", "公民身份号码")
        + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    )
    path = write(tmp_path, raw_xlsx(body, dimension="A1:XFD1048576"), "w.xlsx")
    assert path.stat().st_size < 2048

    def run():
        with pytest.raises(welfare_importer.FileRefused, match="行数超过上限"):
            welfare_importer.run(path, community=world.a, actor=None, dry_run=True, skip_invalid=False)

    assert _peak_mb(run) < 20


def test_finding_4_a_cell_at_column_zzzzzz_is_refused_before_the_row_grows(world, tmp_path):
    body = HEADER + '<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>'
    path = write(tmp_path, raw_xlsx(body))

    def run():
        with pytest.raises(FileRefused, match="列数超过上限"):
            residents_import(community=world.a, path=path)

    assert _peak_mb(run) < 20
    far = write(tmp_path, raw_xlsx(HEADER + '<row r="2"><c r="XFD2"><v>1</v></c></row>'), "far.xlsx")
    with pytest.raises(FileRefused, match="列数超过上限"):
        residents_import(community=world.a, path=far)


def test_finding_4_a_million_empty_rows_are_refused_while_streaming(world, tmp_path):
    body = HEADER + "".join(f'<row r="{n}"/>' for n in range(2, 400_000))
    path = write(tmp_path, raw_xlsx(body))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(FileRefused, match="行数超过上限"):
        residents_import(community=world.a, path=path)


def test_finding_4_cells_and_time_are_bounded_and_the_bounds_are_settings(
    world, tmp_path, monkeypatch, settings
):
    rows = [person(f"居民{i}", 门牌号=str(100 + i)) for i in range(30)]
    path = write(tmp_path, xlsx(rows))
    monkeypatch.setattr(reader, "MAX_CELLS", 100)
    with pytest.raises(FileRefused, match="单元格数量超过上限"):
        residents_import(community=world.a, path=path)
    monkeypatch.setattr(reader, "MAX_CELLS", 3_000_000)
    monkeypatch.setattr(reader, "PREVIEW_SECONDS", 1e-9)
    with pytest.raises(FileRefused, match="超时"):
        residents_import(community=world.a, path=path)
    # the bounds in force are the settings (community/settings.py, from the environment)
    monkeypatch.undo()
    in_force = {
        "TRANSFER_MAX_ROWS": reader.MAX_ROWS,
        "TRANSFER_MAX_COLUMNS": reader.MAX_COLUMNS,
        "TRANSFER_MAX_CELLS": reader.MAX_CELLS,
        "TRANSFER_PREVIEW_SECONDS": reader.bounds().seconds,
        "TRANSFER_JOB_SECONDS": reader.JOB_SECONDS,
        "TRANSFER_MAX_UPLOAD_BYTES": reader.MAX_UPLOAD_BYTES,
        "TRANSFER_SYNC_CHECK_MAX_BYTES": jobs.SYNC_CHECK_MAX_BYTES,
    }
    for name, value in in_force.items():
        assert getattr(settings, name) == value, name
    assert reader.REQUEST_MAX_BYTES == settings.TRANSFER_SYNC_CHECK_MAX_BYTES


def test_finding_4_a_csv_with_too_many_columns_is_refused(world, tmp_path):
    content = ("姓名,公民身份号码" + ",x" * 500 + "\n").encode()
    with pytest.raises(FileRefused, match="列数超过上限"):
        residents_import(community=world.a, path=write(tmp_path, content, "居民.csv"))


def test_finding_4_the_welfare_import_no_longer_opens_workbooks_with_openpyxl(world, tmp_path, monkeypatch):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["公民身份号码", "姓名", "救助类型", "状态"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the upload"))
    result = welfare_importer.run(path, community=world.a, actor=None, dry_run=True, skip_invalid=False)
    assert result.rows == 0


def test_finding_4_a_large_upload_is_checked_by_the_worker_and_its_preview_is_not_recomputed(
    world, client_for, monkeypatch
):
    monkeypatch.setattr(jobs, "SYNC_CHECK_MAX_BYTES", 100)
    client = client_for("staff")
    content = xlsx([person()])
    response = client.post(reverse("transfer:upload", kwargs={"code": "HLS"}), {"file": _named(content)})
    job = TransferJob.objects.get(kind="check")
    assert response["Location"] == reverse("transfer:job", kwargs={"code": "HLS", "pk": job.pk})
    page = client.get(response["Location"]).content.decode()
    assert "查看检查结果并确认导入" in page  # the tests' backend runs the job at once, as `make run` does
    job.refresh_from_db()
    assert job.status == "done" and job.summary["new"] == 1 and not Resident.objects.exists()
    token = job.params["token"]
    # reopening the preview (and the refused rows) reads the kept outcome, never the file
    monkeypatch.setattr(
        residents_importer, "read_file", lambda *a, **k: pytest.fail("the file was read again")
    )
    for _ in range(2):
        preview = client.get(reverse("transfer:preview", kwargs={"code": "HLS", "token": token}))
        assert preview.status_code == 200 and preview.context["result"].new == 1


def _named(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("居民.xlsx", content)


def test_finding_low_an_interrupted_import_is_marked_failed_and_can_be_retried(world, client_for):
    client = client_for("staff")
    token = uploads.store(xlsx([person()]), name="居民.xlsx", community=world.a, user=world.users["staff"])
    job = TransferJob.objects.create(
        community=world.a,
        kind="import",
        status="running",
        created_by=world.users["staff"],
        params={"token": token, "source": "居民.xlsx", "skip_invalid": False, "restricted_allowed": True},
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    page = client.get(reverse("transfer:job", kwargs={"code": "HLS", "pk": job.pk})).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "后台处理中断" in job.error and "后台处理中断" in page
    assert 'data-testid="job-retry"' in page
    response = client.post(reverse("transfer:job_retry", kwargs={"code": "HLS", "pk": job.pk}))
    retried = TransferJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("transfer:job", kwargs={"code": "HLS", "pk": retried.pk})
    assert retried.status == "done" and Resident.objects.filter(community=world.a).count() == 1


def test_finding_low_a_job_that_keeps_beating_is_left_running(world, client_for):
    job = TransferJob.objects.create(
        community=world.a,
        kind="import",
        status="running",
        created_by=world.users["staff"],
        params={"token": "0" * 32},
        heartbeat_at=timezone.now(),
    )
    client_for("staff").get(reverse("transfer:job", kwargs={"code": "HLS", "pk": job.pk}))
    job.refresh_from_db()
    assert job.status == "running"


def test_finding_low_the_refused_rows_download_is_audited(world, client_for):
    client = client_for("staff")
    bad = xlsx([person(), person("马建军", 公民身份号码="123")])
    token = uploads.store(bad, name="居民.xlsx", community=world.a, user=world.users["staff"])
    client.get(reverse("transfer:preview", kwargs={"code": "HLS", "token": token}))
    client.get(reverse("transfer:refused", kwargs={"code": "HLS", "token": token}))
    row = AuditLog.objects.get(action="transfer.refused_download")
    assert row.username == "staff" and row.data["rows"] == 1


def test_finding_4_imports_read_during_the_request_refuse_files_the_worker_would_check(
    world, client_for, monkeypatch
):
    """The welfare and plan imports have no background job: a file larger than the request-time bound
    (TRANSFER_SYNC_CHECK_MAX_BYTES) is refused before it is read, with the reason, nothing stored."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from outreach.models import Plan
    from welfare.models import Case

    wb = Workbook()
    wb.active.append(["公民身份号码", "姓名", "救助类型", "状态"])
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()
    monkeypatch.setattr(reader, "REQUEST_MAX_BYTES", len(content) - 1)
    client = client_for("staff")
    response = client.post(
        reverse("welfare:import", kwargs={"code": "HLS"}),
        {"file": SimpleUploadedFile("救助.xlsx", content)},
        follow=True,
    )
    assert response.status_code == 200 and "超过在线导入的上限" in response.content.decode()
    assert not Case.objects.exists() and "welfare_import" not in client.session
    plan = client.post(
        reverse("outreach:plan_import", kwargs={"code": "HLS", "year": 2026}),
        {"file": SimpleUploadedFile("计划.xlsx", content)},
    )
    assert plan.status_code == 200 and "超过在线导入的上限" in plan.content.decode()
    assert not Plan.objects.exists()
