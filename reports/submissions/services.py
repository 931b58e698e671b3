"""The steps of a report's way to the street office. Each is atomic, checked, and audited in its own
transaction: sign off, submit, accept, return, set the due date."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from community.audit import AuditAction, log_action

from ..models import ReportArchive, Submission, SubmissionDue, SubmissionStatus
from ..services import archive_open
from .selectors import report_label

PDF = "application/pdf"


def _file_sha256(archive: ReportArchive) -> str:
    digest = hashlib.sha256()
    try:
        with archive_open(archive=archive) as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise ValidationError("存档文件缺失，无法签发。请重新生成。") from None
    return digest.hexdigest()


@transaction.atomic
def archive_sign_off(*, archive: ReportArchive, actor) -> ReportArchive:
    """审核签发: the secretary signs this version; the SHA-256 signed is the stored PDF's, read now.

    Only a community's PDF (the record) can be signed, once; a file that no longer matches the SHA-256
    recorded when it was generated is refused.
    """
    archive = ReportArchive.objects.select_for_update().get(pk=archive.pk)
    if archive.community_id is None or archive.content_type != PDF:
        raise ValidationError("只有社区报告的 PDF 版本可以签发。")
    if archive.signed_at:
        raise ValidationError(
            f"第{archive.version}版已于{timezone.localtime(archive.signed_at):%Y-%m-%d %H:%M}签发。"
        )
    sha256 = _file_sha256(archive)
    if sha256 != archive.sha256:
        raise ValidationError("存档文件与生成时的 SHA-256 不一致，不能签发。请重新生成。")
    archive.signed_by, archive.signed_at, archive.signed_sha256 = actor, timezone.now(), sha256
    archive.full_clean(exclude=["figures"])  # the figures a report used may be empty (a register)
    archive.save(update_fields=["signed_by", "signed_at", "signed_sha256"])
    log_action(
        AuditAction.REPORT_SIGNOFF,
        user=actor,
        community=archive.community,
        obj=archive,
        data={"report": archive.report, "year": archive.year, "version": archive.version, "sha256": sha256},
    )
    return archive


@transaction.atomic
def report_submit(*, archive: ReportArchive, actor) -> Submission:
    """上报 a signed version to the community's street office (待接收).

    Refused when the version is not signed, not the newest of its report and year, already submitted, or
    when another version of the same report and year is waiting or accepted.
    """
    # Locked by its pk alone: PostgreSQL refuses FOR UPDATE on the outer join to the (nullable) community.
    archive = ReportArchive.objects.select_for_update().get(pk=archive.pk)
    if archive.community_id is None:
        raise ValidationError("只有社区报告可以上报。")
    if not archive.signed_at:
        raise ValidationError("请先审核签发，再上报。")
    if Submission.objects.filter(archive=archive).exists():
        raise ValidationError(
            f"第{archive.version}版已经上报过。退回的报告请修改后重新生成、签发，再上报新版本。"
        )
    newest = ReportArchive.objects.filter(
        community=archive.community,
        report=archive.report,
        year=archive.year,
        content_type=archive.content_type,
    ).aggregate(v=Max("version"))["v"]
    if archive.version != newest:
        raise ValidationError(f"第{archive.version}版不是最新版本（最新为第{newest}版），请上报最新版本。")
    open_ = Submission.objects.filter(
        community=archive.community,
        report=archive.report,
        year=archive.year,
        status__in=[SubmissionStatus.PENDING, SubmissionStatus.ACCEPTED],
    ).first()
    if open_ is not None:
        raise ValidationError(
            f"{archive.year}年{report_label(archive.report)}第{open_.archive.version}版{open_.get_status_display()}，"
            "不能再上报。"
        )
    submission = Submission(
        archive=archive,
        community=archive.community,
        report=archive.report,
        year=archive.year,
        submitted_by=actor,
    )
    submission.full_clean()
    submission.save()
    log_action(
        AuditAction.REPORT_SUBMIT,
        user=actor,
        community=archive.community,
        obj=submission,
        data={
            "report": archive.report,
            "year": archive.year,
            "version": archive.version,
            "sha256": archive.signed_sha256,
        },
    )
    return submission


def _decide(submission: Submission, *, status: str, comment: str, actor, action: str) -> Submission:
    submission = (
        Submission.objects.select_for_update().select_related("archive", "community").get(pk=submission.pk)
    )
    if submission.status != SubmissionStatus.PENDING:
        raise ValidationError(f"该上报已{submission.get_status_display()}，不能再处理。")
    submission.status, submission.comment = status, comment.strip()
    submission.decided_by, submission.decided_at = actor, timezone.now()
    submission.full_clean()
    submission.save(update_fields=["status", "comment", "decided_by", "decided_at"])
    log_action(
        action,
        user=actor,
        community=submission.community,
        obj=submission,
        data={"report": submission.report, "year": submission.year, "version": submission.archive.version},
    )
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, actor, comment: str = "") -> Submission:
    """The street office accepts a waiting version (已接收); a comment is optional."""
    return _decide(
        submission,
        status=SubmissionStatus.ACCEPTED,
        comment=comment,
        actor=actor,
        action=AuditAction.REPORT_ACCEPT,
    )


@transaction.atomic
def submission_return(*, submission: Submission, actor, comment: str) -> Submission:
    """The street office returns a waiting version with its comments (已退回); the comment is required."""
    if not comment.strip():
        raise ValidationError({"comment": "退回时请填写修改意见。"})
    return _decide(
        submission,
        status=SubmissionStatus.RETURNED,
        comment=comment,
        actor=actor,
        action=AuditAction.REPORT_RETURN,
    )


@transaction.atomic
def due_set(*, street, report: str, year: int, due_on, actor) -> SubmissionDue:
    """The street office's due date for one report and year (set again to change it)."""
    due, _created = SubmissionDue.objects.update_or_create(
        street=street, report=report, year=year, defaults={"due_on": due_on, "set_by": actor}
    )
    due.full_clean()
    log_action(
        AuditAction.REPORT_DUE,
        user=actor,
        obj=due,
        data={"street": street.name, "report": report, "year": year, "due_on": due_on.isoformat()},
    )
    return due
