"""Finding 2 (High): the system admin could grant himself ledger access or superuser, unaudited, and the
admin's community delete-confirmation listed residents. Separation of duties (等保 8.1.4.2, 三权分立)."""

import pytest
from django.urls import reverse

from community.models import AuditLog, Membership, User
from tests.factories import HouseholdFactory, ResidentFactory, UserFactory

ADMIN_IP = "10.20.30.40"


@pytest.fixture
def admin_client(world, client, settings):
    """The system admin in /admin/, past his second factor, behind nginx (TRUSTED_PROXY_COUNT=1)."""
    from tests.conftest import pass_second_factor

    settings.TRUSTED_PROXY_COUNT = 1
    client.defaults.update(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ADMIN_IP)
    client.force_login(world.users["sysadmin"])
    pass_second_factor(client, world.users["sysadmin"])
    return client


def _user_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    if user.is_system_admin:
        data["is_system_admin"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _grant_row(world, role="staff") -> dict:
    return {
        "memberships-TOTAL_FORMS": "1",
        "memberships-0-role": role,
        "memberships-0-community": str(world.a.pk),
        "memberships-0-user": "",
    }


def test_finding_2_the_admin_cannot_grant_himself_a_community_role(world, admin_client):
    admin = world.users["sysadmin"]
    url = reverse("admin:community_membership_add")
    response = admin_client.post(url, {"user": admin.pk, "role": "staff", "community": world.a.pk})
    assert response.status_code == 200 and "不能给自己授予角色" in response.content.decode()
    assert not Membership.objects.filter(user=admin).exists()
    # and so the ledgers stay closed to him
    assert admin_client.get("/c/HLS/residents/").status_code == 404


def test_finding_2_the_admin_cannot_make_himself_superuser_or_change_his_own_flags(world, admin_client):
    admin = world.users["sysadmin"]
    url = reverse("admin:community_user_change", args=[admin.pk])
    admin_client.post(url, _user_form(admin, is_superuser="on", is_system_admin=None, is_staff=None))
    admin.refresh_from_db()
    assert not admin.is_superuser and admin.is_system_admin and admin.is_staff
    page = admin_client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="memberships-TOTAL_FORMS"' not in page


def test_finding_2_nobody_is_made_superuser_in_the_admin(world, admin_client):
    target = UserFactory(username="wangfang")
    admin_client.post(
        reverse("admin:community_user_change", args=[target.pk]), _user_form(target, is_superuser="on")
    )
    target.refresh_from_db()
    assert not target.is_superuser


def test_finding_2_an_account_whose_password_the_admin_set_gets_no_role_until_its_owner_changes_it(
    world, admin_client, client
):
    url = reverse("admin:community_user_add")
    admin_client.post(
        url,
        {
            "username": "zhaoli",
            "usable_password": "true",
            "password1": "Qi-Li-He-2026",
            "password2": "Qi-Li-He-2026",
        },
    )
    zhaoli = User.objects.get(username="zhaoli")
    assert zhaoli.password_set_by == world.users["sysadmin"] and zhaoli.must_change_password
    change = reverse("admin:community_user_change", args=[zhaoli.pk])
    response = admin_client.post(change, _user_form(zhaoli, **_grant_row(world)))
    assert "本人首次登录修改密码之前不能授予角色" in response.content.decode()
    assert not zhaoli.memberships.exists()
    # the owner signs in: every page leads to the password change first
    owner = type(admin_client)()
    owner.post("/login/", {"username": "zhaoli", "password": "Qi-Li-He-2026"})
    assert owner.get("/").headers["Location"] == reverse("password_change")
    owner.post(
        reverse("password_change"),
        {"old_password": "Qi-Li-He-2026", "new_password1": "Zhao-Li-2027x", "new_password2": "Zhao-Li-2027x"},
    )
    zhaoli.refresh_from_db()
    assert not zhaoli.must_change_password
    admin_client.post(change, _user_form(zhaoli, **_grant_row(world)))
    assert zhaoli.memberships.filter(role="staff", community=world.a).exists()


def test_finding_2_an_administrative_account_holds_no_business_role(world, admin_client):
    other_admin = UserFactory(username="admin2", is_system_admin=True, is_staff=True)
    response = admin_client.post(
        reverse("admin:community_membership_add"), {"user": other_admin.pk, "role": "auditor"}
    )
    assert "管理员账号" in response.content.decode()
    assert not other_admin.memberships.exists()
    staff = world.users["staff"]
    admin_client.post(
        reverse("admin:community_user_change", args=[staff.pk]), _user_form(staff, is_system_admin="on")
    )
    staff.refresh_from_db()
    assert not staff.is_system_admin


def test_finding_2_account_and_role_changes_are_audited_with_who_whom_what_and_address(world, admin_client):
    staff = world.users["staff"]
    admin_client.post(
        reverse("admin:community_membership_add"),
        {"user": staff.pk, "role": "secretary", "community": world.b.pk},
    )
    grant = AuditLog.objects.get(action="role.grant", username="admin")
    assert grant.username == "admin" and grant.ip == ADMIN_IP and grant.request_id
    assert grant.data["target"] == "staff" and grant.data["role"] == "secretary"

    admin_client.post(
        reverse("admin:community_user_change", args=[staff.pk]), _user_form(staff, is_active=None)
    )
    change = AuditLog.objects.get(action="account.change", data__target="staff")
    assert (
        change.username == "admin"
        and change.ip == ADMIN_IP
        and change.data["changed"]["is_active"] == [True, False]
    )

    admin_client.post(reverse("admin:community_user_add"), {"username": "newbie", "usable_password": "false"})
    created = AuditLog.objects.get(action="account.create", data__target="newbie")
    assert created.username == "admin" and created.data["target"] == "newbie" and created.ip == ADMIN_IP

    newbie = User.objects.get(username="newbie")
    admin_client.post(reverse("admin:community_user_delete", args=[newbie.pk]), {"post": "yes"})
    deleted = AuditLog.objects.get(action="account.delete")
    assert deleted.username == "admin" and deleted.data["target"] == "newbie" and deleted.ip == ADMIN_IP
    # the auditor sees them
    auditor_page = type(admin_client)()
    auditor_page.force_login(world.users["auditor"])
    from tests.conftest import pass_second_factor

    pass_second_factor(auditor_page, world.users["auditor"])
    entries = auditor_page.get(reverse("audit_log"), {"action": "kind:account"}).context["entries"]
    shown = {(e["row"].action, e["row"].username, e["row"].ip) for e in entries}
    for action in ("role.grant", "account.change", "account.create", "account.delete"):
        assert (action, "admin", ADMIN_IP) in shown, action


def test_finding_2_the_community_delete_page_lists_no_resident_and_a_community_with_data_is_kept(
    world, admin_client
):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    url = reverse("admin:community_community_delete", args=[world.a.pk])
    response = admin_client.get(url)
    assert response.status_code == 403 and resident.name not in response.content.decode()
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert type(world.a).objects.filter(pk=world.a.pk).exists()
    # an empty community (a typo) may still be removed, and its page names nobody
    empty = type(world.a).objects.create(code="TYPO", name="错建社区", street=world.street)
    page = admin_client.get(reverse("admin:community_community_delete", args=[empty.pk]))
    assert page.status_code == 200


def test_finding_2_a_user_with_audit_rows_is_deactivated_not_deleted(world, admin_client):
    from community.audit import log_action

    staff = world.users["staff"]
    log_action("login", user=staff)
    response = admin_client.post(
        reverse("admin:community_user_delete", args=[staff.pk]), {"post": "yes"}, follow=True
    )
    assert "不能删除" in response.content.decode()
    assert User.objects.filter(pk=staff.pk).exists()


def test_finding_2_the_audit_log_is_not_in_the_admin(world, admin_client):
    assert admin_client.get("/admin/community/auditlog/").status_code == 404


def test_finding_2_the_first_system_admin_is_created_on_the_server_without_a_superuser(world, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Zhao-Lei-2026x")
    call_command("create_system_admin", "zhaolei", "--name", "赵磊", stdout=__import__("io").StringIO())
    admin = User.objects.get(username="zhaolei")
    assert admin.is_system_admin and not admin.is_superuser and not admin.memberships.exists()
    assert admin.must_change_password
    assert AuditLog.objects.filter(action="account.create", data__target="zhaolei").exists()


def test_finding_2_a_password_reset_and_a_role_revocation_are_audited_with_who_whom_and_address(
    world, admin_client
):
    staff = world.users["staff"]
    admin_client.post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {"usable_password": "true", "password1": "Chong-Zhi-2026x", "password2": "Chong-Zhi-2026x"},
    )
    reset = AuditLog.objects.get(action="account.password_reset")
    assert (reset.username, reset.ip, reset.data) == (
        "admin",
        ADMIN_IP,
        {"target": "staff"},
    ) and reset.request_id
    assert "Chong-Zhi" not in str(reset.data) and staff.password not in str(reset.data)
    membership = staff.memberships.get()
    admin_client.post(reverse("admin:community_membership_delete", args=[membership.pk]), {"post": "yes"})
    revoke = AuditLog.objects.get(action="role.revoke")
    assert (revoke.username, revoke.ip, revoke.data["target"], revoke.data["role"]) == (
        "admin",
        ADMIN_IP,
        "staff",
        membership.role,
    )
    # the auditor reads both, in Chinese
    from tests.conftest import pass_second_factor

    auditor = type(admin_client)()
    auditor.force_login(world.users["auditor"])
    pass_second_factor(auditor, world.users["auditor"])
    entries = auditor.get(reverse("audit_log"), {"action": "kind:account"}).context["entries"]
    shown = {(e["action"], e["row"].username, e["row"].data.get("target")) for e in entries}
    assert {("管理员设置密码", "admin", "staff"), ("撤销角色", "admin", "staff")} <= shown


def test_finding_low_a_password_the_admin_set_must_be_changed_at_first_login(world, admin_client):
    staff = world.users["staff"]
    admin_client.post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {"usable_password": "true", "password1": "Chong-Zhi-2026x", "password2": "Chong-Zhi-2026x"},
    )
    staff.refresh_from_db()
    assert staff.must_change_password and staff.password_set_by == world.users["sysadmin"]
    owner = type(admin_client)()
    owner.post("/login/", {"username": "staff", "password": "Chong-Zhi-2026x"})
    for path in ("/", "/c/HLS/", "/c/HLS/residents/"):
        assert owner.get(path).headers["Location"] == reverse("password_change"), path
    owner.post(
        reverse("password_change"),
        {
            "old_password": "Chong-Zhi-2026x",
            "new_password1": "Ben-Ren-2027x",
            "new_password2": "Ben-Ren-2027x",
        },
    )
    staff.refresh_from_db()
    assert not staff.must_change_password
    assert owner.get("/c/HLS/").status_code == 200
    assert AuditLog.objects.filter(action="account.password_change", username="staff").exists()


def test_finding_2_an_account_the_admin_signs_into_himself_is_reported_by_check_accounts(world, admin_client):
    """The portal cannot tell the admin from the owner at the first sign-in (he knows the password he set):
    a first own password change from the admin's own address is reported for the security officer."""
    from community.management.commands.check_accounts import account_problems

    def create_and_first_change(username: str, address: str) -> User:
        admin_client.post(
            reverse("admin:community_user_add"),
            {
                "username": username,
                "usable_password": "true",
                "password1": "Qi-Li-He-2026",
                "password2": "Qi-Li-He-2026",
            },
        )
        owner = type(admin_client)(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
        owner.post("/login/", {"username": username, "password": "Qi-Li-He-2026"})
        owner.post(
            reverse("password_change"),
            {
                "old_password": "Qi-Li-He-2026",
                "new_password1": "Ben-Ren-2027x",
                "new_password2": "Ben-Ren-2027x",
            },
        )
        user = User.objects.get(username=username)
        assert not user.must_change_password
        admin_client.post(
            reverse("admin:community_user_change", args=[user.pk]), _user_form(user, **_grant_row(world))
        )
        assert user.memberships.exists()
        return user

    create_and_first_change("zhaoli", ADMIN_IP)  # the admin signed in as the new account himself
    create_and_first_change("wangfang", "10.20.30.99")  # the owner, at her own desk
    problems = account_problems()
    assert [p for u, p in problems if u == "zhaoli" and ADMIN_IP in p and "管理员 admin" in p]
    assert not [p for u, p in problems if u == "wangfang"]
