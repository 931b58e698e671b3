"""Writing the audit trail. Call inside the transaction of the change it records.

Every row says who (user, role), to what (object), from where (client address) and in which request
(request id). Writes that happen below a request without being handed it — the signals of the admin's
account and role changes, for instance — find the request through :func:`current_request`.
"""

import contextvars
import ipaddress
import uuid

from django.conf import settings

from .models import AuditLog

_current_request: contextvars.ContextVar = contextvars.ContextVar("tongxin_request", default=None)


def bind_request(request):
    """Make ``request`` the current one (``RequestIdMiddleware``); returns a token for :func:`unbind_request`."""
    return _current_request.set(request)


def unbind_request(token) -> None:
    _current_request.reset(token)


def current_request():
    """The request being served in this thread, or None (management commands, the background worker)."""
    return _current_request.get()


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: the one the trusted proxies saw (``TRUSTED_PROXY_COUNT``), else REMOTE_ADDR.

    Behind nginx (``TRUSTED_PROXY_COUNT=1``) every request comes from 127.0.0.1 and nginx appends the
    client's address to ``X-Forwarded-For``; with N trusted proxies the client is the N-th entry from the
    right (entries further left were written by the client and prove nothing). Without trusted proxies the
    header is ignored, so nobody can choose the address a lockout or an audit row records.
    Used by the audit trail and by django-axes (``AXES_CLIENT_IP_CALLABLE``).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return _valid_ip(hops[-count]) or remote
    return remote


def log_action(
    action: str,
    *,
    request=None,
    user=None,
    community=None,
    obj=None,
    outcome: str = "success",
    data: dict | None = None,
    restricted: bool | None = None,
    username: str = "",
) -> AuditLog:
    """Append one audit row. Never pass full ID numbers or passwords in ``data``.

    Without ``request`` the current request (if any) supplies the address, the request id and the user.
    ``username`` names an actor that is not a user (an API client: ``api:<client>``).
    The object is named by its ``str()`` — except a restricted one (``restricted=True``, or an object whose
    ``audit_restricted`` is true, e.g. a person under community correction), which is named by its record
    id only: the auditor reads who looked at such a record, not who is under correction.
    """
    if request is None:
        request = current_request()
    if request is not None:
        user = user if user is not None else getattr(request, "user", None)
        community = community if community is not None else getattr(request, "community", None)
    access = getattr(request, "access", None) if request is not None else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if request is not None and not hasattr(request, "request_id"):
        request.request_id = uuid.uuid4().hex
    if restricted is None:
        restricted = bool(getattr(obj, "audit_restricted", False))
    object_repr = ""
    if obj is not None:
        object_repr = f"{obj._meta.verbose_name} {obj.pk}" if restricted else str(obj)
    if restricted:
        data = {**(data or {}), "restricted": True}
    return AuditLog.objects.create(
        user=user,
        username=getattr(user, "username", "") or username,
        role=access.role if access else "",
        community=community,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr[:200],
        outcome=outcome,
        ip=client_ip(request) if request is not None else None,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        data=data or {},
    )
