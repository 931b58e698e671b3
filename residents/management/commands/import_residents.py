"""python manage.py import_residents --community CODE FILE.xlsx [--dry-run] [--skip-invalid] [--errors-out OUT.xlsx]

Exit status 0 when the import was written (or, with --dry-run, would be); 1 when rows were refused
and nothing was written; 2 when the file itself was refused. Scripts depend on this contract.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.models import Community
from residents.transfer import reader
from residents.transfer.exporter import refused_workbook
from residents.transfer.importer import residents_import
from residents.transfer.reader import FileRefused


class Command(BaseCommand):
    help = "从 Excel（.xlsx）或 CSV 文件导入居民。默认全部通过才写入；--skip-invalid 只写入合格的行。"

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="社区代码，例如 HLS")
        parser.add_argument("file", help=".xlsx 或 .csv（UTF-8 或 GBK）文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--skip-invalid", action="store_true", help="跳过被拒绝的行，写入其余合格的行")
        parser.add_argument("--errors-out", help="把被拒绝的行（附“错误原因”列）写入此 .xlsx 文件")

    def handle(self, *args, **options):
        community = Community.objects.filter(code=options["community"]).first()
        if community is None:
            raise CommandError(f"找不到社区代码 {options['community']}。", returncode=2)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。", returncode=2)
        try:
            result = residents_import(
                community=community,
                path=path,
                source=path.name,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                seconds=reader.JOB_SECONDS,  # a batch run, bounded as the worker's jobs (not as a page's preview)
            )
        except FileRefused as exc:
            raise CommandError(f"文件被拒绝：{exc}", returncode=2) from None

        for line in result.summary_lines():
            self.stdout.write(line)
        for refused in result.refused[:50]:
            self.stdout.write(f"  第{refused.number}行：{refused.reason_text}")
        if len(result.refused) > 50:
            self.stdout.write(f"  ……另有 {len(result.refused) - 50} 行被拒绝，详见 --errors-out 文件。")
        if options["errors_out"] and result.refused:
            Path(options["errors_out"]).write_bytes(refused_workbook(result))
            self.stdout.write(f"被拒绝的行已写入 {options['errors_out']}。")

        if options["dry_run"]:
            if not result.can_write:
                raise CommandError("试运行：有被拒绝的行，正式导入将不写入任何数据。", returncode=1)
            self.stdout.write(self.style.SUCCESS("试运行：检查通过，未写入任何数据。"))
        elif result.written:
            self.stdout.write(self.style.SUCCESS(f"已写入 {community.name}。"))
        else:
            raise CommandError(
                f"有 {len(result.refused)} 行被拒绝，未写入任何数据（可改正后重新导入，或使用 --skip-invalid）。",
                returncode=1,
            )
