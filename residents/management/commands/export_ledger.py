"""python manage.py export_ledger --community CODE --ledger LEDGER --output OUT.xlsx

Run on the server by its administrators: the whole community, full ID numbers (re-import needs them).
The export is audited with its row count like the page's download.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.models import Community
from residents.ledgers import LEDGERS
from residents.models import Resident
from residents.transfer.exporter import export_ledger


class Command(BaseCommand):
    help = "把一个台帐导出为可打印上报的 Excel（.xlsx）文件。"

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="社区代码，例如 HLS")
        parser.add_argument("--ledger", required=True, choices=sorted(LEDGERS), help="台帐")
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, **options):
        community = Community.objects.filter(code=options["community"]).first()
        if community is None:
            raise CommandError(f"找不到社区代码 {options['community']}。")
        ledger = LEDGERS[options["ledger"]]
        export = export_ledger(
            community=community,
            ledger=ledger,
            residents=Resident.objects.filter(community=community),
            full_ids=True,
            restricted_allowed=True,
        )
        Path(options["output"]).write_bytes(export.content)
        self.stdout.write(
            self.style.SUCCESS(
                f"{community.name}{ledger.title}：{export.rows} 行，已写入 {options['output']}。"
            )
        )
