"""Welfare pages: cases per type, due for review, a case's timeline and attachments, the import."""

import uuid
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires
from community.models import Role
from community.permissions import COMMUNITY_ROLES, role_permissions
from community.storage import private_storage
from residents import idnumber
from residents.ethnicities import minority
from residents.models import Ethnicity
from residents.selectors import grids_for, residents_for
from residents.transfer import exporter, jobs

from . import importer, selectors, services
from .forms import AttachmentForm, BenefitTypeForm, CaseForm, ImportForm, TransitionForm
from .models import NEEDS_REASON, STEPS, TRANSITIONS, Attachment, CaseStatus, step_label

SORTS = {
    "start": ["-start_on", "pk"],
    "name": ["resident__name_pinyin", "pk"],
    "review": ["next_review_on", "pk"],
}


def _month(on: date) -> tuple[date, date]:
    first = on.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


@requires("welfare.view")
def index(request, code):
    """Cases, one tab per type, with filters; paginated and sortable."""
    types = list(selectors.types_for(request.community))
    cases = selectors.cases_for(request.access)
    f = {
        k: request.GET.get(k, "").strip() for k in ("type", "status", "ethnicity", "grid", "due", "q", "sort")
    }
    if f["type"]:
        cases = cases.filter(type__code=f["type"])
    if f["status"] in CaseStatus.values:
        cases = cases.filter(status=f["status"])
    if f["ethnicity"] == "minority":
        cases = cases.filter(minority("resident__"))
    elif f["ethnicity"]:
        cases = cases.filter(resident__ethnicity_id=f["ethnicity"])
    if f["grid"].isdigit():
        cases = cases.filter(household__grid_id=int(f["grid"]))
    if f["due"]:
        start, end = _month(date.today())
        cases = cases.filter(status=CaseStatus.ACTIVE, next_review_on__lte=end)
    if f["q"]:
        cases = cases.filter(
            Q(resident__name__contains=f["q"]) | Q(resident__name_initials__startswith=f["q"].lower())
        )
    cases = cases.order_by(*SORTS.get(f["sort"], SORTS["start"]))
    # a type's own name for its active state (在保, 已入住, 已发放, 已就业) once a tab is chosen
    current = next((t for t in types if t.code == f["type"]), None)
    if request.GET.get("format") == "xlsx":
        title = f"{current.name if current else '救助与保障'}名单"
        if f["status"] in CaseStatus.values:
            title += f"（{current.status_label(f['status']) if current else CaseStatus(f['status']).label}）"
        return _export(request, cases, title=title, slug=f"welfare-{f['type'] or 'all'}")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    statuses = [(v, current.status_label(v) if current else label) for v, label in CaseStatus.choices]
    return render(
        request,
        "welfare/index.html",
        {
            "page": page,
            "types": types,
            "filters": f,
            "statuses": statuses,
            "grids": grids_for(request.access),
            "ethnicities": Ethnicity.objects.all(),
        },
    )


@requires("welfare.view")
def due(request, code):
    """Cases due for review this month (and overdue ones), oldest first."""
    start, end = _month(date.today())
    cases = selectors.cases_for(request.access).filter(status=CaseStatus.ACTIVE, next_review_on__lte=end)
    if request.GET.get("format") == "xlsx":
        return _export(
            request, cases.order_by("next_review_on", "pk"), title="本月待复审名单", slug="welfare-due"
        )
    page = Paginator(cases.order_by("next_review_on", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "welfare/due.html", {"page": page, "month_end": end, "today": date.today()})


@requires("welfare.edit")
def create(request, code):
    """Register a case (申请中). From a resident's page (``?resident=<id>``) the person is shown by name and
    masked number and carried by record id; otherwise the clerk types the ID number."""
    types = selectors.types_for(request.community)
    residents = residents_for(request.access)
    chosen = None
    if (rid := request.GET.get("resident")) and _is_uuid(rid):
        chosen = residents.filter(pk=rid).first()
    form = CaseForm(request.POST or None, types=types, residents=residents, resident=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                community=request.community,
                actor=request.user,
                resident=form.resident,
                role=request.access.role,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已登记 {case}。")
            return redirect("welfare:detail", code=code, pk=case.pk)
    resident = form.chosen_resident or getattr(form, "resident", None) or chosen
    return render(
        request,
        "welfare/form.html",
        {
            "form": form,
            "title": "登记救助案件",
            "resident": resident,
            "masked_id": idnumber.mask(resident.id_number) if resident else "",
            "type_flags": _type_flags(types),
        },
    )


@requires("welfare.edit")
def types(request, code):
    """The kinds of help: the common ones and the community's own, which staff may add (never delete)."""
    form = BenefitTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            btype = services.benefit_type_create(
                community=request.community, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已添加救助类型“{btype.name}”。")
            return redirect("welfare:types", code=code)
    return render(
        request, "welfare/types.html", {"types": selectors.types_for(request.community), "form": form}
    )


@requires("welfare.view")
def detail(request, code, pk):
    case = selectors.get_case_for(request.access, pk)
    steps = [
        {
            "to": to,
            "action": STEPS[(frm, to)],
            "label": case.type.status_label(to),
            "needs_reason": to in NEEDS_REASON,
            "allowed": request.access.has(perm),
            "who": _holders(perm),
        }
        for (frm, to), perm in TRANSITIONS.items()
        if frm == case.status
    ]
    transitions = case.transitions.select_related("actor", "case__type")
    return render(
        request,
        "welfare/detail.html",
        {
            "case": case,
            "transitions": transitions,
            "attachments": case.attachments.all(),
            "steps": steps,
            "attachment_form": AttachmentForm(),
        },
    )


def _holders(permission: str) -> str:
    """The roles of a community that hold ``permission``, in Chinese (for "由…办理")."""
    return "、".join(
        str(Role(r).label) for r in sorted(role_permissions()[permission]) if r in COMMUNITY_ROLES
    )


@requires("welfare.edit")
def edit(request, code, pk):
    """Edit a case. A change of amount, type or dates of an approved case sends it back to review
    (``services.case_update``); a concurrent edit is refused and the input stays in the form."""
    case = selectors.get_case_for(request.access, pk)
    form = CaseForm(
        request.POST or None,
        instance=case,
        types=selectors.types_for(request.community),
        residents=residents_for(request.access),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.case_update(
                case=selectors.get_case_for(request.access, pk),
                actor=request.user,
                edit_token=form.edit_token,
                **form.service_fields(),
            )
        except services.ConcurrentEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if updated.status == CaseStatus.REVIEWING and case.status == CaseStatus.ACTIVE:
                messages.warning(
                    request, "已保存。金额、类型或日期有变更，案件已退回“审核中”，须社区书记重新审批。"
                )
            else:
                messages.success(request, "已保存。")
            return redirect("welfare:detail", code=code, pk=pk)
    return render(
        request,
        "welfare/form.html",
        {
            "form": form,
            "title": f"修改 {case}",
            "case": case,
            "resident": case.resident,
            "masked_id": idnumber.mask(case.resident.id_number),
            "type_flags": _type_flags(selectors.types_for(request.community)),
        },
    )


@require_POST
@requires("welfare.view")
def transition(request, code, pk):
    case = selectors.get_case_for(request.access, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作未完成，请刷新页面后重试。")
        return redirect("welfare:detail", code=code, pk=pk)
    before, to = case.status, form.cleaned_data["to_status"]
    try:
        case = services.case_transition(
            case=case,
            to_status=to,
            actor=request.user,
            role=request.access.role,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except PermissionDenied:
        raise
    except (ValidationError, services.ConcurrentEdit) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已{step_label(before, to)}：{case}，现为“{case.status_label}”。")
    return redirect("welfare:detail", code=code, pk=pk)


@require_POST
@requires("welfare.edit")
def attach(request, code, pk):
    case = selectors.get_case_for(request.access, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(case=case, upload=form.cleaned_data["file"], actor=request.user)
            messages.success(request, "附件已上传。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请选择要上传的文件。")
    return redirect("welfare:detail", code=code, pk=pk)


@requires("welfare.view")
def attachment(request, code, pk):
    """Serve an attachment through the permission check; every download is audited."""
    item = (
        Attachment.objects.filter(pk=pk, case__in=selectors.cases_for(request.access))
        .select_related("case")
        .first()
    )
    if item is None:
        raise Http404
    try:
        handle = private_storage().open(services.attachment_name(item), "rb")
    except FileNotFoundError:
        raise Http404 from None
    log_action(
        AuditAction.WELFARE_ATTACHMENT_DOWNLOAD,
        request=request,
        obj=item.case,
        data={"attachment": str(item.pk)},
    )
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


@requires("welfare.edit")
def import_upload(request, code):
    """Upload a workbook: the dry run is shown as a preview; nothing is written until confirmed."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = importer.store_upload(
                form.cleaned_data["file"], community=request.community, user=request.user
            )
        except importer.FileRefused as exc:
            messages.error(request, str(exc))
            return redirect("welfare:import", code=code)
        request.session["welfare_import"] = {
            "token": token,
            "skip_invalid": form.cleaned_data["skip_invalid"],
            "name": form.cleaned_data["file"].name,
        }
        try:
            with importer.upload_path(token, community=request.community, user=request.user) as path:
                result = importer.run(
                    path,
                    community=request.community,
                    actor=request.user,
                    dry_run=True,
                    skip_invalid=form.cleaned_data["skip_invalid"],
                    role=request.access.role,
                )
        except importer.FileRefused as exc:
            importer.discard(token)
            messages.error(request, str(exc))
            return redirect("welfare:import", code=code)
        skip = form.cleaned_data["skip_invalid"]
        can_confirm = result.new > 0 and (skip or not result.refused)
        return render(
            request,
            "welfare/import_preview.html",
            {
                "result": result,
                "name": form.cleaned_data["file"].name,
                "skip_invalid": skip,
                "can_confirm": can_confirm,
            },
        )
    return render(request, "welfare/import.html", {"form": form})


@require_POST
@requires("welfare.edit")
def import_confirm(request, code):
    """Queue the import as the residents' imports are (a TransferJob): its page shows progress and outcome."""
    pending = request.session.pop("welfare_import", None)
    if not pending:
        messages.error(request, "没有待确认的导入，请重新上传。")
        return redirect("welfare:import", code=code)
    job = jobs.import_enqueue(
        community=request.community,
        token=pending["token"],
        source=pending.get("name", ""),
        skip_invalid=pending["skip_invalid"],
        actor=request.user,
        register="welfare",
    )
    return redirect("transfer:job", code=code, pk=job.pk)


def resident_panel(request, resident):
    access = getattr(request, "access", None)
    if access is None or not access.has("welfare.view"):
        return None
    cases = selectors.cases_for(access).filter(resident=resident).order_by("-start_on")
    return {
        "title": "救助与保障",
        "template": "welfare/_resident_panel.html",
        "context": {"cases": cases, "resident": resident},
    }


def household_panel(request, household):
    access = getattr(request, "access", None)
    if access is None or not access.has("welfare.view"):
        return None
    cases = (
        selectors.cases_for(access)
        .filter(resident__household=household)
        .order_by("resident__name", "-start_on")
    )
    return {"title": "救助与保障", "template": "welfare/_household_panel.html", "context": {"cases": cases}}


EXPORT_COLUMNS = [
    ("序号", 6),
    ("姓名", 10),
    ("性别", 6),
    ("民族", 8),
    ("公民身份号码", 21),
    ("网格", 10),
    ("住址", 26),
    ("救助类型", 10),
    ("方式/岗位", 12),
    ("状态", 8),
    ("金额（元）", 10),
    ("开始日期", 12),
    ("结束日期", 12),
    ("下次复审", 12),
]


def _export(request, cases, *, title: str, slug: str):
    """The filtered cases as a workbook: ID numbers masked, the export audited (one query for the rows)."""
    cases = cases.select_related("household__compound", "household__building", "household__unit")
    rows = (
        [
            n,
            c.resident.name,
            c.resident.get_sex_display(),
            c.resident.ethnicity.name,
            idnumber.mask(c.resident.id_number),
            c.household.grid.name if c.household else "",
            c.household.address if c.household else "",
            c.type.name,
            c.get_housing_mode_display() or c.placement,
            c.status_label,
            c.amount,
            c.start_on,
            c.end_on,
            c.next_review_on,
        ]
        for n, c in enumerate(cases.iterator(chunk_size=2000), start=1)
    )
    export = exporter.list_export(
        community=request.community,
        title=title,
        columns=EXPORT_COLUMNS,
        rows=rows,
        slug=slug,
        actor=request.user,
    )
    return exporter.xlsx_response(export)


def _type_flags(types) -> dict:
    """Which fields each type uses: the form shows 廉租房方式 / 就业岗位 only for the types that have them."""
    return {str(t.pk): {"housing_mode": t.has_housing_mode, "placement": t.has_placement} for t in types}


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
