"""Django admin for accounts, memberships, street offices and communities.

The system admin (``User.is_system_admin``) manages these and nothing else: ledgers are
not registered here (separation of duties).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditLog, Community, District, Membership, StreetOffice, User

admin.site.site_header = _("同心 · 系统管理")
admin.site.site_title = _("同心")
admin.site.index_title = _("账号与社区管理")


def _system_admin_has_permission(request):
    user = request.user
    return user.is_active and (user.is_system_admin or user.is_superuser)


admin.site.has_permission = _system_admin_has_permission


class SystemAdminOnly:
    """The system admin flag grants the account-management models, nothing more."""

    def _allowed(self, request):
        return request.user.is_active and (request.user.is_system_admin or request.user.is_superuser)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["community", "street"]


@admin.register(User)
class UserAdmin(SystemAdminOnly, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("同心"), {"fields": ("is_system_admin", "password_changed_at")}),
    )
    list_display = ["username", "last_name", "first_name", "is_active", "is_system_admin", "last_login"]
    list_filter = ["is_active", "is_system_admin", "memberships__role"]
    inlines = [MembershipInline]


@admin.register(District)
class DistrictAdmin(SystemAdminOnly, admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(StreetOffice)
class StreetOfficeAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "street", "founded_on", "area_km2"]
    list_filter = ["street"]
    search_fields = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["user", "role", "community", "street", "created_at"]
    list_filter = ["role", "street"]
    search_fields = ["user__username", "community__name"]
    autocomplete_fields = ["user", "community", "street"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only, and only for Django superusers in an emergency; the auditor uses /audit/."""

    list_display = ["at", "username", "role", "community", "action", "object_repr", "outcome"]
    list_filter = ["action", "outcome"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
