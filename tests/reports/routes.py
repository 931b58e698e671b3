from datetime import date

from tests.factories import UserFactory
from tests.routes import community_page, global_page, street_page

REPORTERS = {"staff", "secretary", "street"}


def _archive(world):
    from reports.exporters import get_exporter
    from reports.services import report_generate

    exporter = get_exporter("street-rollup")(street=world.street)
    return report_generate(
        exporter=exporter,
        form_data={"year": 2026, "date": "2026-06-30", "format": "xlsx"},
        actor=UserFactory(),
    )


def _community_archive(world):
    from reports.models import ReportArchive

    archive = _archive(world)
    # A community archive row pointing at the same stored file (rendering a PDF here would be slow); the next
    # version, as the database allows one archive per version.
    version = ReportArchive.objects.filter(community=world.a, report="work-report", year=2026).count() + 1
    return ReportArchive.objects.create(
        community=world.a,
        report="work-report",
        title="t",
        year=2026,
        reference_date="2026-06-30",
        version=version,
        file_name="t.xlsx",
        content_type=archive.content_type,
        storage_name=archive.storage_name,
        size=archive.size,
        sha256=archive.sha256,
    )


def _job(world):
    from reports.models import ReportJob

    return ReportJob.objects.create(
        community=world.a, report="work-report", form_data={}, status="failed", error="x"
    )


def _pdf(world):
    from tests.reports.submission_helpers import pdf_archive

    return pdf_archive(world.a, user=world.users["secretary"])


def _signed(world):
    from tests.reports.submission_helpers import signed

    return signed(world.a, world.users["secretary"], year=date.today().year)


def _submitted(world):
    """The community's open 上报 (one report and year has at most one: reused when several routes ask)."""
    from reports.models import Submission, SubmissionStatus
    from tests.reports.submission_helpers import submitted

    open_one = Submission.objects.filter(community=world.a, status=SubmissionStatus.PENDING).first()
    # of this year: the street's home opens on the current year, and the crawl must find it from there
    return open_one or submitted(world.a, world.users["secretary"], year=date.today().year)


def _info(world):
    """The community's information report (reused when several routes ask: one report whose page links
    its attachment, as the crawl of tests/test_reachability.py follows it)."""
    from reports.models import InformationReport
    from tests.reports.submission_helpers import information_report

    existing = InformationReport.objects.filter(community=world.a).order_by("pk").first()
    return existing or information_report(world.a, world.users["staff"])


def _info_attachment(world):
    import uuid

    from django.core.files.base import ContentFile

    from community.storage import private_storage
    from reports.models import InformationAttachment

    report = _info(world)
    stored = private_storage().save(f"information/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4 x"))
    return InformationAttachment.objects.create(
        report=report,
        step=report.steps.order_by("pk").first(),
        file_name="现场.pdf",
        content_type="application/pdf",
        storage_name=stored.removeprefix("information/"),
        size=10,
    )


INFO_FORM = {
    "category": "dispute",
    "urgency": "urgent",
    "title": "邻里纠纷苗头",
    "occurred_on": "2026-03-01",
    "informant": "李建国",
    "text": "两户因停车发生口角。",
}


ROUTES = {
    "reports:index": community_page(REPORTERS),
    "reports:preview": community_page(
        REPORTERS, kwargs=lambda w: {"code": w.a.code, "identifier": "work-report"}
    ),
    # Generation redirects back to the reports page (with the outcome as a message).
    "reports:generate": global_page(
        {**community_page(REPORTERS).expect, **dict.fromkeys(REPORTERS, 302)},
        kwargs=lambda w: {"code": w.a.code, "identifier": "annual-plan"},
        method="post",
        data=lambda w: {"year": 2026},
    ),
    "reports:narratives": community_page(
        {"staff", "secretary"}, kwargs=lambda w: {"code": w.a.code, "identifier": "work-report"}
    ),
    "reports:download": community_page(
        REPORTERS, kwargs=lambda w: {"code": w.a.code, "pk": _community_archive(w).pk}
    ),
    "reports:figure_rows": community_page(
        {"staff", "secretary"}, kwargs=lambda w: {"code": w.a.code, "key": "registered"}
    ),
    "dashboard:community": community_page(REPORTERS),
    "reports:job": community_page(REPORTERS, kwargs=lambda w: {"code": w.a.code, "pk": _job(w).pk}),
    "street:dashboard": street_page({"street"}),
    "street:index": street_page({"street"}),
    "street:rollup": street_page(
        {"street"}, ok=302, method="post", data=lambda w: {"year": 2026, "format": "xlsx"}
    ),
    "street:zip": street_page({"street"}),  # the ZIP with its manifest, even when no version was accepted yet
    "street:download": street_page(
        {"street"}, kwargs=lambda w: {"street_id": w.street.pk, "pk": _archive(w).pk}
    ),
    # 审核签发 and 上报: the secretary only (a redirect back to the reports page with the outcome).
    "reports:signoff": global_page(
        {**community_page({"secretary"}).expect, "secretary": 302},
        kwargs=lambda w: {"code": w.a.code, "pk": _pdf(w).pk},
        method="post",
    ),
    "reports:submit": global_page(
        {**community_page({"secretary"}).expect, "secretary": 302},
        kwargs=lambda w: {"code": w.a.code, "pk": _signed(w).pk},
        method="post",
    ),
    "street:inbox": street_page({"street"}),
    "street:set_due": street_page(
        {"street"},
        ok=302,
        kwargs=lambda w: {"street_id": w.street.pk},
        method="post",
        data=lambda w: {"report": "work-report", "year": 2026, "due_on": "2026-12-20"},
    ),
    "street:submission": street_page(
        {"street"}, kwargs=lambda w: {"street_id": w.street.pk, "pk": _submitted(w).pk}
    ),
    "street:accept": street_page(
        {"street"},
        ok=302,
        kwargs=lambda w: {"street_id": w.street.pk, "pk": _submitted(w).pk},
        method="post",
    ),
    "street:return": street_page(
        {"street"},
        ok=302,
        kwargs=lambda w: {"street_id": w.street.pk, "pk": _submitted(w).pk},
        method="post",
        data=lambda w: {"comment": "请补充第三部分。"},
    ),
    # 信息报送: staff and the secretary write; the street office reads them in its own pages.
    "reports:info": community_page(REPORTERS),
    "reports:info_new": community_page({"staff", "secretary"}),
    "reports:info_resident_search": community_page({"staff", "secretary"}),
    "reports:info_detail": community_page(REPORTERS, kwargs=lambda w: {"code": w.a.code, "pk": _info(w).pk}),
    "reports:info_follow_up": global_page(
        {**community_page({"staff", "secretary"}).expect, "staff": 302, "secretary": 302},
        kwargs=lambda w: {"code": w.a.code, "pk": _info(w).pk},
        method="post",
        data=lambda w: {"text": "续报内容"},
    ),
    "reports:info_attachment": community_page(
        REPORTERS, kwargs=lambda w: {"code": w.a.code, "pk": _info_attachment(w).pk}
    ),
    "street:info": street_page({"street"}),
    "street:info_detail": street_page(
        {"street"}, kwargs=lambda w: {"street_id": w.street.pk, "pk": _info(w).pk}
    ),
    "street:info_acknowledge": street_page(
        {"street"},
        ok=302,
        kwargs=lambda w: {"street_id": w.street.pk, "pk": _info(w).pk},
        method="post",
    ),
    "street:info_answer": street_page(
        {"street"},
        ok=302,
        kwargs=lambda w: {"street_id": w.street.pk, "pk": _info(w).pk},
        method="post",
        data=lambda w: {"text": "已知悉"},
    ),
    "street:info_ask": street_page(
        {"street"},
        ok=302,
        kwargs=lambda w: {"street_id": w.street.pk, "pk": _info(w).pk},
        method="post",
        data=lambda w: {"text": "请续报处置情况"},
    ),
    "street:info_attachment": street_page(
        {"street"}, kwargs=lambda w: {"street_id": w.street.pk, "pk": _info_attachment(w).pk}
    ),
}

# The read API (reports/api/) is classified beside the pages of its app.
from tests.reports.api.routes import ROUTES as API_ROUTES  # noqa: E402

ROUTES.update(API_ROUTES)
