"""The scale table: every measured operation at 100,000 and at 1,000,000 residents on PostgreSQL, each beside
its baseline measured in the same run.

Generated cities (``residents.scale``) of 5,000 residents per community and 20 communities per street office:
1 street (100,000 residents) and 10 streets (1,000,000). The databases are kept between runs (generating a
million residents takes a few minutes); ``--fresh`` makes them again.

Baselines: a minimal authenticated page for pages (server time in-process, median of runs); the bare SQL
aggregates a dashboard or report needs; ``COPY`` for the import (into an empty table) and for the export
(``COPY … TO STDOUT`` of the community's residents).

Each scale runs in its own process (Django is set up once per process) and hands its figures back as JSON.
"""

import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from .common import pass_second_factor, setup_django, timed

SCALES = {"100k": ("tx_bench_dashboards", 1), "1m": ("tx_bench_city", 10)}
COMMUNITIES, RESIDENTS = 20, 5000
IMPORT_ROWS = 50_000


# The aims of issue #22, printed beside each figure (by the start of its label): the aim in words and
# whether a figure (value, baseline, rows per second or None) reaches it.
def _ratio(limit):
    return lambda value, baseline, rate: value / baseline <= limit


AIMS = {
    "resident list": ("≤ 3× (the aim is the p95 under load: bench load)", _ratio(3)),
    "search": ("≤ 3× (the aim is the p95 under load: bench load)", _ratio(3)),
    "resident detail": ("≤ 3× (the aim is the p95 under load: bench load)", _ratio(3)),
    "ledger": ("≤ 3× (the aim is the p95 under load: bench load)", _ratio(3)),
    "visits checklist": ("≤ 3× (the aim is the p95 under load: bench load)", _ratio(3)),
    "community dashboard, computed": ("≤ 2×", _ratio(2)),
    "community dashboard, computed (": ("— (the page beside the database's time for its own queries)", None),
    "street dashboard": ("≤ 2×, queries constant in communities", _ratio(2)),
    "community dashboard, from the rollup": (
        "served from the per-community rollup, kept current by writes",
        None,
    ),
    "street dashboard, from the rollup": ("served from the rollup, kept current by writes", None),
    "work report": ("< 1 s (the aim is for 10,000 residents: bench report)", lambda v, b, r: v < 1),
    "full-community export": ("≥ 20,000 rows/s", lambda v, b, r: r is not None and r >= 20_000),
    "import": ("≤ 3× the bare read", _ratio(3)),
}


def _database_exists(name: str) -> bool:
    sql = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],  # noqa: S603,S607
        capture_output=True,
        text=True,
    ).stdout
    return out.strip() == "1"


def measure(scale: str, *, fresh: bool = False, import_rows: int = IMPORT_ROWS) -> dict:
    """Figures of one scale, in seconds: {label: (value, baseline, baseline label)}."""
    database, streets = SCALES[scale]
    setup_django(database, fresh=fresh or not _database_exists(database))
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.dashboard_bench import bare
    from bench.import_bench import bare_read, generate, reset, write_workbook
    from community.models import Community, Membership, StreetOffice, User
    from reports.exporters import get_exporter
    from residents.ledgers import LEDGERS
    from residents.models import Resident
    from residents.scale import generate as generate_city
    from residents.transfer.exporter import ledger_export
    from residents.transfer.importer import residents_import

    settings.DEBUG = False  # as in production: no query log
    made = generate_city(streets, COMMUNITIES, RESIDENTS, seed=8)
    community, street = made[0], made[0].street
    users = {}
    for role in ("staff", "secretary", "street"):
        user, _ = User.objects.get_or_create(username=f"bench-{role}")
        scope = {"street": street} if role == "street" else {"community": community}
        Membership.objects.get_or_create(user=user, role=role, **scope)
        users[role] = Client()
        users[role].force_login(user)
        pass_second_factor(users[role], user)
    staff, secretary, officer = users["staff"], users["secretary"], users["street"]
    someone = Resident.objects.filter(community=community).order_by("pk").first()
    base, on = f"/c/{community.code}", date.today()

    figures = {"residents": Resident.objects.count()}
    minimal = timed(lambda: staff.get("/password/done/"), repeat=15)
    pages = [
        ("resident list", f"{base}/residents/"),
        ("search by pinyin initials", f"{base}/residents/?q={someone.name_initials}"),
        ("search by ID-number tail (4)", f"{base}/residents/?q={someone.id_number[-4:]}"),
        ("resident detail", f"{base}/residents/{someone.pk}/"),
        ("ledger (少数民族)", f"{base}/residents/ledgers/minority/"),
        ("visits checklist", f"{base}/outreach/visits/checklist/"),
    ]
    for label, url in pages:
        figures[label] = (timed(lambda url=url: staff.get(url), repeat=9), minimal, "minimal page")
    community_sql = timed(lambda: bare([community.pk]))
    figures["community dashboard, computed"] = (
        timed(lambda: secretary.get(f"{base}/dashboard/?date={on}")),
        community_sql,
        "bare SQL",
    )
    # A second baseline: the page's own queries, captured once and replayed raw (the database's share of the
    # page, whatever the number of figures; the bare SQL above covers only the population's aggregates).
    with CaptureQueriesContext(connection) as captured:
        secretary.get(f"{base}/dashboard/?date={on}")
    statements = [q["sql"] for q in captured.captured_queries]

    def replay():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    figures[f"community dashboard, computed ({len(statements)} queries)"] = (
        figures["community dashboard, computed"][0],
        timed(replay),
        "its queries replayed",
    )
    street_ids = list(Community.objects.filter(street=street).values_list("pk", flat=True))
    street_sql = timed(lambda: bare(street_ids), repeat=3)
    figures[f"street dashboard ({len(street_ids)} communities), computed"] = (
        timed(lambda: officer.get(f"/street/{street.pk}/reports/dashboard/?date={on}"), repeat=3),
        street_sql,
        "bare SQL",
    )
    settings.DASHBOARD_CACHE_SECONDS = 300  # the ledger-versioned cache (community.ledger_versions)
    figures["community dashboard, from the rollup"] = (
        timed(lambda: secretary.get(f"{base}/dashboard/?date={on}")),
        community_sql,
        "bare SQL",
    )
    figures["street dashboard, from the rollup"] = (
        timed(lambda: officer.get(f"/street/{street.pk}/reports/dashboard/?date={on}")),
        street_sql,
        "bare SQL",
    )
    settings.DASHBOARD_CACHE_SECONDS = 0

    exporter = get_exporter("work-report")(community=community)
    form = {"year": on.year, "date": on.isoformat()}
    figures["work report (PDF)"] = (timed(lambda: exporter.render(form), repeat=3), community_sql, "bare SQL")

    ledger = LEDGERS["residents"]
    residents = Resident.objects.filter(community=community)

    def copy_out():
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY (SELECT * FROM residents_resident WHERE community_id = %s) TO STDOUT", [community.pk]
            ) as copy,
        ):
            for _ in copy:
                pass

    figures[f"full-community export ({residents.count():,} rows)"] = (
        timed(
            lambda: ledger_export(
                community=community,
                ledger=ledger,
                residents=residents,
                full_ids=True,
                restricted_allowed=True,
            ),
            repeat=3,
        ),
        timed(copy_out, repeat=3),
        "COPY TO",
    )

    target, _ = Community.objects.get_or_create(
        code="BENCHIMP",
        defaults={
            "name": "导入基准社区",
            "street": StreetOffice.objects.get_or_create(name="导入基准街道")[0],
        },
    )
    reset(target)
    rows = generate(import_rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        write_workbook(rows, path)
        before = bare_read(path)  # the baseline before and after the import, its median taken (bench import)
        started = time.perf_counter()
        result = residents_import(community=target, path=path, source="bench.xlsx", seconds=900)
        elapsed = time.perf_counter() - started
        bare = statistics.median(before + bare_read(path))
    assert result.written and not result.refused, result.summary_lines()
    figures[f"import of {import_rows:,} rows"] = (elapsed, bare, "python-calamine read")
    reset(target)
    return figures


def run(scales=("100k", "1m"), fresh: bool = False, import_rows: int = IMPORT_ROWS) -> int:
    results = {}
    for scale in scales:
        print(f"measuring at {scale} …", flush=True)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            code = subprocess.call(
                [
                    sys.executable,
                    "-m",
                    "bench.table_bench",
                    scale,
                    out.name,  # noqa: S603
                    "--fresh" if fresh else "--reuse",
                    str(import_rows),
                ]
            )
            if code:
                return code
            results[scale] = json.loads(Path(out.name).read_text())
            print(
                f"{scale}: {json.dumps(results[scale], ensure_ascii=False)}", flush=True
            )  # kept if printing fails
    labels = [k for k in next(iter(results.values())) if k != "residents"]
    head = "".join(f"{format(results[s]['residents'], ',') + ' residents':>38}" for s in scales)
    print(
        "\nScale table, PostgreSQL, server time (median of runs); ratio = value / baseline of the same run\n"
    )
    print(f"{'':<44}{head}")
    for label in labels:
        cells, rates, reached = "", [], []
        prefix = max((p for p in AIMS if label.startswith(p)), key=len, default=None)
        aim, check = AIMS[prefix] if prefix else ("", None)
        for scale in scales:
            fig = results[scale].get(label) or next(
                v for k, v in results[scale].items() if k.split(" (")[0] == label.split(" (")[0]
            )
            value, baseline, _ = fig
            cells += f"{_fmt(value):>10} vs {_fmt(baseline):>9} = {value / baseline:>6.1f}×    "
            rows = re.search(r"\(([\d,]+) rows\)", label)
            rate = int(rows.group(1).replace(",", "")) / value if rows else None
            if rate is not None:
                rates.append(f"{rate:,.0f} rows/s")
            if check is not None:
                reached.append(f"{scale}: {'reached' if check(value, baseline, rate) else 'not reached'}")
        base_label = results[scales[0]][label][2]
        print(
            f"{label:<44}{cells}  [{base_label}]  aim {aim}{'  — ' + ', '.join(rates) if rates else ''}"
            f"{'  — ' + ', '.join(reached) if reached else ''}"
        )
    return 0


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


if __name__ == "__main__":
    scale, out, mode, rows = sys.argv[1:5]
    Path(out).write_text(json.dumps(measure(scale, fresh=mode == "--fresh", import_rows=int(rows))))
