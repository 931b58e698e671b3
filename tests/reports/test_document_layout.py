"""The generated documents keep the 公文 layout of GB/T 9704-2012, measured on the PDF with pdfplumber,
and the .docx carries the same text, tables and numbering."""

import io
import re
from collections import defaultdict
from datetime import date
from io import StringIO

import pdfplumber
import pytest
from django.core.management import call_command
from docx import Document

from reports import layout
from reports.exporters import get_exporter
from reports.models import Narrative
from tests.factories import HouseholdFactory, ResidentFactory

MM = 72 / 25.4
LONG = "各民族群众在社区的组织下共同开展活动，增进了解，互帮互助，形成了团结和睦的良好氛围。" * 30


def _people(world):
    h = HouseholdFactory(community=world.a)
    ResidentFactory(household=h, ethnicity="03")
    ResidentFactory(household=h, ethnicity="01", relation="spouse", sex="F")


@pytest.fixture
def work_report_pdf(world):
    """The HLS work report with a profile long enough to fill whole pages."""
    _people(world)
    Narrative.objects.create(community=world.a, year=2026, report="work-report", section="profile", text=LONG)
    exporter = get_exporter("work-report")(community=world.a)
    _name, content_type, data = exporter.render({"year": 2026, "date": "2026-06-30", "format": "pdf"})
    assert content_type == "application/pdf"
    return pdfplumber.open(io.BytesIO(data))


def _lines(chars) -> dict[float, list]:
    lines = defaultdict(list)
    for c in chars:
        lines[round(c["bottom"], 0)].append(c)
    return dict(sorted(lines.items()))


def _body(page):
    return [c for c in page.chars if abs(c["size"] - layout.BODY_PT) < 0.1 and c["text"].strip()]


def test_the_pdf_is_a4_with_the_gbt_9704_margins(work_report_pdf):
    pages = work_report_pdf.pages
    assert len(pages) >= 3
    for page in pages:
        assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
    first, second = pages[0], pages[1]
    title = [c for c in first.chars if abs(c["size"] - layout.TITLE_PT) < 0.1]
    assert title, "the title is set in 2号 (22 pt)"
    assert abs(min(c["top"] for c in title) / MM - layout.TOP_MM) <= 1  # 天头 37 mm
    # Odd pages bind on the left (订口 28 mm), even pages on the right; the 版心 is 156 mm wide.
    odd, even = _body(first), _body(second)
    assert abs(min(c["x0"] for c in odd) / MM - layout.INNER_MM) <= 1
    assert abs(max(c["x1"] for c in odd) / MM - (210 - layout.OUTER_MM)) <= 1
    assert abs(min(c["x0"] for c in even) / MM - layout.OUTER_MM) <= 1
    assert abs(max(c["x1"] for c in even) / MM - (210 - layout.INNER_MM)) <= 1
    # Nothing of the body runs into the 35 mm at the foot.
    assert max(c["bottom"] for c in even) / MM <= 297 - layout.BOTTOM_MM + 1


def test_the_body_is_3hao_at_22_lines_of_28_characters(work_report_pdf):
    page = work_report_pdf.pages[1]  # a page of body text only
    lines = _lines(_body(page))
    assert len(lines) == layout.LINES
    widths = [len(chars) for chars in lines.values()]
    assert max(widths) == layout.CHARS
    pitches = [b - a for a, b in zip(list(lines)[:-1], list(lines)[1:], strict=True)]
    assert all(abs(p - layout.LINE_PT) <= 1 for p in pitches), pitches


def test_page_numbers_sit_outside_below_the_text_block(work_report_pdf):
    for number, page in enumerate(work_report_pdf.pages[:2], start=1):
        text = page.extract_text()
        assert f"— {number} —" in text
        digits = [
            c for c in page.chars if c["text"] == str(number) and abs(c["size"] - layout.PAGE_NUMBER_PT) < 0.1
        ]
        assert digits
        digit = digits[-1]
        assert digit["top"] / MM > 297 - layout.BOTTOM_MM + 5
        if number % 2:
            assert digit["x0"] / MM > 150  # odd page: at the right
        else:
            assert digit["x1"] / MM < 60  # even page: at the left


def test_a_long_title_breaks_between_its_phrases(world):
    _people(world)
    exporter = get_exporter("annual-plan")(community=world.a)
    _name, _type, data = exporter.render({"year": 2026, "date": "2026-01-01", "format": "pdf"})
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        title = [c for c in pdf.pages[0].chars if abs(c["size"] - layout.TITLE_PT) < 0.1]
        lines = ["".join(c["text"] for c in chars) for chars in _lines(title).values()]
    assert lines == ["华林山社区2026年", "创建“民族团结进步社区”工作计划"]


def test_tables_and_charts_are_numbered_by_position(world):
    _people(world)
    exporter = get_exporter("annual-summary")(community=world.a)
    context = exporter.context({"year": 2026, "date": "2026-06-30", "format": "pdf"}, html_links=False)
    captions = [b["caption"] for b in context["blocks"] if b["type"] == "table"]
    assert [c.split("　")[0] for c in captions] == [f"表{i}" for i in range(1, len(captions) + 1)]


@pytest.mark.parametrize("report", ["work-report", "annual-plan", "annual-summary"])
def test_render_report_writes_a_docx_with_the_pdfs_text_and_tables(world, tmp_path, report):
    _people(world)
    from tests.outreach.factories import PlanFactory, PlanItemFactory

    PlanItemFactory(plan=PlanFactory(community=world.a, year=2026), month=9)  # the plan's tables
    args = ["--community", "HLS", "--report", report, "--year", "2026", "--date", "2026-06-30"]
    said = StringIO()
    call_command("render_report", *args, "--output", str(tmp_path / "r.docx"), stdout=said)
    assert (
        f"（{(tmp_path / 'r.docx').stat().st_size} 字节" in said.getvalue()
    )  # the file written, not the PDF
    call_command("render_report", *args, "--output", str(tmp_path / "r.pdf"), stdout=StringIO())
    doc = Document(str(tmp_path / "r.docx"))
    docx_text = "".join(p.text for p in doc.paragraphs)
    with pdfplumber.open(str(tmp_path / "r.pdf")) as pdf:  # page numbers ("— 2 —") cut paragraphs: drop them
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
        pdf_text = "".join(line for line in lines if not re.fullmatch(r"— \d+ —", line.strip()))
    strip = lambda s: "".join(s.split())  # noqa: E731
    for paragraph in doc.paragraphs:
        if paragraph.text.strip():
            assert strip(paragraph.text) in strip(pdf_text), paragraph.text
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert strip(cell.text) in strip(pdf_text), cell.text
    assert doc.tables, "the tables come along"
    # The standard 公文 fonts are named for WPS/Word, and the page is the same A4 公文 page.
    fonts = {
        r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        for p in doc.paragraphs
        for r in p.runs
        if r._element.rPr is not None
    }
    assert {"仿宋_GB2312", "方正小标宋简体"} <= fonts
    section = doc.sections[0]
    assert round(section.top_margin.mm) == layout.TOP_MM and round(section.left_margin.mm) == layout.INNER_MM
    assert docx_text


def test_each_archived_version_keeps_the_pdf_and_the_docx_with_their_sha256(world, client_for):
    import hashlib

    from reports.services import archive_open, report_generate

    _people(world)
    exporter = get_exporter("work-report")(community=world.a)
    archive = report_generate(
        exporter=exporter,
        form_data={"year": 2026, "date": "2026-06-30", "format": "pdf"},
        actor=world.users["secretary"],
    )
    assert archive.content_type == "application/pdf"  # the PDF stays the record
    with archive_open(archive=archive, docx=True) as handle:
        docx = handle.read()
    assert hashlib.sha256(docx).hexdigest() == archive.docx_sha256 and len(docx) == archive.docx_size
    assert Document(io.BytesIO(docx)).paragraphs
    client = client_for("secretary")
    from django.urls import reverse

    url = reverse("reports:download", kwargs={"code": "HLS", "pk": archive.pk})
    response = client.get(url + "?format=docx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx
    assert response["Content-Disposition"].endswith('.docx"') or ".docx" in response["Content-Disposition"]
    assert client_for("outsider").get(url + "?format=docx").status_code == 404


def test_render_report_finds_a_street_by_its_own_or_full_name_and_lists_the_known_ones(world, tmp_path):
    from django.core.management import CommandError

    from community.models import District

    world.street.district = District.objects.create(name="七里河区")
    world.street.save()
    _people(world)
    base = ["--report", "street-rollup", "--year", "2026", "--date", "2026-06-30"]
    for name in ("西园街道", "七里河区西园街道"):
        out = tmp_path / f"{name}.docx"
        call_command("render_report", "--street", name, *base, "--output", str(out), stdout=StringIO())
        doc = Document(str(out))
        cells = [c.text for row in doc.tables[0].rows for c in row.cells]
        assert "华林山社区" in cells and "合计" in cells
    with pytest.raises(CommandError, match="已有街道：.*西园街道"):
        call_command("render_report", "--street", "南关街道", *base, "--output", str(tmp_path / "x.pdf"))


def test_headers_break_between_words_only():
    assert layout.phrases("少数民族低保占比") == ["少数民族", "低保", "占比"]
    assert layout.phrases("华林山社区|（户/人）") == ["华林山社区", "（户/人）"]
    assert layout.phrases("常住户数") == ["常住", "户数"]
    assert layout.cell_text("华林山社区|（户/人）") == "华林山社区（户/人）"


def test_the_rollup_shows_percent_signs_totals_from_summed_counts_and_a_table_per_ethnicity(world, tmp_path):
    from openpyxl import load_workbook

    from residents.models import Ethnicity

    _people(world)  # HLS: a 回族 and a 汉族 resident in one household
    h = HouseholdFactory(community=world.b)
    ResidentFactory(household=h, ethnicity=Ethnicity.objects.get(code="01"))
    ResidentFactory(household=h, ethnicity=Ethnicity.objects.get(code="01"), relation="spouse", sex="F")
    ResidentFactory(household=h, ethnicity=Ethnicity.objects.get(code="01"), relation="son")
    base = [
        "--street",
        world.street.name,
        "--report",
        "street-rollup",
        "--year",
        "2026",
        "--date",
        "2026-06-30",
    ]
    call_command("render_report", *base, "--output", str(tmp_path / "r.pdf"), stdout=StringIO())
    with pdfplumber.open(str(tmp_path / "r.pdf")) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    main = tables[0]
    header = [(cell or "").replace("\n", "") for cell in main[0]]
    share = header.index("少数民族占比")
    rows = {row[0]: row for row in main[1:]}
    assert rows["华林山社区"][share] == "50.0%"
    assert rows["小北沟社区"][share] == "0.0%"
    assert rows["合计"][share] == "20.0%"  # 1 of 5 常住 persons, not the mean of 50.0 and 0.0
    ethnic = tables[1]
    assert [(cell or "").replace("\n", "") for cell in ethnic[0]][:2] == ["民族", "华林山社区（户/人）"]
    assert ethnic[1][0] == "回族" and ethnic[1][1] == "1/1"
    assert "制表人" in text and "审核人" in text
    call_command("render_report", *base, "--output", str(tmp_path / "r.xlsx"), stdout=StringIO())
    ws = load_workbook(tmp_path / "r.xlsx").active
    column = [c.value for c in ws[2]].index("少数民族占比") + 1
    total = ws.cell(row=ws.max_row, column=column)
    assert total.number_format == "0.0%" and abs(total.value - 0.2) < 1e-9


def test_every_rollup_header_breaks_between_words(world, tmp_path):
    _people(world)
    out = tmp_path / "r.pdf"
    call_command(
        "render_report",
        "--street",
        world.street.name,
        "--report",
        "street-rollup",
        "--year",
        "2026",
        "--date",
        "2026-06-30",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    with pdfplumber.open(str(out)) as pdf:
        headers = [cell for page in pdf.pages for table in page.extract_tables() for cell in table[0]]
    for cell in headers:
        for line in (cell or "").split("\n"):
            pieces = layout.phrases(line)
            assert "".join(pieces) == line
            # each printed line is made of whole words: cutting it again gives words of the full header
            whole = layout.phrases(cell.replace("\n", ""))
            assert all(piece in whole for piece in pieces), (cell, line)


def test_the_rollup_splits_housing_counts_persons_marks_gaps_and_lists_visits_by_purpose(world, tmp_path):
    from docx import Document as Word

    from outreach.models import Visit
    from tests.welfare.factories import CaseFactory, btype

    h = HouseholdFactory(community=world.a)
    hui = ResidentFactory(household=h, ethnicity="03")
    ResidentFactory(household=h, ethnicity="01", relation="spouse", sex="F")
    han = ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="01")
    CaseFactory(resident=hui, type=btype("housing"), housing_mode="subsidy", start_on=date(2025, 1, 1))
    CaseFactory(resident=han, type=btype("housing"), housing_mode="in_kind", start_on=date(2026, 3, 1))
    CaseFactory(
        resident=han, type=btype("housing"), housing_mode="in_kind", start_on=date(2026, 8, 1)
    )  # 准备入住
    b = ResidentFactory(household=HouseholdFactory(community=world.b), ethnicity="03")
    CaseFactory(resident=b)  # 小北沟 keeps a 低保 ledger, never a 廉租房 one
    for community, purpose, n in [
        (world.a, "correction", 2),
        (world.a, "joint", 1),
        (world.b, "correction", 3),
    ]:
        for _ in range(n):
            Visit.objects.create(
                community=community,
                household=h if community == world.a else b.household,
                date=date(2026, 5, 1),
                purpose=purpose,
            )
    Visit.objects.create(
        community=world.a, household=h, date=date(2025, 5, 1), purpose="hardship"
    )  # last year
    out = tmp_path / "r.docx"
    call_command(
        "render_report",
        "--street",
        world.street.name,
        "--report",
        "street-rollup",
        "--year",
        "2026",
        "--date",
        "2026-06-30",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    tables = [[[c.text.strip() for c in row.cells] for row in t.rows] for t in Word(str(out)).tables]
    housing = next(t for t in tables if t[0][1].startswith("实物配租"))
    rows = {row[0]: row[1:] for row in housing[1:]}
    # households/persons: the subsidy covers both members of the 回族 household (a minority household)
    assert rows["华林山社区"] == ["1/1", "1/1", "1/2", "1/1"]
    assert rows["小北沟社区"] == ["未登记"] * 4  # never recorded: a gap, not 0/0
    assert rows["合计"] == ["1/1", "1/1", "1/2", "1/1"]
    visits = next(t for t in tables if "帮教走访" in t[0])
    assert visits[0] == ["社区", "联合走访", "帮教走访", "合计"]  # purposes nobody recorded are left out
    assert visits[1:] == [
        ["华林山社区", "1", "2", "3"],
        ["小北沟社区", "0", "3", "3"],
        ["合计", "1", "5", "6"],
    ]


def _plan_like(lines: int, members: int) -> list[dict]:
    """The annual plan's page 1 in miniature: title, ``lines`` one-line paragraphs, the leading group (a
    short table of ``members`` rows), then the heading and the long activity table whose caption is tested."""
    one_line = {"type": "narrative", "section": "aims", "html": "坚持民族平等团结，促进各民族共同繁荣。"}
    return [
        {"type": "title", "text": "华林山社区2026年工作计划", "lines": ["华林山社区2026年工作计划"]},
        *[one_line] * lines,
        {
            "type": "table",
            "caption": "表1　民族工作领导小组",
            "header": ["姓名", "职务", "身份"],
            "rows": [["王秀兰", "成员", "网格员"]] * members,
            "notes": [],
        },
        {"type": "heading", "text": "三、全年活动和走访安排"},
        {
            "type": "table",
            "caption": "表2　2026年活动安排",
            "header": ["月份", "活动", "类型"],
            "rows": [[f"{n}月", "民族团结座谈会", "座谈会"] for n in range(1, 25)],
            "notes": [],
        },
        {"type": "narrative", "section": "end", "html": "以上计划。"},
    ]


def test_a_long_tables_caption_keeps_its_head_and_two_rows_on_its_page():
    """The leading group's 1–4 rows (about 22 pt each) and 11–13 lines (28.95 pt) walk the activity
    table's caption across the foot of page 1 in steps under a row's height: at every position the
    caption either starts a page or has the header and at least two rows below it on its own page, and no
    page ends with a caption, a header or the heading above the table."""
    from reports.pdf import render_pdf

    seen = set()
    for lines in (11, 12, 13):
        for members in (1, 2, 3, 4):
            context = {"blocks": _plan_like(lines, members), "layout": layout, "title": "工作计划"}
            data = render_pdf("reports/document_pdf.html", context)
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                pages = [
                    [
                        line
                        for line in (page.extract_text() or "").splitlines()
                        if line.strip() and not re.fullmatch(r"— \d+ —", line.strip())
                    ]
                    for page in pdf.pages
                ]
            where = (lines, members)
            for page in pages:
                assert not re.match(r"表\d", page[-1]), (where, page[-1])
                assert page[-1] not in ("姓名 职务 身份", "月份 活动 类型", "三、全年活动和走访安排"), where
                if "表2 2026年活动安排" in page:
                    below = page[page.index("表2 2026年活动安排") + 1 :]
                    assert below[0] == "月份 活动 类型" and len(below) >= 3, (where, below)
                    seen.add(pages.index(page))
    assert seen == {0, 1}  # the caption was on page 1 at some positions and moved to page 2 at others
