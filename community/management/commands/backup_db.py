from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community.backup import backup


class Command(BaseCommand):
    help = "备份数据库：PostgreSQL 使用 pg_dump -Fc，SQLite 使用在线备份。恢复步骤见 docs/backup.md。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=None, help="备份文件路径（默认 var/backups/tongxin-时间.dump）"
        )

    def handle(self, *args, output, **options):
        path = Path(output or f"var/backups/tongxin-{timezone.now():%Y%m%d-%H%M%S}.dump")
        try:
            backup(path)
        except (RuntimeError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}（{path.stat().st_size} 字节）"))
