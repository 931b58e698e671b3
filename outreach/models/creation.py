"""民族团结进步创建: 示范户/楼栋/单元/单位 from nomination to naming, commendations of people, the
facilities (阵地), the 民族工作经费 with their receipts, and the staff's training.

Every record carries the dates figures are counted by (named on, in use since/until, paid on, held
on), so a past year's figures and its 创建 archive are as the ledgers stood then.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.constraints import dated_range
from community.models import Community
from grids.models import Building, Unit
from residents.models import Household, Resident

from .ledgers import JurisdictionUnit


class HonourKind(models.TextChoices):
    HOUSEHOLD = "household", _("民族团结示范户")
    BUILDING = "building", _("民族团结示范楼栋")
    UNIT = "unit", _("民族团结示范单元")
    WORKPLACE = "workplace", _("民族团结示范单位")


class Level(models.TextChoices):
    COMMUNITY = "community", _("社区级")
    STREET = "street", _("街道级")
    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class HonourStage(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    ASSESSED = "assessed", _("已考评")
    NAMED = "named", _("已命名")
    NOT_NAMED = "not_named", _("未予命名")


# Which field holds the target of each kind of honour.
HONOUR_TARGETS = {
    HonourKind.HOUSEHOLD: "household",
    HonourKind.BUILDING: "building",
    HonourKind.UNIT: "unit",
    HonourKind.WORKPLACE: "workplace",
}


def _one_target() -> Q:
    condition = Q()
    for kind, target in HONOUR_TARGETS.items():
        others = {f"{name}__isnull": True for name in HONOUR_TARGETS.values() if name != target}
        condition |= Q(kind=kind, **{f"{target}__isnull": False}, **others)
    return condition


class Honour(models.Model):
    """A 示范户/楼栋/单元/单位: nominated, assessed, named (or not), with year, level and reason."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    kind = models.CharField(_("创建类别"), max_length=20, choices=HonourKind.choices)
    household = models.ForeignKey(
        Household, verbose_name=_("户"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单元"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workplace = models.ForeignKey(
        JurisdictionUnit,
        verbose_name=_("辖区单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    year = models.PositiveSmallIntegerField(_("创建年度"))
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    stage = models.CharField(
        _("进度"), max_length=20, choices=HonourStage.choices, default=HonourStage.NOMINATED
    )
    nominated_on = models.DateField(_("推荐日期"))
    assessed_on = models.DateField(_("考评日期"), null=True, blank=True)
    named_on = models.DateField(_("命名日期"), null=True, blank=True)
    revoked_on = models.DateField(_("撤销命名日期"), null=True, blank=True)
    reason = models.TextField(_("推荐理由/事迹"))
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
        verbose_name = _("民族团结示范创建")
        verbose_name_plural = _("民族团结示范创建")
        ordering = ["-year", "kind", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="outreach_honour_one_target"),
            models.CheckConstraint(
                condition=~Q(stage="named") | Q(named_on__isnull=False), name="outreach_honour_named_has_date"
            ),
            dated_range("nominated_on", "named_on", name="outreach_honour_named_after_nomination"),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True)
                | Q(named_on__isnull=False, revoked_on__gte=models.F("named_on")),
                name="outreach_honour_revoked_after_naming",
            ),
        ]

    def __str__(self):
        return f"{self.year}年{self.get_kind_display()}：{self.target_name}"

    @property
    def target(self):
        return getattr(self, HONOUR_TARGETS[self.kind])

    @property
    def target_name(self) -> str:
        target = self.target
        if target is None:
            return ""
        if self.kind == HonourKind.UNIT:
            return f"{target.building}{target}"
        return target.address if self.kind == HonourKind.HOUSEHOLD else str(target)


#: Titles offered for commendations (free text is allowed).
COMMENDATION_TITLES = [
    "好邻居",
    "好媳妇",
    "好婆婆",
    "社区好人",
    "民族团结进步模范个人",
    "优秀志愿者",
    "五好家庭",
]


class Commendation(models.Model):
    """A commendation of a person (好邻居, 好媳妇, ××好人…), with year and level."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("受表彰居民"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_commendations",
    )
    name = models.CharField(_("姓名"), max_length=30, blank=True, help_text=_("未在居民库中登记的受表彰人"))
    title = models.CharField(_("称号"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    awarded_on = models.DateField(_("表彰日期"))
    awarded_by = models.CharField(_("表彰单位"), max_length=60)
    reason = models.TextField(_("主要事迹"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | ~Q(name=""), name="outreach_commendation_has_person"
            )
        ]

    def __str__(self):
        return f"{self.person_name} {self.title}"

    @property
    def person_name(self) -> str:
        return self.resident.name if self.resident_id else self.name


class FacilityKind(models.TextChoices):
    READING_ROOM = "reading_room", _("阅览室")
    ACTIVITY_ROOM = "activity_room", _("活动室")
    BOARD = "board", _("宣传栏/板报")
    SCHOOL = "school", _("社区学校")
    FITNESS = "fitness", _("健身场地/器材")
    OTHER = "other", _("其他")


class Facility(models.Model):
    """A facility (阵地) of the ethnic work, with its area and since when it is in use."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=FacilityKind.choices)
    location = models.CharField(_("位置"), max_length=100, blank=True)
    area_m2 = models.DecimalField(
        _("面积（平方米）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("宣传栏等无面积的设施留空"),
    )
    since = models.DateField(_("启用日期"))
    until = models.DateField(_("停用日期"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阵地设施")
        verbose_name_plural = _("阵地设施")
        ordering = ["kind", "name"]
        constraints = [dated_range("since", "until", name="outreach_facility_dates")]

    def __str__(self):
        return self.name


class FundSource(models.TextChoices):
    SUPERIOR = "superior", _("上级拨付")
    STREET = "street", _("街道拨付")
    OWN = "own", _("社区自筹")
    PARTNER = "partner", _("共建单位支持")
    DONATION = "donation", _("社会捐助")
    OTHER = "other", _("其他")


class Funding(models.Model):
    """One entry of the 民族工作经费: how much, from where, for what, when; receipts attached."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    date = models.DateField(_("日期"))
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    source = models.CharField(_("经费来源"), max_length=20, choices=FundSource.choices)
    purpose = models.CharField(_("用途"), max_length=200)
    notes = models.TextField(_("备注"), blank=True)
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
        verbose_name = _("民族工作经费")
        verbose_name_plural = _("民族工作经费")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="outreach_funding_positive")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.purpose}"


class FundingReceipt(models.Model):
    """A receipt (票据) of a funding entry, stored in the private storage under a random name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    funding = models.ForeignKey(Funding, related_name="receipts", on_delete=models.PROTECT)
    original_name = models.CharField(_("文件名"), max_length=200)
    storage_name = models.CharField(max_length=80, editable=False)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("经费票据")
        verbose_name_plural = _("经费票据")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class Training(models.Model):
    """Training of the staff in ethnic work: who, on what, how many hours, given by whom."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    date = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训主题"), max_length=120)
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    provider = models.CharField(_("培训单位/授课人"), max_length=100)
    trainees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("参训工作人员"),
        related_name="outreach_trainings",
        blank=True,
    )
    other_trainees = models.CharField(
        _("其他参训人员"), max_length=200, blank=True, help_text=_("如网格志愿者、共建单位人员")
    )
    other_trainee_count = models.PositiveIntegerField(_("其他参训人数"), default=0)
    notes = models.TextField(_("培训内容"), blank=True)
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
        verbose_name = _("工作人员培训")
        verbose_name_plural = _("工作人员培训")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="outreach_training_hours")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"
