"""Background generation of reports (Django's task interface; see settings.TASKS)."""

from django.utils import timezone
from django_tasks import task

from .exporters import ExportError, get_exporter
from .models import ReportJob


@task()
def run_report_job(job_id: str) -> str:
    """Generate the report of ``job_id`` and archive it; the job records progress and outcome."""
    from .services import generate_report

    job = ReportJob.objects.select_related("community", "street", "created_by").get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return str(job.archive_id)  # a re-delivered job is not generated twice
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING)
    cls = get_exporter(job.report)
    exporter = cls(community=job.community) if cls.scope == "community" else cls(street=job.street)
    try:
        archive = generate_report(exporter=exporter, form_data=job.form_data, actor=job.created_by)
    except (ExportError, ValueError) as exc:
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return ""
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE, archive=archive, finished_at=timezone.now()
    )
    return str(archive.pk)
