"""Archives, signed versions and submissions for the tests of 审核签发 and 上报, without rendering a PDF."""

import hashlib
import uuid

from django.core.files.base import ContentFile

from community.storage import private_storage
from reports.models import ReportArchive
from reports.submissions import services


def pdf_archive(community, *, report="work-report", year=2026, user=None) -> ReportArchive:
    """The next version of ``report`` for ``community``: a small stored file with its true SHA-256."""
    content = f"%PDF-1.4 {community.code} {report} {uuid.uuid4().hex}".encode()
    stored = private_storage().save(f"archive/{uuid.uuid4().hex}.pdf", ContentFile(content))
    version = ReportArchive.objects.filter(community=community, report=report, year=year).count() + 1
    return ReportArchive.objects.create(
        community=community,
        report=report,
        title=f"{community.name}{year}年{report}",
        year=year,
        reference_date=f"{year}-06-30",
        version=version,
        file_name=f"{report}-{version}.pdf",
        content_type="application/pdf",
        storage_name=stored.removeprefix("archive/"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=user,
    )


def signed(community, user, **kwargs) -> ReportArchive:
    return services.archive_sign_off(archive=pdf_archive(community, user=user, **kwargs), actor=user)


def submitted(community, user, **kwargs):
    return services.report_submit(archive=signed(community, user, **kwargs), actor=user)


def information_report(community, user=None, **extra):
    """An information report as submitted through the service (with its 报送 step)."""
    from datetime import date

    from reports.information import services as information

    data = {
        "category": "ethnic_religious",
        "urgency": "normal",
        "title": "清真寺主麻日人数增多",
        "text": "本周五主麻日礼拜人数较往常增多约两百人。",
        "occurred_on": date(2026, 3, 6),
        "informant": "马建国",
    }
    data.update(extra)
    return information.information_submit(community=community, data=data, files=[], actor=user)
