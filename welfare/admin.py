"""Admin: the benefit types only (cases are ledgers, kept through the community pages, never deleted)."""

from django.contrib import admin

from .models import BenefitType


@admin.register(BenefitType)
class BenefitTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "community", "active_label", "period", "review_months", "sort"]
    list_filter = ["community"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        # cases point at their type; a type in use is kept (PROTECT), and no type is removed from the admin
        return False
