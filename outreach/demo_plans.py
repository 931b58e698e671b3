"""Demo plan ledger (called by ``outreach.demo.seed``): each demo community's plan for this year, approved
by its secretary and amended since (an item added, with its reason), its held events and visits carrying
out their items, one planned activity not held (with its reason), one event held outside the plan; and a
draft for next year copied from this one. Idempotent: a community that has this year's plan is left alone.
"""

from datetime import date

from django.db import transaction

from community.models import Membership, Role

from . import services
from .demo_events import event_plan
from .models import (
    Duty,
    Event,
    EventType,
    Plan,
    PlanItem,
    PlanItemKind,
    ReligiousSite,
    Target,
    Visit,
    VisitPurpose,
)

#: The street arranges this one each spring: held, but outside the community's plan (an "extra").
UNPLANNED = "春季就业援助月专场招聘会"


def seed(stdout, communities) -> None:
    today = date.today()
    for code in ("HLS", "XBG"):
        community = communities.get(code)
        if community is None or not Event.objects.filter(community=community).exists():
            continue
        if Plan.objects.filter(community=community, year=today.year).exists():
            stdout.write(f"  年度计划：{community.name}已有{today.year}年计划，跳过。")
            continue
        with transaction.atomic():
            items = seed_community(community, code, today)
        stdout.write(
            f"  年度计划：{community.name}{today.year}年计划{items}项（已批准，含变更），{today.year + 1}年计划草稿。"
        )


def _user(community, role):
    membership = Membership.objects.filter(community=community, role=role).select_related("user").first()
    return membership.user if membership else None


def seed_community(community, code: str, today: date) -> int:
    hls = code == "HLS"
    secretary, staff = _user(community, Role.SECRETARY), _user(community, Role.STAFF)
    types = {t.code: t for t in EventType.objects.all()}
    mosque = ReligiousSite.objects.filter(community=community, kind="mosque").exists()
    plan = Plan.objects.create(community=community, year=today.year, created_by=staff)
    items = []
    for spec in event_plan(today.year, mosque=mosque, hls=hls):
        if spec.title == UNPLANNED:
            continue
        items.append(
            PlanItem(
                plan=plan,
                kind=PlanItemKind.ACTIVITY,
                event_type=types[spec.type],
                month=spec.month,
                occasion=spec.occasion,
                title=spec.title,
            )
        )
    # Planned in March and not held: the venue was being repaired (the summary says why).
    items.append(
        PlanItem(
            plan=plan,
            kind=PlanItemKind.ACTIVITY,
            event_type=types["lecture"],
            month=3,
            title="民族团结进步知识竞赛",
            shortfall="活动室维修，改在民族团结进步月合并举办",
        )
    )
    if mosque:
        items.append(PlanItem(plan=plan, kind=PlanItemKind.DUTY, duty=Duty.JOINT_VISIT))
    items += [
        PlanItem(plan=plan, kind=PlanItemKind.DUTY, duty=Duty.CORRECTION_VISIT),
        PlanItem(
            plan=plan,
            kind=PlanItemKind.DUTY,
            duty=Duty.PARTY,
            quantity=2 if hls else 1,
            title="发展少数民族党员",
        ),
        PlanItem(
            plan=plan, kind=PlanItemKind.DUTY, duty=Duty.TRAINING, quantity=4, title="民族工作专干业务培训"
        ),
        PlanItem(plan=plan, kind=PlanItemKind.TARGET, target=Target.LEAFLETS, quantity=1500 if hls else 600),
        PlanItem(plan=plan, kind=PlanItemKind.TARGET, target=Target.BANNERS, quantity=5 if hls else 3),
    ]
    if hls:
        items.append(PlanItem(plan=plan, kind=PlanItemKind.TARGET, target=Target.VOLUNTEERS, quantity=300))
    for item in items:
        item.full_clean()
    PlanItem.objects.bulk_create(items)
    services.plans.plan_approve(plan=plan, actor=secretary)
    # An amendment after approval: the street asked for an autumn job fair.
    services.plans.item_save(
        plan=plan,
        actor=staff,
        reason="街道通知增加秋季就业援助专场",
        kind=PlanItemKind.ACTIVITY,
        event_type=types["job_fair"],
        month=10,
        title="秋季少数民族就业援助专场招聘会",
    )
    # The events and visits carry out their items.
    by_title = {i.title: i for i in plan.items.filter(kind=PlanItemKind.ACTIVITY)}
    for event in Event.objects.filter(community=community, date__year=today.year):
        if event.title in by_title:
            event.plan_item = by_title[event.title]
            event.save(update_fields=["plan_item"])
    duties = {i.duty: i for i in plan.items.filter(kind=PlanItemKind.DUTY)}
    for purpose, duty in (
        (VisitPurpose.JOINT, Duty.JOINT_VISIT),
        (VisitPurpose.CORRECTION, Duty.CORRECTION_VISIT),
    ):
        if duty in duties:
            Visit.objects.filter(community=community, purpose=purpose, date__year=today.year).update(
                plan_item=duties[duty]
            )
    services.plans.plan_copy(community=community, year=today.year + 1, actor=staff)
    return plan.items.count()
