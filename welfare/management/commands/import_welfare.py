import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.models import Community
from welfare import importer


class Command(BaseCommand):
    help = "导入救助案件：import_welfare --community CODE FILE.xlsx [--dry-run] [--skip-invalid]"

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true")

    def handle(self, *args, community, file, dry_run, skip_invalid, **options):
        target = Community.objects.filter(code=community).first()
        if target is None:
            raise CommandError(f"找不到社区：{community}")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload.xlsx"
            shutil.copyfile(file, path)
            try:
                result = importer.run(
                    path, community=target, actor=None, dry_run=dry_run, skip_invalid=skip_invalid
                )
            except importer.FileRefused as exc:
                raise CommandError(str(exc)) from exc
        if result.ignored:
            self.stdout.write(self.style.WARNING("未识别的列（已忽略）：" + "、".join(result.ignored)))
        for r in result.warnings:
            self.stdout.write(f"提示：第{r.row}行 {r.column}：{r.reason}")
        for r in result.refused:
            self.stdout.write(f"第{r.row}行 {r.column}：{r.reason}")
        self.stdout.write(result.summary())
        refused = bool(result.refused)
        if dry_run:
            self.stdout.write("（试运行，未写入）")
            if refused and not skip_invalid:
                raise SystemExit(1)
            return
        if not result.written:
            self.stdout.write(self.style.ERROR("有错误行，未导入任何数据。"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("已导入。"))
