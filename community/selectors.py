"""Scoped reads of the tenancy core."""

from datetime import datetime, time

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditLog, Role
from .periods import safe_date


def user_is_auditor(user) -> bool:
    return user.is_authenticated and user.memberships.filter(role=Role.AUDITOR).exists()


def audit_rows(*, action: str = "", username: str = "", date_from: str = "", date_to: str = "") -> QuerySet:
    """Audit rows, newest first, filtered by action, user name and date range (inclusive)."""
    rows = AuditLog.objects.select_related("community").order_by("-at")
    if action:
        rows = rows.filter(action__icontains=action)
    if username:
        rows = rows.filter(username__icontains=username)
    tz = timezone.get_current_timezone()
    if start := safe_date(date_from):
        rows = rows.filter(at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end := safe_date(date_to):
        rows = rows.filter(at__lte=datetime.combine(end, time.max, tzinfo=tz))
    return rows


def overview_panels(request) -> list[dict]:
    """Panels that apps contribute to the community overview (``overview_panel(request)`` on their AppConfig).

    Each returns ``{"title", "template", "context"}`` or None; community imports no app.
    """
    panels = []
    for config in apps.get_app_configs():
        provider = getattr(config, "overview_panel", None)
        if provider is None:
            continue
        panel = provider(request)
        if panel:
            panels.append(panel)
    return panels
