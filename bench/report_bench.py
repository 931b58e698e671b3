"""The work report of a 10,000-resident community on PostgreSQL: render time and number of queries,
beside the same report of a 1,000-resident community (the queries must not grow with the residents)."""

import time
from datetime import date

from .common import count_queries, setup_django


def run() -> None:
    setup_django("tx_bench_report")
    from reports.exporters import get_exporter
    from residents.scale import generate

    small = generate(1, 1, 1000, seed=31)[0]
    large = generate(1, 1, 10000, seed=32)[0]
    form = {"year": date.today().year, "date": date.today().isoformat()}
    results = []
    for community in (small, large):
        exporter = get_exporter("work-report")(community=community)
        exporter.render(form)  # warm-up (fonts, templates)
        with count_queries() as ctx:
            start = time.perf_counter()
            name, _, pdf = exporter.render(form)
            seconds = time.perf_counter() - start
        results.append((community, len(ctx.captured_queries), seconds, len(pdf)))
    print("\nWork report (PDF) on PostgreSQL")
    for community, queries, seconds, size in results:
        residents = community.resident_set.count()
        print(f"{residents:>7,} residents   {queries:>3} queries   {seconds:6.2f} s   {size / 1024:6.0f} KiB")
    print(f"queries grow with residents: {'no' if results[0][1] == results[1][1] else 'YES'}")
