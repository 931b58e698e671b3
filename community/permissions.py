"""Which role may do what. One table, read by the access middleware and by templates.

Apps add their own permissions through ``role_permissions`` on their AppConfig
(``{"welfare.decide": {"secretary"}}``) so this module imports no app.
"""

from functools import cache

from django.apps import apps

STAFF, GRID, SECRETARY, STREET, AUDITOR = "staff", "grid_worker", "secretary", "street", "auditor"
COMMUNITY_ROLES = {STAFF, GRID, SECRETARY}

BASE_PERMISSIONS: dict[str, set[str]] = {
    # See the community's overview page.
    "community.view": {STAFF, GRID, SECRETARY, STREET},
    # Keep the community's profile (成立时间, 面积, 办公楼, staffing) that the reports cite.
    "community.profile": {STAFF, SECRETARY},
    # Read the audit trail (separation of duties: the auditor and nobody else).
    "audit.view": {AUDITOR},
}


@cache
def role_permissions() -> dict[str, frozenset[str]]:
    """Permission name → roles holding it, merged from this module and every app config."""
    merged: dict[str, set[str]] = {name: set(roles) for name, roles in BASE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        for name, roles in getattr(config, "role_permissions", {}).items():
            merged.setdefault(name, set()).update(roles)
    return {name: frozenset(roles) for name, roles in merged.items()}


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
