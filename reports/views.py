"""Report pages of a community: generate, preview with linked figures, narratives, archive, rows."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.audit import log_action
from community.middleware import requires
from community.periods import period_from, read_period

from . import selectors, services
from .exporters import ExportError, all_exporters, get_exporter
from .exporters.base import default_reference_date
from .figures import ROWS, Scope, public_figures
from .forms import GenerateForm, NarrativeForm
from .models import ReportJob
from .rows import KINDS
from .rows import Context as RowContext


def _exporter(request, identifier):
    try:
        cls = get_exporter(identifier)
    except ExportError:
        raise Http404 from None
    if cls.scope != "community":
        raise Http404
    if not request.access.has(cls.permission):
        raise PermissionDenied
    return cls(community=request.community)


def _form(request, data=None):
    today = date.today()
    return GenerateForm(data if data is not None else request.GET or None, initial={"year": today.year})


@requires("reports.view")
def index(request, code):
    """The community's reports: what can be generated, and every archived version."""
    page = Paginator(selectors.archives_for_community(request.community), 20).get_page(
        request.GET.get("page")
    )
    exporters = [cls for cls in all_exporters("community")]
    return render(request, "reports/index.html", {"exporters": exporters, "form": _form(request), "page": page,
                                                  "year": date.today().year})  # fmt: skip


@requires("reports.view")
def preview(request, code, identifier):
    """The report as HTML: every figure links to the ledger rows behind it."""
    exporter = _exporter(request, identifier)
    form = _form(request, request.GET or {"year": date.today().year})
    if not form.is_valid():
        messages.error(request, "请检查年度和统计截止日期。")
        return redirect("reports:index", code=code)
    form_data = exporter.form_data(form.cleaned_data)
    links = request.access.has("reports.rows")
    context = exporter.context(form_data, html_links=links)
    context.update({"exporter": exporter, "form": form, "form_data": form_data})
    return render(request, "reports/preview.html", context)


@require_POST
@requires("reports.generate")
def generate(request, code, identifier):
    """Queue the report (or, without a worker, generate it at once) and show its progress page."""
    exporter = _exporter(request, identifier)
    form = _form(request, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "请检查年度和统计截止日期：" + "；".join(e for errs in form.errors.values() for e in errs),
        )
        return redirect("reports:index", code=code)
    job = services.queue_report(
        exporter=exporter,
        form_data=exporter.form_data(form.cleaned_data),
        actor=request.user,
        request=request,
    )
    return redirect("reports:job", code=code, pk=job.pk)


@requires("reports.view")
def job(request, code, pk):
    """Progress of a queued report; the page polls itself (htmx) until the archive is ready."""
    job = ReportJob.objects.filter(pk=pk, community=request.community).select_related("archive").first()
    if job is None:
        raise Http404
    template = "reports/_job_status.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job})


@requires("reports.view")
def download(request, code, pk):
    archive = selectors.get_archive(request.community, pk)
    try:
        handle = services.archive_open(archive)
    except FileNotFoundError:
        raise Http404 from None
    log_action("report.download", request=request, obj=archive, data={"version": archive.version})
    return FileResponse(
        handle, as_attachment=True, filename=archive.file_name, content_type=archive.content_type
    )


@requires("reports.write")
def narratives(request, code, identifier):
    """Edit the narrative paragraphs of one report for one year; figures are cited by name."""
    exporter = _exporter(request, identifier)
    if request.method == "POST":
        period = read_period({"year": request.POST.get("year", "")})
        if period.problems:  # the page's own hidden field: a tampered form, not a typing mistake
            return HttpResponseBadRequest("年度无效。")
    else:
        period = period_from(request)
    year = period.year
    form_data = {"year": year, "date": default_reference_date(year).isoformat()}
    figures = public_figures(exporter.figures(form_data))
    texts = exporter.narratives(year)
    errors = {}
    if request.method == "POST":
        section = request.POST.get("section", "")
        if section not in texts:
            raise Http404
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                services.narrative_save(community=request.community, year=year, report=identifier, section=section,
                                        text=form.cleaned_data["text"], figures=figures, actor=request.user,
                                        request=request)  # fmt: skip
                messages.success(request, f"已保存“{texts[section][0]}”。")
                return redirect(f"{request.path}?year={year}#{section}")
            except ValidationError as exc:
                errors[section] = exc.messages
        else:
            errors[section] = ["段落内容不能为空。"]
        texts[section] = (texts[section][0], request.POST.get("text", ""))
    sections = [
        {"key": k, "heading": h, "text": t, "errors": errors.get(k, [])} for k, (h, t) in texts.items()
    ]
    return render(request, "reports/narratives.html", {"exporter": exporter, "year": year, "sections": sections,
                                                       "figures": figures})  # fmt: skip


@requires("reports.rows")
def figure_rows(request, code, key):
    """The ledger rows behind one figure on a reference date: the list is exactly as long as the figure
    (or, for a figure that sums a column, its total is the figure)."""
    name, _, arg = key.partition(":")
    rows_def = ROWS.get(name)
    if rows_def is None:
        raise Http404
    period = period_from(request)
    scope = Scope(request.community, period.on, period.year)
    try:
        restricted = rows_def.is_restricted(arg)
        if restricted and not request.access.has("residents.view_restricted"):
            raise PermissionDenied
        queryset = rows_def.queryset(scope, arg)
        title = rows_def.title_for(scope, arg)
    except (KeyError, ValueError):
        raise Http404 from None
    if restricted:
        log_action("resident.view_restricted", request=request, data={"list": key})
    kind = KINDS[rows_def.kind]
    total = rows_def.total(scope, arg, queryset) if rows_def.total else None
    page = Paginator(kind.prepare(queryset), 50).get_page(request.GET.get("page"))
    context = RowContext(code=code, access=request.access, on=period.on)
    table = [
        [{"text": c[0], "url": c[1]} if isinstance(c, tuple) else {"text": c} for c in (cell(obj, context)
         for _header, cell in kind.columns)]
        for obj in page
    ]  # fmt: skip
    return render(request, "reports/figure_rows.html", {
        "title": title, "kind": kind, "headers": [h for h, _ in kind.columns], "table": table, "page": page,
        "on": period.on, "year": period.year, "key": key, "total": total, "total_label": rows_def.total_label,
    })  # fmt: skip
