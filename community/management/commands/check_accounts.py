"""Report accounts that break the separation-of-duties and account hygiene rules (等保 2.0 8.1.4.2)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from community.models import AuditLog, Role, User

SHARED_NAMES = {
    "admin",
    "administrator",
    "root",
    "test",
    "guest",
    "user",
    "demo",
    "staff",
    "public",
    "shequ",
    "sq",
}
STALE_DAYS = 90


def account_problems(now=None) -> list[tuple[str, str]]:
    """(username, problem) for every account that breaks a rule."""
    now = now or timezone.now()
    problems = []
    users = User.objects.prefetch_related("memberships").order_by("username")
    for user in users:
        roles = {m.role for m in user.memberships.all()}
        if user.is_superuser:
            problems.append((user.username, "超级用户（日常不得使用，应改为系统管理员标记）"))
        if user.username.lower() in SHARED_NAMES:
            problems.append((user.username, "共享或默认账号名"))
        if user.is_active and (user.last_login or user.date_joined) < now - timedelta(days=STALE_DAYS):
            problems.append((user.username, f"超过{STALE_DAYS}天未登录，应停用"))
        if user.is_system_admin and roles - {Role.AUDITOR}:
            problems.append((user.username, "系统管理员同时拥有业务角色（违反职责分离）"))
        if Role.AUDITOR in roles and (len(roles) > 1 or user.is_system_admin):
            problems.append((user.username, "审计员同时拥有其他角色（违反职责分离）"))
    problems += changed_where_the_admin_set_it()
    return problems


def changed_where_the_admin_set_it() -> list[tuple[str, str]]:
    """Accounts holding a role whose owner's first own password change came from the very address of the
    administrator who had set that password (creation or reset).

    The portal stops an administrator granting a role to an account whose password he set
    (``community.accounts``) — but not from signing in as that account himself and changing its password
    before granting it one (he knows the password he set). The audit trail shows it; this reports it, for
    the security officer to confirm the owner did it (e.g. at the administrator's desk) or to act.
    """
    set_rows = AuditLog.objects.filter(
        action__in=("account.create", "account.password_reset"), ip__isnull=False
    ).values_list("at", "username", "ip", "data")
    changes: dict[str, list[tuple]] = {}
    for at, username, ip in AuditLog.objects.filter(action="account.password_change").values_list(
        "at", "username", "ip"
    ):
        changes.setdefault(username, []).append((at, ip))
    with_roles = set(User.objects.filter(memberships__isnull=False).values_list("username", flat=True))
    found = {}
    for at, admin, ip, data in set_rows:
        target = (data or {}).get("target", "")
        if target not in with_roles or target == admin:
            continue
        later = sorted(change for change in changes.get(target, []) if change[0] > at)
        if later and later[0][1] == ip:
            found[target] = (
                f"本人首次修改密码的地址（{ip}）与设置其密码的管理员 {admin} 相同，请核实是否为本人操作（职责分离）"
            )
    return sorted(found.items())


class Command(BaseCommand):
    help = "检查账号：超级用户、共享/默认账号名、长期未登录账号、违反职责分离的角色组合。有问题时退出码为 1。"

    def handle(self, *args, **options):
        problems = account_problems()
        for username, problem in problems:
            self.stdout.write(f"{username}\t{problem}")
        if problems:
            self.stdout.write(self.style.WARNING(f"共发现 {len(problems)} 个问题。"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("未发现问题。"))
