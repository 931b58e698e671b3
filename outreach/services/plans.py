"""Writes to the plan ledger: items of a draft, the secretary's approval, amendments, copy, import.

A draft is edited freely (items may be deleted). Approval freezes a snapshot of the items; after it every
change is an amendment with its reason: an item added, changed, or withdrawn (kept, with its 取消日期).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import versioning
from community.audit import AuditAction, log_action
from community.records import assign

from ..models import (
    AmendmentAction,
    Duty,
    EventType,
    Plan,
    PlanAmendment,
    PlanItem,
    PlanItemKind,
    PlanStatus,
    Target,
)
from .ledgers import raise_errors


def _log(action: AuditAction, *, plan: Plan, actor, data=None) -> None:
    log_action(action, user=actor, community=plan.community, obj=plan, data=data or {})


@transaction.atomic
def plan_create(*, community, year: int, actor) -> Plan:
    """Start the (empty, draft) plan of ``year``; refused when the year already has one."""
    if Plan.objects.filter(community=community, year=year).exists():
        raise ValidationError(_("%(year)s年的计划已经建立。") % {"year": year})
    plan = Plan(community=community, year=year, created_by=actor)
    plan.full_clean()
    plan.save()
    _log(AuditAction.OUTREACH_PLAN_CREATE, plan=plan, actor=actor, data={"year": year})
    return plan


def item_errors(item: PlanItem) -> dict:
    """What an item of its kind must hold (the form shows these next to the field; the service refuses)."""
    errors = {}
    if item.kind == PlanItemKind.ACTIVITY:
        if not item.event_type_id:
            errors["event_type"] = _("请选择活动类型。")
        elif item.event_type.needs_occasion and not item.occasion.strip():
            errors["occasion"] = _("节日活动请填写节日，如春节、开斋节。")
        if not item.month:
            errors["month"] = _("请填写活动所在月份。")
        item.duty, item.target = "", ""
    elif item.kind == PlanItemKind.DUTY:
        if not item.duty:
            errors["duty"] = _("请选择常规工作。")
        if item.duty in (Duty.PARTY, Duty.TRAINING) and not item.quantity:
            errors["quantity"] = _("请填写全年计划数（如发展党员2名、培训4次）。")
        item.event_type, item.occasion, item.target = None, "", ""
    elif item.kind == PlanItemKind.TARGET:
        if not item.target:
            errors["target"] = _("请选择目标项目。")
        if not item.quantity:
            errors["quantity"] = _("请填写目标数量。")
        item.event_type, item.occasion, item.duty, item.month = None, "", "", None
    if item.month is not None and not 1 <= item.month <= 12:
        errors["month"] = _("月份应为1至12。")
    return errors


def _amend(plan, *, item, action, before, after, reason, actor) -> PlanAmendment:
    amendment = PlanAmendment(
        plan=plan,
        item=item,
        action=action,
        before=before,
        after=after,
        reason=reason.strip(),
        created_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


def _locked_plan(item: PlanItem) -> Plan:
    """The item's plan as stored, locked: its status decides whether a change is an amendment, and an
    approval running meanwhile waits (or is waited for)."""
    plan = Plan.objects.select_for_update().filter(pk=item.plan_id).order_by("pk").get()
    item.plan = plan
    return plan


def _need_reason(plan: Plan, reason: str) -> None:
    if plan.is_approved and not reason.strip():
        raise ValidationError({"reason": _("计划已批准，修改须填写变更原因。")})


@transaction.atomic
def item_save(
    *,
    actor,
    plan: Plan | None = None,
    item: PlanItem | None = None,
    reason: str = "",
    edit_token=None,
    **fields,
) -> PlanItem:
    """Add an item to ``plan``, or change the stored ``item``, to ``fields``. In an approved plan this is an
    amendment and needs its ``reason``."""
    if item is None and plan is None:
        raise ValueError("item_save: a new item needs its plan")
    item = assign(item if item is not None else PlanItem(plan=plan), fields)
    plan = _locked_plan(item)
    versioning.check_unchanged(item, edit_token)
    if item.withdrawn_on:
        raise ValidationError(_("该项目已取消，不能再修改。"))
    raise_errors(item_errors(item))
    creating = item._state.adding
    before = None if creating else PlanItem.objects.select_related("event_type").get(pk=item.pk).describe()
    # Only what the plan says is amended; a 未完成原因 noted on an approved item is not an amendment.
    amended = plan.is_approved and (creating or before != item.describe())
    if amended:
        _need_reason(plan, reason)
    item.full_clean()
    item.save()
    after = item.describe()
    if amended:
        _amend(
            plan,
            item=item,
            action=AmendmentAction.ADD if creating else AmendmentAction.CHANGE,
            before=before,
            after=after,
            reason=reason,
            actor=actor,
        )
    _log(
        AuditAction.OUTREACH_PLAN_ITEM_CREATE if creating else AuditAction.OUTREACH_PLAN_ITEM_UPDATE,
        plan=plan,
        actor=actor,
        data={"item": item.pk, "amendment": amended},
    )
    return item


@transaction.atomic
def item_delete(*, item: PlanItem, actor, reason: str = "") -> None:
    """Delete an item of a draft; in an approved plan withdraw it (kept, with the reason)."""
    plan = _locked_plan(item)
    if item.withdrawn_on:
        raise ValidationError(_("该项目已取消。"))
    if not plan.is_approved:
        data = {"item": item.pk, "label": item.label}
        item.delete()
        _log(AuditAction.OUTREACH_PLAN_ITEM_DELETE, plan=plan, actor=actor, data=data)
        return
    _need_reason(plan, reason)
    before = item.describe()
    item.withdrawn_on = date.today()
    item.save(update_fields=["withdrawn_on"])
    _amend(
        plan,
        item=item,
        action=AmendmentAction.WITHDRAW,
        before=before,
        after=None,
        reason=reason,
        actor=actor,
    )
    _log(
        AuditAction.OUTREACH_PLAN_ITEM_WITHDRAW,
        plan=plan,
        actor=actor,
        data={"item": item.pk},
    )


@transaction.atomic
def plan_approve(*, plan: Plan, actor) -> Plan:
    """The secretary approves a draft: the items as they stand are kept as the approved snapshot."""
    plan = Plan.objects.select_for_update().filter(pk=plan.pk).order_by("pk").get()
    if plan.is_approved:
        raise ValidationError(_("该计划已经批准。"))
    items = list(plan.items.select_related("event_type").order_by("kind", "month", "pk"))
    if not items:
        raise ValidationError(_("计划还没有任何项目，不能批准。"))
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.snapshot = [i.describe() for i in items]
    plan.full_clean()
    plan.save()
    _log(AuditAction.OUTREACH_PLAN_APPROVE, plan=plan, actor=actor, data={"items": len(items)})
    return plan


def _copy(item: PlanItem, plan: Plan) -> PlanItem:
    return PlanItem(
        plan=plan,
        kind=item.kind,
        title=item.title,
        event_type=item.event_type,
        occasion=item.occasion,
        month=item.month,
        duty=item.duty,
        target=item.target,
        quantity=item.quantity,
        notes=item.notes,
    )


@transaction.atomic
def plan_copy(*, community, year: int, actor) -> Plan:
    """Start ``year``'s plan as a draft holding last year's items (withdrawn ones left out), in one step.

    Refused when last year has no plan, or when ``year`` already has items.
    """
    source = Plan.objects.filter(community=community, year=year - 1).first()
    if source is None:
        raise ValidationError(_("%(year)s年没有工作计划可复制。") % {"year": year - 1})
    plan = Plan.objects.filter(community=community, year=year).first()
    if plan is not None and plan.items.exists():
        raise ValidationError(_("%(year)s年的计划已有项目，不能再复制。") % {"year": year})
    if plan is None:
        plan = Plan(community=community, year=year, created_by=actor)
        plan.full_clean()
        plan.save()
    items = [
        _copy(i, plan) for i in source.items.filter(withdrawn_on__isnull=True).order_by("kind", "month", "pk")
    ]
    for item in items:
        item.full_clean()
    PlanItem.objects.bulk_create(items)
    _log(
        AuditAction.OUTREACH_PLAN_COPY,
        plan=plan,
        actor=actor,
        data={"from": year - 1, "items": len(items)},
    )
    return plan


# --- import from a sheet ------------------------------------------------------------------------

#: The import sheet's columns (header → meaning); 类别 and the columns its kind needs are required.
IMPORT_HEADERS = ["类别", "月份", "活动类型", "节日", "项目", "内容", "数量", "备注"]
KIND_NAMES = {
    "活动": PlanItemKind.ACTIVITY,
    "常规工作": PlanItemKind.DUTY,
    "工作目标": PlanItemKind.TARGET,
    "目标": PlanItemKind.TARGET,
}
DUTY_NAMES = {
    "联合走访": Duty.JOINT_VISIT,
    "帮教走访": Duty.CORRECTION_VISIT,
    "党员发展": Duty.PARTY,
    "工作人员培训": Duty.TRAINING,
    "培训": Duty.TRAINING,
    **{str(label): value for value, label in Duty.choices},
}
TARGET_NAMES = {
    "宣传资料": Target.LEAFLETS,
    "横幅": Target.BANNERS,
    "展板": Target.BOARDS,
    "知识答题": Target.QUIZZES,
    "志愿者": Target.VOLUNTEERS,
    **{str(label): value for value, label in Target.choices},
}


@dataclass
class ImportRefusal:
    row: int  # the row number as Excel shows it
    message: str


class ImportRefused(Exception):
    """Rows of the sheet were refused; nothing was written. ``refusals`` says which and why."""

    def __init__(self, refusals: list[ImportRefusal]):
        super().__init__(f"{len(refusals)} 行有误")
        self.refusals = refusals


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(text: str, *, suffix: str = "") -> int | None:
    text = text.removesuffix(suffix).strip() if suffix else text
    return int(text) if text.isdigit() else None


def _parse_item(values: dict, plan: Plan, types: dict) -> tuple[PlanItem | None, str]:
    """One sheet row (header → cell text) as an unsaved item, or the Chinese reason it is refused."""
    kind = KIND_NAMES.get(values.get("类别", ""))
    if kind is None:
        return None, _("“类别”应为 活动、常规工作 或 工作目标。")
    item = PlanItem(
        plan=plan,
        kind=kind,
        title=values.get("内容", "")[:100],
        occasion=values.get("节日", "")[:20],
        notes=values.get("备注", ""),
    )
    month_text, quantity_text = values.get("月份", ""), values.get("数量", "")
    if month_text:
        item.month = _number(month_text, suffix="月")
        if item.month is None or not 1 <= item.month <= 12:
            return None, _("“月份”应为1至12（可写作“3”或“3月”）。")
    if quantity_text:
        item.quantity = _number(quantity_text)
        if item.quantity is None:
            return None, _("“数量”应为整数。")
    if kind == PlanItemKind.ACTIVITY:
        type_name = values.get("活动类型", "")
        item.event_type = types.get(type_name)
        if item.event_type is None:
            return None, _("“活动类型”“%(name)s”不存在，应为：%(names)s。") % {
                "name": type_name,
                "names": "、".join(types),
            }
    elif kind == PlanItemKind.DUTY:
        item.duty = DUTY_NAMES.get(values.get("项目", ""), "")
        if not item.duty:
            return None, _("常规工作的“项目”应为 联合走访、帮教走访、党员发展 或 工作人员培训。")
    else:
        item.target = TARGET_NAMES.get(values.get("项目", ""), "")
        if not item.target:
            return None, _("工作目标的“项目”应为 宣传资料、横幅、展板、知识答题 或 志愿者。")
    errors = item_errors(item)
    if errors:
        return None, "；".join(str(m) for m in errors.values())
    return item, ""


@transaction.atomic
def plan_import(*, plan: Plan, rows, actor) -> int:
    """Add the items of a sheet to a draft plan: all rows, or none (``ImportRefused`` names each bad row).

    ``rows`` are ``(row number, {header: cell})``. An approved plan takes no import: its changes are
    amendments, each with a reason.
    """
    if plan.is_approved:
        raise ValidationError(_("计划已批准，不能导入；请逐项修改并填写变更原因。"))
    types = {t.name: t for t in EventType.objects.all()}
    items, refusals = [], []
    for number, values in rows:
        values = {k: _text(v) for k, v in values.items()}
        if not any(values.values()):
            continue
        item, message = _parse_item(values, plan, types)
        if item is None:
            refusals.append(ImportRefusal(number, message))
        else:
            items.append(item)
    if not items and not refusals:
        refusals.append(ImportRefusal(0, _("表格中没有计划项目。")))
    if refusals:
        raise ImportRefused(refusals)
    for item in items:
        item.full_clean()
    PlanItem.objects.bulk_create(items)
    _log(AuditAction.OUTREACH_PLAN_IMPORT, plan=plan, actor=actor, data={"items": len(items)})
    return len(items)
