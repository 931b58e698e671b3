"""Admin: only the reference data (event types). Ledgers are kept in the portal, where access is
scoped and every write audited — the admin manages accounts, not ledgers (DOMAIN.md)."""

from django.contrib import admin

from .models import EventType


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "needs_occasion", "order"]
    ordering = ["order"]
