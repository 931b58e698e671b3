"""导出 on the welfare lists, visits, disputes and the rows behind a figure: the ledgers' writer, the page's
filters, ID numbers masked, every export audited, and the same queries for 5 rows as for 50."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from community.models import AuditLog
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import DisputeFactory, VisitFactory
from tests.welfare.factories import CaseFactory, btype


def _sheet(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in ws.iter_rows(min_row=2, values_only=True)]


def _case(world, **kw):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), **kw.pop("resident", {}))
    return CaseFactory(resident=resident, **kw)


def test_the_welfare_list_exports_what_the_page_shows_with_masked_ids(world, client_for):
    kept = _case(world, type=btype("dibao"), status="active", resident={"name": "马兰"})
    _case(world, type=btype("dibao"), status="reviewing", resident={"name": "马芳"})
    _case(world, type=btype("medical_insurance"), status="active", resident={"name": "李平"})
    rows = _sheet(
        client_for("staff").get("/c/HLS/welfare/", {"type": "dibao", "status": "active", "format": "xlsx"})
    )
    header, body = rows[0], rows[1:]
    assert header[:5] == ["序号", "姓名", "性别", "民族", "公民身份号码"]
    assert [r[1] for r in body] == ["马兰"]
    assert kept.resident.id_number not in body[0][4] and "*" in body[0][4]
    entry = AuditLog.objects.get(action="list.export")
    assert entry.data["rows"] == 1 and "低保" in entry.data["list"] and entry.data["file"].endswith(".xlsx")
    assert kept.resident.id_number not in str(entry.data)


def test_the_secretarys_pending_list_exports_too(world, client_for):
    _case(world, status="reviewing", resident={"name": "马芳"})
    rows = _sheet(client_for("secretary").get("/c/HLS/welfare/", {"status": "reviewing", "format": "xlsx"}))
    assert [r[1] for r in rows[1:]] == ["马芳"]


def test_a_grid_worker_exports_only_their_grids_cases(world, client_for):
    mine = _case(world, resident={"name": "本网格"})
    mine.household.grid.workers.add(world.users["grid"])
    _case(world, resident={"name": "别的网格"})
    rows = _sheet(client_for("grid").get("/c/HLS/welfare/", {"format": "xlsx"}))
    assert [r[1] for r in rows[1:]] == ["本网格"]


def test_the_visits_export_follows_the_search(world, client_for):
    VisitFactory(
        community=world.a,
        resident=ResidentFactory(household=HouseholdFactory(community=world.a), name="马一"),
    )
    VisitFactory(
        community=world.a,
        resident=ResidentFactory(household=HouseholdFactory(community=world.a), name="李二"),
    )
    rows = _sheet(client_for("staff").get("/c/HLS/outreach/visits/", {"q": "马一", "format": "xlsx"}))
    assert [r[3] for r in rows[1:]] == ["马一"]
    assert AuditLog.objects.get(action="list.export").data["rows"] == 1


def test_the_disputes_export_lists_parties_and_status(world, client_for):
    dispute = DisputeFactory(community=world.a, summary="楼上漏水")
    dispute.parties.add(ResidentFactory(household=HouseholdFactory(community=world.a), name="马三"))
    rows = _sheet(client_for("staff").get("/c/HLS/outreach/disputes/", {"format": "xlsx"}))
    assert rows[1][2] == "楼上漏水" and "马三" in rows[1][4]


def test_the_rows_behind_a_figure_export_as_listed(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马四", ethnicity_id="03")
    rows = _sheet(client_for("secretary").get("/c/HLS/reports/rows/registered/", {"format": "xlsx"}))
    assert [r[1] for r in rows[1:]] == ["马四"]
    assert person.id_number not in rows[1][4]


@pytest.mark.parametrize(
    ("path", "persona", "add", "expected"),
    [
        # session, user, community, membership; the types (tabs); the rows (type, resident, ethnicity, household
        # joined); audit row
        ("/c/HLS/welfare/?format=xlsx", "staff", lambda w: _case(w), 7),
        # base; the listing's count; the rows (joined) + visitors prefetch; audit row
        ("/c/HLS/outreach/visits/?format=xlsx", "staff", lambda w: VisitFactory(community=w.a), 8),
        # base; the listing's count; the rows + parties prefetch; audit row
        ("/c/HLS/outreach/disputes/?format=xlsx", "staff", lambda w: DisputeFactory(community=w.a), 8),
        # base; the rows (joined); audit row
        (
            "/c/HLS/reports/rows/registered/?format=xlsx",
            "staff",
            lambda w: ResidentFactory(household=HouseholdFactory(community=w.a)),
            6,
        ),
    ],
)
def test_an_export_makes_the_same_queries_for_5_and_50_rows(
    path, persona, add, expected, world, client_for, count_queries
):
    client = client_for(persona)
    counts = []
    for n in (5, 45):
        for _ in range(n):
            add(world)
        counts.append(count_queries(lambda: client.get(path)))
    assert counts[0] == counts[1] == expected, counts


def test_export_links_keep_the_page_filters(world, client_for):
    html = client_for("staff").get("/c/HLS/welfare/", {"type": "dibao", "page": "2"}).content.decode()
    assert "?type=dibao&amp;format=xlsx" in html
    assert date.today()  # the export link is on the page; its rows are tested above
