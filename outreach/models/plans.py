"""The plan ledger (年度工作计划台帐): a community's plan for a year, item by item.

A plan is drafted by the staff and approved by the party secretary. Approval takes a snapshot of the
items; every change after it (an item added, changed or withdrawn) is an amendment with its reason, and
every amendment is kept. Withdrawn items stay in the plan (the annual summary says why they were not held).

Items are activities (a type of event in a month; 节日活动 with its occasion), recurring duties (the monthly
joint visit with the mosque, the monthly visits of persons under correction, 党员发展, staff training) and
targets (leaflets, volunteers…). Held events and visits name the item they carry out (``plan_item``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import Community

from .ledgers import EventType, VisitPurpose

__all__ = [
    "DUTY_PURPOSES",
    "DUTY_UNITS",
    "AmendmentAction",
    "Duty",
    "Plan",
    "PlanAmendment",
    "PlanItem",
    "PlanItemKind",
    "PlanStatus",
    "Target",
]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已批准")


class Plan(models.Model):
    """A community's plan for one year (one per community and year)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True, editable=False)
    snapshot = models.JSONField(_("批准时的计划"), default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("建立人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("建立时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度工作计划")
        verbose_name_plural = _("年度工作计划")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="outreach_plan_unique_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False), name="outreach_plan_approved_at"
            ),
        ]

    def __str__(self):
        return f"{self.year}年工作计划"

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class PlanItemKind(models.TextChoices):
    ACTIVITY = "activity", _("活动")
    DUTY = "duty", _("常规工作")
    TARGET = "target", _("工作目标")


class Duty(models.TextChoices):
    JOINT_VISIT = "joint_visit", _("每月与清真寺联合走访")
    CORRECTION_VISIT = "correction_visit", _("每月走访社区矫正和帮教对象")
    PARTY = "party", _("党员发展")
    TRAINING = "training", _("工作人员培训")


#: The unit a counted duty's yearly quantity is planned in (the plan reads "全年2名", not "全年2").
DUTY_UNITS = {Duty.PARTY: "名", Duty.TRAINING: "次"}

#: The visits that carry out a visiting duty (suggested for a visit of that purpose).
DUTY_PURPOSES = {Duty.JOINT_VISIT: VisitPurpose.JOINT, Duty.CORRECTION_VISIT: VisitPurpose.CORRECTION}


class Target(models.TextChoices):
    LEAFLETS = "leaflets", _("发放宣传资料（份）")
    BANNERS = "banners", _("悬挂横幅（条）")
    BOARDS = "boards", _("制作展板（块）")
    QUIZZES = "quizzes", _("民族知识答题（份）")
    VOLUNTEERS = "volunteers", _("志愿者（人）")


class PlanItem(models.Model):
    """One line of a plan: an activity in a month, a recurring duty or a target."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), related_name="items", on_delete=models.CASCADE)
    kind = models.CharField(_("类别"), max_length=10, choices=PlanItemKind.choices)
    title = models.CharField(_("内容"), max_length=100, blank=True, help_text=_("活动名称或工作内容"))
    event_type = models.ForeignKey(
        EventType, verbose_name=_("活动类型"), null=True, blank=True, on_delete=models.PROTECT
    )
    occasion = models.CharField(_("节日"), max_length=20, blank=True)
    month = models.PositiveSmallIntegerField(
        _("月份"), null=True, blank=True, help_text=_("活动所在月份；常规工作留空表示每月")
    )
    duty = models.CharField(_("常规工作"), max_length=20, choices=Duty.choices, blank=True)
    target = models.CharField(_("目标项目"), max_length=20, choices=Target.choices, blank=True)
    quantity = models.PositiveIntegerField(
        _("数量"), null=True, blank=True, help_text=_("目标数量；党员发展、培训填全年计划数")
    )
    notes = models.TextField(_("备注"), blank=True)
    withdrawn_on = models.DateField(_("取消日期"), null=True, blank=True, editable=False)
    shortfall = models.CharField(
        _("未完成原因"), max_length=200, blank=True, help_text=_("计划未完成时填写，年终总结引用")
    )

    class Meta:
        verbose_name = _("计划项目")
        verbose_name_plural = _("计划项目")
        ordering = ["kind", "month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="outreach_planitem_month",
            ),
            models.CheckConstraint(
                condition=~Q(kind="activity") | Q(event_type__isnull=False, month__isnull=False),
                name="outreach_planitem_activity",
            ),
            models.CheckConstraint(condition=~Q(kind="duty") | ~Q(duty=""), name="outreach_planitem_duty"),
            models.CheckConstraint(
                condition=~Q(kind="target") | (~Q(target="") & Q(quantity__isnull=False)),
                name="outreach_planitem_target",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def name(self) -> str:
        """An activity's name without its month (its title, else its occasion and type)."""
        return self.title or f"{self.occasion}{self.event_type.name}"

    @property
    def label(self) -> str:
        """How the item reads in a list and in the plan document."""
        if self.kind == PlanItemKind.ACTIVITY:
            return f"{self.month}月 {self.name}"
        if self.kind == PlanItemKind.DUTY:
            return self.title or self.get_duty_display()
        return f"{self.get_target_display()} {self.quantity}"

    @property
    def is_monthly_visit(self) -> bool:
        return self.kind == PlanItemKind.DUTY and self.duty in DUTY_PURPOSES

    def describe(self) -> dict:
        """The item as plain values: the approval snapshot and the amendments' before/after."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "title": self.title,
            "month": self.month,
            "event_type": self.event_type.name if self.event_type_id else "",
            "occasion": self.occasion,
            "duty": self.duty,
            "target": self.target,
            "quantity": self.quantity,
            "notes": self.notes,
            "label": self.label,
        }


class AmendmentAction(models.TextChoices):
    ADD = "add", _("增加")
    CHANGE = "change", _("调整")
    WITHDRAW = "withdraw", _("取消")


class PlanAmendment(models.Model):
    """A change to an approved plan, with its reason (kept for good)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), related_name="amendments", on_delete=models.CASCADE
    )
    item = models.ForeignKey(
        PlanItem, verbose_name=_("计划项目"), null=True, related_name="amendments", on_delete=models.SET_NULL
    )
    action = models.CharField(_("变更"), max_length=10, choices=AmendmentAction.choices)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.CharField(_("变更原因"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("变更人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("变更时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计划变更")
        verbose_name_plural = _("计划变更")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="outreach_amendment_reason")]

    def __str__(self):
        return f"{self.get_action_display()}：{(self.after or self.before or {}).get('label', '')}"
