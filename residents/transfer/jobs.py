"""Imports and large ledger exports as background jobs (Django's task interface; see settings.TASKS).

With a worker (``TASK_BACKEND=db``) the job waits in the database until ``manage.py db_worker`` runs it,
so a restarted worker loses none; without one, the same task runs in-process during the request.
Either way the page shows the :class:`~residents.models.TransferJob`, which polls until it is finished.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from community.audit import AuditAction, log_action
from community.models import Community

from ..ledgers import LEDGERS, Ledger
from ..models import TransferJob, TransferJobStatus
from . import uploads
from .tasks import run_check_job, run_export_job, run_import_job
from .uploads import result_storage

# Exports up to this many rows are built during the request and downloaded at once; larger ones are jobs.
SYNC_EXPORT_MAX_ROWS = 5000

RECENT_JOBS = 10

# Exported workbooks hold personal data (full ID numbers for staff): kept this long, then deleted.
EXPORT_KEEP_DAYS = 7

# An upload larger than this is checked (the preview) by the worker, not during the request.
SYNC_CHECK_MAX_BYTES = getattr(settings, "TRANSFER_SYNC_CHECK_MAX_BYTES", 512 * 1024)

STALE_MESSAGE = "后台处理中断（超过 {minutes} 分钟没有进展，可能是后台进程被重启），未写入任何数据。可点击“重新提交”再试一次。"


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def import_enqueue(
    *,
    community: Community,
    token: str,
    source: str,
    skip_invalid: bool,
    actor,
    register: str = "residents",
) -> TransferJob:
    """Record the import of the upload ``token`` and hand it to the task backend; the job page follows it.

    An upload already waiting or being imported is not queued twice (a double click): its job is returned.
    """
    pending = TransferJob.objects.filter(
        community=community,
        kind=TransferJob.Kind.IMPORT,
        params__token=token,
        status__in=[TransferJobStatus.QUEUED, TransferJobStatus.RUNNING],
    ).first()
    if pending is not None:
        return pending
    job = TransferJob.objects.create(
        community=community,
        kind=TransferJob.Kind.IMPORT,
        created_by=_actor(actor),
        params={
            "token": token,
            "source": source[:200],
            "skip_invalid": skip_invalid,
            "restricted_allowed": True,
            **({"register": register} if register != "residents" else {}),
        },
    )
    log_action(
        AuditAction.TRANSFER_QUEUE,
        user=actor,
        community=community,
        obj=job,
        data={"kind": job.kind, "file": source[:120], "skip_invalid": skip_invalid},
    )
    run_import_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def check_enqueue(*, community: Community, token: str, source: str, actor) -> TransferJob:
    """Check a large upload in the worker (the preview); the job page follows it and then opens the preview.

    An upload already being checked is not queued twice: its job is returned.
    """
    pending = TransferJob.objects.filter(
        community=community,
        kind=TransferJob.Kind.CHECK,
        params__token=token,
        status__in=[TransferJobStatus.QUEUED, TransferJobStatus.RUNNING],
    ).first()
    if pending is not None:
        return pending
    job = TransferJob.objects.create(
        community=community,
        kind=TransferJob.Kind.CHECK,
        created_by=_actor(actor),
        params={"token": token, "source": source[:200]},
    )
    log_action(
        AuditAction.TRANSFER_QUEUE,
        user=actor,
        community=community,
        obj=job,
        data={"kind": job.kind, "file": source[:120]},
    )
    run_check_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "TRANSFER_JOB_STALE_SECONDS", 600))


def fail_stale(community: Community) -> int:
    """Mark the running jobs of ``community`` whose worker stopped beating as failed (a Chinese reason).

    An import writes in one transaction, so an interrupted one has written nothing; it can be retried.
    One UPDATE.
    """
    limit = timezone.now() - stale_after()
    minutes = int(stale_after().total_seconds() // 60)
    return (
        TransferJob.objects.filter(community=community, status=TransferJobStatus.RUNNING)
        .filter(Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, created_at__lt=limit))
        .update(
            status=TransferJobStatus.FAILED,
            error=STALE_MESSAGE.format(minutes=minutes),
            finished_at=timezone.now(),
        )
    )


def can_retry(job: TransferJob) -> bool:
    return job.status == TransferJobStatus.FAILED


def job_retry(*, job: TransferJob, actor) -> TransferJob:
    """Queue a failed job again (a new job with the same parameters; the old one stays as it ended)."""
    if job.kind == TransferJob.Kind.EXPORT:
        ledger = LEDGERS.get(job.params.get("ledger", ""))
        if ledger is None:
            raise Http404
        return export_enqueue(
            community=job.community,
            ledger=ledger,
            rows=job.total_rows,
            full_ids=job.params["full_ids"],
            restricted_allowed=job.params["restricted_allowed"],
            actor=actor,
        )
    stored = uploads.load(job.params.get("token", ""), community=job.community, user=actor)  # 404: file gone
    if job.kind == TransferJob.Kind.CHECK:
        return check_enqueue(community=job.community, token=stored.token, source=stored.name, actor=actor)
    return import_enqueue(
        community=job.community,
        token=stored.token,
        source=stored.name,
        skip_invalid=job.params.get("skip_invalid", False),
        actor=actor,
        register=job.params.get("register", "residents"),
    )


def export_enqueue(
    *,
    community: Community,
    ledger: Ledger,
    rows: int,
    full_ids: bool,
    restricted_allowed: bool,
    actor,
    filters: dict | None = None,
) -> TransferJob:
    """Record the export of ``ledger`` (``rows`` rows when queued) with the page's ``filters`` and hand it to
    the task backend."""
    sweep_exports()
    job = TransferJob.objects.create(
        community=community,
        kind=TransferJob.Kind.EXPORT,
        created_by=_actor(actor),
        total_rows=rows,
        params={
            "ledger": ledger.key,
            "full_ids": full_ids,
            "restricted_allowed": restricted_allowed,
            "filters": filters or {},
        },
    )
    log_action(
        AuditAction.TRANSFER_QUEUE,
        user=actor,
        community=community,
        obj=job,
        data={"kind": job.kind, "ledger": ledger.key, "rows": rows},
    )
    run_export_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def sweep_exports(keep_days: int = EXPORT_KEEP_DAYS) -> int:
    """Delete the workbooks of exports finished more than ``keep_days`` ago (the job stays, without file)."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    expired = TransferJob.objects.filter(kind=TransferJob.Kind.EXPORT, finished_at__lt=cutoff).exclude(
        storage_name=""
    )
    count = 0
    for job in expired.only("pk", "storage_name"):
        result_storage().delete(job.storage_name)
        TransferJob.objects.filter(pk=job.pk).update(storage_name="")
        count += 1
    return count


def jobs_for(access, user) -> QuerySet[TransferJob]:
    """The jobs ``user`` may follow in this community: all with "residents.all_jobs", else their own."""
    jobs = TransferJob.objects.filter(community=access.community).select_related("created_by")
    return jobs if access.has("residents.all_jobs") else jobs.filter(created_by=user)


def get_job_for(request, pk) -> TransferJob:
    """The job ``pk`` of this community (404 otherwise); only its creator or "residents.all_jobs" opens it (403)."""
    job = TransferJob.objects.filter(pk=pk, community=request.community).select_related("created_by").first()
    if job is None:
        raise Http404
    if not request.access.has("residents.all_jobs") and job.created_by_id != request.user.pk:
        raise PermissionDenied
    return job
