"""导入与导出: the import (upload → preview → confirm → job) and the ledger downloads.

Import needs "residents.import" (community staff): grid workers hold "residents.edit" for their own
grids, but a sheet names grids freely and creates grids, compounds and buildings, which is the
office's business. Export follows the pages: the same scoping (a grid worker gets their grids) and
the same masking (full ID numbers with "residents.export_full_ids" only, whose exports are re-imported).

A confirmed import, and an export of more than ``jobs.SYNC_EXPORT_MAX_ROWS`` rows, run as a background
job (``tasks.py``); the job page polls itself until it is finished. A job is shown to its creator and
to those holding "residents.all_jobs", and its workbook likewise downloaded.

Checking an upload (the preview) is bounded (reader.bounds: rows, columns, cells, time); a file larger
than ``jobs.SYNC_CHECK_MAX_BYTES`` is checked by the worker. The outcome is kept beside the upload, so
reopening the preview or downloading the refused rows does not read the file again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires

from .. import selectors
from ..filters import export_filters, filtered_for_export, searched
from ..ledgers import LEDGERS, ledger_rows, visible_ledgers
from ..models import TransferJob, TransferJobStatus
from . import jobs, uploads
from .dispatch import REGISTERS, import_permission, importer_for
from .exporter import XLSX, ledger_export, refused_workbook, template_workbook
from .forms import ConfirmForm, UploadForm
from .reader import FileRefused

PREVIEW_REFUSED_ROWS = 200  # the rest are in the downloadable workbook


def _require_importer(request, register: str = "residents") -> None:
    if not request.access.has(import_permission(register)):
        raise PermissionDenied


def _download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _index(request, form):
    access = request.access
    jobs.fail_stale(access.community)
    return render(
        request,
        "transfer/index.html",
        {
            "form": form,
            "can_import": access.has("residents.import"),
            "jobs": jobs.jobs_for(access, request.user)[: jobs.RECENT_JOBS],
            "ledgers": visible_ledgers(access),
            "sync_max": jobs.SYNC_EXPORT_MAX_ROWS,
        },
    )


@requires("residents.edit")
@require_GET
def index(request, code):
    return _index(request, UploadForm())


@requires("residents.edit")
@require_GET
def template(request, code):
    _require_importer(request)  # the template serves the import, which is the staff's (no orphan page)
    return _download(template_workbook(), "residents-import-template.xlsx")


@requires("residents.edit")
@require_POST
def upload(request, code):
    """Store the file and check it (a dry run); the preview shows the outcome."""
    _require_importer(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, form)
    upload = form.cleaned_data["file"]
    token = uploads.store(
        upload,
        name=upload.name,
        community=request.community,
        user=request.user,
        skip_invalid=form.cleaned_data["skip_invalid"],
        register=form.cleaned_data["register"] or "residents",
    )
    if upload.size > jobs.SYNC_CHECK_MAX_BYTES:
        job = jobs.check_enqueue(
            community=request.community, token=token, source=upload.name, actor=request.user
        )
        return redirect("transfer:job", code=code, pk=job.pk)
    return redirect("transfer:preview", code=code, token=token)


def _check(request, stored):
    """The outcome of checking ``stored``: kept from before, or checked now (bounded) and kept."""
    result = uploads.load_result(stored.token)
    if result is not None:
        return result
    try:
        with stored.local_path() as path:
            result = importer_for(stored.register)(
                community=request.community,
                path=path,
                source=stored.name,
                dry_run=True,
                skip_invalid=stored.skip_invalid,
            )
    except FileRefused as exc:
        uploads.discard(stored.token)
        messages.error(request, f"文件“{stored.name}”被拒绝：{exc}")
        return None
    uploads.save_result(stored.token, result)
    return result


@requires("residents.edit")
@require_GET
def preview(request, code, token):
    _require_importer(request)
    stored = uploads.load(token, community=request.community, user=request.user)
    if uploads.load_result(token) is None and stored.size > jobs.SYNC_CHECK_MAX_BYTES:
        job = jobs.check_enqueue(
            community=request.community, token=token, source=stored.name, actor=request.user
        )
        return redirect("transfer:job", code=code, pk=job.pk)
    result = _check(request, stored)
    if result is None:
        return redirect("transfer:index", code=code)
    return render(
        request,
        "transfer/preview.html",
        {
            "result": result,
            "token": token,
            "refused": result.refused[:PREVIEW_REFUSED_ROWS],
            "more_refused": max(0, len(result.refused) - PREVIEW_REFUSED_ROWS),
            "form": ConfirmForm(initial={"skip_invalid": stored.skip_invalid}),
        },
    )


@requires("residents.edit")
@require_POST
def confirm(request, code, token):
    """Queue the import (all or nothing, or the valid rows with “skip invalid”) and show its progress."""
    _require_importer(request)
    stored = uploads.load(token, community=request.community, user=request.user)
    form = ConfirmForm(request.POST)
    skip_invalid = form.is_valid() and form.cleaned_data["skip_invalid"]
    # This page imports the residents' registers only: another app's upload fails its job, unread.
    register = stored.register if stored.register in REGISTERS else "residents"
    job = jobs.import_enqueue(
        community=request.community,
        token=token,
        source=stored.name,
        skip_invalid=skip_invalid,
        actor=request.user,
        register=register,
    )
    return redirect("transfer:job", code=code, pk=job.pk)


@requires("residents.edit")
@require_POST
def cancel(request, code, token):
    _require_importer(request)
    uploads.load(token, community=request.community, user=request.user)
    uploads.discard(token)
    messages.info(request, "已取消导入，上传的文件已删除。")
    return redirect("transfer:index", code=code)


@requires("residents.edit")
@require_GET
def refused(request, code, token):
    """The refused rows with an extra 错误原因 column, to be fixed and uploaded again. They hold the uploaded
    ID numbers: the download is audited (with the row count)."""
    _require_importer(request)
    stored = uploads.load(token, community=request.community, user=request.user)
    result = uploads.load_result(token)
    if result is None:
        return redirect("transfer:preview", code=code, token=token)
    log_action(
        AuditAction.TRANSFER_REFUSED_DOWNLOAD,
        request=request,
        data={"file": stored.name[:120], "rows": len(result.refused)},
    )
    return _download(refused_workbook(result), "refused-rows.xlsx")


@requires("residents.view")
@require_http_methods(["GET", "POST"])
def export(request, code):
    """A ledger as the office workbook, scoped and masked as on the pages, audited with its row count.

    Small ledgers download at once; a larger one is first confirmed (GET shows its size), then becomes
    a job on POST and the user follows its page.
    """
    access = request.access
    ledger = LEDGERS.get(request.GET.get("ledger", ""))
    if ledger is None:
        raise Http404
    if ledger.restricted and not access.has("residents.view_restricted"):
        raise PermissionDenied
    # The page's filters: the export follows the page — an ID or phone search too, by its session token.
    params = searched(request)
    if params is None:
        messages.error(request, "搜索条件已过期，请在台帐页面重新搜索后再导出。")
        return redirect("residents:ledger", code=code, key=ledger.key)
    filters = export_filters(params)
    residents = filtered_for_export(selectors.residents_for(access), filters, access)
    full_ids, restricted_allowed = (
        access.has("residents.export_full_ids"),
        access.has("residents.view_restricted"),
    )
    rows = ledger_rows(ledger, residents).count()
    if rows > jobs.SYNC_EXPORT_MAX_ROWS:
        if request.method != "POST":
            return render(
                request,
                "transfer/export_confirm.html",
                {"ledger": ledger, "rows": rows, "full_ids": full_ids},
            )
        job = jobs.export_enqueue(
            community=access.community,
            ledger=ledger,
            rows=rows,
            full_ids=full_ids,
            restricted_allowed=restricted_allowed,
            actor=request.user,
            filters=filters,
        )
        return redirect("transfer:job", code=code, pk=job.pk)
    result = ledger_export(
        community=access.community,
        ledger=ledger,
        residents=residents,
        full_ids=full_ids,
        restricted_allowed=restricted_allowed,
        actor=request.user,
        filters=filters,
    )
    return _download(result.content, result.filename)


@requires("residents.view")
@require_GET
def job(request, code, pk):
    """Progress of an import or export; the page polls itself (htmx) until the job is finished.

    A running job whose worker stopped (no heartbeat) is marked failed here, with a retry button."""
    jobs.fail_stale(request.community)
    job = jobs.get_job_for(request, pk)
    template = "transfer/_job_status.html" if request.htmx else "transfer/job.html"
    return render(
        request,
        template,
        {
            "job": job,
            "keep_days": jobs.EXPORT_KEEP_DAYS,
            "can_retry": jobs.can_retry(job),
            "residents_sheet": job.params.get("register", "residents") in REGISTERS,
        },
    )


@requires("residents.view")
@require_POST
def job_retry(request, code, pk):
    """Submit a failed job again (an interrupted import, a check, an export): a new job, the same file."""
    old = jobs.get_job_for(request, pk)
    if old.kind != TransferJob.Kind.EXPORT:
        _require_importer(request, old.params.get("register", "residents"))
    if not jobs.can_retry(old):
        messages.info(request, "该任务未失败，无需重新提交。")
        return redirect("transfer:job", code=code, pk=old.pk)
    new = jobs.job_retry(job=old, actor=request.user)
    return redirect("transfer:job", code=code, pk=new.pk)


@requires("residents.view")
@require_GET
def job_download(request, code, pk):
    """The workbook of a finished export job, for its creator or community staff; audited."""
    job = jobs.get_job_for(request, pk)
    if job.kind != TransferJob.Kind.EXPORT or job.status != TransferJobStatus.DONE or not job.storage_name:
        raise Http404
    try:
        content = uploads.result_storage().open(job.storage_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    log_action(AuditAction.LEDGER_DOWNLOAD, request=request, obj=job, data=job.summary)
    return FileResponse(content, as_attachment=True, filename=job.file_name, content_type=XLSX)
