"""Tokens for the API tests: issued through the service, as a system admin would."""

from datetime import timedelta

from django.utils import timezone

from reports.api.tokens import token_issue


def issue(world, *, view="ledgers", street=None, community=None, days=30, client="区民宗局统计平台"):
    """The raw secret of a new token (scope: ``community`` or ``street``; default community A)."""
    if street is None and community is None:
        community = world.a
    _token, raw = token_issue(
        client=client,
        view=view,
        street=street,
        community=community,
        expires_at=timezone.now() + timedelta(days=days),
        actor=world.users["sysadmin"],
    )
    return raw


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}
