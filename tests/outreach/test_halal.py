"""清真食品 oversight: shops open on a date, inspections with their rectifications (open as of a date,
done, overdue), complaints handled with a result; the rules are explained next to the field."""

import datetime

from community.models import AuditLog
from outreach.models import HalalComplaint, HalalInspection
from outreach.selectors import figures
from tests.outreach.factories import ComplaintFactory, EstablishmentFactory, InspectionFactory

TODAY = datetime.date.today()


def _values(world, on):
    return figures.register_figures(world.a, on, on.year)


def test_a_shop_counts_from_its_opening_until_it_closes(world):
    EstablishmentFactory(community=world.a, opened_on=datetime.date(2024, 5, 1))
    EstablishmentFactory(
        community=world.a, opened_on=datetime.date(2025, 3, 1), closed_on=datetime.date(2025, 9, 30)
    )
    EstablishmentFactory(
        community=world.a, opened_on=datetime.date(2025, 11, 1), licence_expires=datetime.date(2025, 10, 1)
    )
    assert _values(world, datetime.date(2025, 1, 31))["halal_shops"] == 1
    assert _values(world, datetime.date(2025, 9, 29))["halal_shops"] == 2
    assert _values(world, datetime.date(2025, 9, 30))["halal_shops"] == 1
    values = _values(world, datetime.date(2025, 12, 31))
    assert (values["halal_shops"], values["halal_expired"]) == (2, 1)


def test_a_rectification_is_open_until_the_day_it_was_done(world):
    InspectionFactory(
        community=world.a,
        date=datetime.date(2025, 3, 10),
        result="rectify",
        rectification="更换清真标识",
        rectification_due=datetime.date(2025, 3, 25),
        rectified_on=datetime.date(2025, 4, 2),
    )
    InspectionFactory(community=world.a, date=datetime.date(2025, 6, 12))
    assert _values(world, datetime.date(2025, 3, 9))["halal_open"] == 0
    before = _values(world, datetime.date(2025, 4, 1))
    assert (before["halal_open"], before["halal_rectified"], before["halal_inspections"]) == (1, 0, 1)
    after = _values(world, datetime.date(2025, 12, 31))
    assert (after["halal_open"], after["halal_rectified"], after["halal_inspections"]) == (0, 1, 2)


def test_a_complaint_is_open_until_handled_and_counted_in_its_year(world):
    ComplaintFactory(
        community=world.a,
        received_on=datetime.date(2025, 5, 3),
        handled_on=datetime.date(2025, 5, 20),
        result="已核查整改",
    )
    ComplaintFactory(community=world.a, received_on=datetime.date(2024, 12, 28))
    values = _values(world, datetime.date(2025, 5, 10))
    assert (values["halal_complaints"], values["halal_complaints_open"]) == (1, 2)
    assert _values(world, datetime.date(2025, 6, 1))["halal_complaints_open"] == 1


def _inspection(world, shop, **extra):
    data = {
        "establishment": shop.pk,
        "date": TODAY.isoformat(),
        "inspectors": "马晓燕",
        "departments": "市场监管所",
        "findings": "清真标识破损",
        "result": "rectify",
    }
    data.update(extra)
    return data


def test_a_rectification_needs_its_requirement_and_due_date(world, client_for):
    shop = EstablishmentFactory(community=world.a)
    client = client_for("staff")
    response = client.post("/c/HLS/outreach/halal/inspections/new/", _inspection(world, shop))
    page = response.content.decode()
    assert response.status_code == 200 and "限期整改请填写整改期限" in page and "请填写整改要求" in page
    assert "清真标识破损" in page  # input kept
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/c/HLS/outreach/halal/inspections/new/",
        _inspection(world, shop, rectification="更换标识", rectification_due=yesterday),
    )
    assert "整改期限不能早于检查日期" in response.content.decode()
    due = (TODAY + datetime.timedelta(days=15)).isoformat()
    response = client.post(
        "/c/HLS/outreach/halal/inspections/new/",
        _inspection(world, shop, rectification="更换标识", rectification_due=due),
    )
    assert response.status_code == 302
    assert HalalInspection.objects.get().is_open
    assert AuditLog.objects.filter(action="outreach.halal_inspection.create").exists()


def test_a_passed_inspection_carries_no_rectification(world, client_for):
    shop = EstablishmentFactory(community=world.a)
    due = (TODAY + datetime.timedelta(days=15)).isoformat()
    response = client_for("staff").post(
        "/c/HLS/outreach/halal/inspections/new/",
        _inspection(world, shop, result="passed", rectification="无", rectification_due=due),
    )
    assert response.status_code == 302
    inspection = HalalInspection.objects.get()
    assert (inspection.rectification, inspection.rectification_due) == ("", None)


def test_a_shop_of_another_community_cannot_be_inspected_or_seen(world, client_for):
    theirs = EstablishmentFactory(community=world.b)
    client = client_for("staff")
    response = client.post(
        "/c/HLS/outreach/halal/inspections/new/", _inspection(world, theirs, result="passed")
    )
    assert response.status_code == 200 and not HalalInspection.objects.exists()
    assert client.get(f"/c/HLS/outreach/halal/{theirs.pk}/").status_code == 404


def test_a_handled_complaint_needs_its_result(world, client_for):
    shop = EstablishmentFactory(community=world.a)
    data = {
        "establishment": shop.pk,
        "received_on": "2026-03-01",
        "channel": "hotline",
        "summary": "清真标识不清",
        "handled_on": "2026-02-20",
    }
    page = client_for("staff").post("/c/HLS/outreach/halal/complaints/new/", data).content.decode()
    assert "办结日期不能早于受理日期" in page and "办结的投诉请填写处理结果" in page
    data.update(handled_on="2026-03-05", result="已责令整改")
    assert client_for("staff").post("/c/HLS/outreach/halal/complaints/new/", data).status_code == 302
    assert HalalComplaint.objects.get().handled_on == datetime.date(2026, 3, 5)


def test_the_list_filters_expired_licences_and_open_rectifications(world, client_for):
    EstablishmentFactory(
        community=world.a, name="伊香园清真餐厅", licence_expires=TODAY - datetime.timedelta(days=3)
    )
    EstablishmentFactory(
        community=world.a, name="马记牛肉面馆", licence_expires=TODAY + datetime.timedelta(days=300)
    )
    page = client_for("secretary").get("/c/HLS/outreach/halal/?state=expired").content.decode()
    assert "伊香园清真餐厅" in page and "马记牛肉面馆" not in page
    for junk in ("?state=zzz", "?kind=<b>", "?sort=-nothing", "?page=abc"):
        assert client_for("secretary").get(f"/c/HLS/outreach/halal/{junk}").status_code == 200
