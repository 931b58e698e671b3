"""Missing is not zero: an unrecorded value is listed before generating and its clause left out."""

from decimal import Decimal

from django.urls import reverse

from community.models import AuditLog
from reports.exporters import get_exporter
from reports.figures import Figure
from reports.models import ReportJob
from reports.narrative import without_unrecorded
from tests.conftest import with_edit_token
from tests.factories import HouseholdFactory, ResidentFactory


def _people(world):
    h = HouseholdFactory(community=world.a)
    ResidentFactory(household=h, ethnicity="03")


def _work_report(world):
    exporter = get_exporter("work-report")(community=world.a)
    return exporter.context({"year": 2026, "date": "2026-06-30", "format": "pdf"}, html_links=False)


def test_a_clause_citing_an_unrecorded_figure_is_left_out_and_the_sentence_still_ends():
    figures = {"a": Figure("a", 3), "b": Figure("b", None)}
    assert without_unrecorded("有{a}人，其中{b}名党员。下一句。", figures) == "有{a}人。下一句。"
    assert without_unrecorded("有{b}人；共{a}户。", figures) == "共{a}户。"


def test_a_clause_of_counted_zeros_only_is_left_out_but_a_zero_beside_a_count_or_a_profile_zero_stays():
    figures = {
        "due": Figure("due", 11, "次"),
        "done": Figure("done", 0, "次"),
        "jobs": Figure("jobs", 0, "名"),
        "share": Figure("share", Decimal("0.0"), "%"),
        "civil": Figure("civil", 0),
    }
    text = "应走访{due}次、已走访{done}次；为{jobs}名群众找到了就业岗位，占{share}。其中公务员{civil}名。"
    assert without_unrecorded(text, figures) == "应走访{due}次、已走访{done}次。其中公务员{civil}名。"
    assert without_unrecorded("为{jobs}名群众找到了就业岗位。", figures) == ""


def test_an_empty_profile_prints_no_zero_and_no_dash_and_the_check_lists_each_gap(world):
    _people(world)
    context = _work_report(world)
    text = "".join(b.get("plain", "") for b in context["blocks"])
    for never in ("社区工作人员0名", "公务员0名", "总造价—", "成立于—", "以社区主任为组长", "—万元"):
        assert never not in text
    assert "常住人口1人" in text  # what was counted is still said
    gaps = " ".join(g.text for g in context["gaps"])
    for field in ("成立日期", "辖区面积", "办公楼总造价", "工作人员：公务员"):
        assert field in gaps
    assert "领导小组未登记组长" in gaps
    assert any(
        g.url.startswith(reverse("community:profile", kwargs={"code": "HLS"})) for g in context["gaps"]
    )


def test_a_recorded_zero_is_said_and_a_filled_profile_leaves_no_profile_gap(world):
    _people(world)
    a = world.a
    a.staff_civil_servants, a.staff_institutional, a.staff_hired = 0, 2, 5
    a.save()
    text = "".join(b.get("plain", "") for b in _work_report(world)["blocks"])
    assert "社区工作人员7名，其中公务员0名，事业编制2名，招聘人员5名" in text


def test_staff_cannot_generate_past_gaps_and_the_secretary_can_when_she_confirms(world, client_for):
    _people(world)
    url = reverse("reports:generate", kwargs={"code": "HLS", "identifier": "annual-plan"})
    response = client_for("staff").post(url, {"year": 2026, "anyway": "1"})
    assert ReportJob.objects.count() == 0
    assert (
        reverse("reports:preview", kwargs={"code": "HLS", "identifier": "annual-plan"})
        in response["Location"]
    )
    response = client_for("secretary").post(url, {"year": 2026})
    assert ReportJob.objects.count() == 0, "the secretary too must confirm"
    response = client_for("secretary").post(url, {"year": 2026, "anyway": "1"})
    assert ReportJob.objects.get().status == "done"


def test_the_preview_lists_the_gaps_with_links(world, client_for):
    _people(world)
    page = client_for("secretary").get(
        reverse("reports:preview", kwargs={"code": "HLS", "identifier": "work-report"}), {"year": 2026}
    )
    body = page.content.decode()
    assert "生成前检查" in body and "社区概况未填写" in body and "填写社区概况" in body


def test_staff_keep_the_profile_with_history_and_audit(world, client_for):
    url = reverse("community:profile", kwargs={"code": "HLS"})
    client = client_for("staff")
    response = client.post(
        url,
        with_edit_token(
            client,
            url,
            {
                "founded_on": "2008-08-01",
                "area_km2": "0.7",
                "staff_civil_servants": "2",
                "staff_institutional": "",
                "staff_hired": "6",
                "boundary": "",
                "office_rooms": "",
                "office_cost_10k_yuan": "",
                "office_area_m2": "",
            },
        ),
    )
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.staff_civil_servants == 2 and world.a.staff_institutional is None
    assert world.a.history.count() >= 2
    row = AuditLog.objects.get(action="community.profile")
    assert "staff_civil_servants" in row.data["fields"]
    bad = client.post(url, {"area_km2": "-1", "staff_hired": "x"})
    assert bad.status_code == 200
    assert {"area_km2", "staff_hired"} <= set(bad.context["form"].errors)
    assert client_for("grid").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 404


def test_a_benefit_never_recorded_is_a_gap_not_a_zero_row_or_clause(world):
    from tests.welfare.factories import CaseFactory

    h = HouseholdFactory(community=world.a)
    hui = ResidentFactory(household=h, ethnicity="03")
    CaseFactory(resident=hui, start_on="2025-01-01")  # 低保 only: the other ledgers were never kept here
    CaseFactory(
        resident=hui, type=_type("employment"), status="ended", start_on="2025-01-01", end_on="2025-06-01"
    )
    context = _work_report(world)
    text = "".join(b.get("plain", "") for b in context["blocks"])
    assert "享受低保的少数民族人员1人、1户" in text
    # employment was recorded (a case ended last year): its zero is counted, not a gap, and a clause
    # claiming "为0名…找到了就业岗位" says nothing, so it is left out like the all-zero table row
    assert "就业帮扶" not in text and "为0名" not in text
    assert not any("就业" in g.text for g in context["gaps"])
    for never in ("廉租房", "医保", "助学", "应保尽保0"):
        assert never not in text, never
    table = next(
        b
        for b in context["blocks"]
        if b.get("caption", "").endswith("民族政策落实情况（统计截止日在享人数）")
    )
    assert [row[0] for row in table["rows"]] == [
        "低保"
    ]  # the recorded zero row (就业帮扶 0 …) is left out too
    gap = next(g for g in context["gaps"] if "救助台帐中从未登记" in g.text)
    assert "廉租房" in gap.text and "居民医保" in gap.text and "低保" not in gap.text.split("：")[1]
    assert gap.url == reverse("welfare:index", kwargs={"code": "HLS"})


def _type(code):
    from tests.welfare.factories import btype

    return btype(code)
