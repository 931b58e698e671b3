"""Outreach ledgers: events and their participants, propaganda output, visits, responsibility
agreements, disputes, organisations and the jurisdiction's units and religious sites.

Nothing here is deleted from the portal: disputes run to a closing status, events to 已举办.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.constraints import dated_range
from community.models import Community
from community.storage import private_storage
from grids.models import Grid
from residents.models import Household, Resident


class EventType(models.Model):
    """活动类型 — data, not code (loaded by a data migration; offices may add their own)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("类型名称"), max_length=30, unique=True)
    needs_occasion = models.BooleanField(_("需填写节日"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("活动类型")
        verbose_name_plural = _("活动类型")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


#: Occasions offered for holiday events (free text is allowed: any ethnic festival).
OCCASIONS = [
    "元旦",
    "春节",
    "元宵节",
    "三八",
    "五一",
    "五四",
    "六一",
    "七一",
    "八一",
    "中秋",
    "国庆",
    "重阳",
    "开斋节",
    "古尔邦节",
    "那达慕",
    "泼水节",
    "民族团结进步月",
]


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("机关")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    PRIVATE_ORG = "private_org", _("非公有制经济组织/新社会组织")
    SHOP = "shop", _("个体商业网点")


class JurisdictionUnit(models.Model):
    """辖区单位."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=UnitKind.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("辖区单位")
        verbose_name_plural = _("辖区单位")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="outreach_unit_name_unique")
        ]

    def __str__(self):
        return self.name


class SiteKind(models.TextChoices):
    MOSQUE = "mosque", _("清真寺")
    TEMPLE = "temple", _("寺院")
    DAOIST = "daoist", _("道观")
    CHURCH = "church", _("教堂")
    OTHER = "other", _("其他")


class ReligiousSite(models.Model):
    """宗教场所, with its contact person (e.g. the mosque's 寺管会 contact for joint visits)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=SiteKind.choices, default=SiteKind.MOSQUE)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("所在网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("网格员只能看到本人网格内的宗教场所"),
    )
    since = models.DateField(
        _("登记日期"), null=True, blank=True, help_text=_("场所纳入台帐的日期；早已存在、日期不详的可留空")
    )
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    joint_visits_from = models.DateField(
        _("每月联合走访起始日期"),
        null=True,
        blank=True,
        help_text=_("自该日所在月份起，每月应与该场所联合走访一次；留空表示不安排每月联合走访"),
    )

    class Meta:
        verbose_name = _("宗教场所")
        verbose_name_plural = _("宗教场所")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="outreach_site_name_unique"),
            dated_range("since", "closed_on", name="outreach_site_dates", start_optional=True),
        ]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("民族工作领导小组")
    ASSOCIATION = "association", _("协会")
    TEAM = "team", _("队伍")
    PARTY_GROUP = "party_group", _("特色党小组")
    VOLUNTEER = "volunteer", _("志愿服务队")
    OWNERS = "owners", _("业主委员会")


class Organisation(models.Model):
    """领导小组, 协会, 队伍, 党小组, 志愿服务队 (a grid's "一格十员" team has its grid set)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    kind = models.CharField(_("类别"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("所属网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("“一格十员”队伍填写所属网格"),
    )
    head_name = models.CharField(_("负责人"), max_length=30, blank=True)
    head_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    unregistered_members = models.PositiveIntegerField(
        _("未登记成员人数"), default=0, help_text=_("不在居民库中的成员人数（如辖区单位职工、外来志愿者）")
    )
    description = models.TextField(_("职责与说明"), blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    dissolved_on = models.DateField(
        _("撤销日期"), null=True, blank=True, help_text=_("不再在册时填写；留空则按保存当天记")
    )

    class Meta:
        verbose_name = _("组织与队伍")
        verbose_name_plural = _("组织与队伍")
        ordering = ["kind", "grid__number", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="outreach_org_name_unique")]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    HEAD = "head", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    LIAISON = "liaison", _("联络员")


class CurrentMembers(models.Manager):
    """Members who have not left. The default manager, so that every list, count and prefetch of an
    organisation's members (``organisation.members``) sees today's members; ``all_objects`` keeps those
    who left, for counting members as they stood on a past date."""

    def get_queryset(self):
        return super().get_queryset().filter(left_on__isnull=True)


class OrganisationMember(models.Model):
    """A member: a registered resident, or a name (a cadre, a unit's employee).

    A person leaving is given ``left_on`` (the row is kept: past figures count them until that day).
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), related_name="members", on_delete=models.CASCADE
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("居民"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_memberships",
    )
    name = models.CharField(_("姓名"), max_length=30, blank=True, help_text=_("未在居民库中登记的成员"))
    role = models.CharField(_("职务"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    title = models.CharField(_("身份/单位职务"), max_length=60, blank=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    objects = CurrentMembers()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        ordering = ["role", "name"]
        base_manager_name = "all_objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | ~Q(name=""), name="outreach_member_has_person"
            ),
            models.UniqueConstraint(
                fields=["organisation", "resident"],
                condition=Q(resident__isnull=False, left_on__isnull=True),
                name="outreach_member_unique",
            ),
            dated_range(
                "joined_on", "left_on", name="outreach_member_left_after_joined", start_optional=True
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.resident.name if self.resident_id else self.name


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    HELD = "held", _("已举办")


class Event(models.Model):
    """活动. Planned events feed the annual plan; held events the reports."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    type = models.ForeignKey(EventType, verbose_name=_("活动类型"), on_delete=models.PROTECT)
    occasion = models.CharField(_("节日"), max_length=20, blank=True)
    title = models.CharField(_("活动名称"), max_length=100)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    organiser = models.CharField(_("组织者"), max_length=60, blank=True)
    religious_site = models.ForeignKey(
        ReligiousSite, verbose_name=_("协办宗教场所"), null=True, blank=True, on_delete=models.PROTECT
    )
    partner_unit = models.ForeignKey(
        JurisdictionUnit, verbose_name=_("协办辖区单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    partner_team = models.ForeignKey(
        Organisation, verbose_name=_("协办队伍"), null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.TextField(_("活动内容"), blank=True)
    participants = models.ManyToManyField(
        Resident, verbose_name=_("参加居民"), related_name="outreach_events", blank=True
    )
    other_participants = models.PositiveIntegerField(_("其他参加人数"), default=0)
    religious_figures = models.ManyToManyField(
        "ReligiousFigure",
        verbose_name=_("参加的宗教人士"),
        related_name="events",
        blank=True,
        help_text=_("座谈会、谈心谈话等邀请的宗教人士"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=EventStatus.choices, default=EventStatus.HELD)
    plan_item = models.ForeignKey(
        "PlanItem",
        verbose_name=_("对应计划项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("本活动落实的年度计划项目；按活动类型和月份推荐"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self):
        return self.title


class Propaganda(models.Model):
    """宣传 output: banners, display boards, leaflets, quiz sheets — per event or on its own."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    event = models.ForeignKey(
        Event,
        verbose_name=_("所属活动"),
        null=True,
        blank=True,
        related_name="propaganda",
        on_delete=models.PROTECT,
    )
    date = models.DateField(_("日期"))
    subject = models.CharField(_("宣传主题"), max_length=120)
    banners = models.PositiveIntegerField(_("横幅（条）"), default=0)
    boards = models.PositiveIntegerField(_("展板（块）"), default=0)
    leaflets = models.PositiveIntegerField(_("宣传资料（份）"), default=0)
    quizzes = models.PositiveIntegerField(_("知识答题（份）"), default=0)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("宣传品")
        verbose_name_plural = _("宣传品")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(banners__gt=0) | Q(boards__gt=0) | Q(leaflets__gt=0) | Q(quizzes__gt=0),
                name="outreach_propaganda_not_empty",
            )
        ]

    def __str__(self):
        return self.subject


class VisitPurpose(models.TextChoices):
    JOINT = "joint", _("联合走访")
    CORRECTION = "correction", _("帮教走访")
    HARDSHIP = "hardship", _("困难家庭走访")
    HOLIDAY = "holiday", _("节日慰问")
    CONCERN = "concern", _("诉求回访")
    OTHER = "other", _("其他")


class Visit(models.Model):
    """走访 of a household or a resident (a resident's visit also records their household)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    household = models.ForeignKey(
        Household,
        verbose_name=_("走访户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_visits",
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("走访对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_visits",
    )
    date = models.DateField(_("走访日期"))
    purpose = models.CharField(_("走访类型"), max_length=20, choices=VisitPurpose.choices)
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("走访人员"), related_name="outreach_visits", blank=True
    )
    other_visitors = models.CharField(
        _("其他走访人员"), max_length=200, blank=True, help_text=_("如清真寺寺管会联系人、辖区单位人员")
    )
    notes = models.TextField(_("走访情况"), blank=True)
    follow_up = models.TextField(_("后续跟进"), blank=True)
    plan_item = models.ForeignKey(
        "PlanItem",
        verbose_name=_("对应计划项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        help_text=_("本次走访落实的年度计划常规工作，如每月联合走访"),
    )
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
        verbose_name = _("走访")
        verbose_name_plural = _("走访")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(resident__isnull=False),
                name="outreach_visit_has_target",
            )
        ]

    def __str__(self):
        target = self.resident or self.household
        return f"{self.date:%Y-%m-%d} {self.get_purpose_display()} {target}"

    @property
    def audit_restricted(self) -> bool:
        """A 帮教 visit names a person under community correction: audited by record id only."""
        return self.purpose == VisitPurpose.CORRECTION or bool(
            self.resident_id and self.resident.is_correction
        )


def agreement_storage():
    """Named by migration 0001; agreements are now kept in the private storage under "agreements/"."""
    return private_storage()


def agreement_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"agreements/{instance.community_id}/{instance.resident_id}/{instance.signed_on:%Y%m%d}.{suffix}"


class Agreement(models.Model):
    """责任书 for a person under community correction (restricted: residents.view_restricted)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        Resident, verbose_name=_("帮教对象"), related_name="outreach_agreements", on_delete=models.PROTECT
    )
    signed_on = models.DateField(_("签订日期"))
    term_start = models.DateField(_("期限起"))
    term_end = models.DateField(_("期限止"))
    guardian = models.CharField(_("帮教责任人"), max_length=60, blank=True)
    file = models.FileField(_("责任书扫描件"), storage=private_storage, upload_to=agreement_path, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("责任书")
        verbose_name_plural = _("责任书")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")), name="outreach_agreement_term"
            )
        ]

    def __str__(self):
        return f"{self.resident} 责任书 {self.signed_on:%Y-%m-%d}"

    # A 责任书 names a person under community correction: audited by record id only.
    audit_restricted = True


class DisputeCategory(models.TextChoices):
    ETHNIC = "ethnic", _("民族纠纷")
    NEIGHBOUR = "neighbour", _("邻里纠纷")
    PROPERTY = "property", _("物业纠纷")
    FAMILY = "family", _("家庭纠纷")
    CONCERN = "concern", _("居民诉求")
    OTHER = "other", _("其他")


class DisputeStatus(models.TextChoices):
    ACCEPTED = "accepted", _("受理")
    MEDIATING = "mediating", _("调处中")
    RESOLVED = "resolved", _("已化解")
    REPORTED = "reported", _("已上报")


OPEN_STATUSES = [DisputeStatus.ACCEPTED, DisputeStatus.MEDIATING]
CLOSED_STATUSES = [DisputeStatus.RESOLVED, DisputeStatus.REPORTED]


class SettlingLevel(models.TextChoices):
    COMPOUND = "compound", _("小区")
    COMMUNITY = "community", _("社区")
    STREET = "street", _("街道及以上")


class Dispute(models.Model):
    """矛盾纠纷 / 居民诉求, tracked to its end ("件件有着落，事事有结果"). Never deleted."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    received_on = models.DateField(_("受理日期"))
    summary = models.CharField(_("事由"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=DisputeCategory.choices)
    parties = models.ManyToManyField(
        Resident, verbose_name=_("当事居民"), related_name="outreach_disputes", blank=True
    )
    other_parties = models.CharField(_("其他当事人"), max_length=200, blank=True)
    is_petition = models.BooleanField(_("上访"), default=False, help_text=_("当事人是否到上级部门上访"))
    status = models.CharField(
        _("状态"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.ACCEPTED
    )
    deadline = models.DateField(_("办结时限"), null=True, blank=True)
    handler = models.CharField(_("调处人"), max_length=60, blank=True)
    settled_level = models.CharField(_("化解层级"), max_length=20, choices=SettlingLevel.choices, blank=True)
    resolution = models.TextField(_("调处结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["community", "status"])]
        constraints = [
            # A closed case has its closing date; a settled case the level it was settled at.
            models.CheckConstraint(
                condition=Q(status__in=["accepted", "mediating"]) | Q(closed_on__isnull=False),
                name="outreach_dispute_closed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(settled_level=""),
                name="outreach_dispute_resolved_has_level",
            ),
        ]

    def __str__(self):
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
