"""Resolve the scope of every scoped URL and enforce the view's declared permission: one place answers
404 and 403 for every page.

Three scopes, told apart by the route prefix:

- ``/c/<code>/…``: a community. Sets ``request.community`` and ``request.access`` (the user's role there).
- ``/street/<street_id>/…``: a street office. Sets ``request.street``; the role is the street office's.
- ``/audit/…``: the system-wide pages (the audit trail). The role is the user's system-wide one (auditor).

Anyone without a role in the scope gets 404 ("missing" and "not yours" look the same); a role without the
view's ``permission`` gets 403. A scoped view that declares no permission is a programming error (fail
closed).
"""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .access import resolve_access, resolve_street, resolve_system_role
from .models import Role
from .permissions import role_has

#: Every community page lives under this route prefix (see community/urls.py).
COMMUNITY_PREFIX = "c/<slug:code>/"
#: The street office's pages.
STREET_PREFIX = "street/<int:street_id>/"
#: The system-wide pages of the auditor.
AUDIT_PREFIX = "audit/"
SCOPED_PREFIXES = (COMMUNITY_PREFIX, STREET_PREFIX, AUDIT_PREFIX)


def view_permission(view_func) -> str | None:
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "permission", None)
    return getattr(view_func, "permission", None)


class CommunityAccessMiddleware:
    """Sets ``request.community``, ``request.access`` (community pages) and ``request.street`` (street
    pages), answering 404 to anyone without a role in the page's scope and 403 to a role lacking the
    view's declared ``permission``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.community = None
        request.access = None
        request.street = None
        request.role = ""  # the role this page is served under, for the audit trail
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        route = match.route if match is not None else ""
        if route.startswith(COMMUNITY_PREFIX) and "code" in view_kwargs:
            access = resolve_access(request.user, view_kwargs["code"])
            request.community = access.community
            request.access = access
            role = access.role
        elif route.startswith(STREET_PREFIX) and "street_id" in view_kwargs:
            request.street = resolve_street(request.user, view_kwargs["street_id"])
            role = Role.STREET
        elif route.startswith(AUDIT_PREFIX):
            role = resolve_system_role(request.user)
        else:
            return None
        request.role = role or ""
        permission = view_permission(view_func)
        if permission is None:
            raise ImproperlyConfigured(
                f"{view_func.__name__} serves a scoped URL but declares no permission."
            )
        if not role_has(role, permission):
            raise PermissionDenied
        return None


def requires(permission: str):
    """Declare the permission a function view under a scoped prefix (/c/<code>/, /street/<id>/, /audit/)
    needs."""

    def decorator(view_func):
        view_func.permission = permission
        return view_func

    return decorator
