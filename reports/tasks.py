"""Background generation of reports (Django's task interface; see settings.TASKS).

``report_enqueue`` records a job and enqueues it; the task generates through ``services.report_generate``
(tasks read services, never the other way round).
"""

from django.utils import timezone
from django_tasks import task

from community.audit import AuditAction, log_action

from .exporters import Exporter, ExportError, get_exporter
from .models import ReportJob, ReportJobStatus
from .services import report_generate


@task()
def run_report_job(job_id: str) -> str:
    """Generate the report of ``job_id`` and archive it; the job records progress and outcome."""
    job = ReportJob.objects.select_related("community", "street", "created_by").get(pk=job_id)
    if job.status == ReportJobStatus.DONE:
        return str(job.archive_id)  # a re-delivered job is not generated twice
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJobStatus.RUNNING)
    cls = get_exporter(job.report)
    exporter = cls(community=job.community) if cls.scope == "community" else cls(street=job.street)
    try:
        archive = report_generate(exporter=exporter, form_data=job.form_data, actor=job.created_by)
    except (ExportError, ValueError) as exc:
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJobStatus.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return ""
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJobStatus.DONE, archive=archive, finished_at=timezone.now()
    )
    return str(archive.pk)


def report_enqueue(*, exporter: Exporter, form_data: dict, actor):
    """Record a job and hand it to the task backend (a worker, or at once in-process)."""
    job = ReportJob.objects.create(
        community=exporter.community,
        street=exporter.street,
        report=exporter.identifier,
        form_data=form_data,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(
        AuditAction.REPORT_QUEUE,
        user=actor,
        community=exporter.community,
        obj=job,
        data={"report": exporter.identifier},
    )
    run_report_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job
