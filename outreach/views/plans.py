"""The plan ledger (年度工作计划): the year's plan with its progress, items, approval, copy and import."""

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.middleware import requires
from community.periods import MAX_YEAR, MIN_YEAR
from community.records import form_values
from residents.transfer.reader import FileRefused, bounds, xlsx_rows

from .. import services
from ..forms.plans import PlanImportForm, PlanItemForm, WithdrawForm
from ..models import Duty, PlanItem, PlanItemKind, Target
from ..selectors import plans
from ..services.plans import IMPORT_HEADERS, ImportRefused
from .common import _form_page, _save_form, _stored, _url, safe_year


def _plan_url(request, year: int) -> str:
    return f"{_url('plan', request)}?year={year}"


def _year_or_404(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


@requires("outreach.plan_view")
def plan_detail(request, code):
    """The plan of a year (default this year; in December the next year is a click away) and, item by item,
    what has been done: held events, months visited, targets reached."""
    year = safe_year(request)
    today = date.today()
    progress = plans.plan_progress(request.community, year, today)
    plan = progress.plan
    return render(
        request,
        "outreach/plan.html",
        {
            "year": year,
            "plan": plan,
            "progress": progress,
            "today": today,
            "has_last_year": plans.plan_of(request.community, year - 1) is not None,
            "amendments": plans.amendments_of(plan) if plan else [],
            "years": [y for y in (year - 1, year + 1) if y <= today.year + 1],
            "can_edit": request.access.has("outreach.plan_edit"),
        },
    )


def _act(request, year: int, action, success: str):
    """Run one plan service; its refusal (ValidationError) is shown as a message."""
    try:
        action()
        messages.success(request, success)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(_plan_url(request, year))


@require_POST
@requires("outreach.plan_edit")
def plan_create(request, code, year):
    year = _year_or_404(year)
    return _act(
        request,
        year,
        lambda: services.plans.plan_create(
            community=request.community,
            year=year,
            actor=request.user,
        ),
        _("%(year)s年工作计划已建立，请逐项填写。") % {"year": year},
    )


@require_POST
@requires("outreach.plan_edit")
def plan_copy(request, code, year):
    year = _year_or_404(year)
    return _act(
        request,
        year,
        lambda: services.plans.plan_copy(
            community=request.community,
            year=year,
            actor=request.user,
        ),
        _("已复制%(last)s年的计划项目，请核对调整后报书记批准。") % {"last": year - 1},
    )


@require_POST
@requires("outreach.plan_approve")
def plan_approve(request, code, year):
    plan = plans.plan_of(request.community, _year_or_404(year))
    if plan is None:
        raise Http404
    return _act(
        request,
        year,
        lambda: services.plans.plan_approve(plan=plan, actor=request.user),
        _("计划已批准。此后的修改将作为变更记录，须说明原因。"),
    )


def _item_form(request, item: PlanItem):
    form = PlanItemForm(
        request.POST or None,
        instance=item,
        access=request.access,
        initial={} if item.pk else {"kind": request.GET.get("kind", PlanItemKind.ACTIVITY)},
    )
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.plans.item_save(
                plan=item.plan,
                item=_stored(item),
                **form_values(f),
                actor=request.user,
                reason=f.cleaned_data.get("reason", ""),
                edit_token=f.edit_token,
            ),
            success=_("计划项目已保存。"),
            next_url=_plan_url(request, item.plan.year),
        )
        if response:
            return response
    title = _("编辑计划项目") if item.pk else _("增加计划项目")
    return _form_page(
        request,
        form=form,
        title=f"{item.plan.year}年 {title}",
        back=_plan_url(request, item.plan.year),
        crumb=(_("年度工作计划"), _plan_url(request, item.plan.year)),
    )


@requires("outreach.plan_edit")
def item_create(request, code, year):
    plan = plans.plan_of(request.community, _year_or_404(year))
    if plan is None:
        raise Http404
    return _item_form(request, PlanItem(plan=plan))


@requires("outreach.plan_edit")
def item_edit(request, code, pk):
    item = plans.get_item_for(request.access, pk)
    if item.withdrawn_on:
        messages.error(request, _("该项目已取消，不能再修改。"))
        return redirect(_plan_url(request, item.plan.year))
    return _item_form(request, item)


@requires("outreach.plan_edit")
def item_delete(request, code, pk):
    """Ask before deleting (a draft's item) or withdrawing (an approved plan's item, with its reason)."""
    item = plans.get_item_for(request.access, pk)
    back = _plan_url(request, item.plan.year)
    form = WithdrawForm(request.POST if request.method == "POST" else None, plan=item.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plans.item_delete(item=item, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(
                request, _("计划项目已取消。") if item.plan.is_approved else _("计划项目已删除。")
            )
            return redirect(back)
    return render(request, "outreach/plan_item_delete.html", {"item": item, "form": form, "back": back})


@requires("outreach.plan_edit")
def plan_import(request, code, year):
    """Add items from a sheet to a draft plan (started if the year has none): all rows or, with a refusal
    per bad row, none."""
    year = _year_or_404(year)
    plan = plans.plan_of(request.community, year)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            count = _import(request, year, plan, form.cleaned_data["file"])
        except ImportRefused as exc:
            refusals = exc.refusals
        except ValidationError as exc:
            form.add_error("file", "；".join(exc.messages))
        else:
            messages.success(request, _("已导入 %(n)s 个计划项目。") % {"n": count})
            return redirect(_plan_url(request, year))
    return render(
        request,
        "outreach/plan_import.html",
        {
            "year": year,
            "plan": plan,
            "form": form,
            "refusals": refusals,
            "headers": IMPORT_HEADERS,
            "back": _plan_url(request, year),
            "duties": Duty.labels,
            "targets": Target.labels,
        },
    )


def _import(request, year, plan, upload) -> int:
    """Read the sheet (bounded: residents.transfer.reader) and import it in one transaction."""

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            rows = _sheet_rows(xlsx_rows(Path(handle.name), bounds()))
        except FileRefused as exc:
            raise ValidationError(str(exc)) from None
    with transaction.atomic():
        plan = plan or services.plans.plan_create(community=request.community, year=year, actor=request.user)
        return services.plans.plan_import(plan=plan, rows=rows, actor=request.user)


MAX_IMPORT_ROWS = 500


def _sheet_rows(rows) -> list[tuple[int, dict]]:
    """The rows under the header row (the first row holding “类别”), as header → cell."""
    header, out = None, []
    for row in rows:
        if header is None:
            cells = [str(v).strip() if v is not None else "" for v in row.values]
            if "类别" in cells:
                header = cells
            elif row.number > 10:
                break
            continue
        if len(out) >= MAX_IMPORT_ROWS:
            raise ValidationError(_("行数超过上限（%(n)s 行）。") % {"n": MAX_IMPORT_ROWS})
        out.append(
            (row.number, {h: v for h, v in zip(header, row.values, strict=False) if h in IMPORT_HEADERS})
        )
    if header is None:
        raise ValidationError(_("前10行中找不到表头：表头须含“类别”。请按下方说明的列填写。"))
    return out
