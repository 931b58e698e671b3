"""Helpers for classifying routes in the permission matrix.

Every named URL of the project is classified in one ``tests/<app>/routes.py`` (a dict ``ROUTES``
of URL name → :class:`Route`). ``tests/test_permission_matrix.py`` walks the URL configuration
and fails on any route that is not classified.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PERSONAS

COMMUNITY_ROLES = {"staff", "secretary", "grid", "street"}


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
