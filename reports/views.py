"""Report pages of a community: generate, preview with linked figures, narratives, archive, rows."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires
from community.periods import period_from, read_period, year_from
from residents.transfer import exporter

from . import selectors, services, tasks
from .exporters import ExportError, all_exporters, get_exporter
from .exporters.base import default_reference_date
from .exporters.community_reports import DOCX
from .figures import Figure, Scope, public_figures
from .forms import GenerateForm, NarrativeForm
from .models import ReportJob
from .registry import ROWS
from .rows import KINDS
from .rows import Context as RowContext
from .submissions.selectors import community_standings


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
    year = year_from(request)
    standings = community_standings(request.community, year)
    return render(
        request,
        "reports/index.html",
        {"exporters": exporters, "form": _form(request), "page": page, "year": year, "standings": standings},
    )


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
    form_data = exporter.form_data(form.cleaned_data)
    gaps = exporter.context(form_data, html_links=False)["gaps"] if hasattr(exporter, "context") else []
    if gaps and not (request.POST.get("anyway") and request.access.has("reports.generate_with_gaps")):
        messages.error(
            request,
            "生成前检查发现缺项：" + "；".join(g.text for g in gaps) + "。请先补全，或由社区书记确认后生成。",
        )
        return redirect(
            f"{reverse('reports:preview', kwargs={'code': code, 'identifier': identifier})}?"
            f"{urlencode({'year': form_data['year'], 'date': form_data['date']})}"
        )
    job = tasks.report_enqueue(
        exporter=exporter,
        form_data=form_data,
        actor=request.user,
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
    if request.method == "POST" and request.POST.get("action") == "shape":
        return _save_shape(request, exporter, year)
    if request.method == "POST":
        section = request.POST.get("section", "")
        if section not in texts:
            raise Http404
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                services.narrative_save(
                    community=request.community,
                    year=year,
                    report=identifier,
                    section=section,
                    text=form.cleaned_data["text"],
                    figures=figures,
                    actor=request.user,
                )
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
    shape = exporter.shape(year)
    return render(
        request,
        "reports/narratives.html",
        {
            "exporter": exporter,
            "year": year,
            "sections": sections,
            "figures": figures,
            "shape": shape,
            "shape_title": "\n".join(shape["title"]),
            "shape_signature": "\n".join(shape["signature"]),
            "may_shape": request.access.has("reports.shape"),
        },
    )


def _save_shape(request, exporter, year):
    """The secretary's shape of the report: sections in the posted order, added, renamed or removed."""
    if not request.access.has("reports.shape"):
        raise PermissionDenied
    post = request.POST
    removed = set(post.getlist("removed"))
    rows = [
        {"key": key, "heading": heading, "level": level, "order": order, "removed": key in removed}
        for key, heading, level, order in zip(
            post.getlist("key"),
            post.getlist("heading"),
            post.getlist("level"),
            post.getlist("order"),
            strict=False,
        )
    ]
    if post.get("new_heading", "").strip():
        taken = {r["key"] for r in rows}
        n = next(n for n in range(1, 1000) if f"custom-{n}" not in taken)
        rows.append(
            {
                "key": f"custom-{n}",
                "heading": post["new_heading"],
                "level": post.get("new_level", 1),
                "removed": False,
                "order": 10_000,
            }
        )

    def order(row):
        try:
            return float(row["order"])
        except (TypeError, ValueError):
            return 10_000.0

    rows.sort(key=order)
    try:
        signed_on = parse_date(post.get("signed_on") or "") if post.get("signed_on") else None
        if post.get("signed_on") and signed_on is None:
            raise ValidationError("成文日期格式应为 YYYY-MM-DD。")
        services.document_shape_save(
            community=request.community,
            year=year,
            exporter=exporter,
            title=post.get("title", ""),
            subtitle=post.get("subtitle", ""),
            signature=post.get("signature", ""),
            signed_on=signed_on,
            sections=rows,
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, "未保存：" + "；".join(exc.messages))
    except ValueError:
        messages.error(request, "未保存：成文日期无效。")
    else:
        messages.success(request, "已保存报告结构。")
    return redirect(f"{request.path}?year={year}#shape")


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
        log_action(AuditAction.RESIDENT_VIEW_RESTRICTED, request=request, data={"list": key})
    kind = KINDS[rows_def.kind]
    queryset = kind.prepare(queryset)
    context = RowContext(code=code, access=request.access, on=period.on)
    if request.GET.get("format") == "xlsx":
        return _export_rows(request, title, kind, queryset, context)
    # shown as a figure shows its value (2500.00 → 2500), so the total reads as the number that linked here
    total = Figure("", rows_def.total(scope, arg, queryset)).display if rows_def.total else None
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    headers = [h for h, _ in kind.columns]
    table = [
        [
            {"text": c[0], "url": c[1], "label": h} if isinstance(c, tuple) else {"text": c, "label": h}
            for h, c in zip(headers, (cell(obj, context) for _header, cell in kind.columns), strict=True)
        ]
        for obj in page
    ]
    return render(
        request,
        "reports/figure_rows.html",
        {
            "title": title,
            "kind": kind,
            "headers": headers,
            "table": table,
            "page": page,
            "on": period.on,
            "year": period.year,
            "key": key,
            "total": total,
            "total_label": rows_def.total_label,
        },
    )


def _export_rows(request, title, kind, queryset, context):
    """The rows behind a figure as a workbook (ID numbers masked, as on the page), through the ledgers' writer;
    audited."""
    columns = [("序号", 6)] + [(header, 14) for header, _cell in kind.columns]
    rows = (
        [n]
        + [(c[0] if isinstance(c, tuple) else c) for c in (cell(obj, context) for _h, cell in kind.columns)]
        for n, obj in enumerate(queryset.iterator(chunk_size=2000), start=1)
    )
    export = exporter.list_export(
        community=request.community,
        title=f"{title}（截至{context.on:%Y-%m-%d}）",
        columns=columns,
        rows=rows,
        slug="figure-rows",
        actor=request.user,
    )
    return exporter.xlsx_response(export)
