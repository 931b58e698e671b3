"""The street office's report pages: the roll-up of its communities and their reports as one ZIP."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires
from community.periods import year_from

from . import selectors, services
from .exporters import ExportError, get_exporter
from .exporters.street_rollup import DOCX
from .forms import RollupForm
from .submissions.package import street_package


@requires("reports.street")
def index(request, street_id):
    street = request.street
    year = year_from(request)
    latest = selectors.latest_archives_for_street(street, year)
    page = Paginator(selectors.street_archives(street), 20).get_page(request.GET.get("page"))
    form = RollupForm(initial={"year": year})
    communities = street.communities.order_by("name")
    return render(
        request,
        "reports/street_index.html",
        {
            "street": street,
            "year": year,
            "latest": latest,
            "page": page,
            "form": form,
            "communities": communities,
        },
    )


@requires("reports.street")
@require_POST
def generate_rollup(request, street_id):
    street = request.street
    form = RollupForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查年度、统计截止日期和数据依据。")
        return redirect("street:index", street_id=street.pk)
    exporter = get_exporter("street-rollup")(street=street)
    try:
        archive = services.report_generate(
            exporter=exporter, form_data=exporter.form_data(form.cleaned_data), actor=request.user
        )
    except ExportError as exc:
        messages.error(request, f"生成失败：{exc}")
        return redirect("street:index", street_id=street.pk)
    messages.success(request, f"已生成《{archive.title}》第{archive.version}版。")
    return redirect("street:index", street_id=street.pk)


@requires("reports.street")
def download(request, street_id, pk):
    street = request.street
    archive = selectors.street_archives(street).filter(pk=pk).first()
    if archive is None:
        raise Http404
    docx = request.GET.get("format") == "docx"
    try:
        handle = services.archive_open(archive=archive, docx=docx)
    except FileNotFoundError:
        raise Http404 from None
    log_action(
        AuditAction.REPORT_DOWNLOAD,
        request=request,
        obj=archive,
        data={"version": archive.version, "format": "docx" if docx else archive.file_name.rsplit(".", 1)[-1]},
    )
    if docx:
        return FileResponse(handle, as_attachment=True, filename=archive.docx_file_name, content_type=DOCX)
    return FileResponse(
        handle, as_attachment=True, filename=archive.file_name, content_type=archive.content_type
    )


@requires("reports.street")
def zip_latest(request, street_id):
    """The year's ZIP: the accepted version of each community's reports (``?basis=submitted``: the newest
    submitted), the latest roll-up, and a manifest naming every community, with or without a version."""
    street = request.street
    year = year_from(request)
    basis = "submitted" if request.GET.get("basis") == "submitted" else "accepted"
    package = street_package(street, year, basis)
    log_action(
        AuditAction.REPORT_DOWNLOAD_ZIP,
        request=request,
        data={"street": street.name, "year": year, "files": package.files, "basis": basis},
    )
    response = HttpResponse(package.content, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{year}-reports.zip"
    return response
