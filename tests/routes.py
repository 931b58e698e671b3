"""Helpers for classifying routes in the permission matrix.

Every named URL of the project is classified in one ``tests/<app>/routes.py`` (a dict ``ROUTES``
of URL name → :class:`Route`). ``tests/test_permission_matrix.py`` walks the URL configuration
and fails on any route that is not classified.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PERSONAS

COMMUNITY_ROLES = {"staff", "secretary", "grid", "street"}
#: The personas holding a role in the street office of community A, and system-wide (the audit trail).
STREET_ROLES = {"street"}
SYSTEM_ROLES = {"auditor"}


@dataclass
class Route:
    expect: dict[str, int]
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: Callable = field(default=lambda world: {})
    headers: Callable = field(default=lambda world, persona: {})  # e.g. each persona's API token


def community_page(
    allowed: set[str], kwargs: Callable | None = None, method: str = "get", data=None
) -> Route:
    """A page under /c/HLS/…: the allowed personas get 200, other roles of A 403, outsiders 404.

    ``allowed`` names personas of community A (staff, secretary, grid, street).
    """
    expect = {"anonymous": 302, "outsider": 404, "auditor": 404, "sysadmin": 404}
    for persona in COMMUNITY_ROLES:
        expect[persona] = 200 if persona in allowed else 403
    assert set(expect) == set(PERSONAS)
    return Route(
        expect=expect,
        kwargs=kwargs or (lambda world: {"code": world.a.code}),
        method=method,
        data=data or (lambda world: {}),
    )


def global_page(expect: dict[str, int], **options) -> Route:
    assert set(expect) == set(PERSONAS), f"classify every persona: {set(PERSONAS) - set(expect)}"
    return Route(expect=expect, **options)


def _scoped(roles: set[str], allowed: set[str], ok: int) -> dict[str, int]:
    """The middleware's answer on a scoped page: ``ok`` for the allowed roles of the scope, 403 for its
    other roles, 404 for everyone without a role there (the page does not exist for them)."""
    expect = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302}
    for persona in roles:
        expect[persona] = ok if persona in allowed else 403
    return expect


def street_page(allowed: set[str], kwargs: Callable | None = None, ok: int = 200, **options) -> Route:
    """A page under /street/<id>/ (the street of community A): like :func:`community_page`, by the same
    middleware (community.middleware); ``ok`` is the allowed personas' status (302 after a POST)."""
    return Route(
        expect=_scoped(STREET_ROLES, allowed, ok),
        kwargs=kwargs or (lambda world: {"street_id": world.street.pk}),
        **options,
    )


def system_page(allowed: set[str], ok: int = 200, **options) -> Route:
    """A system-wide page under /audit/: only the auditor holds a role there; everyone else gets 404."""
    return Route(expect=_scoped(SYSTEM_ROLES, allowed, ok), **options)
