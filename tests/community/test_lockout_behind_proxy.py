"""Finding 5 (Medium): behind nginx every request came from 127.0.0.1, so five wrong passwords from
anywhere locked the secretary, the admin or the auditor out for everyone. The client address nginx
forwards is used (TRUSTED_PROXY_COUNT), the lock is per user + address, and the user stays usable from
elsewhere."""

import pytest
from django.test import Client, RequestFactory

from community.audit import client_ip
from community.models import AuditLog

ATTACKER, SECRETARY = "203.0.113.9", "198.51.100.7"


def _via_nginx(address: str, spoofed: str = "") -> Client:
    """A browser at ``address`` behind the documented nginx ($proxy_add_x_forwarded_for)."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_finding_5_failures_from_one_address_do_not_lock_the_secretary_out_elsewhere(world, behind_nginx):
    attacker = _via_nginx(ATTACKER)
    for _ in range(5):
        attacker.post("/login/", {"username": "secretary", "password": "wrong-Password1"})
    assert attacker.post("/login/", {"username": "secretary", "password": "Tongxin@2026"}).status_code == 429
    secretary = _via_nginx(SECRETARY)
    assert secretary.post("/login/", {"username": "secretary", "password": "Tongxin@2026"}).status_code == 302
    assert set(AuditLog.objects.filter(action="login.lockout").values_list("ip", flat=True)) == {ATTACKER}
    assert AuditLog.objects.get(action="login", username="secretary").ip == SECRETARY


def test_finding_5_an_address_the_client_writes_into_the_header_is_not_believed(world, behind_nginx):
    # The attacker claims the secretary's address; nginx appends the real one, which is what counts.
    attacker = _via_nginx(ATTACKER, spoofed=SECRETARY)
    for _ in range(5):
        attacker.post("/login/", {"username": "secretary", "password": "wrong-Password1"})
    assert (
        _via_nginx(SECRETARY)
        .post("/login/", {"username": "secretary", "password": "Tongxin@2026"})
        .status_code
        == 302
    )


def test_finding_5_without_a_trusted_proxy_the_header_is_ignored(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=SECRETARY)
    assert client_ip(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 2  # a load balancer in front of nginx
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}, 10.0.0.5"
    )
    assert client_ip(request) == ATTACKER
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "127.0.0.1"
