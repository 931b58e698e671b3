"""After seed_demo, the work report of 华林山社区 states the seed's figures (issue 7's acceptance)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from community.models import Community
from reports.exporters import get_exporter
from tests.reports.test_reports import pdf_fonts


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from tests.conftest import ensure_reference_data

    with django_db_blocker.unblock():
        try:
            call_command("seed_demo", stdout=StringIO())
            yield Community.objects.get(code="HLS")
        finally:  # committed data must not leak into the tests after this module, even when seeding failed
            call_command("flush", "--noinput", verbosity=0)
            ensure_reference_data()  # the flush also emptied the tables the data migrations fill


@pytest.mark.django_db
def test_the_work_report_states_the_seed_figures(seeded):
    exporter = get_exporter("work-report")(community=seeded)
    context = exporter.context({"year": 2026, "date": datetime.date.today().isoformat()}, html_links=False)
    assert context["errors"] == []
    f = context["figures"]
    expected = {
        "常住户数": "1517", "常住人口": "4101", "少数民族户数": "532", "少数民族人口": "1436", "少数民族占比": "35.0%",
        "少数民族低保人数": "296", "少数民族低保户数": "120", "少数民族低保人数占比": "40.0%",
        "少数民族廉租房户数": "25", "廉租房户数": "83", "少数民族廉租房户数占比": "30.1%",
        "少数民族医保人数": "677", "少数民族医保人数占比": "40.0%",
        "横幅数": "5", "展板数": "1", "宣传资料数": "1500", "知识答题数": "200", "一格十员人数": "300",
    }  # fmt: skip
    assert {name: f[name].display for name in expected} == expected
    text = "".join(str(b.get("html", "")) for b in context["blocks"])
    for phrase in ["住户1517户", "常住人口4101人", "少数民族532户、1436人", "占常住人口的35.0%", "296人、120户",
                   "占所有享受低保人员的40.0%"]:  # fmt: skip
        assert phrase in text, phrase


@pytest.mark.django_db
def test_the_work_report_pdf_embeds_a_cjk_font(seeded):
    name, content_type, data = get_exporter("work-report")(community=seeded).render(
        {"year": 2026, "date": datetime.date.today().isoformat()}
    )
    assert content_type == "application/pdf" and data.startswith(b"%PDF")
    assert any("CJK" in font for font in pdf_fonts(data))


@pytest.mark.django_db
def test_the_annual_plan_and_summary_render_without_unknown_figures(seeded):
    for identifier in ("annual-plan", "annual-summary"):
        context = get_exporter(identifier)(community=seeded).context(
            {"year": 2026, "date": datetime.date.today().isoformat()}, html_links=True
        )
        assert context["errors"] == [], identifier
