"""Optional TOTP second factor (django-otp) for system admins and street-office users (等保 2.0 8.1.4.1 d).

Once a user has confirmed a device, every session must pass the token check after the password.
"""

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import log_action
from .models import Role


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def eligible(user) -> bool:
    return user.is_authenticated and (
        user.is_system_admin or user.memberships.filter(role=Role.STREET).exists()
    )


SESSION_FLAG = "tongxin_otp_required"


def remember_at_login(request, user) -> None:
    """Look the device up once, at login, so that ordinary pages cost no query for it."""
    request.session[SESSION_FLAG] = django_otp.user_has_device(user)


def needs_verification(request) -> bool:
    user = request.user
    return user.is_authenticated and bool(request.session.get(SESSION_FLAG)) and not user.is_verified()


def setup(request):
    """Turn the second factor on: scan the QR code, enter a token to confirm."""
    if not eligible(request.user):
        raise Http404
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed:
        return render(request, "registration/two_factor.html", {"enabled": True, "form": TokenForm()})
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "默认"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save()
            django_otp.login(request, device)
            request.session[SESSION_FLAG] = True
            log_action("2fa.enable", request=request)
            messages.success(request, "双重认证已开启，今后登录需输入动态验证码。")
            return redirect("home")
        form.add_error("token", "验证码不正确，请核对手机上的动态验证码（注意时间同步）。")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor.html", {
        "enabled": False, "form": form, "qr": mark_safe(image.to_string(encoding="unicode")), "secret": secret,  # noqa: S308
    })  # fmt: skip


@require_POST
def disable(request):
    if not eligible(request.user):
        raise Http404
    form = TokenForm(request.POST)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device and form.is_valid() and device.verify_token(form.cleaned_data["token"].strip()):
        device.delete()
        request.session[SESSION_FLAG] = False
        log_action("2fa.disable", request=request)
        messages.success(request, "双重认证已关闭。")
    else:
        messages.error(request, "验证码不正确，双重认证未关闭。")
    return redirect("two_factor")


def verify(request):
    """The token check after the password, for users with a confirmed device."""
    next_url = request.GET.get("next") or request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("home")
    if not needs_verification(request):
        return redirect(next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            log_action("2fa.verify", request=request)
            return redirect(next_url)
        log_action("2fa.failed", request=request, outcome="failure")
        form.add_error("token", "验证码不正确。")
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})
