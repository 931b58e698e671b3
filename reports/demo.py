"""Demo 审核签发 and 上报 (called by ``seed_demo`` after the ledgers exist): every state on show.

This year, 民族工作汇报材料 (due five days ago): 华林山社区's version accepted, 小北沟社区's returned with
the street's comment — so overdue, in red. 年终总结 (due in three weeks): 华林山社区's version waiting for the
street. 年度工作计划 (due two days ago): nothing submitted by 华林山社区 — overdue. Real PDFs, generated and
signed as the secretary would. Idempotent: a street that already has submissions is left alone.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from community.models import Membership, Role

from .exporters import get_exporter
from .models import Submission
from .services import generate_report
from .submissions import services


def _secretary(community):
    membership = (
        Membership.objects.filter(community=community, role=Role.SECRETARY).select_related("user").first()
    )
    return membership.user if membership else None


def _submit(community, report: str, year: int, on: date, actor):
    exporter = get_exporter(report)(community=community)
    archive = generate_report(exporter=exporter, form_data={"year": year, "date": on.isoformat(), "format": "pdf"},
                              actor=actor)  # fmt: skip
    services.sign_off(archive=archive, actor=actor)
    return services.submit(archive=archive, actor=actor)


def seed(stdout, communities) -> None:
    hls, xbg = communities["HLS"], communities["XBG"]
    street = hls.street
    if Submission.objects.filter(community__street=street).exists():
        return
    street_user = Membership.objects.filter(street=street, role=Role.STREET).select_related("user").first()
    secretary = _secretary(hls)
    if street_user is None or secretary is None or _secretary(xbg) is None:
        return
    street_user = street_user.user
    today = timezone.localdate()
    year, on = today.year, today
    with transaction.atomic():
        services.set_due(street=street, report="work-report", year=year, due_on=today - timedelta(days=5),
                         actor=street_user)  # fmt: skip
        services.set_due(street=street, report="annual-plan", year=year, due_on=today - timedelta(days=2),
                         actor=street_user)  # fmt: skip
        services.set_due(street=street, report="annual-summary", year=year, due_on=today + timedelta(days=21),
                         actor=street_user)  # fmt: skip
        accepted = _submit(hls, "work-report", year, on, secretary)
        services.accept(submission=accepted, actor=street_user, comment="材料齐全，已接收。")
        returned = _submit(xbg, "work-report", year, on, _secretary(xbg))
        services.return_(submission=returned, actor=street_user,
                         comment="请补充少数民族流动人口服务管理的情况，并核对低保人数。")  # fmt: skip
        _submit(hls, "annual-summary", year, on, secretary)
    stdout.write(
        "  上报：华林山社区汇报材料已接收、年终总结待接收；小北沟社区汇报材料已退回（逾期）；年度计划未上报（逾期）。"
    )
