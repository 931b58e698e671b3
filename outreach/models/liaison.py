"""宗教事务联络: the religious figures (宗教人士) of each religious site and the monthly joint visits
(联合走访) made together with a site's 寺管会.

The monthly duty itself is not a table: a site with ``joint_visits_from`` owes one joint visit a month
from that month on (``selectors.liaison.joint_visit_duties``); a plan ledger may later supply the same
duties. Talks (座谈) with religious figures are events with ``Event.religious_figures``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.constraints import dated_range
from community.models import Community
from residents.models import Ethnicity, Household, Resident

from .ledgers import ReligiousSite


class FigureRole(models.TextChoices):
    IMAM = "imam", _("阿訇（教长）")
    CHAIR = "chair", _("寺管会主任")
    VICE_CHAIR = "vice_chair", _("寺管会副主任")
    MEMBER = "member", _("寺管会委员")
    CLERGY = "clergy", _("其他教职人员")
    OTHER = "other", _("其他")


class ReligiousFigure(models.Model):
    """宗教人士 of a religious site. The phone is shown masked; revealing it is audited."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    site = models.ForeignKey(
        ReligiousSite, verbose_name=_("宗教场所"), related_name="figures", on_delete=models.PROTECT
    )
    name = models.CharField(_("姓名"), max_length=30)
    role = models.CharField(_("身份"), max_length=20, choices=FigureRole.choices)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("居民库中的本人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="religious_roles",
        help_text=_("本人是本社区登记居民的，请搜索选择"),
    )
    ethnicity = models.ForeignKey(
        Ethnicity, verbose_name=_("民族"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    since = models.DateField(_("任职日期"), help_text=_("任职日期不详的，填写登记日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("宗教人士")
        verbose_name_plural = _("宗教人士")
        ordering = ["site__name", "role", "name"]
        constraints = [dated_range("since", "left_on", name="outreach_figure_dates")]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class JointVisit(models.Model):
    """One joint visit (联合走访) with a religious site: who went, when, what about, what follows."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    site = models.ForeignKey(
        ReligiousSite, verbose_name=_("宗教场所"), related_name="joint_visits", on_delete=models.PROTECT
    )
    date = models.DateField(_("走访日期"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("社区参加人员"), related_name="outreach_joint_visits"
    )
    figures = models.ManyToManyField(
        ReligiousFigure, verbose_name=_("场所参加人员"), related_name="joint_visits", blank=True
    )
    other_participants = models.CharField(_("其他参加人员"), max_length=200, blank=True)
    households = models.ManyToManyField(
        Household, verbose_name=_("走访户"), related_name="outreach_joint_visits", blank=True
    )
    topics = models.CharField(_("走访主题"), max_length=200)
    situation = models.TextField(_("走访情况"), blank=True)
    follow_up = models.TextField(_("后续跟进事项"), blank=True)
    follow_up_done_on = models.DateField(_("跟进办结日期"), null=True, blank=True)
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
        verbose_name = _("联合走访")
        verbose_name_plural = _("联合走访")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"])]
        constraints = [dated_range("date", "follow_up_done_on", name="outreach_joint_visit_follow_up")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.site.name}联合走访"
