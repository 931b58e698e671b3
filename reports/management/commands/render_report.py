"""render_report: the command-line contract of issue 7.

  render_report --community CODE --report work-report|annual-plan|annual-summary --year YYYY [--date YYYY-MM-DD] --output OUT.pdf|OUT.docx
  render_report --street NAME --report street-rollup --year YYYY [--date …] --output OUT.pdf|OUT.xlsx|OUT.docx

The format follows the output's extension. A .docx is archived beside the PDF of the same version.

The default reference date is today, or the year's last day for a past year. The file is also archived.
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.models import Community, StreetOffice
from reports.exporters import ExportError, get_exporter
from reports.exporters.base import default_reference_date
from reports.services import archive_open, report_generate


def find_street(name: str) -> StreetOffice:
    """The street office by its name as stored, its own name (西园街道) or its full name (七里河区西园街道)."""
    name = name.strip()
    streets = list(StreetOffice.objects.select_related("district"))
    exact = [s for s in streets if name in (s.name, f"{s.district.name if s.district else ''}{s.name}")]
    found = exact or [s for s in streets if s.name.endswith(name) or name.endswith(s.name)]
    if len(found) == 1:
        return found[0]
    known = "、".join(s.name for s in (found or streets)) or "（无）"
    if found:
        raise CommandError(f"街道名称“{name}”不唯一，请写全称：{known}")
    raise CommandError(f"找不到街道：{name}。已有街道：{known}")


class Command(BaseCommand):
    help = "生成报告 PDF（街道汇总另可生成 xlsx），并存档。"

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--community", help="社区代码，如 HLS")
        scope.add_argument("--street", help="街道名称")
        parser.add_argument(
            "--report",
            required=True,
            choices=["work-report", "annual-plan", "annual-summary", "street-rollup"],
        )
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--date", default=None, help="统计截止日期 YYYY-MM-DD（默认：当年为今天，往年为12月31日）"
        )
        parser.add_argument("--output", required=True)

    def handle(self, *args, community, street, report, year, date: str | None, output, **options):
        on = self._date(date, year)
        output = Path(output)
        fmt = output.suffix.lower().lstrip(".")
        try:
            cls = get_exporter(report)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        if fmt not in cls.formats:
            raise CommandError(f"{cls.verbose_name}只能输出 {'、'.join(cls.formats)} 格式。")
        if cls.scope == "street":
            if not street:
                raise CommandError("街道汇总须用 --street 指定街道名称。")
            exporter = cls(street=find_street(street))
        else:
            if not community:
                raise CommandError("社区报告须用 --community 指定社区代码。")
            target = Community.objects.filter(code=community).first()
            if target is None:
                raise CommandError(f"找不到社区：{community}")
            exporter = cls(community=target)
        form_data = {"year": year, "date": on.isoformat(), "format": fmt}
        try:
            archive = report_generate(exporter=exporter, form_data=form_data, actor=None)
        except (ExportError, ValidationError) as exc:
            raise CommandError(f"生成失败：{exc}") from exc
        output.parent.mkdir(parents=True, exist_ok=True)
        with archive_open(archive=archive, docx=fmt == "docx") as handle:
            output.write_bytes(handle.read())
        # the file written: the .docx when asked for (the archive keeps both, the PDF being the record)
        size, sha = (
            (archive.docx_size, archive.docx_sha256) if fmt == "docx" else (archive.size, archive.sha256)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {output}（{size} 字节，第{archive.version}版，统计截止 {on}，SHA-256 {sha[:16]}…）"
            )
        )

    @staticmethod
    def _date(value, year) -> date:
        if not value:
            return default_reference_date(year)
        try:
            on = date.fromisoformat(value)
        except ValueError:
            raise CommandError("--date 须为 YYYY-MM-DD 格式。") from None
        if on.year != year:
            raise CommandError("--date 须在 --year 所指年度之内。")
        return on
