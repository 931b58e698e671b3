"""Issuing, revoking and checking read-API tokens (services, with their audit rows)."""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from community.audit import AuditAction, log_action
from community.models import Community, StreetOffice

from ..models import ApiToken, ApiView

#: Tokens read ``tx_<prefix>_<secret>``; the prefix identifies a token in lists and the audit trail.
TOKEN_PREFIX = "tx_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(
    *,
    client: str,
    view: str,
    expires_at: datetime,
    actor,
    street: StreetOffice | None = None,
    community: Community | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token; returns it and the secret, which is shown once and never stored."""
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        client=client.strip(),
        view=view,
        expires_at=expires_at,
        street=street,
        community=community,
        prefix=prefix,
        key_hash=hash_key(raw),
        created_by=actor,
    )
    token.full_clean()
    if token.expires_at <= timezone.now():
        raise ValidationError({"expires_at": "到期时间须晚于现在。"})
    token.save()
    log_action(
        AuditAction.API_TOKEN_ISSUE,
        user=actor,
        community=community,
        obj=token,
        data={
            "client": token.client,
            "scope": token.scope_label,
            "view": view,
            "expires_at": expires_at.isoformat(),
        },
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token at once; a revoked token stays listed (the audit trail names it)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(
            AuditAction.API_TOKEN_REVOKE,
            user=actor,
            community=token.community,
            obj=token,
            data={"client": token.client},
        )
    return token


def token_for_key(raw: str) -> ApiToken | None:
    """The live token (not expired, not revoked) whose secret is ``raw``, else None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("street", "community__street")
        .filter(key_hash=hash_key(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Scope: which communities and streets a token reads ("missing" and "not yours" are both 404)
# ---------------------------------------------------------------------------------------------


def communities_for_token(token: ApiToken) -> QuerySet[Community]:
    if token.community_id:
        return Community.objects.filter(pk=token.community_id).select_related("street")
    return Community.objects.filter(street_id=token.street_id).select_related("street").order_by("name")


def get_community_for_token(token: ApiToken, code: str) -> Community:
    community = communities_for_token(token).filter(code=code).first()
    if community is None:
        raise Http404
    return community


def get_street_for_token(token: ApiToken, street_id: int) -> StreetOffice:
    """A street is readable only by a token scoped to that street."""
    if token.street_id is None or token.street_id != street_id:
        raise Http404
    return token.street


def reads_ledgers(token: ApiToken) -> bool:
    return token.view == ApiView.LEDGERS
