"""How an API call is let in: the bearer token, the view it grants, the per-token rate, the audit row."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.views import APIView

from community.audit import AuditAction, log_action

from .tokens import reads_ledgers, token_for_key


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer tx_…``. A missing, unknown, expired or revoked token is 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确：应为 Authorization: Bearer <令牌>。"))
        token = token_for_key(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已吊销。"))
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "reports.api.auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "系统管理员签发的接口令牌（tx_…）"}


class HasToken(permissions.BasePermission):
    message = _("请提供有效的接口令牌。")

    def has_permission(self, request, view):
        if request.auth is None:
            raise exceptions.NotAuthenticated(_("请提供接口令牌（Authorization: Bearer <令牌>）。"))
        if getattr(view, "needs_ledgers", False) and not reads_ledgers(request.auth):
            raise exceptions.PermissionDenied(_("该令牌仅可读取统计数据，不能读取台帐。"))
        return True


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Per-token request rate (``API_RATE_LIMIT``, e.g. ``120/min``) counted in the shared cache.

    The cache is Redis in production, so every app server counts against the same budget. Over the
    rate the answer is 429 with ``Retry-After`` (seconds).
    """

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def allow_request(self, request, view):
        self.rate = self.get_rate()  # read per call: the setting may differ between deployments and tests
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        token = request.auth
        return None if token is None else f"throttle_api_{token.key_hash[:32]}"


class ApiBase(APIView):
    """Every endpoint: token, view, rate; Chinese messages; one audit row per authenticated call.

    A view sets ``self.audit_community`` and ``self.audit_rows`` as it answers; the row records the
    client, the endpoint (its URL name and path), the rows returned and the outcome.
    """

    authentication_classes = [TokenAuthentication]
    permission_classes = [HasToken]
    throttle_classes = [TokenRateThrottle]
    needs_ledgers = False

    def dispatch(self, request, *args, **kwargs):
        self.audit_community = None
        self.audit_rows = 0
        with translation.override("zh-hans"):  # messages in Chinese whatever the client's Accept-Language
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)  # ledgers carry personal data
        token = getattr(request, "auth", None)
        if token is not None:
            outcome = "success" if response.status_code < 400 else f"denied_{response.status_code}"
            match = request._request.resolver_match
            log_action(
                AuditAction.API_READ,
                request=request._request,
                username=f"api:{token.client}"[:150],
                community=self.audit_community,
                obj=token,
                outcome=outcome,
                data={
                    "client": token.client,
                    "token": token.prefix,
                    "endpoint": match.view_name if match else "",
                    "path": request.path,
                    "rows": self.audit_rows if response.status_code < 400 else 0,
                },
            )
        return response
