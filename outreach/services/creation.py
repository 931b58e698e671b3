"""Writes to the 民族团结进步创建 record: 示范 (nominated → assessed → named), commendations,
facilities, funding with its receipts (private storage), staff training."""

import uuid
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.audit import AuditAction, log_action
from community.storage import private_storage

from ..models import (
    HONOUR_TARGETS,
    Commendation,
    Facility,
    Funding,
    FundingReceipt,
    Honour,
    HonourStage,
    Training,
)
from .ledgers import _row, _save, raise_errors

MAX_RECEIPT = 10 * 1024 * 1024
# A receipt is checked by its first bytes, not its name (as welfare attachments are).
SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
}


def honour_errors(honour: Honour, community) -> dict:
    """One target, of the community, fitting the kind; the stage's dates present and in order."""
    errors = {}
    target_field = HONOUR_TARGETS.get(honour.kind)
    for name in HONOUR_TARGETS.values():
        if name != target_field:
            setattr(honour, name, None)
    target = getattr(honour, target_field) if target_field else None
    if target is None:
        errors[target_field or "kind"] = _("请选择示范创建的对象。")
    elif target.community_id != community.pk:
        errors[target_field] = _("所选对象不属于本社区。")
    stage = honour.stage
    if stage in (HonourStage.ASSESSED, HonourStage.NOT_NAMED) and not honour.assessed_on:
        errors["assessed_on"] = _("请填写考评日期。")
    if stage == HonourStage.NAMED and not honour.named_on:
        errors["named_on"] = _("已命名的请填写命名日期。")
    if stage != HonourStage.NAMED and (honour.named_on or honour.revoked_on):
        errors["stage"] = _("填写了命名日期的，进度应为“已命名”。")
    order = [
        ("nominated_on", honour.nominated_on),
        ("assessed_on", honour.assessed_on),
        ("named_on", honour.named_on),
        ("revoked_on", honour.revoked_on),
    ]
    known = [(name, value) for name, value in order if value]
    for (_earlier, first), (later, second) in zip(known, known[1:], strict=False):
        if second < first:
            errors.setdefault(later, _("日期应按推荐、考评、命名、撤销的先后顺序填写。"))
    if any(value > date.today() for _name, value in known):
        errors.setdefault("nominated_on", _("日期不能晚于今天。"))
    return errors


@transaction.atomic
def honour_save(*, community, actor, honour: Honour | None = None, edit_token=None, **fields) -> Honour:
    """Record a 示范户/楼栋/单元/单位 at its stage; dates follow nomination → assessment → naming."""
    honour = _row(Honour, honour, community=community, fields=fields)
    raise_errors(honour_errors(honour, community))
    return _save(
        honour,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_HONOUR_CREATE, AuditAction.OUTREACH_HONOUR_UPDATE),
        data={"kind": honour.kind, "stage": honour.stage, "level": honour.level},
        edit_token=edit_token,
    )


def commendation_errors(commendation: Commendation, community) -> dict:
    errors = {}
    if commendation.resident_id:
        if commendation.resident.community_id != community.pk:
            errors["resident"] = _("所选居民不属于本社区。")
        commendation.name = ""
    elif not (commendation.name or "").strip():
        errors["name"] = _("请搜索选择受表彰的居民，或填写姓名。")
    if commendation.awarded_on and commendation.awarded_on > date.today():
        errors["awarded_on"] = _("表彰日期不能晚于今天。")
    return errors


@transaction.atomic
def commendation_save(
    *, community, actor, commendation: Commendation | None = None, edit_token=None, **fields
) -> Commendation:
    """Record a commendation of a registered resident or of a named person."""
    commendation = _row(Commendation, commendation, community=community, fields=fields)
    raise_errors(commendation_errors(commendation, community))
    return _save(
        commendation,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_COMMENDATION_CREATE, AuditAction.OUTREACH_COMMENDATION_UPDATE),
        edit_token=edit_token,
    )


def facility_errors(facility: Facility, community) -> dict:
    if facility.until and facility.since and facility.until < facility.since:
        return {"until": _("停用日期不能早于启用日期。")}
    return {}


@transaction.atomic
def facility_save(
    *, community, actor, facility: Facility | None = None, edit_token=None, **fields
) -> Facility:
    facility = _row(Facility, facility, community=community, fields=fields)
    raise_errors(facility_errors(facility, community))
    return _save(
        facility,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_FACILITY_CREATE, AuditAction.OUTREACH_FACILITY_UPDATE),
        edit_token=edit_token,
    )


def funding_errors(funding: Funding, community) -> dict:
    if funding.date and funding.date > date.today():
        return {"date": _("日期不能晚于今天。")}
    return {}


@transaction.atomic
def funding_save(*, community, actor, funding: Funding | None = None, edit_token=None, **fields) -> Funding:
    funding = _row(Funding, funding, community=community, fields=fields)
    raise_errors(funding_errors(funding, community))
    return _save(
        funding,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_FUNDING_CREATE, AuditAction.OUTREACH_FUNDING_UPDATE),
        data={"amount": str(funding.amount), "source": funding.source},
        edit_token=edit_token,
    )


def receipt_name(receipt: FundingReceipt) -> str:
    """The receipt's name in the private storage."""
    return f"receipts/{receipt.storage_name}"


@transaction.atomic
def receipt_add(*, funding: Funding, upload, actor) -> FundingReceipt:
    """Store a receipt (PDF/JPG/PNG, checked by its first bytes; at most 10 MB) in the private storage."""
    if upload.size > MAX_RECEIPT:
        raise ValidationError(_("票据文件不能超过10MB。"))
    head = upload.read(16)
    upload.seek(0)
    kind = next((v for sig, v in SIGNATURES.items() if head.startswith(sig)), None)
    if kind is None:
        raise ValidationError(_("票据只接受 PDF、JPG、PNG 文件。"))
    content_type, suffix = kind
    stored = private_storage().save(f"receipts/{uuid.uuid4().hex}{suffix}", upload)
    receipt = FundingReceipt(
        funding=funding,
        original_name=Path(upload.name).name[:200],
        storage_name=stored.removeprefix("receipts/"),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    receipt.full_clean()
    receipt.save()
    log_action(
        AuditAction.OUTREACH_FUNDING_RECEIPT,
        user=actor,
        community=funding.community,
        obj=funding,
        data={"receipt": str(receipt.pk), "size": upload.size},
    )
    return receipt


def receipt_served(*, receipt: FundingReceipt, actor) -> None:
    """Audit each time a receipt is opened."""
    log_action(
        AuditAction.OUTREACH_FUNDING_RECEIPT_DOWNLOAD,
        user=actor,
        obj=receipt.funding,
        data={"receipt": str(receipt.pk)},
    )


def training_errors(training: Training, community, *, trainees) -> dict:
    errors = {}
    if training.date and training.date > date.today():
        errors["date"] = _("培训日期不能晚于今天。")
    if not trainees and not training.other_trainee_count:
        errors["trainees"] = _("请选择参训工作人员，或填写其他参训人数。")
    return errors


@transaction.atomic
def training_save(
    *, community, actor, training: Training | None = None, edit_token=None, trainees=(), **fields
) -> Training:
    """Record a training of the staff: who took part (staff accounts and others), topic, hours, by whom."""
    training = _row(Training, training, community=community, fields=fields)
    raise_errors(training_errors(training, community, trainees=trainees))
    return _save(
        training,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_TRAINING_CREATE, AuditAction.OUTREACH_TRAINING_UPDATE),
        m2m={"trainees": trainees},
        data={"trainees": len(trainees) + training.other_trainee_count},
        edit_token=edit_token,
        token_m2m=("trainees",),
    )
