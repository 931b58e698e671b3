"""Session and request policies of 等保 2.0 identity/audit clauses (see docs/security.md).

- Idle timeout (30 min) and an absolute session limit (8 h): the session ends, the user logs in again.
- The second factor first (required roles: community.two_factor): an unverified session reaches only the
  token check, the enrolment and logout — not the password change.
- Passwords older than 90 days, or set by an administrator (a new account, a reset): every page sends
  the user to the password change form.
- A request id on every request (audit rows carry it; the response echoes it in X-Request-ID).
- ``Cache-Control: no-store`` on every response to a signed-in user (pages carry personal data).
"""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .audit import bind_request, unbind_request
from .two_factor import needs_verification, next_step_url

IDLE_KEY = "tongxin_last_seen"
LOGIN_KEY = "tongxin_login_at"
# Refresh the idle clock at most once a minute, so that most requests do not rewrite the session.
IDLE_RESOLUTION = 60


def start_session_clock(request) -> None:
    """Called at login: both clocks start now."""
    now = time.time()
    request.session[IDLE_KEY] = now
    request.session[LOGIN_KEY] = now


def password_expired(user) -> bool:
    changed = user.password_changed_at or user.date_joined
    return changed is not None and timezone.now() - changed > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = bind_request(request)
        try:
            response = self.get_response(request)
        finally:
            unbind_request(token)
        response["X-Request-ID"] = request.request_id
        return response


class SessionPolicyMiddleware:
    """Idle timeout, absolute limit and forced password change. Runs after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(IDLE_KEY, 0)
            login_at = request.session.get(LOGIN_KEY, 0)
            if (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_ABSOLUTE_LIMIT
            ):
                logout(request)
                messages.info(request, "长时间未操作或登录时间过长，请重新登录。")
                return redirect(f"{reverse('login')}?next={request.path}")
            if now - last_seen > IDLE_RESOLUTION:
                request.session[IDLE_KEY] = now
            if needs_verification(request):
                if request.path not in self._second_factor_pages() and not request.path.startswith(
                    "/static/"
                ):
                    return redirect(f"{next_step_url(request)}?next={request.path}")
            elif request.path not in self._exempt():
                if user.must_change_password:
                    messages.warning(request, "您的密码由管理员设置，请先修改为只有您自己知道的密码。")
                    return redirect("password_change")
                if password_expired(user):
                    messages.warning(request, "您的密码已超过90天未修改，请先修改密码。")
                    return redirect("password_change")
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _second_factor_pages() -> set[str]:
        """What a session past the password only may open (the password change is not among them)."""
        return {reverse("two_factor_verify"), reverse("two_factor"), reverse("logout")}

    @staticmethod
    def _exempt() -> set[str]:
        """What a user who must change the password may open."""
        return {
            reverse("password_change"),
            reverse("password_change_done"),
            reverse("logout"),
            reverse("two_factor_verify"),
            reverse("two_factor"),
        }
