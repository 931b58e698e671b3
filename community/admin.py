"""Django admin for accounts, memberships, street offices and communities.

The system admin (``User.is_system_admin``) manages these and nothing else: ledgers are not registered
here (separation of duties), and no page of ``/admin/`` lists personal data — a delete confirmation
shows counts, never the rows it would touch, and a community holding data cannot be deleted at all.
Account and role changes follow ``community.accounts`` (nobody grants himself, or an account whose
password he set, a role or administrative powers); each is audited by ``community.signals`` with the
administrator, his address and the request id.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .accounts import check_flag_change, check_role_grant
from .models import AuditLog, Community, District, Membership, StreetOffice, User

admin.site.site_header = _("同心 · 系统管理")
admin.site.site_title = _("同心")
admin.site.index_title = _("账号与社区管理")


def _system_admin_has_permission(request):
    user = request.user
    return user.is_active and (user.is_system_admin or user.is_superuser)


admin.site.has_permission = _system_admin_has_permission

# Second-factor devices are the owners' own (enrolled at their first login), never made for them here.
try:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin.site.unregister(TOTPDevice)
except admin.sites.NotRegistered:
    pass


class SystemAdminOnly:
    """The system admin flag grants the account-management models, nothing more."""

    def _allowed(self, request):
        return request.user.is_active and (request.user.is_system_admin or request.user.is_superuser)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def get_deleted_objects(self, objs, request):
        """What a deletion touches, as counts per kind: never the rows themselves (they may be people)."""
        _rows, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        shown = [str(obj) for obj in objs]
        if protected:
            kinds: dict[str, int] = {}
            for item in protected:
                label = str(item._meta.verbose_name_plural) if hasattr(item, "_meta") else str(_("记录"))
                kinds[label] = kinds.get(label, 0) + 1
            protected = [f"{label}：{n} 条" for label, n in kinds.items()]
        return shown, model_count, perms_needed, protected


class MembershipFormSet(BaseInlineFormSet):
    """The roles on a user's page: granted only as ``community.accounts.check_role_grant`` allows."""

    request = None

    def clean(self):
        super().clean()
        actor = getattr(self.request, "user", None)
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            try:
                check_role_grant(actor=actor, user=self.instance if self.instance.pk else None)
            except ValidationError as exc:
                form.add_error(None, exc)


class MembershipInline(SystemAdminOnly, admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["community", "street"]
    formset = MembershipFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset


class AccountChangeForm(UserChangeForm):
    """The flags checked against ``community.accounts.check_flag_change`` (the editor is ``request.user``)."""

    request = None

    def clean(self):
        data = super().clean()
        old = {flag: getattr(self.instance, flag) for flag in ("is_superuser", "is_system_admin", "is_staff")}
        stored = User.objects.filter(pk=self.instance.pk).values(*old).first() or old
        new = {flag: data.get(flag, stored[flag]) for flag in stored}
        for field, message in check_flag_change(
            actor=self.request.user, user=self.instance, old=stored, new=new
        ).items():
            self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(User)
class UserAdmin(SystemAdminOnly, BaseUserAdmin):
    form = AccountChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("last_name", "first_name", "email")}),
        (_("权限"), {"fields": ("is_active", "is_system_admin", "is_staff", "is_superuser")}),
        (
            _("登录与密码"),
            {"fields": ("last_login", "date_joined", "password_changed_at", "password_set_by")},
        ),
    )
    readonly_fields = ["is_superuser", "last_login", "date_joined", "password_changed_at", "password_set_by"]
    list_display = ["username", "last_name", "first_name", "is_active", "is_system_admin", "last_login"]
    list_filter = ["is_active", "is_system_admin", "memberships__role"]
    filter_horizontal = ()
    inlines = [MembershipInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.pk == request.user.pk:
            fields += ["is_active", "is_system_admin", "is_staff"]  # nobody changes his own powers
        return fields

    def get_inline_instances(self, request, obj=None):
        if obj is None or obj.pk == request.user.pk:
            # His own roles are not his to change; a new account gets its roles after its owner has
            # replaced the password the administrator gave it (community.accounts).
            return []
        return super().get_inline_instances(request, obj)

    def has_change_permission(self, request, obj=None):
        # A superuser account is out of a system administrator's reach (its password included).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            obj.pk == request.user.pk or (obj.is_superuser and not request.user.is_superuser)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, object_id)
        if user is not None and AuditLog.objects.filter(user=user).exists():
            messages.error(request, "该账号已有审计记录，不能删除（审计记录须保留操作人）。请改为停用账号。")
            return redirect("admin:community_user_change", object_id)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one account at a time, each checked and audited
        return actions


@admin.register(District)
class DistrictAdmin(SystemAdminOnly, admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(StreetOffice)
class StreetOfficeAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["name", "district"]
    search_fields = ["name"]


def community_has_data(community: Community) -> bool:
    """True when anything of any app points at ``community`` (its roles and its own settings aside)."""
    for relation in Community._meta.related_objects:
        if relation.related_model is Membership or relation.many_to_many:
            continue
        manager = relation.related_model._base_manager
        if manager.filter(**{relation.field.name: community}).exists():
            return True
    return False


@admin.register(Community)
class CommunityAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "street", "founded_on", "area_km2"]
    list_filter = ["street"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        # A community with data is never deleted from here: the confirmation would have to list its
        # residents, and their ledgers are kept, not dropped. (An empty one, e.g. a typo, may go.)
        if obj is not None and community_has_data(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class MembershipAdminForm(forms.ModelForm):
    request = None

    class Meta:
        model = Membership
        fields = ["user", "role", "community", "street"]

    def clean(self):
        data = super().clean()
        try:
            check_role_grant(actor=self.request.user, user=data.get("user"))
        except ValidationError as exc:
            self.add_error("user", exc)
        return data


@admin.register(Membership)
class MembershipAdmin(SystemAdminOnly, admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "community", "street", "created_at"]
    list_filter = ["role", "street"]
    search_fields = ["user__username", "community__name"]
    autocomplete_fields = ["user", "community", "street"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "community", "street")
