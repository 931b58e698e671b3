"""Tokens: issued by a system admin, shown once, stored hashed, expiring, revocable, rate-limited per
token, and every call written to the audit trail."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from reports.api.tokens import token_revoke
from reports.models import ApiToken
from tests.factories import HouseholdFactory, ResidentFactory
from tests.reports.api.helpers import issue

FIGURES = lambda: reverse("api:community_figures", kwargs={"code": "HLS"})  # noqa: E731
RESIDENTS = lambda: reverse("api:residents", kwargs={"code": "HLS"})  # noqa: E731


def test_the_secret_is_stored_only_as_its_sha256(world):
    raw = issue(world)
    token = ApiToken.objects.get()
    assert raw.startswith(f"tx_{token.prefix}_") and len(raw) > 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiToken.objects.values()))
    assert raw not in str(list(AuditLog.objects.values()))


def test_a_call_without_a_token_or_with_a_wrong_one_is_401_in_chinese(world, api):
    assert api(FIGURES()).status_code == 401
    response = api(FIGURES(), "tx_deadbeef_notarealtoken")
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌无效、已过期或已吊销。"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(world, api):
    raw = issue(world)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(FIGURES(), raw).status_code == 401


def test_a_revoked_token_is_refused_at_once(world, api):
    raw = issue(world)
    assert api(FIGURES(), raw).status_code == 200
    token_revoke(token=ApiToken.objects.get(), actor=world.users["sysadmin"])
    assert api(FIGURES(), raw).status_code == 401
    assert AuditLog.objects.filter(action="api.token_revoke", username="admin").exists()


def test_each_call_is_audited_with_client_endpoint_and_rows(world, api):
    for _ in range(3):
        ResidentFactory(household=HouseholdFactory(community=world.a))
    raw = issue(world, client="七里河区民宗局")
    api(RESIDENTS(), raw)
    api(reverse("api:residents", kwargs={"code": "XBG"}), raw)
    ok, refused = AuditLog.objects.filter(action="api.read").order_by("at")
    assert ok.username == "api:七里河区民宗局" and ok.user is None and ok.community == world.a
    assert ok.data["client"] == "七里河区民宗局" and ok.data["endpoint"] == "api:residents"
    assert ok.data["rows"] == 3 and ok.outcome == "success"
    assert refused.outcome == "denied_404" and refused.data["rows"] == 0


def test_over_the_rate_a_token_gets_429_with_retry_after(world, api, settings):
    settings.API_RATE_LIMIT = "3/min"
    raw, other = issue(world), issue(world)
    assert [api(FIGURES(), raw).status_code for _ in range(3)] == [200, 200, 200]
    response = api(FIGURES(), raw)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "请求" in response.json()["detail"]  # DRF's own Chinese message
    assert api(FIGURES(), other).status_code == 200  # counted per token


def test_the_command_issues_lists_and_revokes(world, api):
    out = StringIO()
    call_command(
        "api_token",
        "issue",
        "--client",
        "区统战平台",
        "--street",
        "西园街道",
        "--view",
        "figures",
        "--days",
        "90",
        "--by",
        "admin",
        stdout=out,
    )
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert (
        token.street == world.street
        and token.view == "figures"
        and token.created_by == world.users["sysadmin"]
    )
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert api(reverse("api:street_figures", kwargs={"street_id": world.street.pk}), raw).status_code == 200
    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, stdout=StringIO())
    assert api(reverse("api:scope"), raw).status_code == 401


def test_the_command_finds_the_street_by_its_own_or_its_full_name_as_render_report_does(world):
    from community.models import District

    world.street.district = District.objects.create(name="七里河区")
    world.street.save()
    for name in ("西园街道", "七里河区西园街道"):
        call_command("api_token", "issue", "--client", "区统战平台", "--street", name, stdout=StringIO())
    assert list(ApiToken.objects.values_list("street", flat=True)) == [world.street.pk] * 2
    with pytest.raises(CommandError, match="找不到街道：南关街道。已有街道：.*西园街道"):
        call_command("api_token", "issue", "--client", "x", "--street", "南关街道", stdout=StringIO())


def test_the_command_refuses_unknown_scopes_and_non_admins(world):
    with pytest.raises(CommandError, match="没有代码为"):
        call_command("api_token", "issue", "--client", "x", "--community", "NOPE", stdout=StringIO())
    with pytest.raises(CommandError, match="不是系统管理员"):
        call_command(
            "api_token", "issue", "--client", "x", "--community", "HLS", "--by", "staff", stdout=StringIO()
        )
    assert not ApiToken.objects.exists()


def test_the_scope_endpoint_names_what_the_token_reads(world, api):
    body = api(reverse("api:scope"), issue(world, street=world.street)).json()
    assert body["street"]["name"] == "西园街道"
    assert [c["code"] for c in body["communities"]] == ["HLS", "XBG"]
    assert body["expires_at"].endswith("+08:00")  # the portal's zone, like every other time the API gives


def test_the_system_admin_issues_a_token_in_the_admin_and_sees_it_once(world, client, api):
    from tests.conftest import pass_second_factor

    client.force_login(world.users["sysadmin"])
    pass_second_factor(client, world.users["sysadmin"])  # required for administrators
    expires = (timezone.localtime() + timedelta(days=30)).replace(microsecond=0)
    response = client.post(
        reverse("admin:reports_apitoken_add"),
        {
            "client": "区民宗局",
            "community": world.a.pk,
            "view": "ledgers",
            "expires_at_0": expires.date().isoformat(),
            "expires_at_1": expires.time().isoformat(),
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    token = ApiToken.objects.get()
    raw = response.context["raw"]
    assert raw.startswith(f"tx_{token.prefix}_") and raw in response.content.decode()
    assert token.created_by == world.users["sysadmin"]
    listing = client.get(reverse("admin:reports_apitoken_changelist")).content.decode()
    assert token.prefix in listing and raw not in listing
    assert api(RESIDENTS(), raw).status_code == 200
    client.force_login(world.users["sysadmin"])
    client.post(
        reverse("admin:reports_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert api(RESIDENTS(), raw).status_code == 401


def test_only_the_system_admin_opens_the_token_admin(world, client):
    client.force_login(world.users["staff"])
    assert client.get(reverse("admin:reports_apitoken_add")).status_code == 302  # to the admin login


@pytest.mark.parametrize(
    ("scope", "days", "message"),
    [
        ({"street": True, "community": True}, 30, "请指定一个街道或一个社区"),
        ({}, 30, "请指定一个街道或一个社区"),
        ({"community": True}, 0, "到期时间须晚于现在"),
    ],
)
def test_a_token_has_exactly_one_scope_and_a_future_expiry(world, scope, days, message):
    from django.core.exceptions import ValidationError

    from reports.api.tokens import token_issue

    with pytest.raises(ValidationError, match=message):
        token_issue(
            client="区民宗局",
            view="figures",
            expires_at=timezone.now() + timedelta(days=days),
            street=world.street if scope.get("street") else None,
            community=world.a if scope.get("community") else None,
            actor=world.users["sysadmin"],
        )
    assert not ApiToken.objects.exists()
