"""System checks (``manage.py check``): the permission table names only roles that exist, and every page
of a scoped URL declares a permission of the table."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.urls import URLPattern, URLResolver, get_resolver

from .middleware import SCOPED_PREFIXES, view_permission
from .permissions import role_permissions
from .roles import Role


@register(Tags.security)
def roles_exist(app_configs=None, **kwargs) -> list[Error]:
    """Every role named by ``role_permissions`` (and by TWO_FACTOR_REQUIRED_ROLES) is a :class:`Role`."""
    known = set(Role.values)
    errors = [
        Error(
            f"Permission {name!r} names unknown role(s) {sorted(set(roles) - known)}.",
            hint=f"Roles are {sorted(known)} (community/roles.py).",
            id="community.E001",
        )
        for name, roles in sorted(role_permissions().items())
        if set(roles) - known
    ]
    unknown = set(getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", ())) - known
    if unknown:
        errors.append(
            Error(f"TWO_FACTOR_REQUIRED_ROLES names unknown role(s) {sorted(unknown)}.", id="community.E002")
        )
    return errors


def _patterns(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


@register(Tags.security, Tags.urls)
def scoped_views_declare_permissions(app_configs=None, **kwargs) -> list[Error]:
    """Every view under /c/<code>/, /street/<id>/ or /audit/ declares a permission the table knows."""
    table = role_permissions()
    errors = []
    for route, pattern in _patterns(get_resolver().url_patterns):
        if not route.startswith(SCOPED_PREFIXES):
            continue
        permission = view_permission(pattern.callback)
        if permission not in table:
            errors.append(
                Error(
                    f"The view of {route!r} declares {'no permission' if permission is None else f'the unknown permission {permission!r}'}.",
                    hint="Decorate it with community.middleware.requires or set `permission`.",
                    id="community.E003",
                )
            )
    return errors
