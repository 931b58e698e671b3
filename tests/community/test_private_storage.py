"""The private storage: a folder by default, an S3-compatible bucket when configured (a real one here:
moto's S3 server on a local port, spoken to over HTTP by django-storages and boto3)."""

import hashlib
import io
import os
import stat
import time
import uuid
import zipfile
from importlib import import_module

import boto3
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from community.storage import PrivateFileSystemStorage, local_copy, private_storage
from outreach.models import Agreement
from reports.exporters import get_exporter
from reports.models import ReportArchive, Submission
from reports.services import report_generate
from residents.transfer import uploads
from residents.transfer.importer import residents_import
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import AgreementFactory
from tests.transfer.helpers import person, xlsx
from tests.welfare.factories import CaseFactory
from tests.welfare.test_import import _book
from welfare.models import Case

PDF = b"%PDF-1.4 \xe8\xaf\x81\xe6\x98\x8e private bytes"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


def _case(world):
    return CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)))


# The folder (the default) -------------------------------------------------------------------------


def test_the_default_keeps_files_under_private_root_readable_by_the_service_only(private_root):
    storage = private_storage()
    assert isinstance(storage, PrivateFileSystemStorage)
    name = storage.save("attachments/proof.pdf", ContentFile(PDF))
    path = private_root / name
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_private_files_have_no_url(private_root):
    name = private_storage().save("archive/report.pdf", ContentFile(PDF))
    with pytest.raises(ValueError):
        private_storage().url(name)


def test_the_folder_follows_private_root_when_a_test_moves_it(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "one"
    private_storage().save("uploads/a.json", ContentFile(b"{}"))
    settings.PRIVATE_ROOT = tmp_path / "two"
    assert not private_storage().exists("uploads/a.json")
    assert (tmp_path / "one" / "uploads" / "a.json").is_file()


def test_a_local_copy_of_a_folder_file_is_the_file_itself(private_root):
    name = private_storage().save("uploads/x.xlsx", ContentFile(b"sheet"))
    with local_copy(name) as path:
        assert path == private_root / name
    assert (private_root / name).is_file()  # nothing deleted
    with pytest.raises(FileNotFoundError), local_copy("uploads/missing.xlsx"):
        pass


def test_an_attachment_lands_in_the_folder_and_is_served_back(world, client_for, private_root):
    case = _case(world)
    client = client_for("staff")
    client.post(
        reverse("welfare:attach", kwargs={"code": "HLS", "pk": case.pk}),
        {"file": SimpleUploadedFile("证明.pdf", PDF, "application/pdf")},
    )
    attachment = case.attachments.get()
    assert (private_root / "attachments" / attachment.storage_name).read_bytes() == PDF
    response = client.get(reverse("welfare:attachment", kwargs={"code": "HLS", "pk": attachment.pk}))
    assert b"".join(response.streaming_content) == PDF


def test_the_sweep_deletes_uploads_older_than_a_day_and_keeps_fresh_ones(world, private_root):
    old = uploads.store(b"old", name="old.xlsx", community=world.a, user=world.users["staff"])
    fresh = uploads.store(b"fresh", name="fresh.xlsx", community=world.a, user=world.users["staff"])
    day_ago = time.time() - uploads.MAX_AGE_SECONDS - 60
    for suffix in (".xlsx", ".json"):
        os.utime(private_root / "uploads" / f"{old}{suffix}", (day_ago, day_ago))
    uploads.sweep()
    assert sorted(p.name for p in (private_root / "uploads").iterdir()) == [f"{fresh}.json", f"{fresh}.xlsx"]


# An S3-compatible bucket ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, tmp_path, monkeypatch):
    """A fresh bucket per test, and STORAGES["private"] pointed at it (the folder must stay empty)."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    name = f"tongxin-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_server,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "location": "tongxin",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }

    def keys() -> list[str]:
        return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))

    def body(key: str) -> bytes:
        return client.get_object(Bucket=name, Key=key)["Body"].read()

    yield keys, body
    assert not settings.PRIVATE_ROOT.exists()  # nothing went to the folder


def test_the_configured_bucket_is_the_private_storage(bucket):
    keys, body = bucket
    assert isinstance(private_storage(), S3Storage)
    name = private_storage().save("uploads/probe.txt", ContentFile(b"probe"))
    assert keys() == [f"tongxin/{name}"] and body(f"tongxin/{name}") == b"probe"


def test_a_welfare_attachment_goes_to_the_bucket_and_is_served_back(world, client_for, bucket):
    keys, body = bucket
    case = _case(world)
    client = client_for("staff")
    client.post(
        reverse("welfare:attach", kwargs={"code": "HLS", "pk": case.pk}),
        {"file": SimpleUploadedFile("证明.pdf", PDF, "application/pdf")},
    )
    attachment = case.attachments.get()
    assert keys() == [f"tongxin/attachments/{attachment.storage_name}"]
    assert body(keys()[0]) == PDF
    response = client.get(reverse("welfare:attachment", kwargs={"code": "HLS", "pk": attachment.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_report_archive_is_stored_in_the_bucket_downloaded_and_zipped(world, client_for, bucket):
    keys, body = bucket
    exporter = get_exporter("street-rollup")(street=world.street)
    archive = report_generate(
        exporter=exporter,
        form_data={"year": 2026, "date": "2026-06-30", "format": "xlsx"},
        actor=world.users["street"],
    )
    key = f"tongxin/archive/{archive.storage_name}"
    assert keys() == [key]
    assert hashlib.sha256(body(key)).hexdigest() == archive.sha256
    client = client_for("street")
    response = client.get(reverse("street:download", kwargs={"street_id": world.street.pk, "pk": archive.pk}))
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == archive.sha256
    # the street's ZIP reads its communities' accepted versions from the bucket (a row pointing at the same
    # file), and the roll-up itself
    version = ReportArchive.objects.create(
        community=world.a,
        report="work-report",
        title="t",
        year=2026,
        reference_date="2026-06-30",
        version=1,
        file_name="t.xlsx",
        content_type=archive.content_type,
        storage_name=archive.storage_name,
        size=archive.size,
        sha256=archive.sha256,
    )
    Submission.objects.create(
        archive=version, community=world.a, report="work-report", year=2026, status="accepted"
    )
    response = client.get(reverse("street:zip", kwargs={"street_id": world.street.pk}) + "?year=2026")
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert sorted(zf.namelist()) == sorted(["华林山社区/t.xlsx", archive.file_name, "清单.csv"])
        assert hashlib.sha256(zf.read("华林山社区/t.xlsx")).hexdigest() == archive.sha256
        assert hashlib.sha256(zf.read(archive.file_name)).hexdigest() == archive.sha256


def test_a_residents_import_upload_is_kept_in_the_bucket_and_read_through_a_local_copy(world, bucket):
    keys, body = bucket
    content = xlsx([person()])
    token = uploads.store(content, name="居民.xlsx", community=world.a, user=world.users["staff"])
    assert keys() == [f"tongxin/uploads/{token}.json", f"tongxin/uploads/{token}.xlsx"]
    stored = uploads.load(token, community=world.a, user=world.users["staff"])
    assert stored.name == "居民.xlsx"
    with stored.local_path() as path:
        assert path.read_bytes() == content
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        result = residents_import(community=world.a, path=path, source=stored.name, dry_run=True)
        assert result.new == 1
    assert not path.exists()  # the copy is gone, the upload stays until it is confirmed
    with pytest.raises(Http404):  # another user's upload: missing and not yours look alike
        uploads.load(token, community=world.a, user=world.users["secretary"])
    uploads.discard(token)
    assert keys() == []


def test_the_sweep_deletes_old_uploads_from_the_bucket(world, bucket):
    keys, body = bucket
    token = uploads.store(b"sheet", name="a.xlsx", community=world.a, user=world.users["staff"])
    uploads.sweep()  # a day has not passed: kept
    assert keys() == [f"tongxin/uploads/{token}.json", f"tongxin/uploads/{token}.xlsx"]
    uploads.sweep(max_age=-60)  # everything stored before a minute from now counts as old
    assert keys() == []


def test_a_welfare_import_is_read_from_the_bucket(world, client_for, bucket, tmp_path):
    keys, body = bucket
    ma = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    book = _book(
        tmp_path / "w.xlsx", [[1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02", None, "", ""]]
    )
    client = client_for("staff")
    preview = client.post(
        reverse("welfare:import", kwargs={"code": "HLS"}),
        {"file": SimpleUploadedFile("救助.xlsx", book.read_bytes())},
    )
    assert preview.status_code == 200 and "新增1" in preview.content.decode()
    assert {k.split("/")[1] for k in keys()} == {"uploads"}  # the workbook and its owner (uploads.py)
    client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}))
    assert Case.objects.get().resident == ma
    assert keys() == []  # the upload is deleted once imported


def test_an_agreement_scan_goes_to_the_bucket_and_is_served_back(world, client_for, bucket):
    keys, body = bucket
    agreement = AgreementFactory(community=world.a, with_file=True)
    assert agreement.file.name.startswith(f"agreements/{world.a.pk}/")
    assert keys() == [f"tongxin/{agreement.file.name}"]
    response = client_for("staff").get(f"/c/HLS/outreach/agreements/{agreement.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_the_migration_puts_agreements_stored_before_it_under_agreements(world, private_root):
    migration = import_module("outreach.migrations.0003_agreements_in_private_storage")
    older = AgreementFactory(community=world.a)
    newer = AgreementFactory(community=world.a)
    Agreement.objects.filter(pk=older.pk).update(file="7/abc/20260105.pdf")  # a name from before the storage
    Agreement.objects.filter(pk=newer.pk).update(file="agreements/7/def/20260105.pdf")
    migration.prefix_names(apps, None)
    names = dict(Agreement.objects.values_list("pk", "file"))
    assert names == {older.pk: "agreements/7/abc/20260105.pdf", newer.pk: "agreements/7/def/20260105.pdf"}
    migration.strip_names(apps, None)
    assert Agreement.objects.get(pk=older.pk).file.name == "7/abc/20260105.pdf"
