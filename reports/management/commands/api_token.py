"""Issue, list and revoke read-API tokens (the system admin's command; the admin page does the same)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community.models import Community, User
from reports.api.tokens import token_issue, token_revoke
from reports.models import ApiToken, ApiView

from .render_report import find_street


class Command(BaseCommand):
    help = "签发、列出或吊销只读接口令牌（令牌只显示一次）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="签发令牌")
        issue.add_argument("--client", required=True, help="调用方名称，如“七里河区民宗局统计平台”")
        scope = issue.add_mutually_exclusive_group(required=True)
        scope.add_argument("--street", help="街道名称")
        scope.add_argument("--community", help="社区代码")
        issue.add_argument(
            "--view",
            choices=ApiView.values,
            default=ApiView.FIGURES,
            help="figures：仅统计数据；ledgers：统计数据与台帐（脱敏）",
        )
        issue.add_argument("--days", type=int, default=365, help="有效天数（默认365）")
        issue.add_argument("--by", help="签发人（系统管理员用户名）")
        sub.add_parser("list", help="列出令牌")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("prefix", help="令牌前缀（tx_ 之后的8位）")
        revoke.add_argument("--by", help="吊销人（系统管理员用户名）")

    def handle(self, *args, **options):
        return getattr(self, f"handle_{options['action']}")(options)

    def _actor(self, username):
        if not username:
            return None
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None or not (actor.is_system_admin or actor.is_superuser):
            raise CommandError(f"{username} 不是系统管理员。")
        return actor

    def handle_issue(self, options):
        street = community = None
        if options["street"]:
            street = find_street(options["street"])  # its own name (西园街道) or its full name
        else:
            community = Community.objects.filter(code=options["community"]).first()
            if community is None:
                raise CommandError(f"没有代码为“{options['community']}”的社区。")
        if options["days"] < 1:
            raise CommandError("有效天数至少为1天。")
        try:
            token, raw = token_issue(
                client=options["client"],
                view=options["view"],
                street=street,
                community=community,
                expires_at=timezone.now() + timedelta(days=options["days"]),
                actor=self._actor(options["by"]),
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            f"已签发：{token.client} · {token.scope_label} · {token.get_view_display()} · "
            f"到期 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}"
        )
        self.stdout.write("令牌（只显示这一次，请立即交给调用方妥善保存）：")
        self.stdout.write(raw)

    def handle_list(self, options):
        for token in ApiToken.objects.select_related("street", "community"):
            state = (
                "已吊销" if token.revoked_at else "已过期" if token.expires_at <= timezone.now() else "有效"
            )
            self.stdout.write(
                f"{token.prefix}  {state}  {token.client}  {token.scope_label}  "
                f"{token.get_view_display()}  到期 {timezone.localtime(token.expires_at):%Y-%m-%d}"
            )

    def handle_revoke(self, options):
        prefix = options["prefix"].removeprefix("tx_").split("_")[0]
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"没有前缀为 {prefix} 的令牌。")
        token_revoke(token=token, actor=self._actor(options["by"]))
        self.stdout.write(f"已吊销：{token}")
