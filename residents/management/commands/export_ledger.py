"""python manage.py export_ledger --community CODE --ledger LEDGER [--filter grid=1 …] --output OUT.xlsx

Run on the server by its administrators: the whole community (or the rows the ledger page's filters
select: ``--filter`` takes the page's query parameters, e.g. ``grid=1`` or ``ethnicity=03``), full ID
numbers (re-import needs them). The export is audited with its row count like the page's download.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.access import Access
from community.models import Community, Role
from residents.filters import EXPORT_FILTERS, filtered_for_export
from residents.ledgers import LEDGERS
from residents.models import Resident
from residents.transfer.exporter import ledger_export


class Command(BaseCommand):
    help = "把一个台帐导出为可打印上报的 Excel（.xlsx）文件。"

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="社区代码，例如 HLS")
        parser.add_argument("--ledger", required=True, choices=sorted(LEDGERS), help="台帐")
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"与台帐页面相同的筛选条件，可重复：{'、'.join(EXPORT_FILTERS)}",
        )

    def handle(self, *args, **options):
        community = Community.objects.filter(code=options["community"]).first()
        if community is None:
            raise CommandError(f"找不到社区代码 {options['community']}。")
        ledger = LEDGERS[options["ledger"]]
        filters = {}
        for item in options["filter"]:
            key, sep, value = item.partition("=")
            if not sep or key not in EXPORT_FILTERS:
                raise CommandError(f"无法识别的筛选条件：{item}（可用：{'、'.join(EXPORT_FILTERS)}）")
            filters[key] = value
        access = Access(community=community, role=Role.STAFF)  # the whole community, as the office sees it
        residents = filtered_for_export(Resident.objects.filter(community=community), filters, access)
        export = ledger_export(
            community=community,
            ledger=ledger,
            residents=residents,
            full_ids=True,
            restricted_allowed=True,
            filters=filters,
        )
        Path(options["output"]).write_bytes(export.content)
        self.stdout.write(
            self.style.SUCCESS(
                f"{community.name}{ledger.title}：{export.rows} 行，已写入 {options['output']}。"
            )
        )
