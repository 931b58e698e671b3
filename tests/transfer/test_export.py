"""The ledger download: the office workbook, escaping, scoping, masking, audit and query count."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from community.models import AuditLog
from residents import idnumber
from residents.transfer.importer import residents_import
from tests.factories import HouseholdFactory, ResidentFactory
from tests.transfer.helpers import write


def export(client, ledger="residents"):
    return client.get(reverse("transfer:export", kwargs={"code": "HLS"}), {"ledger": ledger})


def sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_workbook_is_ready_to_print_and_hand_in(world, client_for):
    ResidentFactory(household=HouseholdFactory(community=world.a), name="马建国", ethnicity="03")
    ws = sheet(export(client_for("staff"), "minority"))
    assert ws["A1"].value.startswith("华林山社区少数民族人员台帐") and "导出日期" in ws["A1"].value
    assert "A1:T1" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(row=2, column=i).value for i in (1, 2, 5)] == ["序号", "姓名", "公民身份号码"]
    assert ws["B2"].font.b and ws["B2"].fill.fgColor.rgb.endswith("D9E1F2")
    assert ws["B3"].border.left.style == "thin" and ws["B3"].value == "马建国"
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.print_title_rows == "$2:$2"
    assert ws.column_dimensions["E"].width >= 20


def test_cells_that_excel_would_take_for_formulas_are_written_as_text(world, client_for):
    household = HouseholdFactory(community=world.a)
    for index, notes in enumerate(['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tcmd", "平常的备注"]):
        ResidentFactory(household=household, notes=notes, relation="head" if index == 0 else "other")
    ws = sheet(export(client_for("staff")))
    notes = {ws.cell(row=row, column=20).value: ws.cell(row=row, column=20) for row in range(3, 9)}
    for dangerous in ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tcmd"]:
        cell = notes[dangerous]
        assert cell.data_type == "s" and cell.quotePrefix, dangerous
    assert notes["平常的备注"].data_type == "s" and not notes["平常的备注"].quotePrefix
    # every data cell of every row is bordered; dates are written as dates, the rest as they are
    for row in range(3, 9):
        assert all(ws.cell(row=row, column=c).border.left.style == "thin" for c in range(1, 21)), row
        assert ws.cell(row=row, column=6).number_format == "yyyy-mm-dd", row
        assert ws.cell(row=row, column=2).number_format == "General", row


def test_staff_exports_full_id_numbers_and_others_get_them_masked(world, client_for):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    resident = ResidentFactory(household=household)
    assert sheet(export(client_for("staff"))).cell(row=3, column=5).value == resident.id_number
    masked = idnumber.mask(resident.id_number)
    assert sheet(export(client_for("secretary"))).cell(row=3, column=5).value == masked
    assert sheet(export(client_for("grid"))).cell(row=3, column=5).value == masked


def test_a_grid_worker_exports_only_their_own_grids(world, client_for):
    mine = HouseholdFactory(community=world.a)
    mine.grid.workers.add(world.users["grid"])
    ResidentFactory(household=mine, name="我的居民")
    ResidentFactory(household=HouseholdFactory(community=world.a), name="别的网格")
    ws = sheet(export(client_for("grid")))
    assert [ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)] == ["我的居民"]


def test_the_correction_ledger_needs_the_restricted_permission(world, client_for):
    assert export(client_for("grid"), "correction").status_code == 403
    assert export(client_for("secretary"), "correction").status_code == 200


def test_restricted_categories_are_left_out_for_roles_that_may_not_see_them(world, client_for):
    household = HouseholdFactory(community=world.a)
    household.grid.workers.add(world.users["grid"])
    ResidentFactory(household=household, is_correction=True, is_disabled=True)
    assert sheet(export(client_for("staff"))).cell(row=3, column=18).value == "残疾人、社区矫正/帮教对象"
    assert sheet(export(client_for("grid"))).cell(row=3, column=18).value == "残疾人"


def test_an_unknown_ledger_is_404(world, client_for):
    assert export(client_for("staff"), "pets").status_code == 404


def test_every_export_is_audited_with_its_row_count_and_no_id_numbers(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03")
    export(client_for("secretary"), "minority")
    entry = AuditLog.objects.get(action="ledger.export")
    assert entry.data == {"ledger": "minority", "rows": 1, "full_id_numbers": False}
    assert (entry.user, entry.role, entry.community) == (world.users["secretary"], "secretary", world.a)
    assert resident.id_number not in str(entry.data)


def test_an_exported_ledger_reimported_unchanged_reports_every_row_unchanged(world, client_for, tmp_path):
    household = HouseholdFactory(community=world.a, number="H-1")
    ResidentFactory(household=household, ethnicity="03", phone="13800000000", is_hardship=True, notes="=1+1")
    ResidentFactory(
        household=household, relation="spouse", sex="F", birth_date=date(1982, 3, 4), ethnicity="35"
    )
    ResidentFactory(household=HouseholdFactory(community=world.a), relation="head", political_status="party")
    response = export(client_for("staff"))
    result = residents_import(community=world.a, path=write(tmp_path, response.content))
    assert (result.new, result.updated, result.unchanged, len(result.refused)) == (0, 0, 3, 0)
    assert result.new_households == 0


def test_the_export_makes_the_same_number_of_queries_for_5_and_for_50_rows(world, client_for, count_queries):
    # Queries: session, user, community, membership (the middleware), the count of the ledger's rows
    # (small enough to download at once?), the rows with ethnicity and household tree (one join), the audit row.
    client = client_for("staff")

    def make(n):
        for _ in range(n):
            ResidentFactory(household=HouseholdFactory(community=world.a))

    make(5)
    small = count_queries(lambda: export(client))
    make(45)
    large = count_queries(lambda: export(client))
    assert small == large == 7


@pytest.mark.parametrize("persona", ["staff", "secretary", "grid"])
def test_the_index_lists_an_export_link_for_each_visible_ledger(world, client_for, persona):
    response = client_for(persona).get(reverse("transfer:index", kwargs={"code": "HLS"}))
    if persona == "secretary":
        assert response.status_code == 403  # the page is for editors; the ledger pages link the export
        return
    content = response.content.decode()
    assert "?ledger=minority" in content
    assert ("?ledger=correction" in content) == (persona == "staff")


def test_the_export_follows_the_pages_filters_link_page_job_and_command(
    world, client_for, monkeypatch, tmp_path
):
    """/residents/ledgers/minority/?grid=1 lists a grid's people; 导出 Excel gives the same people."""
    from django.core.management import call_command

    from residents.transfer import jobs
    from residents.transfer.tasks import run_export_job  # noqa: F401 (the job runs in-process)

    mine, other = HouseholdFactory(community=world.a), HouseholdFactory(community=world.a)
    ResidentFactory(household=mine, ethnicity="03", name="马一")
    ResidentFactory(household=mine, ethnicity="03", name="马二", relation="spouse", sex="F")
    ResidentFactory(household=other, ethnicity="03", name="马三")
    client = client_for("staff")
    ledger = reverse("residents:ledger", kwargs={"code": "HLS", "key": "minority"})
    page = client.get(ledger, {"grid": mine.grid_id})
    assert page.context["page"].paginator.count == 2
    link = page.context["export_url"]
    assert f"grid={mine.grid_id}" in link and "ledger=minority" in link
    names = lambda ws: sorted(ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1))  # noqa: E731
    ws = sheet(client.get(link))
    assert names(ws) == ["马一", "马二"] and "按页面筛选条件" in ws["A1"].value
    assert AuditLog.objects.filter(action="ledger.export").latest("at").data["filters"] == ["grid"]

    monkeypatch.setattr(jobs, "SYNC_EXPORT_MAX_ROWS", 1)  # the large-export path: a job with the same filters
    response = client.post(link)
    job = jobs.TransferJob.objects.get()
    assert response.status_code == 302 and job.params["filters"] == {"grid": str(mine.grid_id)}
    download = client.get(reverse("transfer:job_download", kwargs={"code": "HLS", "pk": job.pk}))
    assert names(openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active) == [
        "马一",
        "马二",
    ]

    out = tmp_path / "minority.xlsx"
    call_command(
        "export_ledger",
        "--community",
        "HLS",
        "--ledger",
        "minority",
        "--filter",
        f"grid={mine.grid_id}",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    assert names(openpyxl.load_workbook(out).active) == ["马一", "马二"]


def test_the_template_has_dropdowns_the_import_accepts(world, client_for):
    import io

    from openpyxl import load_workbook

    from residents.transfer.columns import (
        parse_ethnicity,
        parse_relation,
        parse_residence_type,
        parse_sex,
        parse_status,
    )
    from residents.transfer.exporter import EXPORT_COLUMNS, template_choices

    response = client_for("staff").get("/c/HLS/transfer/template/")
    wb = load_workbook(io.BytesIO(response.content))
    ws, options = wb.worksheets[0], wb["选项"]
    assert options.sheet_state == "hidden"
    titles = {title: index for index, (_k, title, _w) in enumerate(EXPORT_COLUMNS)}
    ranges = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    for title in ("性别", "民族", "户籍类型", "与户主关系", "人员状态"):
        letter = "ABCDEFGHIJKLMNOPQRST"[titles[title]]
        assert f"{letter}3:{letter}1002" in ranges, title
    choices = template_choices()
    assert len(choices["ethnicity"]) >= 56 and "回族" in choices["ethnicity"]
    # every word offered is one the import takes
    for word in choices["sex"]:
        assert parse_sex(word)
    for word in choices["ethnicity"]:
        assert parse_ethnicity(word)
    for word in choices["residence_type"]:
        assert parse_residence_type(word)
    for word in choices["status"]:
        assert parse_status(word)
    for word in choices["relation"]:
        assert parse_relation(word) != "other" or word == "其他"
