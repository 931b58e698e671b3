"""清真食品 / 清真餐饮 oversight: the halal shops and canteens of the jurisdiction, their inspections
(with rectifications) and the complaints received about them. Nothing is deleted: a shop that closes
gets ``closed_on``, a rectification its completion date, a complaint its handling date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.constraints import dated_range
from community.models import Community
from grids.models import Grid
from residents.models import Ethnicity


class HalalKind(models.TextChoices):
    RESTAURANT = "restaurant", _("清真餐馆")
    CANTEEN = "canteen", _("清真食堂")
    FOOD_SHOP = "food_shop", _("清真食品店")
    MEAT = "meat", _("牛羊肉店")
    BAKERY = "bakery", _("清真糕点店")
    OTHER = "other", _("其他")


class HalalEstablishment(models.Model):
    """A halal shop or canteen. The operator's phone is shown masked; revealing it is audited."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=HalalKind.choices)
    address = models.CharField(_("地址"), max_length=200)
    grid = models.ForeignKey(
        Grid, verbose_name=_("所在网格"), null=True, blank=True, on_delete=models.PROTECT
    )
    licence_number = models.CharField(_("清真食品经营许可/备案编号"), max_length=60, blank=True)
    licence_expires = models.DateField(_("许可有效期至"), null=True, blank=True)
    operator_name = models.CharField(_("经营者"), max_length=30)
    operator_ethnicity = models.ForeignKey(
        Ethnicity,
        verbose_name=_("经营者民族"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    operator_phone = models.CharField(_("经营者电话"), max_length=20, blank=True)
    opened_on = models.DateField(_("开业（登记）日期"))
    closed_on = models.DateField(_("停业（注销）日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("清真食品经营场所")
        verbose_name_plural = _("清真食品经营场所")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="outreach_halal_name_unique"),
            dated_range("opened_on", "closed_on", name="outreach_halal_dates"),
        ]

    def __str__(self):
        return self.name


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("合格")
    RECTIFY = "rectify", _("限期整改")


class HalalInspection(models.Model):
    """An inspection, by whom and with which department; a finding to rectify has its due date."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    establishment = models.ForeignKey(
        HalalEstablishment, verbose_name=_("经营场所"), related_name="inspections", on_delete=models.PROTECT
    )
    date = models.DateField(_("检查日期"))
    inspectors = models.CharField(_("检查人员"), max_length=100)
    departments = models.CharField(
        _("会同部门"), max_length=100, blank=True, help_text=_("如：市场监管所、街道民族宗教办")
    )
    findings = models.TextField(_("检查情况"))
    result = models.CharField(_("检查结论"), max_length=10, choices=InspectionResult.choices)
    rectification = models.TextField(_("整改要求"), blank=True)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("清真食品检查")
        verbose_name_plural = _("清真食品检查")
        ordering = ["-date", "-pk"]
        constraints = [
            # A rectification has its due date; a passed inspection has nothing to rectify.
            models.CheckConstraint(
                condition=Q(result="passed", rectification_due__isnull=True, rectified_on__isnull=True)
                | Q(result="rectify", rectification_due__isnull=False),
                name="outreach_inspection_rectification",
            ),
            dated_range("date", "rectified_on", name="outreach_inspection_rectified_after"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.establishment.name}检查"

    @property
    def is_open(self) -> bool:
        return self.result == InspectionResult.RECTIFY and self.rectified_on is None


class ComplaintChannel(models.TextChoices):
    VISIT = "visit", _("来访")
    PHONE = "phone", _("来电")
    HOTLINE = "hotline", _("12345热线")
    ONLINE = "online", _("网络")
    REFERRAL = "referral", _("上级转办")


class HalalComplaint(models.Model):
    """A complaint about a halal shop or canteen, to its handling date and result."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    establishment = models.ForeignKey(
        HalalEstablishment, verbose_name=_("被投诉场所"), related_name="complaints", on_delete=models.PROTECT
    )
    received_on = models.DateField(_("受理日期"))
    channel = models.CharField(_("来源"), max_length=10, choices=ComplaintChannel.choices)
    complainant = models.CharField(_("投诉人"), max_length=30, blank=True, help_text=_("匿名投诉可留空"))
    complainant_phone = models.CharField(_("投诉人电话"), max_length=20, blank=True)
    summary = models.CharField(_("投诉事由"), max_length=200)
    handled_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.TextField(_("处理结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("清真食品投诉")
        verbose_name_plural = _("清真食品投诉")
        ordering = ["-received_on", "-pk"]
        constraints = [dated_range("received_on", "handled_on", name="outreach_complaint_handled_after")]

    def __str__(self):
        return self.summary
