"""Scoped reads of the tenancy core."""

from datetime import datetime, time

from django.apps import apps
from django.db.models import Q, QuerySet
from django.db.models.functions import Concat
from django.utils import timezone

from . import audit
from .models import AuditLog
from .periods import safe_date

AUDIT_FILTERS = ("action", "username", "role", "outcome", "community", "date_from", "date_to")


def audit_rows(
    *,
    action: str = "",
    username: str = "",
    role: str = "",
    outcome: str = "",
    community: str = "",
    date_from: str = "",
    date_to: str = "",
) -> QuerySet:
    """Audit rows, newest first, with their user and community.

    ``action`` is an action code, ``kind:<key>`` (a group of ``audit.KINDS``) or words matched against the
    codes and their Chinese names; ``username`` matches the login name or the person's name; the dates
    are inclusive.
    """
    rows = AuditLog.objects.select_related("community", "user").order_by("-at")
    if action in audit.AuditAction.values:
        rows = rows.filter(action=action)
    elif action.startswith("kind:") and action[5:] in audit.KINDS:
        rows = rows.filter(action__in=audit.KINDS[action[5:]][1])
    elif action:
        named = [code for code, label in audit.AuditAction.choices if action in str(label)]
        rows = rows.filter(Q(action__icontains=action) | Q(action__in=named))
    if username:
        rows = rows.annotate(full_name=Concat("user__last_name", "user__first_name")).filter(
            Q(username__icontains=username) | Q(full_name__contains=username)
        )
    if role:
        rows = rows.filter(role=role)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if community.isdigit():
        rows = rows.filter(community_id=int(community))
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
    return sorted(panels, key=lambda panel: panel.get("order", 100))
