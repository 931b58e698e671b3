"""流动人口: a floating resident's arrival and departure, and the services the community gave them.

A registration hangs off the :class:`~residents.models.Resident` it is about (whose residence type is 流动);
a person may arrive, leave and come back, so one resident can have several registrations, at most one of
them open (no departure date). The service log is kept per person or per household.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.constraints import dated_range
from community.models import Community

from ..models import Household, Resident
from . import origins


class ArrivalReason(models.TextChoices):
    WORK = "work", _("务工")
    BUSINESS = "business", _("经商")
    STUDY = "study", _("就学")
    FAMILY = "family", _("投亲靠友")
    ACCOMPANY = "accompany", _("随迁")
    MEDICAL = "medical", _("就医")
    OTHER = "other", _("其他")


class Housing(models.TextChoices):
    RENTED = "rented", _("租住")
    EMPLOYER = "employer", _("单位宿舍")
    RELATIVES = "relatives", _("借住亲友家")
    OWNED = "owned", _("自购房")
    OTHER = "other", _("其他")


class ExpectedStay(models.TextChoices):
    MONTH = "month", _("一个月以内")
    HALF_YEAR = "half_year", _("一至六个月")
    YEAR = "year", _("半年至一年")
    LONGER = "longer", _("一年以上")
    UNKNOWN = "unknown", _("不确定")


class FloatingResident(models.Model):
    """流动人口登记: one stay of a floating resident, from arrival to departure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        Resident, verbose_name=_("居民"), related_name="floating_stays", on_delete=models.PROTECT
    )
    arrived_on = models.DateField(_("来本社区日期"))
    origin = models.CharField(_("户籍地（来源地）"), max_length=6)
    # The origin's province, kept beside the code so that counting by province is one GROUP BY.
    origin_province = models.CharField(_("来源省份"), max_length=6, editable=False)
    reason = models.CharField(_("来此事由"), max_length=20, choices=ArrivalReason.choices)
    permit_number = models.CharField(_("居住证号码"), max_length=30, blank=True)
    permit_expires = models.DateField(_("居住证有效期至"), null=True, blank=True)
    employer = models.CharField(_("工作单位/服务处所"), max_length=100, blank=True)
    housing = models.CharField(_("住所类型"), max_length=20, choices=Housing.choices)
    landlord_name = models.CharField(_("房东/户主姓名"), max_length=40, blank=True)
    landlord_phone = models.CharField(_("房东联系电话"), max_length=20, blank=True)
    expected_stay = models.CharField(
        _("预计居住时间"), max_length=20, choices=ExpectedStay.choices, default=ExpectedStay.UNKNOWN
    )
    departed_on = models.DateField(_("离开日期"), null=True, blank=True)
    destination = models.CharField(_("去向"), max_length=100, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("流动人口登记")
        verbose_name_plural = _("流动人口登记")
        ordering = ["-arrived_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=Q(departed_on__isnull=True), name="floating_one_open_stay"
            ),
            dated_range("arrived_on", "departed_on", name="floating_departs_after_arrival"),
        ]
        indexes = [
            models.Index(fields=["community", "arrived_on"]),
            models.Index(fields=["community", "departed_on"]),
            models.Index(fields=["community", "permit_expires"]),
        ]

    def __str__(self):
        return f"{self.resident.name}（{self.arrived_on:%Y-%m-%d} 来自{self.origin_name}）"

    def save(self, *args, **kwargs):
        self.origin_province = origins.province_code(self.origin) if self.origin else ""
        super().save(*args, **kwargs)

    @property
    def origin_name(self) -> str:
        return origins.name(self.origin)

    @property
    def is_open(self) -> bool:
        return self.departed_on is None


class ServiceKind(models.TextChoices):
    PERMIT = "permit", _("居住证办理")
    JOB = "job", _("就业推荐")
    SCHOOLING = "schooling", _("子女入学")
    HALAL = "halal", _("清真饮食/礼拜安排")
    LEGAL = "legal", _("法律援助")
    VISIT = "visit", _("走访")
    OTHER = "other", _("其他")


class ServiceRecord(models.Model):
    """服务记录: one service given to a floating resident or their household — what, when, by whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("服务对象"),
        related_name="services",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("服务户"),
        related_name="services",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("服务类型"), max_length=20, choices=ServiceKind.choices)
    served_on = models.DateField(_("服务日期"))
    served_by = models.CharField(_("服务人"), max_length=40)
    notes = models.TextField(_("服务内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-served_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(household__isnull=False), name="service_has_subject"
            ),
        ]
        indexes = [models.Index(fields=["community", "served_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.served_on:%Y-%m-%d}"
