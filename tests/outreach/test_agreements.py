"""责任书 for persons under community correction: restricted, stored privately, served audited."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import AuditLog
from outreach.models import Agreement
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import AgreementFactory, VisitFactory


@pytest.fixture
def agreement(world):
    return AgreementFactory(community=world.a, with_file=True)


def test_the_file_is_stored_under_the_private_root(agreement):
    path = agreement.file.path
    assert path.startswith(str(settings.PRIVATE_ROOT / "agreements"))
    assert not path.startswith(str(settings.MEDIA_ROOT)) if getattr(settings, "MEDIA_ROOT", "") else True


def test_staff_open_the_file_and_the_opening_is_audited(world, agreement, client_for):
    response = client_for("staff").get(f"/c/HLS/outreach/agreements/{agreement.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    log = AuditLog.objects.get(action="outreach.agreement.download")
    assert log.object_id == str(agreement.pk) and log.username == "staff"


@pytest.mark.parametrize(("persona", "status"), [("grid", 403), ("street", 403), ("outsider", 404)])
def test_roles_without_the_restricted_permission_are_refused(world, agreement, client_for, persona, status):
    client = client_for(persona)
    assert client.get(f"/c/HLS/outreach/agreements/{agreement.pk}/file/").status_code == status
    assert client.get("/c/HLS/outreach/agreements/").status_code == status
    assert not AuditLog.objects.filter(action="outreach.agreement.download").exists()


def test_the_outsider_cannot_open_another_communitys_agreement_from_their_own_community(world, client_for):
    theirs = AgreementFactory(community=world.a, with_file=True)
    # staff_b is staff of XBG and holds residents.view_restricted there: the A agreement is simply missing.
    assert client_for("outsider").get(f"/c/XBG/outreach/agreements/{theirs.pk}/file/").status_code == 404


def test_staff_upload_an_agreement_for_a_person_under_correction(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), is_correction=True, name="马某")
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 agreement", content_type="application/pdf")
    response = client_for("staff").post(
        "/c/HLS/outreach/agreements/new/",
        {
            "resident": person.pk,
            "signed_on": "2026-01-05",
            "term_start": "2026-01-05",
            "term_end": "2026-12-31",
            "guardian": "社区帮教小组",
            "file": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get(resident=person)
    assert agreement.file.path.startswith(str(settings.PRIVATE_ROOT / "agreements"))
    assert AuditLog.objects.filter(action="outreach.agreement.create").exists()


def test_an_agreement_is_refused_for_someone_not_under_correction_and_for_bad_files(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a))
    upload = SimpleUploadedFile("scan.exe", b"MZ", content_type="application/octet-stream")
    response = client_for("staff").post(
        "/c/HLS/outreach/agreements/new/",
        {
            "resident": person.pk,
            "signed_on": "2026-01-05",
            "term_start": "2026-01-05",
            "term_end": "2025-12-31",
            "file": upload,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "只能上传 PDF、JPG 或 PNG 文件" in html
    assert not Agreement.objects.exists()


def test_correction_visits_are_hidden_from_roles_without_the_restricted_permission(world, client_for):
    person = ResidentFactory(
        household=HouseholdFactory(community=world.a), is_correction=True, name="帮教对象甲"
    )
    visit = VisitFactory(
        community=world.a,
        household=person.household,
        resident=person,
        purpose="correction",
        date=datetime.date.today(),
    )
    visit.household.grid.workers.add(world.users["grid"])
    assert "帮教对象甲" in client_for("staff").get("/c/HLS/outreach/visits/").content.decode()
    grid = client_for("grid")
    assert "帮教对象甲" not in grid.get("/c/HLS/outreach/visits/").content.decode()
    assert grid.get(f"/c/HLS/outreach/visits/{visit.pk}/edit/").status_code == 404


def test_finding_low_an_agreement_upload_is_checked_by_its_bytes_not_its_name(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), is_correction=True, name="马某")
    fake = SimpleUploadedFile(
        "scan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    data = {
        "resident": person.pk,
        "signed_on": "2026-01-05",
        "term_start": "2026-01-05",
        "term_end": "2026-12-31",
    }
    response = client_for("staff").post("/c/HLS/outreach/agreements/new/", {**data, "file": fake})
    assert "按文件内容判断" in response.content.decode()
    assert not Agreement.objects.exists()
    # a real PNG named .pdf is kept as what it is
    png = SimpleUploadedFile("scan.pdf", b"\x89PNG\r\n\x1a\n rest", content_type="application/pdf")
    assert (
        client_for("staff").post("/c/HLS/outreach/agreements/new/", {**data, "file": png}).status_code == 302
    )
    assert Agreement.objects.get().file.name.endswith(".png")


def test_finding_low_an_agreement_is_served_as_a_download_with_its_real_type(world, agreement, client_for):
    response = client_for("staff").get(f"/c/HLS/outreach/agreements/{agreement.pk}/file/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
