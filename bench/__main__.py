"""python -m bench [NAME ...] — run benchmarks on demand against throwaway PostgreSQL databases.

Names: import (the Excel import beside python-calamine's bare read), export (the xlsx writers compared), dashboard (the dashboards beside bare SQL), report (the
work report at 1,000 and 10,000 residents), pages (everyday pages beside a minimal page), table (all of
these at 100,000 and 1,000,000 residents in one table), load (100 concurrent users with wrk against
gunicorn on loopback). Without a name every benchmark runs, each in its own process (Django is set up
once per process).
"""

import argparse
import importlib
import subprocess
import sys

BENCHMARKS = {
    "import": "bench.import_bench",
    "export": "bench.export_bench",
    "dashboard": "bench.dashboard_bench",
    "report": "bench.report_bench",
    "pages": "bench.pages_bench",
    "table": "bench.table_bench",
    "load": "bench.load_bench",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=" / ".join(sorted(BENCHMARKS)))
    parser.add_argument("--rows", type=int, default=None, help="rows of the import benchmark (50000)")
    parser.add_argument("--scales", default="100k,1m", help="scales of the table and load runs (100k,1m)")
    parser.add_argument("--fresh", action="store_true", help="generate the table's databases again")
    parser.add_argument("--seconds", type=int, default=20, help="length of each load run (20)")
    args = parser.parse_args(argv)
    names = args.names or sorted(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(sorted(unknown))}")
    if len(names) > 1:
        extra = ["--rows", str(args.rows)] if args.rows else []
        return max(subprocess.call([sys.executable, "-m", "bench", name, *extra]) for name in names)  # noqa: S603
    module = importlib.import_module(BENCHMARKS[names[0]])
    if names[0] == "import" and args.rows:
        return module.run(rows=args.rows) or 0
    scales = tuple(s for s in args.scales.split(",") if s)
    if names[0] == "table":
        return module.run(scales=scales, fresh=args.fresh, import_rows=args.rows or 50_000) or 0
    if names[0] == "load":
        return module.run(scales=scales, seconds=args.seconds) or 0
    return module.run() or 0


if __name__ == "__main__":
    sys.exit(main())
