"""Identity, session and request controls (docs/security.md maps each to its clause)."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from community.security import IDLE_KEY, LOGIN_KEY

LOGIN = "/login/"
OVERVIEW = "/c/HLS/"


def _fail(client, username="staff", times=1):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-Password1"})


def test_five_failures_lock_the_user_at_that_address_with_a_generic_message(world, client):
    _fail(client, times=5)
    response = client.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert AuditLog.objects.filter(action="login.failed").count() >= 5
    assert AuditLog.objects.filter(action="login.lockout").exists()
    # Another address is not locked.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"}).status_code == 302


def test_the_lockout_expires_after_thirty_minutes(world, client):
    _fail(client, times=5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = client.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"})
    assert response.status_code == 302


def test_four_failures_do_not_lock(world, client):
    _fail(client, times=4)
    assert client.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"}).status_code == 302


def test_login_gives_a_new_session_key_and_is_audited(world, client):
    client.get(LOGIN)
    client.cookies["sessionid"] = "anonymous-key-before-login"
    client.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"})
    assert client.cookies["sessionid"].value != "anonymous-key-before-login"
    row = AuditLog.objects.get(action="login")
    assert row.username == "staff" and row.ip == "127.0.0.1"


def test_logout_ends_the_session_on_the_server(world, client):
    client.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"})
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert AuditLog.objects.filter(action="logout").exists()


def test_logout_by_get_is_refused(world, client_for):
    assert client_for("staff").get(reverse("logout")).status_code == 405


def test_a_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["staff"])
    assert client.post(reverse("logout")).status_code == 403


def test_deactivating_a_user_ends_their_sessions(world, client):
    client.post(LOGIN, {"username": "staff", "password": "Tongxin@2026"})
    assert client.get(OVERVIEW).status_code == 200
    user = world.users["staff"]
    user.is_active = False
    user.save()
    assert client.get(OVERVIEW).status_code == 302


def test_an_idle_session_ends_after_thirty_minutes(world, client_for):
    client = client_for("staff")
    assert client.get(OVERVIEW).status_code == 200
    session = client.session
    session[IDLE_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(OVERVIEW).status_code == 302  # the session is gone, not just refused once


def test_a_session_ends_after_the_absolute_limit_even_when_busy(world, client_for):
    client = client_for("staff")
    client.get(OVERVIEW)
    session = client.session
    session[LOGIN_KEY] = time.time() - 9 * 3600
    session.save()
    assert client.get(OVERVIEW)["Location"].startswith(LOGIN)


def test_a_password_older_than_90_days_must_be_changed(world, client_for):
    user = world.users["staff"]
    user.password_changed_at = timezone.now() - timedelta(days=91)
    user.save()
    client = client_for("staff")
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    client.post(
        reverse("password_change"),
        {"old_password": "Tongxin@2026", "new_password1": "Hua-Lin-2027x", "new_password2": "Hua-Lin-2027x"},
    )
    assert client.get(OVERVIEW).status_code == 200


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short1A!", True),
        ("alllowercase", False),
        ("lower123only", False),
        ("Lower123", True),
        ("Ab1!", False),
    ],
)
def test_passwords_need_eight_characters_of_three_classes(world, password, ok):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, world.users["staff"])
        assert ok
    except ValidationError:
        assert not ok


def test_an_audit_failure_rolls_back_the_change_it_records(world, monkeypatch):
    from residents.models import Resident
    from residents.services import resident_create
    from tests.factories import HouseholdFactory, valid_id

    household = HouseholdFactory(community=world.a)

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(AuditLog, "save", broken_save)
    with pytest.raises(DatabaseError):
        resident_create(
            community=world.a,
            actor=world.users["staff"],
            household=household,
            name="马强",
            ethnicity_id="03",
            id_number=valid_id(),
            relation="head",
        )
    assert not Resident.objects.filter(name="马强").exists()


def test_hsts_is_sent_over_https_in_production_settings(world, client_for, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client_for("staff").get(OVERVIEW, secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_role_changes_are_audited(world):
    from community.models import Membership

    m = Membership.objects.create(user=world.users["staff"], role="secretary", community=world.b)
    m.delete()
    actions = list(AuditLog.objects.filter(action__startswith="role.").values_list("action", flat=True))
    assert "role.grant" in actions and "role.revoke" in actions


def test_check_accounts_reports_superusers_shared_names_and_stale_accounts(world):
    from community.management.commands.check_accounts import account_problems
    from tests.factories import UserFactory

    UserFactory(username="root", is_superuser=True)
    stale = UserFactory(username="wanglei")
    stale.last_login = timezone.now() - timedelta(days=120)
    stale.save()
    found = {(u, p[:4]) for u, p in account_problems()}
    assert ("root", "超级用户") in found
    assert ("root", "共享或默") in found
    assert ("wanglei", "超过90") in found
    assert not [p for u, p in account_problems() if u == "secretary"]
