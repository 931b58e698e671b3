"""Two app-server processes (gunicorn) on loopback against one database and one Redis: a login, its
session, a cached dashboard and a report queued for the worker work across both."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    d = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{d['NAME']}"
    return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def _env(*, pool: bool = False) -> dict:
    """The app servers' environment; ``pool``: psycopg's connection pool (PostgreSQL only)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    if pool and connection.vendor == "postgresql":
        env.update(DB_POOL_MIN="1", DB_POOL_MAX="4")
    env.update(
        DJANGO_SETTINGS_MODULE="community.settings",
        TONGXIN_ENV_FILE="/nonexistent",
        DEBUG="1",
        SECRET_KEY="shared-secret-for-both-app-servers-0123456789-abcdefghijklmnop",
        DATABASE_URL=_database_url(),
        REDIS_URL=REDIS_URL,
        TASK_BACKEND="db",
        DASHBOARD_CACHE_SECONDS="300",
    )
    return env


@pytest.fixture
def app_servers():
    redis.Redis.from_url(REDIS_URL).flushdb()
    ports, procs = [_free_port(), _free_port()], []
    for number, port in enumerate(ports):  # the second server pools its connections (PostgreSQL)
        procs.append(
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "community.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "60",
                ],
                cwd=ROOT,
                env=_env(pool=number == 1),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    deadline = time.time() + 120  # a loaded CI machine starts Django slowly
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10)  # noqa: S310
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
    yield [f"http://127.0.0.1:{p}" for p in ports]
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)
    redis.Redis.from_url(REDIS_URL).flushdb()


class Browser:
    """A cookie-keeping HTTP client (no redirects followed, so statuses can be read)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirect
        )

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read().decode()

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")


def _use_production_hasher(user):
    """The test settings hash with MD5 for speed; the app servers run the real settings (PBKDF2)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user.password = PBKDF2PasswordHasher().encode("Tongxin@2026", "sameSaltForTests", iterations=1000)
    user.save(update_fields=["password"])


def test_a_login_a_session_a_cached_dashboard_and_a_queued_report_work_across_two_app_servers(
    world, app_servers
):
    a, b = app_servers
    _use_production_hasher(world.users["secretary"])
    browser = Browser()
    status, _, page = browser.request(f"{a}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, _ = browser.request(
        f"{a}/login/",
        {"username": "secretary", "password": "Tongxin@2026", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{a}/login/"},
    )
    assert status == 302, "login on server A"
    status, _, page = browser.request(f"{b}/c/HLS/")
    assert status == 200 and "华林山社区" in page, "the session made on A is valid on B"

    status, headers, _ = browser.request(f"{a}/c/HLS/dashboard/")
    assert status == 200 and headers["X-Dashboard-Cache"] == "miss"
    status, headers, _ = browser.request(f"{b}/c/HLS/dashboard/")
    assert status == 200 and headers["X-Dashboard-Cache"] == "hit", "B reads the dashboard A computed"

    # A report queued on A, generated by a worker process, is seen as done on B.
    status, headers, _ = browser.request(
        f"{a}/c/HLS/reports/annual-plan/generate/",
        {"year": "2026", "anyway": "1", "csrfmiddlewaretoken": browser.csrf()},
        headers={"Referer": f"{a}/"},
    )
    assert status == 302 and "/reports/jobs/" in headers["Location"]
    job_path = urllib.parse.urlparse(headers["Location"]).path
    assert "排队中" in browser.request(f"{b}{job_path}")[2], "queued, not yet generated: no worker ran"
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=_env(),
        check=True,
        timeout=180,
        capture_output=True,
    )
    status, _, page = browser.request(f"{b}{job_path}")
    assert status == 200 and "已生成并存档" in page, "the worker's result is visible on B"

    status, _, _ = browser.request(
        f"{b}/logout/", {"csrfmiddlewaretoken": browser.csrf()}, headers={"Referer": f"{b}/"}
    )
    assert status == 302
    assert browser.request(f"{a}/c/HLS/")[0] == 302, "logging out on B ends the session on A too"


def test_the_database_pool_and_pgbouncer_settings_come_from_the_environment():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['OPTIONS'].get('pool'), d['CONN_MAX_AGE'], d.get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    env = {
        **_env(),
        "DATABASE_URL": "postgres://tongxin@127.0.0.1:5432/tongxin",
        "DB_POOL_MAX": "8",
        "PGBOUNCER": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["{'min_size':", "1,", "'max_size':", "8,", "'timeout':", "10}", "0", "True"]
