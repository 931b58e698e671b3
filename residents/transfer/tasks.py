"""Background imports and exports (Django's task interface; see settings.TASKS and ``jobs.py``).

Each task reads its :class:`~residents.models.TransferJob`, marks it running, reports the rows done and
records the outcome with a Chinese message. A job that has already finished is not run again when its
task is delivered twice. An import interrupted before its job is marked done may be run again: it
matches residents by ID number, so rows already written come back as unchanged, never twice.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from community.access import resolve_access

from .. import selectors
from ..filters import filtered_for_export
from ..ledgers import LEDGERS
from ..models import TransferJob, TransferJobStatus
from . import reader, uploads
from .dispatch import NOT_A_RESIDENTS_SHEET, REGISTERS, importer_for, job_importer
from .exporter import ledger_export
from .reader import FileRefused
from .uploads import result_storage


def _update(job: TransferJob, **fields) -> None:
    TransferJob.objects.filter(pk=job.pk).update(**fields)


def _fail(job: TransferJob, error: str, **fields) -> str:
    _update(job, status=TransferJobStatus.FAILED, error=error, finished_at=timezone.now(), **fields)
    return ""


def _progress(job: TransferJob):
    def report(done: int, total: int) -> None:
        # One UPDATE per call; the importer and exporter call it every few hundred rows. It is also the
        # job's heartbeat: a running job that stops beating was interrupted (jobs.fail_stale).
        _update(job, done_rows=done, total_rows=max(done, total), heartbeat_at=timezone.now())

    return report


def _seconds() -> float:
    """How long a check may take: the worker's bound, or the request's when the task runs in-process."""

    in_process = settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    return reader.PREVIEW_SECONDS if in_process else reader.JOB_SECONDS


def _start(job_id: str) -> TransferJob | None:
    """The job, now marked running; None when it has already finished (re-delivered, or failed as stale)."""
    job = TransferJob.objects.select_related("community", "created_by").get(pk=job_id)
    if job.finished:
        return None
    _update(job, status=TransferJobStatus.RUNNING, heartbeat_at=timezone.now())
    return job


@task()
def run_import_job(job_id: str) -> str:
    """Import the upload of ``job_id``: all or nothing, or the valid rows with “skip invalid”."""
    job = _start(job_id)
    if job is None:
        return ""
    params = job.params
    try:
        if job.created_by is None:
            raise Http404
        stored = uploads.load(params["token"], community=job.community, user=job.created_by)
    except Http404:
        return _fail(job, "上传的文件已不存在（未确认的文件一天后自动删除），请重新上传。")
    try:
        if stored.register != params.get("register", "residents"):
            raise FileRefused(NOT_A_RESIDENTS_SHEET)  # kept for another import page than the one confirmed
        with stored.local_path() as path:
            result = job_importer(params.get("register", "residents"))(
                community=job.community,
                path=path,
                source=stored.name,
                actor=job.created_by,
                skip_invalid=params["skip_invalid"],
                restricted_allowed=params["restricted_allowed"],
                progress=_progress(job),
                seconds=_seconds(),
            )
    except FileRefused as exc:
        uploads.discard(stored.token)
        return _fail(job, f"文件“{stored.name}”被拒绝：{exc}")
    except Exception:
        _fail(job, "导入时出现系统错误，未写入任何数据。请稍后重试，或联系系统管理员。")
        raise
    lines = result.summary_lines()
    if params.get("register", "residents") in REGISTERS:
        lines = lines[:1] + lines[2:]  # the counts (line 2) are shown from ``summary``; the rest as text
    outcome = {
        "summary": result.audit_data(),
        "message": "\n".join(lines),
        "done_rows": result.total,
        "total_rows": result.total,
    }
    if not result.written:
        # The upload is kept: the preview can be opened again to confirm with “skip invalid”.
        refused = outcome["summary"]["refused"]
        return _fail(
            job,
            f"有 {refused} 行被拒绝，未导入任何数据。请改正后重新上传，或勾选“跳过被拒绝的行”。",
            **outcome,
        )
    uploads.discard(stored.token)
    _update(job, status=TransferJobStatus.DONE, finished_at=timezone.now(), **outcome)
    return "done"


@task()
def run_check_job(job_id: str) -> str:
    """Check a large upload (the preview) and keep the outcome beside it; the job page then opens the preview."""
    job = _start(job_id)
    if job is None:
        return ""
    try:
        if job.created_by is None:
            raise Http404
        stored = uploads.load(job.params["token"], community=job.community, user=job.created_by)
    except Http404:
        return _fail(job, "上传的文件已不存在（未确认的文件一天后自动删除），请重新上传。")
    try:
        with stored.local_path() as path:
            result = importer_for(stored.register)(
                community=job.community,
                path=path,
                source=stored.name,
                dry_run=True,
                skip_invalid=stored.skip_invalid,
                progress=_progress(job),
                seconds=_seconds(),
            )
    except FileRefused as exc:
        uploads.discard(stored.token)
        return _fail(job, f"文件“{stored.name}”被拒绝：{exc}")
    except Exception:
        _fail(job, "检查文件时出现系统错误。请稍后重试，或联系系统管理员。")
        raise
    uploads.save_result(stored.token, result)
    _update(
        job,
        status=TransferJobStatus.DONE,
        finished_at=timezone.now(),
        summary=result.audit_data(),
        done_rows=result.total,
        total_rows=result.total,
        message="\n".join(result.summary_lines()),
    )
    return "done"


@task()
def run_export_job(job_id: str) -> str:
    """Build the ledger workbook of ``job_id`` with the creator's scope and keep it in the private storage."""
    job = _start(job_id)
    if job is None:
        return ""
    ledger = LEDGERS.get(job.params.get("ledger", ""))
    try:
        # The creator's access now: a grid worker's scope, and nothing for someone who has since left.
        access = resolve_access(job.created_by, job.community.code) if job.created_by else None
    except Http404:
        access = None
    allowed = access is not None and access.has("residents.view")
    if ledger is None or not allowed or (ledger.restricted and not access.has("residents.view_restricted")):
        return _fail(job, "导出人已无权导出这份台帐，未生成文件。")
    full_ids = job.params["full_ids"] and access.has("residents.export_full_ids")
    try:
        filters = job.params.get("filters") or {}
        export = ledger_export(
            community=job.community,
            ledger=ledger,
            full_ids=full_ids,
            residents=filtered_for_export(selectors.residents_for(access), filters, access),
            restricted_allowed=job.params["restricted_allowed"] and access.has("residents.view_restricted"),
            actor=job.created_by,
            progress=_progress(job),
            filters=filters,
        )
        storage_name = result_storage().save(f"exports/{job.pk.hex}.xlsx", ContentFile(export.content))
    except Exception:
        _fail(job, "导出时出现系统错误，未生成文件。请稍后重试，或联系系统管理员。")
        raise
    _update(
        job,
        status=TransferJobStatus.DONE,
        file_name=export.filename,
        storage_name=storage_name,
        size=len(export.content),
        sha256=hashlib.sha256(export.content).hexdigest(),
        done_rows=export.rows,
        total_rows=export.rows,
        summary={"ledger": ledger.key, "rows": export.rows, "full_id_numbers": full_ids},
        message=f"已导出 {export.rows} 行。",
        finished_at=timezone.now(),
    )
    return storage_name
