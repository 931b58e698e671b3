"""Writing the audit trail. Call inside the transaction of the change it records."""

import uuid

from .models import AuditLog


def client_ip(request) -> str | None:
    # Behind nginx the real address arrives in X-Real-IP; REMOTE_ADDR otherwise.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


def log_action(
    action: str,
    *,
    request=None,
    user=None,
    community=None,
    obj=None,
    outcome: str = "success",
    data: dict | None = None,
    username: str = "",
) -> AuditLog:
    """Append one audit row. Never pass full ID numbers or passwords in ``data``.

    ``username`` names an actor that is not a user (an API client: ``api:<client>``).
    """
    if request is not None:
        user = user if user is not None else getattr(request, "user", None)
        community = community if community is not None else getattr(request, "community", None)
    access = getattr(request, "access", None) if request is not None else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if request is not None and not hasattr(request, "request_id"):
        request.request_id = uuid.uuid4().hex
    return AuditLog.objects.create(
        user=user,
        username=getattr(user, "username", "") or username,
        role=access.role if access else "",
        community=community,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        outcome=outcome,
        ip=client_ip(request) if request is not None else None,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        data=data or {},
    )
