"""困难家庭 at the household level: the hardship record, the help given, and 结对帮扶 pairing with visits.

A hardship record hangs off the :class:`~residents.models.Household` (its members are the household's);
it runs from ``since`` until ``ended_on`` (a household may be recognised again later: a new record).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.constraints import dated_range
from community.models import Community

from ..models import Household


class Cause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    UNEMPLOYMENT = "unemployment", _("失业")
    SINGLE_PARENT = "single_parent", _("单亲")
    ALONE = "alone", _("孤寡")
    OTHER = "other", _("其他")


class HardshipHousehold(models.Model):
    """困难家庭: one household recognised as in hardship, from ``since`` (until ``ended_on``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    household = models.ForeignKey(
        Household, verbose_name=_("户"), related_name="hardship_records", on_delete=models.PROTECT
    )
    causes = models.JSONField(_("困难原因"), default=list)
    income_per_head = models.DecimalField(
        _("家庭人均月收入（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    since = models.DateField(_("认定日期"))
    reviewed_on = models.DateField(_("最近复核日期"), null=True, blank=True)
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)
    end_reason = models.CharField(_("退出原因"), max_length=100, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("困难家庭")
        verbose_name_plural = _("困难家庭")
        ordering = ["-since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(ended_on__isnull=True), name="hardship_one_open_record"
            ),
            dated_range("since", "ended_on", name="hardship_ends_after_start"),
        ]
        indexes = [models.Index(fields=["community", "since"])]

    def __str__(self):
        return f"困难家庭 {self.household}"

    @property
    def cause_labels(self) -> list[str]:
        labels = dict(Cause.choices)
        return [str(labels.get(c, c)) for c in self.causes]


class HelpKind(models.TextChoices):
    MONEY = "money", _("资金")
    GOODS = "goods", _("物资")
    SERVICE = "service", _("服务")


class HelpSource(models.TextChoices):
    STREET = "street", _("街道")
    PARTNER = "partner", _("共建单位")
    PARTY = "party", _("党员捐款")
    SOCIAL = "social", _("社会组织")
    OTHER = "other", _("其他")


class HardshipHelp(models.Model):
    """帮扶记录: help given to a hardship household — kind, amount, date, source, who handed it over."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hardship = models.ForeignKey(
        HardshipHousehold, verbose_name=_("困难家庭"), related_name="help", on_delete=models.PROTECT
    )
    kind = models.CharField(_("帮扶类型"), max_length=10, choices=HelpKind.choices)
    amount = models.DecimalField(
        _("金额/折价（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    description = models.CharField(_("帮扶内容"), max_length=200, blank=True)
    given_on = models.DateField(_("帮扶日期"))
    source = models.CharField(_("资金/物资来源"), max_length=10, choices=HelpSource.choices)
    handed_over_by = models.CharField(_("经手人"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(amount__isnull=False), name="hardship_money_has_amount"
            ),
        ]
        indexes = [models.Index(fields=["hardship", "given_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.given_on:%Y-%m-%d}"


class HelperKind(models.TextChoices):
    CADRE = "cadre", _("社区干部")
    PARTY_MEMBER = "party_member", _("党员")
    UNIT = "unit", _("共建单位")


class Pairing(models.Model):
    """结对帮扶: a named helper (a cadre, a party member or a unit) paired with a hardship household."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hardship = models.ForeignKey(
        HardshipHousehold, verbose_name=_("困难家庭"), related_name="pairings", on_delete=models.PROTECT
    )
    helper_kind = models.CharField(_("帮扶人类型"), max_length=20, choices=HelperKind.choices)
    helper_name = models.CharField(_("帮扶人/单位"), max_length=60)
    helper_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    since = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        ordering = ["-since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hardship"], condition=Q(ended_on__isnull=True), name="pairing_one_open_per_household"
            ),
        ]

    def __str__(self):
        return f"{self.helper_name}（{self.get_helper_kind_display()}）"


class PairingVisit(models.Model):
    """A helper's visit to the paired household."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对"), related_name="visits", on_delete=models.PROTECT
    )
    visited_on = models.DateField(_("走访日期"))
    notes = models.TextField(_("走访情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶走访")
        verbose_name_plural = _("帮扶走访")
        ordering = ["-visited_on", "-created_at"]

    def __str__(self):
        return f"{self.pairing.helper_name} {self.visited_on:%Y-%m-%d}"
