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
    if persona == "anonymous" and expected == 302 and name not in {"logout", "admin:index"}:
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


# Parameters people paste, mistype or tamper with; every page must answer them without a server error.
JUNK = [
    {"year": "abc", "date": "2026-02-30", "page": "abc", "sort": "zzz", "month": "2026-13", "on": "x"},
    {"year": "1", "date": "1-1-1", "page": "-1", "sort": "-", "month": "abc", "date_from": "2026-02-30"},
    {
        "year": "99999",
        "date": "99999-01-01",
        "page": "99999999999999999999",
        "sort": "--name",
        "month": "99999-01",
        "date_to": "abc",
    },
]

JUNK_CASES = [
    (name, persona)
    for name in sorted(ROUTES)
    for persona in PERSONAS
    if persona != "anonymous" and ROUTES[name].expect[persona] < 400
]


@pytest.mark.parametrize(("name", "persona"), JUNK_CASES)
def test_junk_parameters_never_make_a_server_error(name, persona, world, client_for):
    """Every page of the matrix, for each persona it admits, with junk year/date/page/sort: no 5xx."""
    route = ROUTES[name]
    client = client_for(persona)
    url = reverse(name, kwargs=route.kwargs(world))
    for junk in JUNK:
        query = "&".join(f"{key}={value}" for key, value in junk.items())
        if route.method == "get":
            response = client.get(f"{url}?{query}")
        else:
            response = getattr(client, route.method)(f"{url}?{query}", data={**junk, **route.data(world)})
        assert response.status_code < 500, f"{persona} {route.method.upper()} {url}?{query}"


STREET_CASES = sorted(name for name in ROUTES if name.startswith("street:"))


@pytest.mark.parametrize("name", STREET_CASES)
def test_a_street_office_gets_404_on_another_streets_pages(name, world, client_for):
    """The street pages are scoped like the community pages: the street office of another street (and so
    every street id but its own) finds nothing there."""
    from tests.factories import MembershipFactory

    route = ROUTES[name]
    other = MembershipFactory(role="street", community=None, street=world.other_street).user
    world.users["street"] = other  # client_for logs in the persona's user
    client = client_for("street")
    kwargs = {**route.kwargs(world), "street_id": world.street.pk}
    response = getattr(client, route.method)(reverse(name, kwargs=kwargs), data=route.data(world))
    assert response.status_code == 404
