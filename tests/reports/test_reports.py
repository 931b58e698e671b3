import re
import zlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports.exporters import get_exporter
from reports.models import ReportArchive
from reports.services import report_generate
from tests.factories import HouseholdFactory, ResidentFactory


def pdf_fonts(data: bytes) -> set[str]:
    """Font names embedded in a PDF (WeasyPrint compresses its object streams)."""
    names = set()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunk = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        names.update(n.decode() for n in re.findall(rb"/(?:BaseFont|FontName)\s*/([^\s/<>\[\]]+)", chunk))
    names.update(n.decode() for n in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", data))
    return names


def _people(world):
    h = HouseholdFactory(community=world.a)
    ResidentFactory(household=h, ethnicity="03")
    ResidentFactory(household=h, ethnicity="01", relation="spouse", sex="F")


def test_the_street_rollup_pdf_embeds_a_cjk_font(world, tmp_path):
    _people(world)
    out = tmp_path / "rollup.pdf"
    call_command(
        "render_report",
        "--street",
        world.street.name,
        "--report",
        "street-rollup",
        "--year",
        "2026",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert any("CJK" in name for name in pdf_fonts(data)), pdf_fonts(data)


def test_the_rollup_workbook_has_one_row_per_community_and_totals(world, tmp_path):
    from openpyxl import load_workbook

    _people(world)
    out = tmp_path / "rollup.xlsx"
    call_command(
        "render_report",
        "--street",
        world.street.name,
        "--report",
        "street-rollup",
        "--year",
        "2026",
        "--date",
        "2026-11-01",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    ws = load_workbook(out).active
    names = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert names == ["华林山社区", "小北沟社区", "合计"]
    assert ws.cell(row=3, column=3).value == 2  # 常住人口 of 华林山社区
    assert ws.cell(row=ws.max_row, column=3).value == 2


def test_regenerating_makes_a_new_version_and_keeps_the_old(world):
    exporter = get_exporter("street-rollup")(street=world.street)
    form = {"year": 2026, "date": "2026-06-30", "format": "xlsx"}
    first = report_generate(exporter=exporter, form_data=form, actor=world.users["street"])
    second = report_generate(exporter=exporter, form_data=form, actor=world.users["street"])
    assert (first.version, second.version) == (1, 2)
    assert ReportArchive.objects.count() == 2
    assert len(first.sha256) == 64 and first.figures["header"][0] == "社区"


def test_render_report_refuses_a_date_outside_the_year_and_unknown_communities(world, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "render_report",
            "--community",
            "HLS",
            "--report",
            "work-report",
            "--year",
            "2026",
            "--date",
            "2025-01-01",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError):
        call_command(
            "render_report",
            "--community",
            "NOPE",
            "--report",
            "work-report",
            "--year",
            "2026",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_the_street_office_gets_404_for_another_streets_pages(world, client_for):
    client = client_for("street")
    assert client.get(reverse("street:index", kwargs={"street_id": world.other_street.pk})).status_code == 404
    assert client.get(reverse("reports:index", kwargs={"code": world.c.code})).status_code == 404


def test_the_rows_behind_a_figure_are_as_many_as_the_figure(world, client_for):
    _people(world)
    ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="26")
    response = client_for("staff").get(
        reverse("reports:figure_rows", kwargs={"code": "HLS", "key": "minority"})
    )
    assert response.context["page"].paginator.count == 2
    response = client_for("staff").get(
        reverse("reports:figure_rows", kwargs={"code": "HLS", "key": "ethnicity_households:03"})
    )
    assert response.context["page"].paginator.count == 1


def test_the_figure_rows_page_costs_the_same_queries_for_5_and_50_rows(world, client_for, count_queries):
    client = client_for("staff")
    url = reverse("reports:figure_rows", kwargs={"code": "HLS", "key": "registered"})
    h = HouseholdFactory(community=world.a)
    for _ in range(5):
        ResidentFactory(household=h, relation="other")
    few = count_queries(lambda: client.get(url))
    for _ in range(45):
        ResidentFactory(household=h, relation="other")
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership, count, page of residents (with joins), switcher — 7
    assert few == many == 7, (few, many)


def test_generating_in_the_browser_queues_a_job_that_ends_in_the_archive(world, client_for, monkeypatch):
    from reports.exporters.community_reports import WorkReport
    from reports.models import ReportJob

    # The work report needs the outreach and welfare figures; here only the job flow is under test.
    monkeypatch.setattr(
        WorkReport, "render", lambda self, form_data: ("r.pdf", "application/pdf", b"%PDF-1.7 x")
    )
    monkeypatch.setattr(WorkReport, "figures_json", lambda self, form_data: {})
    client = client_for("secretary")
    response = client.post(
        reverse("reports:generate", kwargs={"code": "HLS", "identifier": "work-report"}),
        {"year": 2026, "anyway": "1"},
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", kwargs={"code": "HLS", "pk": job.pk})
    assert job.status == "done" and job.archive.version == 1
    page = client.get(response["Location"])
    assert "第1版已生成" in page.content.decode()
