from tests.factories import UserFactory
from tests.routes import community_page, global_page, street_page

REPORTERS = {"staff", "secretary", "street"}


def _archive(world):
    from reports.exporters import get_exporter
    from reports.services import generate_report

    exporter = get_exporter("street-rollup")(street=world.street)
    return generate_report(exporter=exporter, form_data={"year": 2026, "date": "2026-06-30", "format": "xlsx"},
                           actor=UserFactory())  # fmt: skip


def _community_archive(world):
    from reports.models import ReportArchive

    archive = _archive(world)
    # A community archive row pointing at the same stored file (rendering a PDF here would be slow); the next
    # version, as the database allows one archive per version.
    version = ReportArchive.objects.filter(community=world.a, report="work-report", year=2026).count() + 1
    return ReportArchive.objects.create(
        community=world.a, report="work-report", title="t", year=2026, reference_date="2026-06-30", version=version,
        file_name="t.xlsx", content_type=archive.content_type, storage_name=archive.storage_name, size=archive.size,
        sha256=archive.sha256,
    )  # fmt: skip


def _job(world):
    from reports.models import ReportJob

    return ReportJob.objects.create(
        community=world.a, report="work-report", form_data={}, status="failed", error="x"
    )


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
    ),  # fmt: skip
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
    "street:zip": street_page({"street"}, ok=302),
    "street:download": street_page(
        {"street"}, kwargs=lambda w: {"street_id": w.street.pk, "pk": _archive(w).pk}
    ),
}

# The read API (reports/api/) is classified beside the pages of its app.
from tests.reports.api.routes import ROUTES as API_ROUTES  # noqa: E402

ROUTES.update(API_ROUTES)
