"""Shared personas and the world they live in (STYLE.md: the same personas for every test).

World: street office S1 with community A (华林山社区, HLS) and B (小北沟社区, XBG); street office S2
with community C (OTH). Personas: staff, secretary and grid worker of A, street office of S1,
staff of B (the outsider), auditor, system admin, anonymous.
"""

from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommunityFactory, MembershipFactory, StreetOfficeFactory, UserFactory

PASSWORD = "Tongxin@2026"
PERSONAS = ["anonymous", "staff", "secretary", "grid", "street", "outsider", "auditor", "sysadmin"]


@dataclass
class World:
    street: object
    other_street: object
    a: object
    b: object
    c: object
    users: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def ensure_reference_data() -> None:
    """Reference tables loaded by data migrations; a transactional test's flush empties them."""
    from outreach.models import EventType
    from residents.models import Ethnicity
    from welfare.models import BenefitType

    if not BenefitType.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("welfare.migrations.0002_benefit_types").load(apps, None)
    if not EventType.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("outreach.migrations.0002_event_types").load(apps, None)
    if not Ethnicity.objects.exists():
        from residents.ethnicities import ETHNICITIES, short_name

        Ethnicity.objects.bulk_create(
            Ethnicity(
                code=code, name=name, short_name=short_name(code, name), roman=roman, letter_code=letters
            )
            for code, name, roman, letters in ETHNICITIES
        )


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a value one test stored must not serve the next (SQLite
    hands the rolled-back ids out again)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db) -> World:
    ensure_reference_data()
    street = StreetOfficeFactory(name="西园街道")
    other_street = StreetOfficeFactory(name="东关街道")
    a = CommunityFactory(code="HLS", name="华林山社区", street=street)
    b = CommunityFactory(code="XBG", name="小北沟社区", street=street)
    c = CommunityFactory(code="OTH", name="东关社区", street=other_street)
    w = World(street=street, other_street=other_street, a=a, b=b, c=c)
    w.users["staff"] = MembershipFactory(user__username="staff", role="staff", community=a).user
    w.users["secretary"] = MembershipFactory(user__username="secretary", role="secretary", community=a).user
    w.users["grid"] = MembershipFactory(user__username="grid", role="grid_worker", community=a).user
    w.users["street"] = MembershipFactory(
        user__username="street", role="street", community=None, street=street
    ).user
    w.users["outsider"] = MembershipFactory(user__username="staff_b", role="staff", community=b).user
    w.users["auditor"] = MembershipFactory(user__username="auditor", role="auditor", community=None).user
    w.users["sysadmin"] = UserFactory(username="admin", is_system_admin=True, is_staff=True)
    return w


def pass_second_factor(client, user) -> None:
    """Mark the client's session as past the second factor (as after a token check), for users who need
    it (system admin, auditor, street office); they get a confirmed device if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from community.two_factor import eligible

    if not eligible(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="测试", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client_for(client, world):
    """``client_for("staff")`` → a test client logged in as that persona (anonymous: logged out).

    Personas who must pass a second factor are logged in past it (``pass_second_factor``).
    """

    def make(persona: str):
        client.logout()
        if persona != "anonymous":
            client.force_login(world.users[persona])
            pass_second_factor(client, world.users[persona])
        return client

    return make


@pytest.fixture
def count_queries():
    """Run ``fn`` and return how many queries it made, as a user's first request makes them: with nothing
    in the cache (community.caching), so that a count does not depend on the requests made before it.
    ``cached=True`` counts with the cache as the requests before left it (a page's everyday cost)."""

    def run(fn, *, cached: bool = False) -> int:
        if not cached:
            from django.core.cache import cache

            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    return run


def with_edit_token(client, url: str, data: dict) -> dict:
    """``data`` plus the edit token of the form at ``url`` (as a browser posts it back; community.versioning)."""
    import re

    page = client.get(url).content.decode()
    match = re.search(r'name="((?:[\w-]+-)?edit_token)" value="([0-9a-f]+)"', page)
    assert match, f"no edit token on {url}"
    return {**data, match.group(1): match.group(2)}
