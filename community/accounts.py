"""Separation of duties for account administration (等保 2.0 8.1.4.2 c–d, 三权分立).

The system administrator creates accounts and grants roles; he never gives himself — or an account he
controls — a business role, the auditor's role or superuser powers:

- nobody changes his own flags (超级用户, 系统管理员, 后台登录) or his own roles in ``/admin/``;
- superuser powers are never granted in ``/admin/`` (the first administrator comes from
  ``manage.py create_system_admin`` on the server);
- administrative accounts (system admin, superuser, staff flag) hold no community role, and an account
  holding community roles is not made an administrator (mixed roles);
- an account whose current password was set by the acting administrator (a new account, or a reset) is
  one he controls: it receives no role until its owner has changed the password at first login. (That
  first change cannot be told from one he makes himself, signed in as the account: ``check_accounts``
  reports a first change made from the address of the administrator who had set the password.)

The checks raise ``ValidationError`` with Chinese messages; the admin's forms call them, so the page
shows the reason next to the field and saves nothing.
"""

from django.core.exceptions import ValidationError

ADMIN_FLAGS = ("is_superuser", "is_system_admin", "is_staff")


def is_admin_account(user) -> bool:
    return bool(user.is_superuser or user.is_system_admin or user.is_staff)


def check_role_grant(*, actor, user) -> None:
    """May ``actor`` give ``user`` a role (any: community, street office or auditor)?"""
    if user is None:
        return
    if actor is not None and user.pk == actor.pk:
        raise ValidationError("不能给自己授予角色（职责分离：管理员不持有业务角色）。", code="self_grant")
    if is_admin_account(user):
        raise ValidationError(
            "管理员账号（系统管理员、超级用户或可登录后台的账号）不能持有业务角色或审计员角色。",
            code="admin_account",
        )
    if actor is not None and user.password_set_by_id == actor.pk:
        raise ValidationError(
            "该账号的当前密码由您设置，在本人首次登录修改密码之前不能授予角色（职责分离）。",
            code="controlled",
        )


def check_flag_change(*, actor, user, old: dict, new: dict) -> dict[str, str]:
    """Errors by field for a change of ``user``'s administrative flags by ``actor`` (empty: allowed)."""
    errors: dict[str, str] = {}
    changed = [flag for flag in ADMIN_FLAGS if bool(old.get(flag)) != bool(new.get(flag))]
    if not changed:
        return errors
    if actor is not None and user.pk is not None and user.pk == actor.pk:
        for flag in changed:
            errors[flag] = "不能修改自己的管理权限（职责分离）。"
        return errors
    if "is_superuser" in changed and new.get("is_superuser"):
        errors["is_superuser"] = "超级用户只能在服务器上用 createsuperuser 创建，不能在后台授予。"
    granting = [flag for flag in changed if new.get(flag)]
    if granting and user.pk is not None and user.memberships.exists():
        for flag in granting:
            errors.setdefault(flag, "该账号持有业务角色或审计员角色，不能同时作为管理员（请先撤销其角色）。")
    return errors
