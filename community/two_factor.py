"""Required TOTP second factor (django-otp) for administrators, auditors and street offices (等保 2.0 8.1.4.1 d).

System admins, superusers, auditors and street-office users must pass a token check after the password
in every session. At their first login they have no device: every page leads to the enrolment (scan the
code, confirm a token) before anything else — the password change included, so a session that knows
only the password cannot replace it. Which roles need it is ``settings.TWO_FACTOR_REQUIRED_ROLES``.
"""

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import AuditAction, log_action
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
    """Must this user pass the second factor? Administrators always; others by their roles."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin or user.is_superuser or user.is_staff:
        return True
    roles = getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", (Role.STREET, Role.AUDITOR))
    return user.memberships.filter(role__in=roles).exists()


SESSION_FLAG = "tongxin_otp_required"


def remember_at_login(request, user) -> None:
    """Decide once, at login, so that ordinary pages cost no query for it."""
    request.session[SESSION_FLAG] = eligible(user) or django_otp.user_has_device(user)


def needs_verification(request) -> bool:
    user = request.user
    return user.is_authenticated and bool(request.session.get(SESSION_FLAG)) and not user.is_verified()


def next_step_url(request) -> str:
    """Where an unverified session goes: the token check, or the enrolment when there is no device yet."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return reverse("two_factor_verify")
    return reverse("two_factor")


def setup(request):
    """Enrol: scan the QR code, enter a token to confirm. Required roles come here at their first login."""
    if not eligible(request.user):
        raise Http404
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed:
        if needs_verification(request):
            return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor')}")
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
            log_action(AuditAction.TWO_FACTOR_ENABLE, request=request)
            messages.success(request, "双重认证已开启，今后每次登录需在密码之后输入动态验证码。")
            return redirect("home")
        form.add_error("token", "验证码不正确，请核对手机上的动态验证码（注意时间同步）。")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr": mark_safe(image.to_string(encoding="unicode")),  # noqa: S308 - qrcode's own SVG
            "secret": secret,
            "enrolling": needs_verification(request),
        },
    )


@require_POST
def disable(request):
    """Re-bind to a new phone: with a current token the device is removed and the enrolment starts again.

    The second factor itself cannot be turned off by its owner: it is required for these roles.
    """
    if not eligible(request.user):
        raise Http404
    form = TokenForm(request.POST)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device and form.is_valid() and device.verify_token(form.cleaned_data["token"].strip()):
        device.delete()
        log_action(AuditAction.TWO_FACTOR_REBIND, request=request)
        messages.info(request, "原验证器已解除绑定，请用新手机扫描二维码完成绑定。")
    else:
        messages.error(request, "验证码不正确，未解除绑定。")
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
            log_action(AuditAction.TWO_FACTOR_VERIFY, request=request)
            return redirect(next_url)
        log_action(AuditAction.TWO_FACTOR_FAILED, request=request, outcome="failure")
        form.add_error("token", "验证码不正确。")
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})
