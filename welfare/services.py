"""Writes of welfare cases: each validates, saves, records its transition and audit row in one transaction."""

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from community import filetypes, versioning
from community.audit import AuditAction, log_action
from community.permissions import role_has
from community.storage import private_storage
from residents.models import ResidentStatus

from .models import (
    NEEDS_REASON,
    TRANSITIONS,
    Attachment,
    BenefitType,
    Case,
    CaseStatus,
    Transition,
    step_label,
)

EDITABLE = ["type", "amount", "housing_mode", "placement", "start_on", "end_on", "next_review_on", "notes"]
MAX_ATTACHMENT = 10 * 1024 * 1024


ConcurrentEdit = versioning.ConcurrentEdit
CONCURRENT_MESSAGE = versioning.MESSAGE


def _check(case: Case) -> None:
    errors = {}
    if case.type.has_housing_mode and not case.housing_mode:
        errors["housing_mode"] = ["廉租房须选择实物配租或租赁补贴。"]
    if not case.type.has_housing_mode:
        case.housing_mode = ""
    if case.start_on and case.end_on and case.end_on < case.start_on:
        errors["end_on"] = ["结束日期不能早于开始日期。"]
    if case.resident.community_id != case.community_id:
        errors["resident"] = ["居民不属于本社区。"]
    if errors:
        raise ValidationError(errors)
    case.full_clean(exclude=["version"])


def may_approve(role: str | None) -> bool:
    """True when ``role`` may approve or refuse a case (``welfare.decide``: the party secretary)."""
    return role_has(role, "welfare.decide")


@transaction.atomic
def case_create(
    *,
    community,
    actor,
    resident,
    role: str | None = None,
    status: str = CaseStatus.APPLYING,
    reason: str = "",
    **fields,
) -> Case:
    """Register a case for ``resident`` (its household is taken from the resident).

    A new case is 申请中. Only a role that may approve (``welfare.decide``) registers it in a later state
    (a ledger kept before the portal); the first step then records that it carries that role's approval.
    """
    if status != CaseStatus.APPLYING and not may_approve(role):
        raise PermissionDenied("新登记的案件只能为“申请中”，审批须由社区书记进行。")
    case = Case(
        community=community,
        resident=resident,
        household_id=resident.household_id,
        status=status,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    if case.type.review_months and not case.next_review_on and case.start_on and status == CaseStatus.ACTIVE:
        case.next_review_on = add_months(case.start_on, case.type.review_months)
    _check(case)
    case.save()
    if status != CaseStatus.APPLYING:
        reason = f"{reason or '登记'}（登记人具审批权限，按“{case.status_label}”登记）"
    Transition.objects.create(
        case=case, from_status="", to_status=status, actor=case.created_by, reason=reason or "登记"
    )
    log_action(
        AuditAction.WELFARE_CREATE,
        user=actor,
        community=community,
        obj=case,
        data={"type": case.type.code, "status": status},
    )
    return case


# A change of these on an approved case changes what was approved: the case goes back to review.
MATERIAL = ["type", "amount", "housing_mode", "start_on", "end_on"]
LOCKED_STATUSES = {CaseStatus.ENDED, CaseStatus.REJECTED}


@transaction.atomic
def case_update(
    *, case: Case, actor, version: int | None = None, edit_token: str | None = None, **fields
) -> Case:
    """Save edits only if nobody saved since the form was opened; otherwise refuse, overwriting nothing.

    The form's ``edit_token`` (community.versioning, as on every edit form) or the case's ``version``
    says what the editor saw. The approval workflow is enforced here, not in the form: changing the
    amount, type, housing mode or dates of an approved case sends it back to 审核中 for the secretary;
    those of an ended or refused case cannot be changed.
    """
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None or (version is not None and locked.version != version):
        raise ConcurrentEdit(CONCURRENT_MESSAGE)
    if edit_token is not None:
        versioning.check(locked, edit_token)
    before = {f: str(getattr(locked, f)) for f in EDITABLE}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValueError(name)
        setattr(locked, name, value)
    changed = {
        k: [before[k], str(getattr(locked, k))] for k in EDITABLE if before[k] != str(getattr(locked, k))
    }
    material = [k for k in MATERIAL if k in changed]
    if material and locked.status in LOCKED_STATUSES:
        raise ValidationError(f"“{locked.status_label}”的案件不能修改金额、类型或日期。")
    _check(locked)
    back_to_review = bool(material) and locked.status == CaseStatus.ACTIVE
    if back_to_review:
        locked.status = CaseStatus.REVIEWING
    locked.version += 1
    locked.save()
    if back_to_review:
        labels = "、".join(str(Case._meta.get_field(k).verbose_name) for k in material)
        Transition.objects.create(
            case=locked,
            from_status=CaseStatus.ACTIVE,
            to_status=CaseStatus.REVIEWING,
            actor=actor,
            reason=f"修改了{labels}，须重新审批",
        )
        log_action(
            AuditAction.WELFARE_STATUS,
            user=actor,
            community=locked.community,
            obj=locked,
            data={
                "old": CaseStatus.ACTIVE,
                "new": CaseStatus.REVIEWING,
                "reason": "material_change",
                "fields": material,
            },
        )
    log_action(
        AuditAction.WELFARE_UPDATE,
        user=actor,
        community=locked.community,
        obj=locked,
        data={"changed": changed},
    )
    case.refresh_from_db()
    return case


@transaction.atomic
def case_transition(
    *, case: Case, to_status: str, actor, role: str, reason: str, version: int, on: date | None = None
) -> Case:
    """Move a case along its workflow; the role must hold the step's permission; a refusal or an ending
    must say why (``NEEDS_REASON``)."""
    needed = TRANSITIONS.get((case.status, to_status))
    if needed is None:
        raise ValidationError(f"不能从“{case.status_label}”变更为“{case.type.status_label(to_status)}”。")
    if not role_has(role, needed):
        raise PermissionDenied(
            "该操作需要社区书记审批。" if needed == "welfare.decide" else "无权进行该操作。"
        )
    if to_status in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": [f"请填写{step_label(case.status, to_status)}的理由。"]})
    on = on or date.today()
    changes = {"status": to_status, "version": F("version") + 1}
    if to_status == CaseStatus.ACTIVE:
        changes["start_on"] = case.start_on or on
        if case.type.review_months and not case.next_review_on:
            changes["next_review_on"] = add_months(changes["start_on"], case.type.review_months)
    if to_status == CaseStatus.ENDED:
        changes["end_on"] = on if not case.end_on or case.end_on > on else case.end_on
    if not Case.objects.filter(pk=case.pk, version=version, status=case.status).update(**changes):
        raise ConcurrentEdit("该案件已被他人修改，操作未执行。请刷新后再试。")
    Transition.objects.create(
        case=case, from_status=case.status, to_status=to_status, actor=actor, reason=reason
    )
    log_action(
        AuditAction.WELFARE_STATUS,
        user=actor,
        community=case.community,
        obj=case,
        data={"old": case.status, "new": to_status, "step": step_label(case.status, to_status)},
    )
    case.refresh_from_db()
    return case


@dataclass(frozen=True)
class DepartureStep:
    """What moving out or a death does to one open case: end it, or flag a household benefit for review."""

    case: Case
    action: str  # "end" | "review"

    @property
    def text(self) -> str:
        if self.action == "end":
            return f"{self.case.type.name}（{self.case.status_label}，自{self.case.start_on or '—'}起）将于该日终止"
        return f"{self.case.type.name}（按户享受，户内仍有在册成员）将标记为待复审"


def departure_plan(*, resident, on: date) -> list[DepartureStep]:
    """The resident's cases in benefit and what leaving on ``on`` does to each. One query.

    A benefit the household keeps (廉租房, while other members remain on the register) is flagged for
    review on that date; every other benefit of the person ends on that date.
    """
    cases = list(
        Case.objects.filter(resident=resident, status=CaseStatus.ACTIVE)
        .select_related("type")
        .order_by("start_on", "pk")
    )
    others_remain = (
        resident.household_id is not None
        and resident.household.members.filter(status=ResidentStatus.ACTIVE).exclude(pk=resident.pk).exists()
        if any(c.type.has_housing_mode for c in cases)
        else False
    )
    return [DepartureStep(c, "review" if c.type.has_housing_mode and others_remain else "end") for c in cases]


@transaction.atomic
def departure_apply(*, resident, on: date, status_label: str, actor) -> list[DepartureStep]:
    """End (or flag) the resident's open cases on ``on`` because they moved out or died; each step is
    recorded as a transition and audited, in the caller's transaction (the status change itself).

    Not a workflow decision of the case, so no welfare role is needed: whoever may record the departure.
    """
    steps = departure_plan(resident=resident, on=on)
    reason = f"居民{status_label}（{on:%Y-%m-%d}）"
    user = actor if getattr(actor, "is_authenticated", False) else None
    for step in steps:
        case = step.case
        if step.action == "end":
            end_on = max(on, case.start_on) if case.start_on else on
            Case.objects.filter(pk=case.pk).update(
                status=CaseStatus.ENDED, end_on=end_on, version=F("version") + 1
            )
            Transition.objects.create(
                case=case,
                from_status=CaseStatus.ACTIVE,
                to_status=CaseStatus.ENDED,
                actor=user,
                reason=reason,
            )
            log_action(
                AuditAction.WELFARE_STATUS,
                user=actor,
                community=case.community,
                obj=case,
                data={
                    "old": CaseStatus.ACTIVE,
                    "new": CaseStatus.ENDED,
                    "end_on": end_on.isoformat(),
                    "because": "resident_departure",
                },
            )
        else:
            note = f"{case.notes}\n{reason}：户内成员变动，请复审。".strip()
            Case.objects.filter(pk=case.pk).update(next_review_on=on, notes=note, version=F("version") + 1)
            log_action(
                AuditAction.WELFARE_REVIEW_FLAG,
                user=actor,
                community=case.community,
                obj=case,
                data={"next_review_on": on.isoformat(), "because": "resident_departure"},
            )
    return steps


@transaction.atomic
def benefit_type_create(*, community, actor, **fields) -> BenefitType:
    """Add a community's own kind of help (the common types come from the data migration)."""
    name = (fields.get("name") or "").strip()
    if (
        BenefitType.objects.filter(community__isnull=True, name=name).exists()
        or BenefitType.objects.filter(community=community, name=name).exists()
    ):
        raise ValidationError({"name": ["已有同名的救助类型。"]})
    btype = BenefitType(community=community, code=f"c-{uuid.uuid4().hex[:10]}", **{**fields, "name": name})
    btype.full_clean()
    btype.save()
    log_action(
        AuditAction.WELFARE_TYPE_CREATE, user=actor, community=community, obj=btype, data={"name": name}
    )
    return btype


def attachment_name(attachment: Attachment) -> str:
    """The attachment's name in the private storage."""
    return f"attachments/{attachment.storage_name}"


@transaction.atomic
def attachment_add(*, case: Case, upload, actor) -> Attachment:
    """Store a PDF/JPG/PNG checked by its first bytes (not its name) and size."""
    if upload.size > MAX_ATTACHMENT:
        raise ValidationError("附件不能超过10MB。")
    kind = filetypes.sniff(upload)
    if kind is None:
        raise ValidationError("只接受 PDF、JPG、PNG 文件。")
    content_type, suffix = kind
    storage = private_storage()
    stored = storage.save(f"attachments/{uuid.uuid4().hex}{suffix}", upload)
    storage_name = stored.removeprefix("attachments/")
    try:  # the row and its audit entry together; should either fail, the stored file goes too
        with transaction.atomic():
            attachment = Attachment.objects.create(
                case=case,
                original_name=Path(upload.name).name[:200],
                storage_name=storage_name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
            log_action(
                AuditAction.WELFARE_ATTACH,
                user=actor,
                community=case.community,
                obj=case,
                data={"attachment": str(attachment.pk), "size": upload.size},
            )
    except BaseException:
        storage.delete(stored)
        raise
    return attachment


def add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    day = min(
        d.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1],
    )
    return date(year, month, day)
