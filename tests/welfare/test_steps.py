"""The case page names each step by what the person does, offers it to the role that may take it and
tells the others who does; the secretary's home lists what awaits her decision."""

import pytest

from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory, btype


def _case(world, **kw):
    return CaseFactory(
        resident=ResidentFactory(household=HouseholdFactory(community=world.a), name="马兰"), **kw
    )


def _steps(client, case) -> str:
    html = client.get(f"/c/HLS/welfare/{case.pk}/").content.decode()
    return html.split('data-testid="case-steps"')[1].split("</div></div>")[0] if "case-steps" in html else ""


def test_staff_end_an_approved_case_and_the_secretary_is_told_who_does(world, client_for):
    case = _case(world, status="active")
    staff = _steps(client_for("staff"), case)
    assert 'data-testid="to-ended"' in staff and ">终止<" in staff and "终止的理由（必填）" in staff
    secretary = _steps(client_for("secretary"), case)
    assert 'data-testid="to-ended"' not in secretary
    assert "“终止”由社区工作人员办理。" in secretary and "社区书记办理" not in secretary


def test_the_secretary_approves_or_refuses_and_staff_are_told_who_decides(world, client_for):
    case = _case(world, status="reviewing")
    secretary = _steps(client_for("secretary"), case)
    assert ">批准<" in secretary and "btn-success" in secretary
    assert "不予批准的理由（必填）" in secretary  # a refusal asks why
    staff = _steps(client_for("staff"), case)
    assert "“批准”由社区书记办理。" in staff and "“不予批准”由社区书记办理。" in staff


def test_staff_submit_an_application_for_review_by_that_name(world, client_for):
    case = _case(world, status="applying")
    staff = _steps(client_for("staff"), case)
    assert 'data-testid="to-reviewing">提交审核<' in staff
    assert "审核中</button>" not in staff


def test_a_refusal_without_its_reason_is_refused_in_chinese(world, client_for):
    case = _case(world, status="reviewing")
    client = client_for("secretary")
    response = client.post(
        f"/c/HLS/welfare/{case.pk}/transition/",
        {"to_status": "rejected", "version": case.version, "reason": ""},
        follow=True,
    )
    assert "请填写不予批准的理由。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "reviewing"


def test_the_log_and_the_badge_use_the_same_words(world, client_for):
    case = _case(world, status="reviewing", start_on=None)
    client = client_for("secretary")
    client.post(f"/c/HLS/welfare/{case.pk}/transition/", {"to_status": "active", "version": case.version})
    html = client.get(f"/c/HLS/welfare/{case.pk}/").content.decode()
    log = html.split('data-testid="case-log"')[1].split("</ol>")[0]
    assert "批准" in log and "在保" in log and "享受中" not in log
    assert 'data-testid="case-status">在保<' in html


def test_the_secretarys_home_lists_the_cases_awaiting_her(world, client_for, count_queries):
    for _ in range(3):
        _case(world, status="reviewing")
    _case(world, status="active")
    client = client_for("secretary")
    html = client.get("/c/HLS/").content.decode()
    panel = html.split('data-testid="pending-panel"')[1].split("</section>")[0]
    assert "待审批" in panel and 'data-testid="pending-count">3<' in panel
    assert panel.count("马兰 · 低保") == 3
    assert "?status=reviewing" in panel
    few = count_queries(lambda: client.get("/c/HLS/"))
    for _ in range(20):
        _case(world, status="reviewing")
    # The home page's panels, as outreach/test_query_counts.py counts them (21), and the secretary's list of
    # cases awaiting her: a count and a short list (one query with the count's), whatever the number — 22
    assert count_queries(lambda: client.get("/c/HLS/")) == few == 22, few


@pytest.mark.parametrize(("persona", "title"), [("staff", "待提交审核"), ("grid", None)])
def test_staff_see_their_unsent_applications_and_grid_workers_no_panel(world, client_for, persona, title):
    case = _case(world, status="applying")
    case.household.grid.workers.add(world.users["grid"])
    html = client_for(persona).get("/c/HLS/").content.decode()
    assert ('data-testid="pending-panel"' in html) == bool(title)
    if title:
        assert title in html


def test_the_form_names_the_person_and_knows_which_fields_each_type_uses(world, client_for):
    case = _case(world, type=btype("housing"), housing_mode="in_kind")
    html = client_for("staff").get(f"/c/HLS/welfare/{case.pk}/edit/").content.decode()
    assert 'data-testid="case-resident"' in html and "马兰" in html
    flags = html.split('id="welfare-type-flags" type="application/json">')[1].split("</script>")[0]
    import json

    flags = json.loads(flags)
    assert flags[str(btype("housing").pk)] == {"housing_mode": True, "placement": False}
    assert flags[str(btype("employment").pk)] == {"housing_mode": False, "placement": True}
