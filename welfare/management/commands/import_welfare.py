import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from community.access import resolve_access
from community.models import Community, User
from welfare import importer
from welfare.services import may_approve


class Command(BaseCommand):
    help = (
        "导入救助案件：import_welfare --community CODE FILE.xlsx [--dry-run] [--skip-invalid] "
        "[--approved-by USERNAME]。不指定审批人时，所有案件按“申请中”登记，待社区书记审批。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true")
        parser.add_argument(
            "--approved-by",
            metavar="USERNAME",
            help="审批人（该社区的社区书记）：表中“在保”等状态按其审批登记，并记为其审批；不指定则一律按“申请中”登记",
        )

    def handle(self, *args, community, file, dry_run, skip_invalid, approved_by=None, **options):
        target = Community.objects.filter(code=community).first()
        if target is None:
            raise CommandError(f"找不到社区：{community}")
        actor, role = None, None
        if approved_by:
            actor = User.objects.filter(username=approved_by, is_active=True).first()
            try:
                role = resolve_access(actor, target.code).role if actor else None
            except Http404:  # no role in this community
                role = None
            if not may_approve(role):
                raise CommandError(f"{approved_by} 不是{target.name}有审批权限的社区书记。")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload.xlsx"
            shutil.copyfile(file, path)
            try:
                result = importer.run(
                    path,
                    community=target,
                    actor=actor,
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    role=role,
                    source=Path(file).name,
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
