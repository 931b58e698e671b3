"""Django admin for the registry.

Separation of duties (DOMAIN.md): the system administrator manages accounts, not ledgers, so residents
and households are not in the admin — they are kept in the portal's pages, scoped and audited. Only
the ethnicity reference (GB/T 3304, loaded by a migration) is shown, read-only.
"""

from django.contrib import admin

from .models import Ethnicity


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "roman", "letter_code"]
    search_fields = ["code", "name", "roman"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
