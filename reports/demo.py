"""Demo 审核签发 and 上报 (called by ``seed_demo`` after the ledgers exist): every state on show.

This year, 民族工作汇报材料 (due five days ago): 华林山社区's version accepted, 小北沟社区's returned with
the street's comment — so overdue, in red. 年终总结 (due in three weeks): 华林山社区's version waiting for the
street. 年度工作计划 (due two days ago): nothing submitted by 华林山社区 — overdue. Real PDFs, generated and
signed as the secretary would. Idempotent: a street that already has submissions is left alone.

信息报送: four reports of 华林山社区 — one acknowledged with an answer, one the street asked to follow up, one
waiting, and one 特急 waiting past its two hours (flagged). Left alone when the community has any.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from community.models import Membership, Role

from .exporters import get_exporter
from .information import services as information
from .models import InformationReport, Submission
from .services import report_generate
from .submissions import services


def _secretary(community):
    membership = (
        Membership.objects.filter(community=community, role=Role.SECRETARY).select_related("user").first()
    )
    return membership.user if membership else None


def _submit(community, report: str, year: int, on: date, actor):
    exporter = get_exporter(report)(community=community)
    archive = report_generate(
        exporter=exporter, form_data={"year": year, "date": on.isoformat(), "format": "pdf"}, actor=actor
    )
    services.archive_sign_off(archive=archive, actor=actor)
    return services.report_submit(archive=archive, actor=actor)


INFORMATION = [  # (days ago, category, urgency, title, text, informant, street's step)
    (
        40,
        "ethnic_religious",
        "normal",
        "开斋节期间清真寺礼拜人数增多",
        "开斋节当日华林山清真寺礼拜人数约八百人，较去年增加约一百人，寺管会已安排志愿者维持秩序，未发现异常情况。",
        "马福祥",
        ("acknowledge", "已阅。请继续关注节日期间的交通和安全。"),
    ),
    (
        12,
        "dispute",
        "urgent",
        "两户居民因楼道堆物发生争执",
        "5号楼两户居民（一户回族、一户汉族）因楼道堆放杂物发生口角，网格员已到场劝解，双方情绪基本平稳，拟由社区调委会调解。",
        "李建国",
        ("ask", "请续报调解结果，注意做好民族团结方面的疏导。"),
    ),
    (
        2,  # within the 3 days of a 一般 report at any hour of the day (not overdue)
        "event",
        "normal",
        "社区拟举办民族团结进步宣传月活动",
        "社区拟于下月在华林山广场举办民族团结进步宣传月活动，预计参加群众三百人，邀请辖区清真寺、学校参加。",
        "马晓燕",
        None,
    ),
    (
        1,
        "other",
        "critical",
        "辖区餐馆清真标识使用问题反映",
        "群众反映辖区一家新开餐馆使用清真标识但经营者非少数民族，已告知市场监管所核查。",
        "马福祥",
        None,
    ),
]


def _information(community, actor, street_user) -> int:

    if InformationReport.objects.filter(community=community).exists():
        return 0
    today = timezone.localdate()
    for days, category, urgency, title, text, informant, step in INFORMATION:
        report = information.information_submit(
            community=community,
            actor=actor,
            files=[],
            data={
                "category": category,
                "urgency": urgency,
                "title": title,
                "text": text,
                "informant": informant,
                "occurred_on": today - timedelta(days=days),
            },
        )
        when = timezone.make_aware(datetime.combine(today - timedelta(days=days), time(9, 30)))
        InformationReport.objects.filter(pk=report.pk).update(submitted_at=when, waiting_since=when)
        report.steps.update(at=when)
        if step is not None:
            kind, reply = step
            if kind == "acknowledge":
                information.information_acknowledge(report=report, text=reply, actor=street_user)
            else:
                information.information_ask_follow_up(report=report, text=reply, actor=street_user)
    return len(INFORMATION)


def seed(stdout, communities) -> None:
    hls, xbg = communities["HLS"], communities["XBG"]
    street = hls.street
    street_user = Membership.objects.filter(street=street, role=Role.STREET).select_related("user").first()
    secretary = _secretary(hls)
    if street_user is None or secretary is None or _secretary(xbg) is None:
        return
    street_user = street_user.user
    with transaction.atomic():
        n = _information(hls, secretary, street_user)
    if n:
        stdout.write(f"  信息报送：华林山社区{n}件（已签收、需续报、待签收、特急超时未签收各有）。")
    if Submission.objects.filter(community__street=street).exists():
        return
    today = timezone.localdate()
    year, on = today.year, today
    with transaction.atomic():
        services.due_set(
            street=street,
            report="work-report",
            year=year,
            due_on=today - timedelta(days=5),
            actor=street_user,
        )
        services.due_set(
            street=street,
            report="annual-plan",
            year=year,
            due_on=today - timedelta(days=2),
            actor=street_user,
        )
        services.due_set(
            street=street,
            report="annual-summary",
            year=year,
            due_on=today + timedelta(days=21),
            actor=street_user,
        )
        accepted = _submit(hls, "work-report", year, on, secretary)
        services.submission_accept(submission=accepted, actor=street_user, comment="材料齐全，已接收。")
        returned = _submit(xbg, "work-report", year, on, _secretary(xbg))
        services.submission_return(
            submission=returned,
            actor=street_user,
            comment="请补充少数民族流动人口服务管理的情况，并核对低保人数。",
        )
        _submit(hls, "annual-summary", year, on, secretary)
    stdout.write(
        "  上报：华林山社区汇报材料已接收、年终总结待接收；小北沟社区汇报材料已退回（逾期）；年度计划未上报（逾期）。"
    )
