"""Every named route × every persona → the expected status (pretix's test_permissions.py).

A route that no ``tests/<app>/routes.py`` classifies makes this module fail: access control is
decided the day a page is born.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.conftest import PERSONAS


def _route_registry() -> dict:
    routes = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            mod = importlib.import_module(f"tests.{module.name}.routes")
        except ModuleNotFoundError:
            continue
        overlap = set(routes) & set(mod.ROUTES)
        assert not overlap, f"classified twice: {overlap}"
        routes.update(mod.ROUTES)
    return routes


ROUTES = _route_registry()


def _named_routes(patterns=None, namespace="") -> list[tuple[str, str]]:
    """(name, route) of every URL pattern; unnamed patterns come back with name ''."""
    found = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if ns.startswith("admin:"):
                continue  # Django's admin guards itself; admin:index is classified below
            found += _named_routes(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            found.append((f"{namespace}{p.name}" if p.name else "", str(p.pattern)))
    return found


def test_every_route_is_named_and_classified():
    routes = _named_routes()
    unnamed = [route for name, route in routes if not name]
    assert not unnamed, f"name these routes: {unnamed}"
    unclassified = sorted({name for name, _ in routes} - set(ROUTES))
    assert not unclassified, f"classify these routes in tests/<app>/routes.py: {unclassified}"
    stale = sorted(set(ROUTES) - {name for name, _ in routes} - {"admin:index"})
    assert not stale, f"classified routes that no longer exist: {stale}"


CASES = [(name, persona) for name in sorted(ROUTES) for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CASES)
def test_status(name, persona, world, client_for):
    route = ROUTES[name]
    client = client_for(persona)
    url = reverse(name, kwargs=route.kwargs(world))
    response = getattr(client, route.method)(
        url, data=route.data(world), headers=route.headers(world, persona)
    )
    expected = route.expect[persona]
    assert response.status_code == expected, f"{persona} {route.method.upper()} {url}"
    assert_security_headers(response, signed_in=persona != "anonymous" and name != "logout")
    if persona == "anonymous" and expected == 302 and name not in {"logout", "set_language", "admin:index"}:
        assert response["Location"].startswith(reverse("login")), response["Location"]


def assert_security_headers(response, *, signed_in: bool) -> None:
    """Every page: CSP without inline scripts, nosniff, frame denial, referrer policy; no-store when signed in."""
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline' " not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.get("X-Request-ID")
    if signed_in:
        assert "no-store" in response.get("Cache-Control", "")
