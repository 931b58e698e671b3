"""The tenancy core: street offices, communities, users and their roles, the audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .request_context import current_request
from .roles import Role


class User(AbstractUser):
    """A portal account. System administration is a flag, not Django's superuser."""

    is_system_admin = models.BooleanField(
        _("系统管理员"), default=False, help_text=_("管理账号与设置，不能查看台帐（职责分离）。")
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Who set the current password when it was not the owner (an administrator creating the account or
    # resetting it): the owner must change it at the next login, and until then the account is one the
    # administrator controls and receives no role (community.accounts).
    password_set_by = models.ForeignKey(
        "self",
        verbose_name=_("密码设置人"),
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    # The hashes of the previous passwords, newest first (community.passwords.PasswordHistoryValidator).
    password_history = models.JSONField(_("历史密码"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return f"{full}（{self.username}）" if full else self.username

    @property
    def display_name(self) -> str:
        return f"{self.last_name}{self.first_name}".strip() or self.username

    @property
    def must_change_password(self) -> bool:
        """The current password was set by someone else: it is changed at the next login."""
        return self.password_set_by_id is not None

    def set_password(self, raw_password):
        if self.password and self.has_usable_password():
            keep = getattr(settings, "PASSWORD_HISTORY_COUNT", 5)
            self.password_history = [self.password, *self.password_history][:keep]
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        # Set by someone else signed in (an administrator in /admin/): the owner changes it at first login.
        request = current_request()
        actor = getattr(request, "user", None)
        by_other = actor is not None and actor.is_authenticated and actor.pk != self.pk
        self.password_set_by = actor if by_other else None


class UserSession(models.Model):
    """The server-side sessions of a user, so that deactivating the user can end them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="tracked_sessions", on_delete=models.CASCADE
    )
    session_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session_key"], name="user_session_unique")]

    def __str__(self):
        return f"{self.user_id}:{self.session_key[:6]}…"


class District(models.Model):
    """区 — optional level above the street offices."""

    name = models.CharField(_("区名称"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StreetOffice(models.Model):
    """街道办事处 — oversees the communities of one street."""

    name = models.CharField(_("街道名称"), max_length=50, unique=True)
    district = models.ForeignKey(
        District, verbose_name=_("所属区"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = _("街道")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Community(models.Model):
    """社区 — the tenant. Its short ``code`` appears in every URL (/c/<code>/…)."""

    code = models.SlugField(
        _("社区代码"), max_length=20, unique=True, help_text=_("用于网址的简短代码，如 HLS。")
    )
    name = models.CharField(_("社区名称"), max_length=50)
    street = models.ForeignKey(
        StreetOffice, verbose_name=_("所属街道"), related_name="communities", on_delete=models.PROTECT
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("辖区面积（平方公里）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    boundary = models.TextField(_("四至范围"), blank=True)
    office_cost_10k_yuan = models.DecimalField(
        _("办公楼总造价（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    office_area_m2 = models.DecimalField(
        _("办公楼建筑面积（平方米）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    office_rooms = models.CharField(_("办公楼功能用房"), max_length=200, blank=True)
    # Staffing is left empty until the community records it: a report leaves an unrecorded figure out,
    # it never prints "0名" for it (DOMAIN.md: missing is not zero).
    staff_civil_servants = models.PositiveSmallIntegerField(_("工作人员：公务员"), null=True, blank=True)
    staff_institutional = models.PositiveSmallIntegerField(_("工作人员：事业编制"), null=True, blank=True)
    staff_hired = models.PositiveSmallIntegerField(_("工作人员：招聘人员"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["code", "street"])

    #: The profile the community's own staff and secretary keep (the rest is the system admin's).
    PROFILE_FIELDS = (
        "founded_on",
        "area_km2",
        "boundary",
        "office_cost_10k_yuan",
        "office_area_m2",
        "office_rooms",
        "staff_civil_servants",
        "staff_institutional",
        "staff_hired",
    )

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["street__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_km2__gte=0) | Q(area_km2__isnull=True), name="area_not_negative"
            )
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role in one community, or (street office role) in one street office.

    The auditor's membership has neither: the audit trail is read system-wide.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), related_name="memberships", on_delete=models.CASCADE
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    community = models.ForeignKey(
        Community,
        verbose_name=_("社区"),
        related_name="memberships",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    street = models.ForeignKey(
        StreetOffice,
        verbose_name=_("街道"),
        related_name="memberships",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role=Role.STREET, street__isnull=False, community__isnull=True)
                    | Q(role=Role.AUDITOR, street__isnull=True, community__isnull=True)
                    | (
                        Q(role__in=[Role.STAFF, Role.GRID_WORKER, Role.SECRETARY])
                        & Q(community__isnull=False, street__isnull=True)
                    )
                ),
                violation_error_message=_("街道办角色须指定街道；社区角色须指定社区；审计员不指定范围。"),
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(community__isnull=False),
                name="one_role_per_community",
            ),
            models.UniqueConstraint(
                fields=["user", "street"], condition=Q(street__isnull=False), name="one_role_per_street"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.community or self.street or _('全系统')}"


class AuditLog(models.Model):
    """Append-only audit trail. Rows are written by ``community.audit.log_action`` and never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # PROTECT: a row is never rewritten (the database refuses it, see migration 0006), so neither a user
    # nor a community with audit rows is deleted — an account is deactivated instead. ``username`` keeps
    # the actor's name on the row whatever happens to the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.PROTECT
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=20, blank=True)
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象说明"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, default="success")
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit rows are append-only.")

    # Actions whose object is restricted information (persons under community correction): rows written
    # before ``log_action`` named such objects by record id only are shown that way too.
    RESTRICTED_ACTIONS = (
        "resident.view_restricted",
        "outreach.agreement",
        "outreach.checklist.view_restricted",
    )

    @property
    def shown_object(self) -> str:
        """The object as the auditor sees it: its description, or its record id when it is restricted."""
        restricted = (self.data or {}).get("restricted") or self.action.startswith(self.RESTRICTED_ACTIONS)
        if restricted and self.object_id:
            return f"{self.object_type.rsplit('.', 1)[-1]} {self.object_id}"
        return self.object_repr
