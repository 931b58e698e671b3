"""导入与导出 in the permission matrix.

Import (upload, preview, confirm, cancel, refused rows) is for community staff only: grid workers hold
"residents.edit" but get 403 from the view. The stored upload is made for the staff persona inside the
kwargs lambda (another user's upload is 404, tested in test_views.py).

A job (its page and an export's download) is for its creator and community staff: the job here is the
staff persona's export, so the secretary and the grid worker, who may read the registry, get 403.
"""

from residents.ledgers import LEDGERS
from residents.transfer import jobs, uploads
from tests.routes import community_page
from tests.transfer.helpers import person, xlsx

EDITORS = {"staff", "grid"}
IMPORTERS = {"staff"}
READERS = {"staff", "secretary", "grid"}


def _upload(world):
    token = uploads.store(xlsx([person()]), name="居民.xlsx", community=world.a, user=world.users["staff"])
    return {"code": world.a.code, "token": token}


def _checked_upload(world):
    """An upload whose check is done (its outcome kept), as after the preview."""
    from residents.transfer.importer import residents_import

    kwargs = _upload(world)
    stored = uploads.load(kwargs["token"], community=world.a, user=world.users["staff"])
    with stored.local_path() as path:
        uploads.save_result(
            stored.token, residents_import(community=world.a, path=path, source=stored.name, dry_run=True)
        )
    return kwargs


def _failed_export_job(world):
    from residents.models import TransferJob

    kwargs = _export_job(world)
    TransferJob.objects.filter(pk=kwargs["pk"]).update(status="failed", error="测试")
    return kwargs


def _export_job(world):
    job = jobs.export_enqueue(
        community=world.a,
        ledger=LEDGERS["residents"],
        rows=0,
        full_ids=True,
        restricted_allowed=True,
        actor=world.users["staff"],
    )
    assert job.status == "done", job.error
    return {"code": world.a.code, "pk": job.pk}


def _redirects(allowed, kwargs):
    route = community_page(allowed, kwargs=kwargs, method="post")
    route.expect = {p: 302 if code == 200 else code for p, code in route.expect.items()}
    return route


ROUTES = {
    "transfer:index": community_page(EDITORS),
    "transfer:template": community_page(IMPORTERS),
    # An empty POST re-renders the form with its errors (200).
    "transfer:upload": community_page(IMPORTERS, method="post"),
    "transfer:preview": community_page(IMPORTERS, kwargs=_upload),
    "transfer:refused": community_page(IMPORTERS, kwargs=_checked_upload),
    "transfer:confirm": _redirects(IMPORTERS, kwargs=_upload),
    "transfer:cancel": _redirects(IMPORTERS, kwargs=_upload),
    "transfer:export": community_page(READERS, data=lambda world: {"ledger": "residents"}),
    "transfer:job": community_page(IMPORTERS, kwargs=_export_job),
    "transfer:job_download": community_page(IMPORTERS, kwargs=_export_job),
    # A failed job is submitted again: its creator (or community staff) is sent to the new job's page.
    "transfer:job_retry": _redirects(IMPORTERS, kwargs=_failed_export_job),
}
