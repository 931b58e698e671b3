from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.models import AuditLog


def _token(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_street_office_user_turns_on_the_second_factor_and_then_needs_it_at_login(world, client):
    client.post("/login/", {"username": "street", "password": "Tongxin@2026"})
    assert client.get(reverse("two_factor")).status_code == 200
    device = TOTPDevice.objects.get(user=world.users["street"], confirmed=False)
    response = client.post(
        reverse("two_factor"), {"token": "000000" if _token(device) != "000000" else "111111"}
    )
    assert "验证码不正确" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the next try wait (django-otp throttling); the test does not
    client.post(reverse("two_factor"), {"token": _token(device)})
    device.refresh_from_db()
    assert device.confirmed and AuditLog.objects.filter(action="2fa.enable").exists()

    client.post(reverse("logout"))
    client.post("/login/", {"username": "street", "password": "Tongxin@2026"})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"token": "12"}).status_code == 200
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    device.last_t = -1  # a code is accepted once; a person would wait for the next one, the test resets
    device.save()
    client.post(reverse("two_factor_verify"), {"token": _token(device)})
    assert client.get(reverse("home")).status_code == 200  # the street office's list of communities


def test_community_staff_have_no_second_factor_page(world, client_for):
    assert client_for("staff").get(reverse("two_factor")).status_code == 404
