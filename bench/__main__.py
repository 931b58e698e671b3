"""python -m bench [NAME ...] — run benchmarks on demand against throwaway PostgreSQL databases.

Names: import (the Excel import beside COPY), dashboard (the dashboards beside bare SQL), report (the
work report at 1,000 and 10,000 residents). Without a
name every benchmark runs, each in its own process (Django is set up once per process).
"""

import argparse
import importlib
import subprocess
import sys

BENCHMARKS = {
    "import": "bench.import_bench",
    "dashboard": "bench.dashboard_bench",
    "report": "bench.report_bench",
    "pages": "bench.pages_bench",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=" / ".join(sorted(BENCHMARKS)))
    parser.add_argument("--rows", type=int, default=None, help="rows of the import benchmark (50000)")
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
    return module.run() or 0


if __name__ == "__main__":
    sys.exit(main())
