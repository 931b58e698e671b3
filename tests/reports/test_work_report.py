"""After seed_demo, the work report of 华林山社区 states the seed's figures (issue 7's acceptance), and each
sentence issue 17 lists says what its ledgers count."""

import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pdfplumber
import pytest
from django.core.management import call_command
from django.db.models import Q
from docx import Document

from community.models import Community
from outreach.models import Dispute, Visit
from reports.exporters import get_exporter
from residents.hardship.models import HardshipHousehold
from residents.models import Resident
from tests.reports.test_reports import pdf_fonts
from welfare.models import Case


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


def _period() -> dict:
    """The report's year and date: today's, the day the demo is seeded for (its year is today's too, so the
    two cannot disagree as a hard-coded year would once the calendar turns)."""
    today = datetime.date.today()
    return {"year": today.year, "date": today.isoformat()}


@pytest.mark.django_db
def test_the_work_report_states_the_seed_figures(seeded):
    exporter = get_exporter("work-report")(community=seeded)
    context = exporter.context(_period(), html_links=False)
    assert context["errors"] == []
    f = context["figures"]
    expected = {
        "常住户数": "1517",
        "常住人口": "4101",
        "少数民族户数": "532",
        "少数民族人口": "1436",
        "少数民族占比": "35.0%",
        "少数民族低保人数": "296",
        "少数民族低保户数": "120",
        "少数民族低保人数占比": "40.0%",
        "少数民族廉租房户数": "25",
        "廉租房户数": "83",
        "少数民族廉租房户数占比": "30.1%",
        "少数民族医保人数": "677",
        "少数民族医保人数占比": "40.0%",
        "横幅数": "5",
        "展板数": "1",
        "宣传资料数": "1500",
        "知识答题数": "200",
        "一格十员人数": "300",
    }
    assert {name: f[name].display for name in expected} == expected
    text = "".join(str(b.get("html", "")) for b in context["blocks"])
    for phrase in [
        "住户1517户",
        "常住人口4101人",
        "少数民族532户、1436人",
        "占常住人口的35.0%",
        "296人、120户",
        "占所有享受低保人员的40.0%",
    ]:
        assert phrase in text, phrase


@pytest.mark.django_db
def test_the_work_report_pdf_embeds_a_cjk_font(seeded):
    name, content_type, data = get_exporter("work-report")(community=seeded).render(_period())
    assert content_type == "application/pdf" and data.startswith(b"%PDF")
    assert any("CJK" in font for font in pdf_fonts(data))


@pytest.mark.django_db
def test_the_annual_plan_and_summary_render_without_unknown_figures(seeded):
    for identifier in ("annual-plan", "annual-summary"):
        context = get_exporter(identifier)(community=seeded).context(_period(), html_links=True)
        assert context["errors"] == [], identifier


# --- issue 17's acceptance: each listed sentence of the HLS work report against its ledger ---------------
# The counts below are taken straight from the ledgers with plain queries (current rows on today's date,
# the date the demo is seeded for), not through the selectors the report uses.


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # page numbers ("— 2 —") cut paragraphs: drop them
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    return "".join("".join(line.split()) for line in lines if not re.fullmatch(r"— \d+ —", line.strip()))


def _share(part: int, whole: int) -> str:
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _in_benefit(hls, on, code, **more):
    return (
        Case.objects.filter(community=hls, type__code=code, status="active", **more)
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=on))
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=on))
    )


@pytest.fixture(scope="module")
def hls_report(seeded, django_db_blocker):
    """The HLS work report as generated today: its PDF text and its Word tables (row label → cells)."""
    with django_db_blocker.unblock():
        on = datetime.date.today()
        form = {"year": on.year, "date": on.isoformat()}
        exporter = get_exporter("work-report")(community=seeded)
        pdf = exporter.render(form)[2]
        docx = exporter.render({**form, "format": "docx"})[2]
    tables = {}
    for table in Document(io.BytesIO(docx)).tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            tables[cells[0]] = cells[1:]
    return on, _pdf_text(pdf), tables


@pytest.mark.django_db
def test_acceptance_the_profile_and_ledger_sentences_count_in_the_unit_they_name(seeded, hls_report):
    on, text, _tables = hls_report
    counted = Resident.objects.filter(community=seeded, status="active", residence_type="registered")
    minority = counted.exclude(ethnicity_id="01")
    households = counted.exclude(household=None).values("household").distinct().count()
    minority_households = minority.exclude(household=None).values("household").distinct().count()
    assert (
        f"住户{households}户，常住人口{counted.count()}人，其中少数民族{minority_households}户、{minority.count()}人，"
        f"占常住人口的{_share(minority.count(), counted.count())}"
    ) in text
    retired = counted.filter(is_retired_cadre=True).count()
    assert f"离退休干部{retired}名" in text
    # 困难家庭 in households with the persons beside them (the register of hardship households)
    homes = HardshipHousehold.objects.filter(community=seeded, since__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    minority_homes = {
        h for h in homes.values_list("household", flat=True) if minority.filter(household=h).exists()
    }
    persons = counted.filter(household__in=minority_homes).count()
    assert f"少数民族困难家庭（{len(minority_homes)}户、{persons}人）" in text
    # the seed's 下岗失业 ledger is of minority residents; 德高望重 is its own ledger, not "离退休人员"
    assert f"下岗失业人员（{minority.filter(is_unemployed=True).count()}人）" in text
    elders = counted.filter(Q(is_respected_elder=True) | Q(is_retired_cadre=True)).count()
    assert f"德高望重人员（{elders}人）" in text and "德高望重的离退休人员" not in text


@pytest.mark.django_db
def test_acceptance_housing_text_and_table_agree_with_in_kind_and_subsidy_apart(seeded, hls_report):
    on, text, tables = hls_report
    counted = Resident.objects.filter(community=seeded, status="active", residence_type="registered")

    def row(cases):
        homes = set(cases.values_list("household", flat=True))
        members = counted.filter(household__in=homes)
        minority = members.exclude(ethnicity_id="01")
        minority_homes = set(minority.values_list("household", flat=True))
        share = _share(minority.count(), members.count()) if members.count() else "—"
        return [str(members.count()), str(len(homes)), str(minority.count()), str(len(minority_homes)), share]

    subsidy = row(_in_benefit(seeded, on, "housing", housing_mode="subsidy"))
    moved_in = row(_in_benefit(seeded, on, "housing", housing_mode="in_kind"))
    arranged = row(
        Case.objects.filter(
            community=seeded, type__code="housing", status="active", housing_mode="in_kind", start_on__gt=on
        )
    )
    assert tables["廉租房租赁补贴"] == subsidy
    assert tables["廉租房实物配租（已入住）"] == moved_in
    assert tables["廉租房实物配租（准备入住）"] == arranged
    assert (
        subsidy[1] == "83" and subsidy[3] == "25" and int(subsidy[0]) > 83
    )  # persons, not the households again
    assert (
        f"享受廉租房补贴的少数民族家庭{subsidy[3]}户，占所有享受廉租房补贴家庭（{subsidy[1]}户）的"
        f"{_share(int(subsidy[3]), int(subsidy[1]))}，另有{moved_in[1]}户困难家庭（{moved_in[0]}人）通过实物配租住进了廉租房"
    ) in text
    dibao = _in_benefit(seeded, on, "dibao")
    minority_dibao = dibao.exclude(resident__ethnicity_id="01")
    assert (
        f"享受低保的少数民族人员{minority_dibao.count()}人、{minority_dibao.values('household').distinct().count()}户，"
        f"占所有享受低保人员的{_share(minority_dibao.count(), dibao.count())}"
    ) in text


@pytest.mark.django_db
def test_acceptance_disputes_state_each_count_and_base_and_visits_are_by_purpose(seeded, hls_report):
    on, text, tables = hls_report
    start = datetime.date(on.year, 1, 1)
    disputes = Dispute.objects.filter(community=seeded, received_on__range=(start, on))
    received = disputes.count()
    closed = disputes.filter(status__in=["resolved", "reported"]).count()
    settled = disputes.filter(status="resolved").count()
    still_open = disputes.filter(status__in=["accepted", "mediating"]).count()
    assert (
        f"受理矛盾纠纷和居民诉求{received}件，已办结{closed}件，其中化解{settled}件（化解率{_share(settled, received)}，"
        f"以受理件数计），正在办理{still_open}件"
    ) in text
    compound = disputes.filter(status__in=["resolved", "reported"], settled_level="compound").count()
    assert f"在小区内化解{compound}件，占{_share(compound, closed)}" in text
    visits = Visit.objects.filter(community=seeded, date__range=(start, on))
    correction = visits.filter(purpose="correction").count()
    assert correction < visits.count()  # 帮教 visits are not all visits
    assert f"完成帮教走访{correction}次" in text
    petitions = disputes.filter(is_petition=True).count()
    assert (
        "今年以来未发生民族宗教工作上访事件" if petitions == 0 else f"发生民族宗教工作上访事件{petitions}件"
    ) in text


@pytest.mark.django_db
def test_acceptance_wording_follows_the_cut_off_date_and_the_table_has_its_footnote(seeded, hls_report):
    on, text, tables = hls_report
    if (on.month, on.day) != (12, 31):
        assert f"截至{on.month}月{on.day}日，今年以来" in text and "全年" not in text
    counted = Resident.objects.filter(community=seeded, status="active", residence_type="registered")
    minority = counted.exclude(ethnicity_id="01").exclude(household=None)
    per_ethnicity = sum(
        minority.filter(ethnicity_id=code).values("household").distinct().count()
        for code in set(minority.values_list("ethnicity_id", flat=True))
    )
    if per_ethnicity > minority.values("household").distinct().count():  # mixed households count under each
        assert "注：一户的成员有几个民族，就在每个民族下各计一户" in text
    # no row of zeros and no unrecorded type printed as 0
    assert not any(cells and all(c in ("0", "0%", "—", "") for c in cells) for cells in tables.values())


@pytest.mark.django_db
def test_acceptance_the_summary_cites_visits_by_purpose_and_the_plan_is_dated_at_its_start(seeded):
    on = datetime.date.today()
    form = {"year": on.year, "date": on.isoformat()}
    text = _pdf_text(get_exporter("annual-summary")(community=seeded).render(form)[2])
    visits = Visit.objects.filter(community=seeded, date__range=(datetime.date(on.year, 1, 1), on))
    by = {p: visits.filter(purpose=p).count() for p in ("correction", "joint", "hardship")}
    assert (
        f"完成帮教走访{by['correction']}次，与清真寺联合入户走访{by['joint']}次，困难家庭走访{by['hardship']}次"
    ) in text
    plan = _pdf_text(get_exporter("annual-plan")(community=seeded).render(form)[2])
    assert plan.endswith(f"{on.year}年1月") or f"{on.year}年1月" in plan[-40:]
