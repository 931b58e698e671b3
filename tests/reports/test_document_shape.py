"""The secretary owns the document's shape: title, headings, order, added or removed sections, 落款."""

from django.urls import reverse

from community.models import AuditLog
from reports.exporters import get_exporter
from reports.exporters.community_reports import numeral
from reports.models import Narrative
from tests.factories import HouseholdFactory, ResidentFactory

FORM = {"year": 2026, "date": "2026-06-30", "format": "pdf"}


def _people(world):
    ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03")


def _headings(world, report="annual-summary"):
    blocks = get_exporter(report)(community=world.a).context(FORM, html_links=False)["blocks"]
    return [b["text"] for b in blocks if b["type"] in ("heading", "subheading")]


def test_numerals():
    assert [numeral(n) for n in (1, 9, 10, 11, 20, 21)] == ["一", "九", "十", "十一", "二十", "二十一"]


def test_the_annual_summary_reads_as_a_work_summary(world):
    _people(world)
    headings = _headings(world)
    assert headings[0] == "一、基本情况" and headings[1] == "二、主要做法和成效"
    assert headings[2].startswith("（一）") and "三、存在的问题" in headings and "四、下一步打算" in headings


def test_the_secretary_reorders_renames_removes_and_adds_sections(world, client_for):
    _people(world)
    url = reverse("reports:narratives", kwargs={"code": "HLS", "identifier": "annual-summary"})
    exporter = get_exporter("annual-summary")(community=world.a)
    keys = [s.key for s in exporter.shape_defaults]
    headings = [s.heading for s in exporter.shape_defaults]
    levels = [str(s.level) for s in exporter.shape_defaults]
    orders = [str(i) for i in range(1, len(keys) + 1)]
    orders[keys.index("next_steps")] = "0"  # first
    headings[keys.index("problems")] = "不足之处"
    data = {
        "action": "shape",
        "year": 2026,
        "title": "华林山社区\n2026年民族团结进步创建工作总结",
        "subtitle": "",
        "signature": "中共华林山社区委员会\n华林山社区居民委员会",
        "signed_on": "2026-12-20",
        "key": keys,
        "heading": headings,
        "level": levels,
        "order": orders,
        "removed": ["organisation"],
        "new_heading": "特色亮点",
        "new_level": "1",
    }
    assert client_for("staff").post(url, data).status_code == 403  # the shape is the secretary's
    response = client_for("secretary").post(url, data)
    assert response.status_code == 302
    Narrative.objects.create(
        community=world.a,
        year=2026,
        report="annual-summary",
        section="custom-1",
        text="社区有{常住人口}名常住居民。",
    )
    context = exporter.context(FORM, html_links=False)
    heads = [b["text"] for b in context["blocks"] if b["type"] in ("heading", "subheading")]
    assert heads[0] == "一、下一步打算"
    assert "四、不足之处" in heads and heads[-1] == "五、特色亮点"
    assert not any("加强组织领导" in h for h in heads)
    assert heads.count("（一）开展宣传教育和节日活动") == 1  # numbering restarts under each 一、
    texts = "".join(b.get("plain", "") for b in context["blocks"])
    assert "社区有1名常住居民。" in texts
    title = context["blocks"][0]
    assert title["lines"] == ["华林山社区", "2026年民族团结进步创建工作总结"]
    assert context["signature"] == ["中共华林山社区委员会", "华林山社区居民委员会", "2026年12月20日"]
    assert AuditLog.objects.filter(action="report.shape").count() == 1


def test_bad_shapes_are_refused_in_chinese_and_change_nothing(world, client_for):
    url = reverse("reports:narratives", kwargs={"code": "HLS", "identifier": "work-report"})
    client = client_for("secretary")
    for data in (
        {
            "action": "shape",
            "title": "",
            "key": ["profile"],
            "heading": ["基本情况"],
            "level": ["1"],
            "order": ["1"],
        },
        {"action": "shape", "title": "T", "key": ["evil"], "heading": ["x"], "level": ["1"], "order": ["1"]},
        {
            "action": "shape",
            "title": "T",
            "key": ["profile"],
            "heading": [""],
            "level": ["1"],
            "order": ["1"],
        },
        {
            "action": "shape",
            "title": "T",
            "signed_on": "2026-02-30",
            "key": ["profile"],
            "heading": ["a"],
            "level": ["x"],
            "order": ["y"],
        },
    ):
        response = client.post(url + "?year=2026", data, follow=True)
        assert response.status_code == 200
        assert "未保存" in response.content.decode()
    assert not AuditLog.objects.filter(action="report.shape").exists()


def test_wording_follows_the_cut_off_date(world):
    from tests.outreach.factories import EventFactory

    _people(world)
    EventFactory(community=world.a)  # a symposium on 8 March: the activities sentence has a count to say
    exporter = get_exporter("work-report")(community=world.a)
    partial = "".join(b.get("plain", "") for b in exporter.context(FORM, html_links=False)["blocks"])
    whole = "".join(
        b.get("plain", "")
        for b in exporter.context({**FORM, "date": "2026-12-31"}, html_links=False)["blocks"]
    )
    assert "截至6月30日，今年以来共开展各类活动" in partial and "全年共开展" not in partial
    assert "全年共开展各类活动" in whole
    assert "今年以来未发生民族宗教工作上访事件" in partial  # a counted zero, said in words
    assert "参与群众" not in partial  # …and a clause of counted zeros only (参与群众0人) is left out


def test_the_annual_plan_is_dated_at_the_start_of_its_year(world):
    _people(world)
    context = get_exporter("annual-plan")(community=world.a).context(FORM, html_links=False)
    assert context["signature"][-1] == "2026年1月"
