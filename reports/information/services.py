"""The steps of an information report: submit (with attachments), acknowledge, answer, ask for 续报, 续报.
Each atomic, validated and audited in the same transaction.

Attachments are written to the private storage before the transaction opens (no lock is held while a
file is written) and deleted again if the transaction fails, so a refused or failed step leaves no file
behind that no row names."""

import uuid
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from community.audit import AuditAction, log_action
from community.storage import private_storage

from ..models import InformationAttachment, InformationReport, InformationStep, InfoStatus, InfoStepKind

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 5


def attachment_name(attachment: InformationAttachment) -> str:
    return f"information/{attachment.storage_name}"


@contextmanager
def _stored(files):
    """Write ``files`` (already checked by the form: (upload, content type, suffix)) to the private storage
    and yield them as (upload, content type, stored name); should the block fail, the files are deleted."""
    storage = private_storage()
    written = []
    try:
        for upload, content_type, suffix in files:
            written.append(
                (upload, content_type, storage.save(f"information/{uuid.uuid4().hex}{suffix}", upload))
            )
        yield written
    except BaseException:
        for _upload, _type, name in written:
            storage.delete(name)
        raise


def _attach(report, step, stored, actor) -> list[InformationAttachment]:
    """The rows of the files :func:`_stored` wrote."""
    out = []
    for upload, content_type, name in stored:
        attachment = InformationAttachment(
            report=report,
            step=step,
            file_name=upload.name[:200],
            content_type=content_type,
            storage_name=name.removeprefix("information/"),
            size=upload.size,
            uploaded_by=actor,
        )
        attachment.full_clean()
        attachment.save()
        out.append(attachment)
    return out


def _step(report, kind, text, actor) -> InformationStep:
    step = InformationStep(report=report, kind=kind, text=text.strip(), by=actor)
    step.full_clean()
    step.save()
    return step


def information_submit(*, community, data: dict, files: list, actor) -> InformationReport:
    """报送: a new report to the street office, waiting for its acknowledgement."""
    with _stored(files) as stored, transaction.atomic():
        now = timezone.now()
        report = InformationReport(
            community=community,
            category=data["category"],
            urgency=data["urgency"],
            title=data["title"].strip(),
            text=data["text"].strip(),
            occurred_on=data["occurred_on"],
            informant=data["informant"].strip(),
            submitted_by=actor,
            submitted_at=now,
            waiting_since=now,
        )
        report.full_clean()
        report.save()
        report.residents.set(data.get("residents") or [])
        report.organisations.set(data.get("organisations") or [])
        report.events.set(data.get("events") or [])
        step = _step(report, InfoStepKind.SUBMIT, "", actor)
        _attach(report, step, stored, actor)
        log_action(
            AuditAction.INFORMATION_SUBMIT,
            user=actor,
            community=community,
            obj=report,
            data={"kind": report.category, "files": len(files)},
        )
    return report


def _locked(report) -> InformationReport:
    return (
        InformationReport.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=report.pk)
    )


@transaction.atomic
def information_acknowledge(*, report, text: str = "", actor) -> InformationReport:
    """签收 (with an optional answer): the street office has read it."""
    report = _locked(report)
    if report.status != InfoStatus.PENDING:
        raise ValidationError("该信息不在待签收状态。")
    report.status = InfoStatus.ACKNOWLEDGED
    report.acknowledged_by, report.acknowledged_at = actor, timezone.now()
    report.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    _step(report, InfoStepKind.ACKNOWLEDGE, text, actor)
    log_action(
        AuditAction.INFORMATION_ACKNOWLEDGE,
        user=actor,
        community=report.community,
        obj=report,
    )
    return report


@transaction.atomic
def information_answer(*, report, text: str, actor) -> InformationReport:
    """答复: the street office's answer to a report it has acknowledged."""
    if not text.strip():
        raise ValidationError({"text": "请填写答复内容。"})
    report = _locked(report)
    if report.status == InfoStatus.PENDING:
        raise ValidationError("请先签收。")
    _step(report, InfoStepKind.ANSWER, text, actor)
    log_action(AuditAction.INFORMATION_ANSWER, user=actor, community=report.community, obj=report)
    return report


@transaction.atomic
def information_ask_follow_up(*, report, text: str, actor) -> InformationReport:
    """要求续报: the street office asks for more; a waiting report is acknowledged by it."""
    if not text.strip():
        raise ValidationError({"text": "请说明需要续报的内容。"})
    report = _locked(report)
    now = timezone.now()
    if report.acknowledged_at is None:
        report.acknowledged_by, report.acknowledged_at = actor, now
    report.status = InfoStatus.FOLLOW_UP
    report.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    _step(report, InfoStepKind.ASK, text, actor)
    log_action(AuditAction.INFORMATION_ASK, user=actor, community=report.community, obj=report)
    return report


def information_follow_up(*, report, text: str, files: list, actor) -> InformationReport:
    """续报: the community adds to its report; it waits for the street's acknowledgement again."""
    if not text.strip():
        raise ValidationError({"text": "请填写续报内容。"})
    with _stored(files) as stored, transaction.atomic():
        report = _locked(report)
        report.status, report.waiting_since = InfoStatus.PENDING, timezone.now()
        report.acknowledged_by, report.acknowledged_at = None, None
        report.save(update_fields=["status", "waiting_since", "acknowledged_by", "acknowledged_at"])
        step = _step(report, InfoStepKind.FOLLOW_UP, text, actor)
        _attach(report, step, stored, actor)
        log_action(
            AuditAction.INFORMATION_FOLLOW_UP,
            user=actor,
            community=report.community,
            obj=report,
            data={"files": len(files)},
        )
    return report
