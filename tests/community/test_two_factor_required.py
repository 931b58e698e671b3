"""Finding 9 (Medium): the second factor was optional for the system admin and the street office.

It is required of system admins, auditors and street-office accounts, enrolled at the first login; a
session past the password only reaches nothing else — not even the password change.
"""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.models import AuditLog

PASSWORD = "Tongxin@2026"


def _token(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login(client, username):
    client.post("/login/", {"username": username, "password": PASSWORD})


@pytest.mark.parametrize("persona", ["sysadmin", "auditor", "street"])
def test_finding_9_required_roles_enrol_at_first_login_before_anything_else(world, client, persona):
    user = world.users[persona]
    _login(client, user.username)
    for path in ["/", reverse("audit_log"), "/admin/", reverse("password_change")]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor")), path
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200 and "必须开启双重认证" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two_factor"), {"token": _token(device)})
    device.refresh_from_db()
    assert device.confirmed and AuditLog.objects.filter(action="2fa.enable", username=user.username).exists()
    assert client.get(reverse("password_change")).status_code == 200


def test_finding_9_a_password_only_session_cannot_change_the_password_before_the_token(world, client):
    user = world.users["street"]
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    _login(client, "street")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Xin-Mi-Ma-2027", "new_password2": "Xin-Mi-Ma-2027"},
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    client.post(reverse("two_factor_verify"), {"token": _token(device)})
    assert client.get(reverse("password_change")).status_code == 200


def test_finding_9_the_required_second_factor_cannot_be_switched_off_only_rebound(world, client_for):
    client = client_for("street")
    device = TOTPDevice.objects.get(user=world.users["street"], confirmed=True)
    page = client.get(reverse("two_factor")).content.decode()
    assert "不能关闭" in page
    device.throttle_reset()
    client.post(reverse("two_factor_disable"), {"token": _token(device)})
    # rebinding removes the old phone and leads straight back to the enrolment
    assert not TOTPDevice.objects.filter(user=world.users["street"], confirmed=True).exists()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))


def test_finding_9_community_staff_sign_in_with_the_password(world, client):
    _login(client, "staff")
    assert client.get("/c/HLS/").status_code == 200
