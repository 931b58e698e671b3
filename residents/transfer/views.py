"""导入与导出: the import (upload → preview → confirm) and the ledger downloads.

Import is for community staff only (role "staff"): grid workers hold "residents.edit" for their own
grids, but a sheet names grids freely and creates grids, compounds and buildings, which is the
office's business. Export follows the pages: the same scoping (a grid worker gets their grids) and
the same masking (full ID numbers for staff only, whose exports are re-imported; masked otherwise).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from community.middleware import requires
from community.models import AuditLog

from .. import selectors
from ..ledgers import LEDGERS, visible_ledgers
from . import uploads
from .exporter import XLSX, export_ledger, refused_workbook, template_workbook
from .forms import ConfirmForm, UploadForm
from .importer import import_residents
from .reader import FileRefused

PREVIEW_REFUSED_ROWS = 200  # the rest are in the downloadable workbook


def _require_importer(request) -> None:
    if request.access.role != "staff":
        raise PermissionDenied


def _download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _index(request, form):
    access = request.access
    imports = AuditLog.objects.filter(community=access.community, action="resident.import").order_by("-at")[
        :10
    ]
    return render(
        request,
        "transfer/index.html",
        {
            "form": form,
            "can_import": access.role == "staff",
            "imports": imports,
            "ledgers": visible_ledgers(access),
        },
    )


@requires("residents.edit")
@require_GET
def index(request, code):
    return _index(request, UploadForm())


@requires("residents.edit")
@require_GET
def template(request, code):
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
    token = uploads.store(upload, name=upload.name, community=request.community, user=request.user,
                          skip_invalid=form.cleaned_data["skip_invalid"])  # fmt: skip
    return redirect("transfer:preview", code=code, token=token)


def _check(request, stored):
    try:
        return import_residents(community=request.community, path=stored.path, source=stored.name,
                                dry_run=True, skip_invalid=stored.skip_invalid)  # fmt: skip
    except FileRefused as exc:
        uploads.discard(stored.token)
        messages.error(request, f"文件“{stored.name}”被拒绝：{exc}")
        return None


@requires("residents.edit")
@require_GET
def preview(request, code, token):
    _require_importer(request)
    stored = uploads.load(token, community=request.community, user=request.user)
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
    """Write the import (all or nothing, or the valid rows with “skip invalid”), then delete the file."""
    _require_importer(request)
    stored = uploads.load(token, community=request.community, user=request.user)
    form = ConfirmForm(request.POST)
    skip_invalid = form.is_valid() and form.cleaned_data["skip_invalid"]
    try:
        result = import_residents(
            community=request.community, path=stored.path, source=stored.name, actor=request.user,
            request=request, skip_invalid=skip_invalid, restricted_allowed=True,
        )  # fmt: skip
    except FileRefused as exc:
        uploads.discard(token)
        messages.error(request, f"文件“{stored.name}”被拒绝：{exc}")
        return redirect("transfer:index", code=code)
    if not result.written:
        messages.error(
            request,
            f"有 {len(result.refused)} 行被拒绝，未导入任何数据。请改正后重新上传，或勾选“跳过被拒绝的行”。",
        )
        return redirect("transfer:preview", code=code, token=token)
    uploads.discard(token)
    messages.success(request, " ".join(result.summary_lines()[1:]))
    return redirect("transfer:index", code=code)


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
    """The refused rows with an extra 错误原因 column, to be fixed and uploaded again."""
    _require_importer(request)
    stored = uploads.load(token, community=request.community, user=request.user)
    result = _check(request, stored)
    if result is None:
        return redirect("transfer:index", code=code)
    return _download(refused_workbook(result), "refused-rows.xlsx")


@requires("residents.view")
@require_GET
def export(request, code):
    """A ledger as the office workbook, scoped and masked as on the pages, audited with its row count."""
    access = request.access
    ledger = LEDGERS.get(request.GET.get("ledger", ""))
    if ledger is None:
        raise Http404
    if ledger.restricted and not access.has("residents.view_restricted"):
        raise PermissionDenied
    result = export_ledger(
        community=access.community, ledger=ledger, residents=selectors.residents_for(access),
        full_ids=access.role == "staff", restricted_allowed=access.has("residents.view_restricted"),
        actor=request.user, request=request,
    )  # fmt: skip
    return _download(result.content, result.filename)
