"""The system admin issues and revokes read-API tokens here (``manage.py api_token`` does the same).

A token is shown once, on the page that follows its issue, and never again; it cannot be edited or
deleted — only revoked (the audit trail keeps naming it)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.admin import SystemAdminOnly

from .api.tokens import token_issue, token_revoke
from .models import ApiToken


class IssueForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["client", "street", "community", "view", "expires_at"]
        help_texts = {"expires_at": _("建议不超过一年；到期后须重新签发。")}

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value <= timezone.now():
            raise ValidationError(_("到期时间须晚于现在。"))
        return value


@admin.register(ApiToken)
class ApiTokenAdmin(SystemAdminOnly, admin.ModelAdmin):
    form = IssueForm
    list_display = [
        "client",
        "prefix",
        "street",
        "community",
        "view",
        "state",
        "expires_at",
        "revoked_at",
        "created_by",
    ]
    list_filter = ["view", "street"]
    search_fields = ["client", "prefix"]
    actions = ["revoke"]

    @admin.display(description=_("状态"))
    def state(self, obj) -> str:
        if obj.revoked_at:
            return _("已吊销")
        return _("已过期") if obj.expires_at <= timezone.now() else _("有效")

    def has_change_permission(self, request, obj=None):
        return obj is None and self._allowed(request)  # the list, never an edit form

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        token, raw = token_issue(
            client=obj.client,
            view=obj.view,
            street=obj.street,
            community=obj.community,
            expires_at=obj.expires_at,
            actor=request.user,
        )
        obj.pk = token.pk
        request._issued_token = raw  # shown once by response_add, stored nowhere

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "token": obj,
            "raw": request._issued_token,
            "opts": self.opts,
            "title": _("令牌已签发"),
        }
        return TemplateResponse(request, "admin/reports/apitoken/issued.html", context)

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, actor=request.user)
        messages.success(request, _("已吊销所选令牌，立即失效。"))
