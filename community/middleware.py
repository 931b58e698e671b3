"""Resolve the community of every /c/<code>/… URL and enforce the view's declared permission."""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .access import resolve_access

#: Every community page lives under this route prefix (see community/urls.py).
COMMUNITY_PREFIX = "c/<slug:code>/"


def view_permission(view_func) -> str | None:
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "permission", None)
    return getattr(view_func, "permission", None)


class CommunityAccessMiddleware:
    """Sets ``request.community`` and ``request.access`` for community URLs.

    Anyone without access gets 404; a role without the view's ``permission`` gets 403.
    A community view that declares no permission is a programming error (fail closed).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.community = None
        request.access = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        code = view_kwargs.get("code")
        match = request.resolver_match
        if code is None or match is None or not match.route.startswith(COMMUNITY_PREFIX):
            return None
        access = resolve_access(request.user, code)
        request.community = access.community
        request.access = access
        permission = view_permission(view_func)
        if permission is None:
            raise ImproperlyConfigured(
                f"{view_func.__name__} serves a community URL but declares no permission."
            )
        if not access.has(permission):
            raise PermissionDenied
        return None


def requires(permission: str):
    """Declare the permission a function view under /c/<code>/ needs."""

    def decorator(view_func):
        view_func.permission = permission
        return view_func

    return decorator
