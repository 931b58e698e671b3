"""The plan ledger: drafting, the secretary's approval (snapshot), amendments with reasons, copy from last
year, import from a sheet (all rows or none), and plan against actual counted by hand."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import AuditLog
from outreach import selectors, services
from outreach.models import EventType, Plan, PlanAmendment, PlanItem, Propaganda
from tests.outreach.factories import EventFactory, PlanFactory, PlanItemFactory, VisitFactory

YEAR = datetime.date.today().year
PLANS = "/c/HLS/outreach/plans/"


def _type(code):
    return EventType.objects.get(code=code)


def _activity(**extra):
    return {
        "kind": "activity",
        "month": "3",
        "event_type": str(_type("symposium").pk),
        "title": "民族团结座谈会",
        "occasion": "",
        "duty": "",
        "target": "",
        "quantity": "",
        "notes": "",
        **extra,
    }


def _approve(world, plan):
    return services.plans.plan_approve(plan=plan, actor=world.users["secretary"])


def test_staff_draft_the_plan_and_only_the_secretary_approves_it(world, client_for):
    # One test client: client_for(persona) logs it in as that persona.
    assert client_for("staff").post(f"{PLANS}{YEAR}/start/").status_code == 302
    plan = Plan.objects.get(community=world.a, year=YEAR)
    assert plan.status == "draft" and plan.created_by == world.users["staff"]
    response = client_for("staff").post(f"{PLANS}{YEAR}/items/new/", _activity())
    assert response.status_code == 302, response.content.decode()
    assert plan.items.get().label == "3月 民族团结座谈会"

    assert client_for("staff").post(f"{PLANS}{YEAR}/approve/").status_code == 403  # staff draft, not approve
    assert client_for("grid").post(f"{PLANS}{YEAR}/approve/").status_code == 403
    assert client_for("outsider").post(f"{PLANS}{YEAR}/approve/").status_code == 404
    plan.refresh_from_db()
    assert plan.status == "draft"

    assert client_for("secretary").post(f"{PLANS}{YEAR}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by == world.users["secretary"] and plan.approved_at
    assert [row["label"] for row in plan.snapshot] == ["3月 民族团结座谈会"]
    assert AuditLog.objects.filter(action="outreach.plan.approve", object_id=str(plan.pk)).exists()
    assert "已批准" in client_for("secretary").get(f"{PLANS}?year={YEAR}").content.decode()


def test_an_empty_plan_or_an_approved_one_is_not_approved_again(world):
    plan = PlanFactory(community=world.a)
    with pytest.raises(services.plans.ValidationError, match="还没有任何项目"):
        _approve(world, plan)
    PlanItemFactory(plan=plan)
    _approve(world, plan)
    with pytest.raises(services.plans.ValidationError, match="已经批准"):
        _approve(world, plan)


def test_an_item_is_refused_next_to_its_field_with_the_input_kept(world, client_for):
    plan = PlanFactory(community=world.a)
    client = client_for("staff")
    html = client.post(f"{PLANS}{YEAR}/items/new/", _activity(event_type="", title="慰问")).content.decode()
    assert "请选择活动类型。" in html and 'value="慰问"' in html
    html = client.post(
        f"{PLANS}{YEAR}/items/new/", _activity(event_type=str(_type("holiday").pk))
    ).content.decode()
    assert "节日活动请填写节日" in html
    html = client.post(
        f"{PLANS}{YEAR}/items/new/", _activity(kind="target", target="leaflets")
    ).content.decode()
    assert "请填写目标数量。" in html
    html = client.post(f"{PLANS}{YEAR}/items/new/", _activity(month="13")).content.decode()
    assert "13" in html and "选择一个有效的选项" in html
    assert not plan.items.exists()


def test_after_approval_every_change_is_an_amendment_with_its_reason_and_the_snapshot_stays(
    world, client_for
):
    plan = PlanFactory(community=world.a)
    item = PlanItemFactory(plan=plan, title="座谈会", month=3)
    _approve(world, plan)
    client = client_for("staff")
    edit = f"{PLANS}items/{item.pk}/edit/"
    token = client.get(edit).context["form"].initial["edit_token"]

    html = client.post(edit, _activity(month="4", title="座谈会", edit_token=token)).content.decode()
    assert "计划已批准，修改须填写变更原因。" in html
    item.refresh_from_db()
    assert item.month == 3 and not PlanAmendment.objects.exists()

    response = client.post(
        edit, _activity(month="4", title="座谈会", edit_token=token, reason="与开斋节错开")
    )
    assert response.status_code == 302
    change = PlanAmendment.objects.get()
    assert (change.action, change.reason, change.created_by) == (
        "change",
        "与开斋节错开",
        world.users["staff"],
    )
    assert (change.before["month"], change.after["month"]) == (3, 4)

    # A 未完成原因 is no change to the plan: no reason asked, no amendment.
    token = client.get(edit).context["form"].initial["edit_token"]
    assert (
        client.post(
            edit, _activity(month="4", title="座谈会", edit_token=token, shortfall="场地维修")
        ).status_code
        == 302
    )
    assert PlanAmendment.objects.count() == 1

    added = client.post(f"{PLANS}{YEAR}/items/new/", _activity(month="10", title="国庆座谈会"))
    assert "计划已批准，修改须填写变更原因。" in added.content.decode()
    client.post(f"{PLANS}{YEAR}/items/new/", _activity(month="10", title="国庆座谈会", reason="街道新增要求"))
    assert PlanAmendment.objects.filter(action="add", after__label="10月 国庆座谈会").exists()

    delete = f"{PLANS}items/{item.pk}/delete/"
    assert "记入计划变更记录" in client.get(delete).content.decode()  # asked first
    assert "取消项目须填写原因" in client.post(delete, {"reason": ""}).content.decode()
    assert client.post(delete, {"reason": "疫情防控暂停聚集活动"}).status_code == 302
    item.refresh_from_db()
    assert item.withdrawn_on == datetime.date.today()  # kept, withdrawn
    assert PlanAmendment.objects.filter(action="withdraw", item=item, reason="疫情防控暂停聚集活动").exists()

    plan.refresh_from_db()
    assert [row["label"] for row in plan.snapshot] == ["3月 座谈会"]  # the approved plan as it was
    html = client.get(f"{PLANS}?year={YEAR}").content.decode()
    assert "与开斋节错开" in html and "疫情防控暂停聚集活动" in html and "街道新增要求" in html
    assert AuditLog.objects.filter(action="outreach.plan_item.withdraw").exists()


def test_a_drafts_item_is_deleted_after_a_confirmation(world, client_for):
    item = PlanItemFactory(plan=PlanFactory(community=world.a), title="讲座")
    client = client_for("staff")
    page = client.get(f"{PLANS}items/{item.pk}/delete/").content.decode()
    assert "确定从" in page and "讲座" in page
    assert PlanItem.objects.filter(pk=item.pk).exists()  # GET only asks
    assert client.post(f"{PLANS}items/{item.pk}/delete/").status_code == 302
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert AuditLog.objects.filter(action="outreach.plan_item.delete").exists()


def test_an_edit_saved_by_someone_else_meanwhile_is_refused(world, client_for):
    item = PlanItemFactory(plan=PlanFactory(community=world.a), title="讲座")
    client = client_for("staff")
    token = client.get(f"{PLANS}items/{item.pk}/edit/").context["form"].initial["edit_token"]
    PlanItem.objects.filter(pk=item.pk).update(title="别人改过")
    html = client.post(
        f"{PLANS}items/{item.pk}/edit/", _activity(title="我的修改", edit_token=token)
    ).content.decode()
    assert "已被他人修改" in html
    item.refresh_from_db()
    assert item.title == "别人改过"


def test_last_years_plan_is_copied_in_one_step_without_its_withdrawn_items(world, client_for):
    last = PlanFactory(community=world.a, year=YEAR - 1)
    PlanItemFactory(plan=last, month=3, title="座谈会")
    PlanItemFactory(plan=last, kind="duty", duty="joint_visit", event_type=None, month=None, title="")
    PlanItemFactory(plan=last, month=9, title="已取消的讲座", withdrawn_on=datetime.date(YEAR - 1, 8, 1))
    client = client_for("staff")
    assert client.post(f"{PLANS}{YEAR}/copy/").status_code == 302
    plan = Plan.objects.get(community=world.a, year=YEAR)
    assert plan.status == "draft"
    assert sorted(i.label for i in plan.items.all()) == ["3月 座谈会", "每月与清真寺联合走访"]
    assert AuditLog.objects.filter(action="outreach.plan.copy", object_id=str(plan.pk)).exists()

    client.post(f"{PLANS}{YEAR}/copy/")  # a second copy would double the items: refused
    assert plan.items.count() == 2
    client.post(f"{PLANS}{YEAR + 2}/copy/")  # no plan the year before: nothing to copy
    assert not Plan.objects.filter(year=YEAR + 2).exists()
    with pytest.raises(services.plans.ValidationError, match="没有工作计划可复制"):
        services.plans.plan_copy(community=world.a, year=YEAR + 2, actor=None)


def _sheet(rows) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2027年民族工作计划"])
    sheet.append(["类别", "月份", "活动类型", "节日", "项目", "内容", "数量", "备注"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("计划.xlsx", out.getvalue())


def test_a_sheet_is_imported_whole_into_a_new_draft(world, client_for):
    upload = _sheet(
        [
            ["活动", "3月", "座谈会", None, None, "民族团结座谈会", None, None],
            ["活动", 4, "节日活动", "开斋节", None, "开斋节慰问", None, None],
            ["常规工作", None, None, None, "联合走访", None, None, None],
            ["常规工作", None, None, None, "党员发展", None, 2, None],
            ["工作目标", None, None, None, "宣传资料", None, 500, None],
        ]
    )
    response = client_for("staff").post(f"{PLANS}{YEAR + 1}/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()
    plan = Plan.objects.get(community=world.a, year=YEAR + 1)
    assert sorted(i.label for i in plan.items.all()) == [
        "3月 民族团结座谈会",
        "4月 开斋节慰问",
        "党员发展",
        "发放宣传资料（份） 500",
        "每月与清真寺联合走访",
    ]
    assert AuditLog.objects.filter(action="outreach.plan.import", object_id=str(plan.pk)).exists()


def test_a_sheet_with_bad_rows_is_refused_row_by_row_and_nothing_is_written(world, client_for):
    upload = _sheet(
        [
            ["活动", "3", "座谈会", None, None, "好的一行", None, None],
            ["活动", "13", "座谈会", None, None, "月份错", None, None],
            ["活动", "5", "篝火晚会", None, None, "类型错", None, None],
            ["活动", "6", "节日活动", None, None, "缺节日", None, None],
            ["会议", None, None, None, None, None, None, None],
            ["工作目标", None, None, None, "宣传资料", None, "很多", None],
        ]
    )
    html = client_for("staff").post(f"{PLANS}{YEAR + 1}/import/", {"file": upload}).content.decode()
    assert "有 5 行不符合要求，整张表格均未导入" in html
    assert "第 4 行：“月份”应为1至12" in html
    assert "第 5 行：“活动类型”“篝火晚会”不存在" in html
    assert "第 6 行：节日活动请填写节日" in html
    assert "第 7 行：“类别”应为" in html
    assert "第 8 行：“数量”应为整数" in html
    assert not Plan.objects.filter(year=YEAR + 1).exists() and not PlanItem.objects.exists()


def test_an_approved_plan_or_a_file_that_is_not_a_sheet_is_refused(world, client_for):
    plan = PlanFactory(community=world.a)
    PlanItemFactory(plan=plan)
    _approve(world, plan)
    client = client_for("staff")
    html = client.post(f"{PLANS}{YEAR}/import/", {"file": _sheet([["活动", 5, "座谈会"]])}).content.decode()
    assert "计划已批准，不能导入" in html and plan.items.count() == 1
    fake = SimpleUploadedFile("计划.xlsx", b"not a zip")
    assert "不是有效的 Excel" in client.post(f"{PLANS}{YEAR + 1}/import/", {"file": fake}).content.decode()
    csv = SimpleUploadedFile("计划.csv", "类别\n活动\n".encode())
    assert "只接受 Excel" in client.post(f"{PLANS}{YEAR + 1}/import/", {"file": csv}).content.decode()


def test_plan_against_actual_is_counted_item_by_item(world):
    """Hand count on 1 July: March's 座谈会 held; June's 开斋节 activity not held (reason noted); September's
    讲座 withdrawn; October's not yet due; one event held outside the plan; the joint visit done in 2 of the
    7 months due; 500 leaflets planned, 120 handed out so far."""
    plan = PlanFactory(community=world.a, year=2026)
    march = PlanItemFactory(plan=plan, month=3)
    june = PlanItemFactory(
        plan=plan, month=6, event_type=_type("holiday"), occasion="开斋节", shortfall="场地维修"
    )
    september = PlanItemFactory(plan=plan, month=9, event_type=_type("lecture"))
    PlanItemFactory(plan=plan, month=10)
    joint = PlanItemFactory(plan=plan, kind="duty", duty="joint_visit", event_type=None, month=None)
    leaflets = PlanItemFactory(
        plan=plan, kind="target", target="leaflets", quantity=500, event_type=None, month=None
    )
    _approve(world, plan)
    services.plans.item_delete(item=september, actor=world.users["staff"], reason="讲师调离")
    EventFactory(community=world.a, date=datetime.date(2026, 3, 20), plan_item=march)
    EventFactory(
        community=world.a, date=datetime.date(2026, 6, 20), plan_item=june, status="planned"
    )  # not held
    extra = EventFactory(community=world.a, date=datetime.date(2026, 5, 4))
    EventFactory(community=world.a, date=datetime.date(2026, 8, 4))  # after the reference date
    EventFactory(community=world.b, date=datetime.date(2026, 5, 4))  # another community
    for day in (datetime.date(2026, 1, 9), datetime.date(2026, 2, 3), datetime.date(2026, 2, 20)):
        VisitFactory(community=world.a, date=day, purpose="joint", plan_item=joint)
    Propaganda.objects.create(community=world.a, date=datetime.date(2026, 4, 1), subject="宣传", leaflets=120)

    progress = selectors.plans.plan_progress(world.a, 2026, datetime.date(2026, 7, 1))
    states = {p.item.pk: (p.state, p.planned, p.done, p.reason) for p in progress.items}
    assert states[march.pk] == ("done", 1, 1, "")
    assert states[june.pk] == ("missed", 1, 0, "场地维修")
    assert states[september.pk] == ("withdrawn", 1, 0, "讲师调离")
    assert states[joint.pk] == ("partly", 12, 2, "")
    assert states[leaflets.pk] == ("pending", 500, 120, "")  # the year is not over
    assert (progress.planned_activities, progress.held_activities) == (4, 1)
    assert [p.item.pk for p in progress.not_held] == [june.pk, september.pk]
    assert [e.pk for e in progress.extras] == [extra.pk]
    months = {m.month: (m.planned, m.held, m.extras) for m in progress.by_month}
    assert (
        months[3] == (1, 1, 0)
        and months[5] == (0, 0, 1)
        and months[6] == (1, 0, 0)
        and months[9] == (0, 0, 0)
    )

    year_end = selectors.plans.plan_progress(world.a, 2026, datetime.date(2026, 12, 31))
    assert {p.item.pk: p.state for p in year_end.items}[leaflets.pk] == "partly"  # 120 of 500


def test_without_a_plan_every_held_event_is_an_extra(world):
    EventFactory(community=world.a, date=datetime.date(2026, 3, 20))
    progress = selectors.plans.plan_progress(world.a, 2026, datetime.date(2026, 12, 31))
    assert progress.plan is None and progress.planned_activities == 0 and len(progress.extras) == 1


def test_the_plan_page_makes_the_same_queries_for_5_and_50_items(world, client_for, count_queries):
    plan = PlanFactory(community=world.a)
    client = client_for("staff")
    counts = []
    for n in (5, 45):
        for i in range(n):
            item = PlanItemFactory(plan=plan, month=i % 12 + 1)
            EventFactory(community=world.a, date=datetime.date(YEAR, item.month, 1), plan_item=item)
            EventFactory(community=world.a, date=datetime.date(YEAR, item.month, 2))
        counts.append(count_queries(lambda: client.get(PLANS)))
    # base (5: session, user, community, membership, switcher), the plan, its items, linked events, linked
    # visits, unplanned events, withdrawals, propaganda totals, last year's plan
    assert counts == [13, 13]


# --- events and visits carry out their plan item ----------------------------------------------------


def test_an_event_is_recorded_against_the_plan_item_suggested_by_its_type_and_month(world, client_for):
    plan = PlanFactory(community=world.a, year=YEAR)
    month = datetime.date.today().month
    far = PlanItemFactory(plan=plan, month=(month + 5) % 12 + 1)
    near = PlanItemFactory(plan=plan, month=month)
    PlanItemFactory(plan=plan, month=month, event_type=_type("lecture"))  # another type
    PlanItemFactory(plan=PlanFactory(community=world.b, year=YEAR), month=month)  # another community
    client = client_for("staff")
    form = client.get("/c/HLS/outreach/events/new/?type=symposium").context["form"]
    assert form.initial["plan_item"] == near
    assert {i.pk for i in form.fields["plan_item"].queryset} == set(
        PlanItem.objects.filter(plan=plan).values_list("pk", flat=True)
    )

    data = {
        "type": _type("symposium").pk,
        "title": "座谈会",
        "date": datetime.date.today().isoformat(),
        "status": "held",
        "other_participants": "3",
        "plan_item": far.pk,
    }
    assert client.post("/c/HLS/outreach/events/new/", data).status_code == 302
    event = far.events.get()
    assert "计划项目" in client.get(f"/c/HLS/outreach/events/{event.pk}/").content.decode()

    other = PlanItem.objects.get(plan__community=world.b)
    html = client.post("/c/HLS/outreach/events/new/", {**data, "plan_item": other.pk}).content.decode()
    assert "选择一个有效的选项" in html  # another community's item is not offered
    last_year = PlanItemFactory(plan=PlanFactory(community=world.a, year=YEAR - 1))
    html = client.post("/c/HLS/outreach/events/new/", {**data, "plan_item": last_year.pk}).content.decode()
    assert f"所选计划项目属于{YEAR - 1}年计划，与日期的年份不符。" in html
    assert far.events.count() == 1 and last_year.events.count() == 0


def test_a_visit_is_suggested_the_plans_visiting_duty_of_its_purpose(world, client_for):
    plan = PlanFactory(community=world.a, year=YEAR)
    joint = PlanItemFactory(plan=plan, kind="duty", duty="joint_visit", event_type=None, month=None)
    PlanItemFactory(
        plan=plan, kind="duty", duty="party", event_type=None, month=None, quantity=2
    )  # not a visit
    form = client_for("staff").get("/c/HLS/outreach/visits/new/?purpose=joint").context["form"]
    assert form.initial["plan_item"] == joint
    assert list(form.fields["plan_item"].queryset) == [joint]


def test_the_checklist_and_the_overview_follow_the_plans_monthly_duties(world, client_for, count_queries):
    today = datetime.date.today()
    plan = PlanFactory(community=world.a, year=today.year)
    joint = PlanItemFactory(plan=plan, kind="duty", duty="joint_visit", event_type=None, month=None)
    correction = PlanItemFactory(plan=plan, kind="duty", duty="correction_visit", event_type=None, month=None)
    PlanItemFactory(
        plan=plan, kind="duty", duty="party", event_type=None, month=None, quantity=2
    )  # not a visit
    PlanItemFactory(plan=plan, month=today.month, title="本月座谈会")

    duties = selectors.plans.monthly_duties(world.a, today, restricted=True)
    assert [(d.item, d.done) for d in duties] == [(joint, False), (correction, False)]
    VisitFactory(community=world.a, date=today, purpose="joint", plan_item=joint)
    duties = selectors.plans.monthly_duties(world.a, today, restricted=False)  # a grid worker: no 帮教 duty
    assert [(d.item, d.visits) for d in duties] == [(joint, 1)]

    response = client_for("staff").get("/c/HLS/outreach/visits/checklist/")
    html = response.content.decode()
    assert (
        "每月与清真寺联合走访" in html and "本月已走访 1 次" in html and "每月走访社区矫正和帮教对象" in html
    )
    grid_html = client_for("grid").get("/c/HLS/outreach/visits/checklist/").content.decode()
    assert "每月与清真寺联合走访" in grid_html and "每月走访社区矫正和帮教对象" not in grid_html

    overview = client_for("secretary").get("/c/HLS/").content.decode()
    assert 'data-testid="plan-progress"' in overview and "计划 1 项，已举办 0 项" in overview
    assert 'data-testid="plan-progress"' not in client_for("grid").get("/c/HLS/").content.decode()
