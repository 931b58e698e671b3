"""Shared set-up of the benchmarks: a throwaway PostgreSQL database, Django, timing helpers."""

import os
import statistics
import subprocess
import time
from contextlib import contextmanager

PG = "postgres://postgres@127.0.0.1:5432"


def setup_django(database: str, *, fresh: bool = True) -> None:
    """Point Django at PostgreSQL database ``database`` (created fresh unless told otherwise), migrate.

    ``BENCH_DB_PREFIX`` in the environment prefixes the name (several checkouts on one server).
    """
    database = os.environ.get("BENCH_DB_PREFIX", "") + database
    if fresh:
        for sql in (f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"'):
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", "postgres", "-c", sql], check=True
            )  # noqa: S603,S607
    os.environ.update(
        DATABASE_URL=f"{PG}/{database}",
        DEBUG="1",
        DASHBOARD_CACHE_SECONDS="0",
        TONGXIN_ENV_FILE="/nonexistent",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, repeat: int = 5) -> float:
    """Median seconds of ``repeat`` runs (after one warm-up run, which must answer 200 if it is a page)."""
    first = fn()
    status = getattr(first, "status_code", 200)
    if status != 200:
        raise RuntimeError(f"the measured page answered {status}")
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@contextmanager
def count_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def row(label: str, value: float, baseline: float, unit: str = "ms") -> str:
    return f"{label:<40} {value * 1000:>9.1f} {unit}   baseline {baseline * 1000:>8.1f} {unit}   ratio {value / baseline:>5.2f}×"


def pass_second_factor(client, user) -> None:
    """Mark ``client``'s session as past the second factor, for the roles that need it (street office)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from community.two_factor import eligible

    if not eligible(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="基准测试", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
