"""Welfare cases (民族政策落实): who receives what, since when, with every step of the workflow recorded."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.constraints import dated_range
from community.models import Community
from residents.models import Household, Resident


class CaseStatus(models.TextChoices):
    APPLYING = "applying", _("申请中")
    REVIEWING = "reviewing", _("审核中")
    ACTIVE = "active", _("享受中")  # each type names it: 在保, 已入住, 已发放, 已就业
    ENDED = "ended", _("已终止")
    REJECTED = "rejected", _("未通过")


# (from, to) → the permission it needs. Anything else is refused.
TRANSITIONS = {
    (CaseStatus.APPLYING, CaseStatus.REVIEWING): "welfare.edit",
    (CaseStatus.REVIEWING, CaseStatus.ACTIVE): "welfare.decide",
    (CaseStatus.REVIEWING, CaseStatus.REJECTED): "welfare.decide",
    (CaseStatus.APPLYING, CaseStatus.REJECTED): "welfare.decide",
    (CaseStatus.ACTIVE, CaseStatus.ENDED): "welfare.edit",
}

# Each step named by what the person does (the buttons, the log and the audit trail use these words).
STEPS = {
    (CaseStatus.APPLYING, CaseStatus.REVIEWING): _("提交审核"),
    (CaseStatus.REVIEWING, CaseStatus.ACTIVE): _("批准"),
    (CaseStatus.REVIEWING, CaseStatus.REJECTED): _("不予批准"),
    (CaseStatus.APPLYING, CaseStatus.REJECTED): _("不予批准"),
    (CaseStatus.ACTIVE, CaseStatus.ENDED): _("终止"),
}
# Steps that must say why (a refusal is explained to the applicant; an ending is kept on file).
NEEDS_REASON = {CaseStatus.REJECTED, CaseStatus.ENDED}


def step_label(from_status: str, to_status: str) -> str:
    """The name of the step from ``from_status`` to ``to_status`` (登记 for the first one)."""
    if not from_status:
        return str(_("登记"))
    return str(STEPS.get((from_status, to_status), _("变更状态")))


class Period(models.TextChoices):
    MONTHLY = "monthly", _("按月")
    ONE_OFF = "one_off", _("一次性")


# 廉租房 is one benefit type; whether the family moved into a flat (实物配租) or receives a rent subsidy
# (租赁补贴) is a field of the case (``Case.housing_mode``), required for types with ``has_housing_mode``.
# One type keeps a family's history in one ledger and lets a report count either mode or both
# (``selectors.coverage(..., housing_mode=...)``).
class HousingMode(models.TextChoices):
    IN_KIND = "in_kind", _("实物配租")
    SUBSIDY = "subsidy", _("租赁补贴")
    # An office's sheet that does not say which (the import warns; staff correct it on the case).
    UNKNOWN = "unknown", _("未注明")


class BenefitType(models.Model):
    """A kind of help. Loaded by a data migration; a community may add its own (community set)."""

    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=30)
    community = models.ForeignKey(
        Community,
        verbose_name=_("社区"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空：所有社区通用"),
    )
    active_label = models.CharField(_("享受中状态名称"), max_length=10, default="在保")
    period = models.CharField(_("金额周期"), max_length=10, choices=Period.choices, default=Period.MONTHLY)
    review_months = models.PositiveSmallIntegerField(_("复审周期（月）"), null=True, blank=True)
    has_housing_mode = models.BooleanField(_("区分实物配租/租赁补贴"), default=False)
    has_placement = models.BooleanField(_("记录就业岗位"), default=False)
    sort = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("救助类型")
        verbose_name_plural = _("救助类型")
        ordering = ["sort", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "code"], name="benefit_type_code_unique")]

    def __str__(self):
        return self.name

    def status_label(self, status: str) -> str:
        return self.active_label if status == CaseStatus.ACTIVE else str(CaseStatus(status).label)


class Case(models.Model):
    """One resident's benefit. Never deleted; ``version`` guards against concurrent edits."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        Resident, verbose_name=_("居民"), related_name="welfare_cases", on_delete=models.PROTECT
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("户"),
        null=True,
        blank=True,
        related_name="welfare_cases",
        on_delete=models.PROTECT,
    )
    type = models.ForeignKey(BenefitType, verbose_name=_("救助类型"), on_delete=models.PROTECT)
    status = models.CharField(
        _("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.APPLYING
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    housing_mode = models.CharField(_("廉租房方式"), max_length=10, choices=HousingMode.choices, blank=True)
    placement = models.CharField(_("就业岗位"), max_length=100, blank=True)
    start_on = models.DateField(_("开始日期"), null=True, blank=True)
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    next_review_on = models.DateField(_("下次复审日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("救助案件")
        verbose_name_plural = _("救助案件")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True), name="case_amount_not_negative"
            ),
            dated_range("start_on", "end_on", name="case_end_after_start", start_optional=True),
        ]
        indexes = [
            models.Index(fields=["community", "type", "status"]),
            models.Index(fields=["community", "next_review_on"]),
        ]

    def __str__(self):
        return f"{self.resident.name} · {self.type.name}"

    @property
    def status_label(self) -> str:
        """The type's word for the state; an approved 实物配租 whose family moves in later is 准备入住."""
        if (
            self.status == CaseStatus.ACTIVE
            and self.housing_mode == HousingMode.IN_KIND
            and self.start_on is not None
            and self.start_on > timezone.localdate()
        ):
            return str(_("准备入住"))
        return self.type.status_label(self.status)


class Transition(models.Model):
    """One step of a case's workflow: who, when, from what to what, and why."""

    case = models.ForeignKey(Case, related_name="transitions", on_delete=models.PROTECT)
    from_status = models.CharField(_("原状态"), max_length=10, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id}: {self.from_status} → {self.to_status}"

    @property
    def step_label(self) -> str:
        return step_label(self.from_status, self.to_status)

    @property
    def to_label(self) -> str:
        """The new state as the case's badge names it (the type's own word for 享受中, e.g. 在保)."""
        return self.case.type.status_label(self.to_status)


class Attachment(models.Model):
    """A scanned document of a case, stored outside static/media under a random name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, related_name="attachments", on_delete=models.PROTECT)
    original_name = models.CharField(_("文件名"), max_length=200)
    storage_name = models.CharField(max_length=80, editable=False)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
