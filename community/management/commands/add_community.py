from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.services import community_ensure


class Command(BaseCommand):
    help = "新增或更新一个社区（幂等）：add_community CODE NAME --street STREET_NAME [--district NAME]"

    def add_arguments(self, parser):
        parser.add_argument("code", help="社区代码，用于网址，如 HLS")
        parser.add_argument("name", help="社区名称，如 华林山社区")
        parser.add_argument("--street", required=True, help="所属街道名称")
        parser.add_argument("--district", default=None, help="所属区名称（可选）")

    def handle(self, *args, code, name, street, district, **options):
        try:
            community, created = community_ensure(
                code=code, name=name, street_name=street, district_name=district
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        verb = "已创建" if created else "已更新"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}社区 {community.name}（{community.code}），所属街道 {community.street}"
            )
        )
