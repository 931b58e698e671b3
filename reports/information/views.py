"""信息报送 pages: the community's list, form and detail (with 续报); the street office's list and answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires
from community.storage import private_storage
from residents.selectors import residents_for

from ..models import InfoCategory, InformationAttachment, InfoStatus, InfoUrgency
from . import selectors, services
from .forms import InformationForm, StepForm

PER_PAGE = 20


def _list_context(request, queryset, *, street=None) -> dict:
    params = request.GET
    community = params.get("community", "")
    if street is not None and community.isdigit():
        queryset = queryset.filter(community_id=int(community))
    sort = params.get("sort", "submitted")
    queryset = selectors.filtered(queryset, params).order_by(
        selectors.SORTS.get(sort, "-submitted_at"), "-pk"
    )
    page = Paginator(queryset, PER_PAGE).get_page(params.get("page"))
    for report in page:
        report.overdue = selectors.is_overdue(report)
    scope = Q(community__street=street) if street is not None else Q(community=request.community)
    pending, overdue = selectors.pending_counts(scope)
    return {
        "page": page,
        "categories": InfoCategory.choices,
        "statuses": InfoStatus.choices,
        "params": params,
        "sort": sort,
        "pending": pending,
        "overdue": overdue,
        "street": street,
        "communities": street.communities.order_by("name") if street is not None else None,
    }


# -- the community -------------------------------------------------------------------------------------
@requires("information.view")
def index(request, code):
    context = _list_context(request, selectors.for_community(request.community))
    return render(request, "reports/information/list.html", context)


def _form_page(request, form, status=200):
    form.fields["residents"].picked = form.picked("residents")
    form.fields["residents"].picker_query = request.POST.get("picker_q", "").strip()[:50]
    form.fields["residents"].picker_kind = "checkbox"
    return render(request, "reports/information/form.html", {"form": form}, status=status)


@requires("information.submit")
def new(request, code):
    if request.method != "POST":
        return _form_page(
            request, InformationForm(community=request.community, initial={"urgency": InfoUrgency.NORMAL})
        )
    form = InformationForm(request.POST, request.FILES, community=request.community)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    report = services.information_submit(
        community=request.community, data=data, files=data["files"], actor=request.user
    )
    messages.success(request, f"已报送“{report.title}”，等待街道签收。")
    return redirect("reports:info_detail", code=code, pk=report.pk)


def _detail(request, report, *, street=None, form=None, status=200):
    steps = list(report.steps.select_related("by").prefetch_related("attachments"))
    return render(
        request,
        "reports/information/detail.html",
        {
            "r": report,
            "steps": steps,
            "street": street,
            "form": form or StepForm(),
            "overdue": selectors.is_overdue(report),
            "resident_count": report.residents.count(),
            "residents": list(report.residents.select_related("ethnicity")) if street is None else None,
            "organisations": list(report.organisations.all()),
            "events": list(report.events.all()),
            "ack_within": selectors.ACK_WITHIN[report.urgency],
        },
        status=status,
    )


def _community_report(request, pk):
    report = selectors.for_community(request.community).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@requires("information.view")
def detail(request, code, pk):
    return _detail(request, _community_report(request, pk))


@require_POST
@requires("information.submit")
def follow_up(request, code, pk):
    report = _community_report(request, pk)
    form = StepForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.information_follow_up(
                report=report,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            messages.success(request, "已续报，等待街道签收。")
            return redirect("reports:info_detail", code=code, pk=report.pk)
    return _detail(request, report, form=form, status=400)


def _serve(request, attachment):
    try:
        handle = private_storage().open(services.attachment_name(attachment), "rb")
    except FileNotFoundError:
        raise Http404 from None
    log_action(
        AuditAction.INFORMATION_ATTACHMENT_DOWNLOAD,
        request=request,
        community=attachment.report.community,
        obj=attachment.report,
        data={"file": attachment.file_name},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.file_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires("information.view")
def attachment(request, code, pk):
    found = (
        InformationAttachment.objects.filter(pk=pk, report__community=request.community)
        .select_related("report__community")
        .first()
    )
    if found is None:
        raise Http404
    return _serve(request, found)


@requires("information.submit")
def resident_search(request, code):
    """Up to 20 residents of the community matching a name or its pinyin initials (htmx partial)."""
    query = request.GET.get("picker_q", "").strip()[:50]
    results = []
    if query:
        results = list(
            residents_for(request.access)
            .filter(status="active")
            .filter(
                Q(name__contains=query)
                | Q(name_initials__istartswith=query)
                | Q(name_pinyin__istartswith=query)
            )
            .order_by("name_pinyin")[:20]
        )
    return render(
        request,
        "outreach/_picker_results.html",
        {"results": results, "query": query, "field": "residents", "kind": "checkbox"},
    )


# -- the street office ---------------------------------------------------------------------------------
@requires("reports.street")
def street_index(request, street_id):
    street = request.street
    context = _list_context(request, selectors.for_street(street), street=street)
    return render(request, "reports/information/list.html", context)


def _street_report(street, pk):
    report = selectors.for_street(street).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@requires("reports.street")
def street_detail(request, street_id, pk):
    street = request.street
    return _detail(request, _street_report(street, pk), street=street)


STREET_STEPS = {
    "acknowledge": services.information_acknowledge,
    "answer": services.information_answer,
    "ask": services.information_ask_follow_up,
}
STREET_DONE = {"acknowledge": "已签收。", "answer": "已答复。", "ask": "已要求社区续报。"}


@requires("reports.street")
@require_POST
def street_step(request, street_id, pk, step):
    street = request.street
    report = _street_report(street, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            STREET_STEPS[step](report=report, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field, error)
            else:
                messages.error(request, "；".join(exc.messages))
                return redirect("street:info_detail", street_id=street.pk, pk=report.pk)
        else:
            messages.success(request, STREET_DONE[step])
            return redirect("street:info_detail", street_id=street.pk, pk=report.pk)
    return _detail(request, report, street=street, form=form, status=400)


@requires("reports.street")
def street_attachment(request, street_id, pk):
    street = request.street
    found = (
        InformationAttachment.objects.filter(pk=pk, report__community__street=street)
        .select_related("report__community")
        .first()
    )
    if found is None:
        raise Http404
    return _serve(request, found)
