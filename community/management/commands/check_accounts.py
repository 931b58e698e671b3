"""Report accounts that break the separation-of-duties and account hygiene rules (等保 2.0 8.1.4.2)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from community.models import Role, User

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
    return problems


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
