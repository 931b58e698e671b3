"""民族团结进步创建: 示范 from nomination to naming (counted from the naming day), commendations,
facilities, funding with receipts in the private storage (downloads audited), training, the
organisations counted with their members as they stood on a date, and the year's archive ZIP."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from community.models import AuditLog
from outreach.models import Commendation, FundingReceipt, Honour, OrganisationMember
from outreach.selectors import figures
from tests.conftest import with_edit_token
from tests.factories import BuildingFactory, HouseholdFactory, ResidentFactory
from tests.outreach.factories import (
    CommendationFactory,
    FacilityFactory,
    FundingFactory,
    HonourFactory,
    JointVisitFactory,
    MemberFactory,
    OrganisationFactory,
    ReceiptFactory,
    ReligiousFigureFactory,
    TrainingFactory,
)

TODAY = datetime.date.today()


def _values(world, on, year=None):
    return figures.register_figures(world.a, on, year or on.year)


def test_a_model_household_counts_from_its_naming_until_revoked(world):
    HonourFactory(
        community=world.a,
        year=2024,
        stage="named",
        nominated_on=datetime.date(2024, 3, 1),
        named_on=datetime.date(2024, 6, 28),
        revoked_on=datetime.date(2025, 8, 1),
    )
    HonourFactory(
        community=world.a,
        year=2025,
        stage="named",
        nominated_on=datetime.date(2025, 3, 1),
        named_on=datetime.date(2025, 6, 28),
    )
    HonourFactory(
        community=world.a,
        year=2025,
        stage="assessed",
        nominated_on=datetime.date(2025, 3, 1),
        assessed_on=datetime.date(2025, 5, 1),
    )
    assert _values(world, datetime.date(2024, 12, 31))["model_households"] == 1
    mid = _values(world, datetime.date(2025, 7, 1))
    assert (mid["model_households"], mid["nominations"]) == (2, 2)
    assert _values(world, datetime.date(2025, 12, 31))["model_households"] == 1


def _honour_post(world, **extra):
    member = ResidentFactory(household=HouseholdFactory(community=world.a))
    data = {
        "kind": "household",
        "year": 2026,
        "level": "community",
        "household_member": member.pk,
        "stage": "nominated",
        "nominated_on": "2026-03-01",
        "reason": "邻里和睦，热心公益。",
    }
    data.update(extra)
    return data


def test_staff_nominate_a_household_and_name_it_later(world, client_for):
    client = client_for("staff")
    assert client.post("/c/HLS/outreach/creation/honours/new/", _honour_post(world)).status_code == 302
    honour = Honour.objects.get()
    assert honour.household is not None and honour.building is None
    data = _honour_post(world, stage="named", assessed_on="2026-05-20", named_on="2026-06-28")
    data["household_member"] = honour.household.members.first().pk
    url = f"/c/HLS/outreach/creation/honours/{honour.pk}/edit/"
    assert client.post(url, with_edit_token(client, url, data)).status_code == 302
    honour.refresh_from_db()
    assert (honour.stage, honour.named_on) == ("named", datetime.date(2026, 6, 28))
    assert AuditLog.objects.filter(action="outreach.honour.update", data__stage="named").exists()


def test_an_honour_explains_what_is_missing_next_to_the_field(world, client_for):
    client = client_for("staff")
    page = client.post(
        "/c/HLS/outreach/creation/honours/new/", _honour_post(world, stage="named", named_on="2026-01-01")
    ).content.decode()
    assert "日期应按推荐、考评、命名、撤销的先后顺序填写" in page
    data = _honour_post(world, kind="building")
    page = client.post("/c/HLS/outreach/creation/honours/new/", data).content.decode()
    assert "请选择示范创建的对象" in page and "邻里和睦，热心公益。" in page
    theirs = BuildingFactory(compound__grid__community=world.b)
    page = client.post(
        "/c/HLS/outreach/creation/honours/new/", {**data, "building": theirs.pk}
    ).content.decode()
    assert "选择一个有效的选项" in page or "所选对象不属于本社区" in page
    assert not Honour.objects.exists()


def test_a_commendation_is_of_a_resident_or_a_named_person(world, client_for):
    client = client_for("staff")
    base = {
        "title": "好邻居",
        "year": 2026,
        "level": "community",
        "awarded_on": "2026-03-08",
        "awarded_by": "居委会",
    }
    page = client.post("/c/HLS/outreach/creation/commendations/new/", base).content.decode()
    assert "请搜索选择受表彰的居民，或填写姓名" in page
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马桂兰")
    assert (
        client.post(
            "/c/HLS/outreach/creation/commendations/new/", {**base, "resident": person.pk}
        ).status_code
        == 302
    )
    assert Commendation.objects.get().person_name == "马桂兰"
    assert _values(world, datetime.date(2026, 12, 31))["commendations"] == 1
    assert _values(world, datetime.date(2026, 3, 7))["commendations"] == 0


def test_facilities_count_while_in_use_and_their_area_adds_up(world):
    FacilityFactory(community=world.a, area_m2=45, since=datetime.date(2009, 10, 1))
    FacilityFactory(community=world.a, kind="board", area_m2=None, since=datetime.date(2010, 5, 1))
    FacilityFactory(
        community=world.a, area_m2=120, since=datetime.date(2009, 10, 1), until=datetime.date(2020, 1, 1)
    )
    then = _values(world, datetime.date(2019, 6, 1))
    assert (then["facilities"], then["facility_area"]) == (3, 165)
    values = _values(world, datetime.date(2026, 6, 1))
    assert (values["facilities"], values["facility_area"]) == (2, 45)


def test_funding_and_training_count_in_their_year_up_to_the_date(world):
    FundingFactory(community=world.a, date=datetime.date(2026, 2, 10), amount="8000.00")
    FundingFactory(community=world.a, date=datetime.date(2026, 9, 18), amount="5000.50")
    FundingFactory(community=world.a, date=datetime.date(2025, 9, 18), amount="999")
    training = TrainingFactory(
        community=world.a, date=datetime.date(2026, 3, 28), hours="3", other_trainee_count=5
    )
    training.trainees.set([world.users["staff"], world.users["grid"]])
    TrainingFactory(community=world.a, date=datetime.date(2026, 10, 1), hours="1.5", other_trainee_count=2)
    values = _values(world, datetime.date(2026, 6, 30))
    assert (values["funding"], values["funding_entries"], values["trainings"], values["trainees"]) == (
        8000,
        1,
        1,
        7,
    )
    values = _values(world, datetime.date(2026, 12, 31))
    assert (values["funding"], values["trainees"], values["training_hours"]) == (
        Decimal("13000.50"),
        9,
        Decimal("4.5"),
    )


def test_a_receipt_is_checked_by_its_bytes_stored_privately_and_its_download_audited(
    world, client_for, settings
):
    funding = FundingFactory(community=world.a)
    client = client_for("staff")
    fake = SimpleUploadedFile("发票.pdf", b"MZ this is no pdf", content_type="application/pdf")
    client.post(f"/c/HLS/outreach/creation/funding/{funding.pk}/receipts/", {"file": fake})
    assert not FundingReceipt.objects.exists()
    real = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    assert (
        client.post(f"/c/HLS/outreach/creation/funding/{funding.pk}/receipts/", {"file": real}).status_code
        == 302
    )
    receipt = FundingReceipt.objects.get()
    assert (settings.PRIVATE_ROOT / "receipts" / receipt.storage_name).read_bytes() == b"%PDF-1.4 receipt"
    assert AuditLog.objects.filter(action="outreach.funding.receipt", object_id=str(funding.pk)).exists()
    response = client_for("secretary").get(f"/c/HLS/outreach/creation/receipts/{receipt.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 receipt"
    assert AuditLog.objects.filter(action="outreach.funding.receipt_download", username="secretary").exists()


@pytest.mark.parametrize(("persona", "status"), [("grid", 403), ("street", 403), ("outsider", 404)])
def test_receipts_are_not_served_to_roles_without_the_register(world, client_for, persona, status):
    receipt = ReceiptFactory(funding=FundingFactory(community=world.a))
    code = "XBG" if persona == "outsider" else "HLS"
    assert client_for(persona).get(f"/c/{code}/outreach/creation/receipts/{receipt.pk}/").status_code == (
        404 if persona == "outsider" else status
    )
    assert not AuditLog.objects.filter(action="outreach.funding.receipt_download").exists()


def test_organisations_and_their_members_count_as_they_stood_on_the_date(world, client_for):
    group = OrganisationFactory(
        community=world.a,
        kind="party_group",
        name="“民族团结”特色党小组",
        founded_on=datetime.date(2012, 7, 1),
    )
    old = OrganisationFactory(
        community=world.a, kind="team", name="治安巡逻队", founded_on=datetime.date(2010, 9, 1)
    )
    OrganisationFactory(community=world.a, kind="volunteer", name="第一网格“一格十员”", grid_id=None)
    member = MemberFactory(organisation=group, name="马建华")
    MemberFactory(organisation=group, name="王丽", joined_on=datetime.date(2026, 5, 1))
    client = client_for("staff")
    # The team is struck off: it counts until that day.
    url = f"/c/HLS/outreach/organisations/{old.pk}/edit/"
    response = client.post(
        url,
        with_edit_token(
            client,
            url,
            {
                "kind": "team",
                "name": "治安巡逻队",
                "unregistered_members": 0,
                "founded_on": "2010-09-01",
                "dissolved_on": "2026-03-01",
            },
        ),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.dissolved_on == datetime.date(2026, 3, 1) and not old.is_active
    # A member leaves today: the row is kept; past figures still count them.
    assert (
        client.post(f"/c/HLS/outreach/organisations/{group.pk}/members/{member.pk}/remove/").status_code
        == 302
    )
    member = OrganisationMember.all_objects.get(pk=member.pk)
    assert member.left_on == TODAY and not group.members.filter(pk=member.pk).exists()
    before = _values(world, datetime.date(2026, 2, 1))
    assert (before["party_groups"], before["party_group_members"], before["teams"]) == (1, 1, 2)
    now = _values(world, TODAY)
    assert (now["party_groups"], now["party_group_members"], now["teams"]) == (1, 1, 1)
    # Re-joining after leaving is a new membership, allowed by the uniqueness of current members only.
    resident = ResidentFactory(household=HouseholdFactory(community=world.a))
    client.post(
        f"/c/HLS/outreach/organisations/{group.pk}/members/", {"resident": resident.pk, "role": "member"}
    )
    row = group.members.get(resident=resident)
    client.post(f"/c/HLS/outreach/organisations/{group.pk}/members/{row.pk}/remove/")
    client.post(
        f"/c/HLS/outreach/organisations/{group.pk}/members/", {"resident": resident.pk, "role": "member"}
    )
    assert OrganisationMember.all_objects.filter(resident=resident).count() == 2


def test_the_archive_is_one_zip_with_an_index_the_registers_and_the_receipts(world, client_for):
    year = TODAY.year - 1
    FundingFactory(community=world.a, date=datetime.date(year, 3, 2), purpose="宣传展板制作")
    receipt = ReceiptFactory(
        funding=FundingFactory(community=world.a, date=datetime.date(year, 4, 8), purpose="开斋节慰问")
    )
    figure = ReligiousFigureFactory(community=world.a, phone="13893112345")
    JointVisitFactory(community=world.a, site=figure.site, date=datetime.date(year, 5, 6))
    CommendationFactory(community=world.a, year=year, awarded_on=datetime.date(year, 9, 26), name="马桂兰")
    response = client_for("secretary").get(f"/c/HLS/outreach/creation/archive/?year={year}")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[-1] == "00_目录.html" and "06_民族工作经费.xlsx" in names
    receipts = [n for n in names if n.startswith("06_经费票据/")]
    assert len(receipts) == 1 and archive.read(receipts[0]) == b"%PDF-1.4 test"
    index = archive.read("00_目录.html").decode()
    for name in names:
        if not name.startswith("06_经费票据/") and name != "00_目录.html":
            assert f'href="{name}"' in index
    assert "表彰先进" in index and "13893112345" not in index
    funding = load_workbook(io.BytesIO(archive.read("06_民族工作经费.xlsx"))).active
    rows = list(funding.iter_rows(values_only=True))
    assert (
        rows[0][:4] == ("日期", "金额（元）", "来源", "用途") and len(rows) == 4
    )  # header, 2 entries, total
    for name in names:
        if name.endswith(".xlsx"):
            for sheet in load_workbook(io.BytesIO(archive.read(name))):
                assert all(
                    "13893112345" not in str(v) for row in sheet.iter_rows(values_only=True) for v in row
                )
    log = AuditLog.objects.get(action="outreach.creation.archive")
    assert log.data["year"] == year and log.username == "secretary"
    assert str(receipt.pk)[:8] in receipts[0]
