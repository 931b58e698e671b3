"""A bounded load run: 100 concurrent users over the everyday pages, wrk against gunicorn on loopback.

The app servers run as in production (DEBUG off, hashed static files, Redis for cache and sessions,
behind a TLS proxy — wrk sends the ``X-Forwarded-Proto: https`` nginx would), against the generated
city of ``bench table`` (the database must exist: run ``python -m bench table`` first, or this generates
it). 100 users, five per community of the first street, each asks for pages of their own community.

Each page is loaded alone for ``--seconds`` (100 connections, so 100 requests always in flight) and
reported with throughput, p50, p95 and errors, beside the minimal authenticated page under the same
load; then one mixed run over all of them. wrk comes from Debian's packages (``apt-get install wrk``).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import PG, setup_django

ROOT = Path(__file__).resolve().parents[1]
USERS = 100
CONNECTIONS = 100
REDIS_URL = "redis://127.0.0.1:6379/13"
# The sessions are made in this process and read by the app servers: one key signs them for both.
SECRET_KEY = "load-run-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"

LUA = r"""
local reqs = {}
local n = 0
local counter = 0
local bad = 0
init = function(args)
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^(%S+)%s+(%S+)$")
    n = n + 1
    reqs[n] = wrk.format("GET", path, {["Cookie"] = "sessionid=" .. cookie, ["X-Forwarded-Proto"] = "https"})
  end
  counter = tonumber(args[2]) or 0
end
request = function()
  counter = counter + 1
  return reqs[(counter % n) + 1]
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, ' ..
    '"socket_errors": %d, "timeouts": %d}\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write, e.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(database: str, static_root: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="community.settings",
        TONGXIN_ENV_FILE="/nonexistent",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=static_root,
        DASHBOARD_CACHE_SECONDS="300",
    )
    return env


def _wrk(url: str, lines: list[str], seconds: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script, targets = Path(folder) / "load.lua", Path(folder) / "targets.txt"
        script.write_text(LUA)
        targets.write_text("\n".join(lines) + "\n")
        out = subprocess.run(  # noqa: S603
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "60s",
                "-s",
                str(script),
                url,
                "--",
                str(targets),
                "0",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["bad_status"] = int(non_2xx.group(1)) if non_2xx else 0
    return figures


def run(scales=("100k",), seconds: int = 20) -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: sudo apt-get install -y wrk", file=sys.stderr)
        return 1
    from .table_bench import SCALES, _database_exists

    code = 0
    for scale in scales:
        database = SCALES[scale][0]
        if len(scales) > 1:
            code |= subprocess.call(
                [
                    sys.executable,
                    "-m",
                    "bench",
                    "load",
                    "--scales",
                    scale,  # noqa: S603
                    "--seconds",
                    str(seconds),
                ]
            )
            continue
        os.environ["SECRET_KEY"] = SECRET_KEY
        setup_django(database, fresh=not _database_exists(database))
        return _run(database, SCALES[scale][1], seconds)
    return code


def _run(database: str, streets: int, seconds: int) -> int:
    from django.test import Client

    from community.models import Membership, User
    from residents.models import Resident
    from residents.scale import generate

    made = generate(streets, 20, 5000, seed=8)
    communities = made[:20]
    targets = {
        k: []
        for k in (
            "minimal page",
            "resident list",
            "search by pinyin initials",
            "search by ID-number tail",
            "resident detail",
            "ledger (少数民族)",
            "visits checklist",
            "community dashboard (cached)",
        )
    }
    for i in range(USERS):
        community = communities[i % len(communities)]
        user, _ = User.objects.get_or_create(username=f"load-{i}")
        Membership.objects.get_or_create(
            user=user, role="staff" if i % 5 else "secretary", community=community
        )
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value
        someone = Resident.objects.filter(community=community).order_by("pk")[i // len(communities)]
        base = f"/c/{community.code}"
        for label, path in [
            ("minimal page", "/password/done/"),
            ("resident list", f"{base}/residents/"),
            ("search by pinyin initials", f"{base}/residents/?q={someone.name_initials}"),
            ("search by ID-number tail", f"{base}/residents/?q={someone.id_number[-4:]}"),
            ("resident detail", f"{base}/residents/{someone.pk}/"),
            ("ledger (少数民族)", f"{base}/residents/ledgers/minority/"),
            ("visits checklist", f"{base}/outreach/visits/checklist/"),
            ("community dashboard (cached)", f"{base}/dashboard/" if i % 5 == 0 else "/password/done/"),
        ]:
            targets[label].append(f"{path} {cookie}")
    targets["community dashboard (cached)"] = [
        t for t in targets["community dashboard (cached)"] if "/dashboard/" in t
    ]
    residents = Resident.objects.count()

    static_root = tempfile.mkdtemp(prefix="tx-load-static-")
    env = _server_env(database, static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,  # noqa: S603
        check=True,
    )
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    workers = max(2, 2 * (os.cpu_count() or 1))
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "community.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url)
        for lines in targets.values():  # every target answers 200 before it is loaded (and warms up)
            for line in lines:
                path, cookie = line.split()
                _get(url + path, cookie)
        print(
            f"\nLoad run: {residents:,} residents on PostgreSQL, gunicorn {workers} workers + Redis on "
            f"loopback, {USERS} users, {CONNECTIONS} concurrent requests, {seconds} s per page (wrk)\n"
        )
        print(
            f"{'page':<32}{'req/s':>9}{'p50':>10}{'p95':>10}{'p95 / minimal':>15}{'errors':>8}  aim (issue #22)"
        )
        results = {label: _wrk(url, lines, seconds) for label, lines in targets.items()}
        everything = [line for lines in targets.values() for line in lines]
        results["mixed (all of the above)"] = _wrk(url, everything, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    minimal = results["minimal page"]["p95"]
    failed = 0
    for label, r in results.items():
        errors = r["socket_errors"] + r["timeouts"] + r["bad_status"]
        failed += errors
        ratio = r["p95"] / minimal
        aim = (
            ""
            if label == "minimal page"
            else f"p95 ≤ 3× minimal, 0 errors: {_reached(ratio <= 3 and not errors)}"
        )
        print(
            f"{label:<32}{r['requests'] / r['seconds']:>9.1f}{r['p50']:>8.0f}ms{r['p95']:>8.0f}ms"
            f"{ratio:>14.1f}×{errors:>8}  {aim}"
        )
    print(f"\nerrors in all: {failed}")
    return 0


def _reached(yes: bool) -> str:
    return "reached" if yes else "not reached"


def _get(url: str, cookie: str) -> None:
    headers = {"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own loopback server
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        if response.status != 200 or response.url != url:
            raise RuntimeError(f"{url} answered {response.status} ({response.url})")


def _wait(url: str) -> None:
    deadline = time.time() + 120
    while True:
        try:
            request = urllib.request.Request(f"{url}/login/", headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            urllib.request.urlopen(request, timeout=10)  # noqa: S310
            return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)
