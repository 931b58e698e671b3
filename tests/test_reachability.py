"""No orphan pages: every page a role may open (read from the permission matrix) is reached by following
links from that role's home page.

The world is filled by the matrix's own object makers (each route's ``kwargs``), so every kind of page has
something to show; then, per role, a crawler starts at "/" and follows the links (``<a href>``) and GET
forms it is shown, as a person clicking through would. A few pages appear only after submitting a form
(an upload's preview, a job's progress): those are named below with the form that leads there, and the
crawl must have seen that form.
"""

import html
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.test_permission_matrix import ROUTES

ROLES = ["staff", "secretary", "grid", "street", "auditor"]

# Pages shown after a form is submitted rather than by a link: page → the form's target that leads there.
AFTER_A_FORM = {
    "transfer:preview": "transfer:upload",  # the upload's preview
    "transfer:refused": "transfer:upload",  # linked from that preview
    "password_change_done": "password_change",  # after changing the password
    "reports:job": "reports:generate",  # a report generated in the background: its progress page
}
# Pages never linked on purpose: the login page (the signed-in are sent on) and Django's admin (its own site).
NOT_LINKED = {"login", "admin:index"}
# The read API (/api/v1/) is a machine interface reached with a token by a district platform, not a page a
# role clicks to; its documentation is handed over with the token (README).
NOT_PAGES = ("api:",)

# Open at most this many URLs of one page: a page about one object (a resident, a grid) for many objects,
# a list or a form (its filters, sorts and tabs give many URLs) for a few.
VISITS_PER_OBJECT_PAGE = 12
VISITS_PER_PAGE = 2
MAX_VISITS = 800

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#][^"]*)"|\bhx-get="([^"]+)"', re.IGNORECASE)
FORM = re.compile(r"<form\b([^>]*)>", re.IGNORECASE)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def _allowed(role: str) -> set[str]:
    return {
        name
        for name, route in ROUTES.items()
        if route.method == "get"
        and route.expect.get(role) == 200
        and name not in NOT_LINKED
        and not name.startswith(NOT_PAGES)
    }


def _name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _limit(path: str) -> int:
    about_an_object = set(resolve(urlsplit(path).path).kwargs) - {"code", "street_id"}
    return VISITS_PER_OBJECT_PAGE if about_an_object else VISITS_PER_PAGE


def _fill(world) -> None:
    """Make the objects every route of the matrix makes for itself (a case, a visit, an archive, …)."""
    for route in ROUTES.values():
        route.kwargs(world)


def crawl(client) -> tuple[set[str], set[str], list[str]]:
    """Follow links and GET forms from "/"; return the pages reached (by URL name), the POST forms' targets
    and the URLs that failed (5xx)."""
    reached, posts, failed = set(), set(), []
    queued = Counter()  # URLs of each page opened or waiting to be opened
    queue, seen = deque(["/"]), {"/"}
    visits = 0
    while queue and visits < MAX_VISITS:
        url = queue.popleft()
        response = client.get(url, follow=True)
        visits += 1
        if response.status_code >= 500:
            failed.append(url)
        for redirect_url, _status in response.redirect_chain:
            reached.add(_name(redirect_url))
        here = response.request["PATH_INFO"]
        reached.add(_name(here))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        targets = [html.unescape(href or hx) for href, hx in HREF.findall(page)]
        for form in FORM.findall(page):
            attrs = dict(ATTR.findall(form))
            action = html.unescape(attrs.get("action", "")) or here
            if attrs.get("method", "get").lower() == "post":
                posts.add(_name(action))
            else:
                targets.append(action)
        for target in targets:
            name = _name(target) if target.startswith("/") and not target.startswith("/static/") else None
            if name is None or target in seen:
                continue
            seen.add(target)
            reached.add(name)  # linked: a person can get there
            downloads = name == "logout" or "format=xlsx" in target
            if not downloads and queued[name] < _limit(target):
                queued[name] += 1
                queue.append(target)
    reached.discard(None)
    return reached, posts, failed


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_may_open_is_linked_from_its_home(role, world, client_for):
    _fill(world)
    client = client_for(role)
    reached, posts, failed = crawl(client)
    assert not failed, f"{role}: these pages failed: {failed}"
    allowed = _allowed(role)
    after_forms = {page for page in allowed if page in AFTER_A_FORM}
    # A page that a form on the way posts to (it shows that form again with its errors) is reached by it.
    orphans = sorted(allowed - reached - after_forms - posts)
    assert not orphans, f"{role}: no link leads to {orphans}"
    missing_forms = sorted(page for page in after_forms if AFTER_A_FORM[page] not in posts)
    assert not missing_forms, f"{role}: the form leading to {missing_forms} was not found"
    assert reverse("home") == "/"
