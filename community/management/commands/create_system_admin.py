"""create_system_admin: the first system administrator, created on the server (no superuser needed).

The account holds the system-admin flag and no role (separation of duties); its owner enrols the second
factor and replaces the initial password at the first login. Later administrators are created by an
existing one in /admin/ (never by themselves).
"""

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community.audit import AuditAction, log_action
from community.models import User


class Command(BaseCommand):
    help = "创建系统管理员账号（无业务角色；首次登录须绑定动态验证码并修改初始密码）：create_system_admin USERNAME"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="姓名，如 赵磊")

    @transaction.atomic
    def handle(self, *args, username, name, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"账号 {username} 已存在。")
        password = getpass.getpass("初始密码：")
        if password != getpass.getpass("再输入一次："):
            raise CommandError("两次输入的密码不一致。")
        user = User(
            username=username, last_name=name[:1], first_name=name[1:], is_system_admin=True, is_staff=True
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        # An initial password: its owner replaces it at the first login (the account "set by" itself).
        User.objects.filter(pk=user.pk).update(password_set_by=user)
        log_action(
            AuditAction.ACCOUNT_CREATE,
            obj=user,
            data={"target": username, "is_system_admin": True, "via": "command"},
        )
        self.stdout.write(
            self.style.SUCCESS(f"已创建系统管理员 {username}：首次登录须绑定动态验证码并修改初始密码。")
        )
