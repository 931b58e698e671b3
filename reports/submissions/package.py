"""The street office's ZIP of a year: the versions it uses of each community's reports (accepted, or on
request the newest submitted), its latest roll-up, and a manifest naming every community and report —
those without a version too, so nothing is silently missing."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from community.spreadsheets import SafeCSVWriter

from ..services import archive_open
from . import selectors

MANIFEST = "清单.csv"
MANIFEST_HEADER = ["社区", "报告", "版本", "状态", "统计截止日期", "签发人", "签发时间", "SHA-256", "文件"]
ROLLUP_ROW = "（街道汇总）"


@dataclass
class Package:
    content: bytes
    files: int
    missing: int  # community × report without a version in the ZIP


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def street_package(street, year: int, basis: str = "accepted") -> Package:
    """The ZIP (bytes). Queries: communities, due dates and latest submissions (the states), the chosen
    versions, the roll-ups — a fixed number whatever the communities."""
    reports = selectors.report_types()
    standings = selectors.street_standings(street, year, [r for r, _ in reports])
    chosen = selectors.chosen_versions(street, year, basis)
    rollups = selectors.latest_street_archives(street, year)
    rows, files, missing = [], 0, 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for report, label in reports:
            for standing in standings[report]:
                community = standing.community
                submission = chosen.get((community.pk, report))
                if submission is None:
                    missing += 1
                    state = standing.label if standing.state != "pending" else "待接收（未接收）"
                    rows.append(
                        [
                            community.name,
                            label,
                            "",
                            f"无{'已接收' if basis == 'accepted' else '上报'}版本：{state}",
                            "",
                            "",
                            "",
                            "",
                            "",
                        ]
                    )
                    continue
                archive = submission.archive
                path = f"{community.name}/{archive.file_name}"
                try:
                    with archive_open(archive=archive) as handle:
                        zf.writestr(path, handle.read())
                    files += 1
                except FileNotFoundError:  # named in the manifest as lost, the others still packed
                    path = "（存储中缺失）"
                rows.append(
                    [
                        community.name,
                        label,
                        archive.version,
                        submission.get_status_display(),
                        archive.reference_date.isoformat(),
                        archive.signed_by.display_name if archive.signed_by else "",
                        _when(archive.signed_at),
                        archive.signed_sha256,
                        path,
                    ]
                )
        for archive in rollups:
            try:
                with archive_open(archive=archive) as handle:
                    zf.writestr(archive.file_name, handle.read())
                files += 1
                path = archive.file_name
            except FileNotFoundError:
                path = "（存储中缺失）"
            rows.append(
                [
                    ROLLUP_ROW,
                    archive.title,
                    archive.version,
                    "街道生成",
                    archive.reference_date.isoformat(),
                    "",
                    "",
                    archive.sha256,
                    path,
                ]
            )
        if not rollups:
            rows.append([ROLLUP_ROW, "街道汇总", "", f"{year}年尚未生成", "", "", "", "", ""])
        text = io.StringIO()
        writer = SafeCSVWriter(text, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(MANIFEST_HEADER)
        writer.writerows(rows)
        zf.writestr(MANIFEST, "\ufeff" + text.getvalue())  # with a BOM: Excel/WPS read it as UTF-8
    return Package(buffer.getvalue(), files, missing)
