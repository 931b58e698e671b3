"""Which role may do what. One table, read by the access middleware, by views and by templates.

Apps add their own permissions through ``role_permissions`` on their AppConfig
(``{"welfare.decide": {Role.SECRETARY}}``) so this module imports no app. Code asks for a permission
(``access.has("residents.import")``), never for a role: a role is only ever named in this table.
``community.checks`` refuses a table that names a role that does not exist.
"""

from functools import cache

from django.apps import apps

from .roles import COMMUNITY_ROLES, Role

__all__ = ["COMMUNITY_ROLES", "BASE_PERMISSIONS", "role_permissions", "role_has", "permissions_of"]

BASE_PERMISSIONS: dict[str, set[str]] = {
    # See the community's overview page.
    "community.view": {Role.STAFF, Role.GRID_WORKER, Role.SECRETARY, Role.STREET},
    # Keep the community's profile (成立时间, 面积, 办公楼, staffing) that the reports cite.
    "community.profile": {Role.STAFF, Role.SECRETARY},
    # A narrowing, not a grant: these roles see only the grids they are assigned to and what hangs on them
    # (grids.selectors.scope_to_grids); every other reader sees the whole community.
    "community.own_grids_only": {Role.GRID_WORKER},
    # Read the audit trail (separation of duties: the auditor and nobody else).
    "audit.view": {Role.AUDITOR},
}


@cache
def role_permissions() -> dict[str, frozenset[str]]:
    """Permission name → roles holding it, merged from this module and every app config."""
    merged: dict[str, set[str]] = {name: set(roles) for name, roles in BASE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        for name, roles in getattr(config, "role_permissions", {}).items():
            merged.setdefault(name, set()).update(roles)
    return {name: frozenset(str(role) for role in roles) for name, roles in merged.items()}


def role_has(role: str | None, permission: str) -> bool:
    """True when ``role`` holds ``permission``. Unknown permissions are refused, never allowed."""
    if role is None:
        return False
    table = role_permissions()
    if permission not in table:
        raise KeyError(f"Unknown permission {permission!r}: declare it in role_permissions.")
    return role in table[permission]


def permissions_of(role: str | None) -> frozenset[str]:
    return frozenset(name for name, roles in role_permissions().items() if role in roles)
